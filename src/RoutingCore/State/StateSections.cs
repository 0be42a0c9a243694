using System.Collections.Frozen;
using System.Collections.Immutable;
using System.Runtime.InteropServices;
using RoutingCore.State;
using static RoutingCore.Engine.StateChecks;

namespace RoutingCore.Engine;

/// <summary>Reading the sections of a state document that stand apart from the roster and open conversations: consumer history, workload, recently closed.</summary>
internal static class StateSections
{
    /// <summary>Reads the consumer history of format version 1 (one object per consumer).</summary>
    public static ConsumerHistory ReadHistory(ConsumerHistoryDto[] entries)
    {
        var read = new (ConsumerId, AgentId[])[entries.Length];
        for (int i = 0; i < entries.Length; i++)
        {
            string path = $"$.consumerHistory[{i}]";
            ConsumerHistoryDto entry = Required(entries[i], path);
            ConsumerId consumer = Id(entry.Consumer, path + ".consumer", static v => new ConsumerId(v));
            string[] agents = Required(entry.Agents, path + ".agents");
            read[i] = (consumer, [.. agents.Select((a, k) => Id(a, $"{path}.agents[{k}]", static v => new AgentId(v)))]);
        }

        return BuildHistory(read, "$.consumerHistory", i => $"$.consumerHistory[{i}].consumer", i => $"$.consumerHistory[{i}].agents");
    }

    /// <summary>
    /// The consumer history from its entries, the most recently served first: at most the engine's capacity, each consumer
    /// once, with 1 to the history's depth agents (the checks of every format version).
    /// </summary>
    public static ConsumerHistory BuildHistory((ConsumerId Consumer, AgentId[] Agents)[] entries, string path, Func<int, string> consumerPath, Func<int, string> agentsPath)
    {
        if (entries.Length > RoutingDefaults.ConsumerHistoryCapacity)
        {
            throw Refuse(path, Invariant($"the history holds {entries.Length} consumers; the engine keeps at most {RoutingDefaults.ConsumerHistoryCapacity}."));
        }

        var history = new ConsumerHistory(RoutingDefaults.ConsumerHistoryDepth, RoutingDefaults.ConsumerHistoryCapacity);
        for (int i = 0; i < entries.Length; i++)
        {
            (ConsumerId consumer, AgentId[] agents) = entries[i];
            if (agents.Length is 0 or > RoutingDefaults.ConsumerHistoryDepth)
            {
                throw Refuse(agentsPath(i), Invariant($"consumer '{consumer}' lists {agents.Length} agents; the history keeps 1 to {RoutingDefaults.ConsumerHistoryDepth} per consumer."));
            }

            if (!history.TryAddOldest(consumer, agents))
            {
                throw Refuse(consumerPath(i), $"consumer '{consumer}' is listed twice; list each consumer once.");
            }
        }

        return history;
    }

    public static List<KeyValuePair<SkillId, WorkloadSkillState>> ReadWorkload(WorkloadDto[] workload, List<AgentRecord> roster, FrozenSet<AgentGroupId> declaredGroups)
    {
        var known = new HashSet<AgentGroupId>(declaredGroups);
        foreach (AgentRecord agent in roster)
        {
            known.UnionWith(agent.Profile.Groups);
        }

        var result = new List<KeyValuePair<SkillId, WorkloadSkillState>>(workload.Length);
        var skills = new HashSet<SkillId>();
        for (int w = 0; w < workload.Length; w++)
        {
            string path = $"$.workload[{w}]";
            WorkloadDto dto = Required(workload[w], path);
            SkillId skill = Id(dto.Skill, path + ".skill", static v => new SkillId(v));
            if (!skills.Add(skill))
            {
                throw Refuse(path + ".skill", $"skill '{skill}' has two workload entries; list each skill once.");
            }

            if (dto.Version < 1)
            {
                throw Refuse(path + ".version", Invariant($"skill '{skill}' has distribution version {dto.Version}; versions start at 1."));
            }

            Dictionary<AgentGroupId, WorkloadGroupTotals> totals = ReadTotals(Required(dto.Totals, path + ".totals"), path + ".totals");
            WorkloadShareDto[] primary = Required(dto.Primary, path + ".primary");
            WorkloadShareDto[] secondary = Required(dto.Secondary, path + ".secondary");
            AgentGroupShare[] primaryShares = Shares(primary, path + ".primary", known, totals, skill, cascaded: false);
            AgentGroupShare[] secondaryShares = Shares(secondary, path + ".secondary", known, totals, skill, cascaded: true);
            WorkloadDistribution distribution = Valid(() => WorkloadDistribution.Create(primaryShares, secondaryShares, dto.MaxWait), path);
            var state = new WorkloadSkillState(distribution, dto.Version, totals);
            long[] primaryTaken = new long[primary.Length];
            for (int i = 0; i < primary.Length; i++)
            {
                string at = $"{path}.primary[{i}].taken";
                primaryTaken[i] = primary[i].Taken ?? 0;
                Count(primaryTaken[i], at);
                long counted = totals[primaryShares[i].Group].Primary;
                if (primaryTaken[i] > counted)
                {
                    throw Refuse(at, Invariant($"group '{primaryShares[i].Group}' took {primaryTaken[i]} conversations since the distribution was set, but its totals count {counted} in all; what it took since is part of its total."));
                }
            }

            Sum(primary.Select(p => p.Turns), path + ".primary", "turns");
            Sum(primaryTaken, path + ".primary", "taken");
            Sum(secondary.Select(s => s.Turns), path + ".secondary", "turns");
            for (int i = 0; i < primary.Length; i++)
            {
                Count(primary[i].Owed, $"{path}.primary[{i}].owed");
                Count(primary[i].CatchUp, $"{path}.primary[{i}].catchUp");
                if (primary[i].Owed > 0 && primary[i].CatchUp > 0)
                {
                    throw Refuse($"{path}.primary[{i}]", Invariant($"group '{primaryShares[i].Group}' has {primary[i].Owed} owed and {primary[i].CatchUp} catch-up conversations; what a group is owed is either waiting (owed) or ready (catchUp), never both."));
                }
            }

            state.Restore([.. primary.Select(p => p.Turns)], primaryTaken, [.. secondary.Select(s => s.Turns)], [.. primary.Select(p => p.Owed)], [.. primary.Select(p => p.CatchUp)]);
            result.Add(new(skill, state));
        }

        return result;
    }

    /// <summary>
    /// Gives each conversation listed with <c>openTurn</c> its split back: the restored distribution of its skill, which must
    /// list its group as a primary group, while it is offered or waiting (a taken or forfeited turn is not open).
    /// </summary>
    public static void LinkOpenTurns(List<ConversationRecord> conversations, ConversationDto[] dtos, List<KeyValuePair<SkillId, WorkloadSkillState>> workload)
    {
        for (int i = 0; i < dtos.Length; i++)
        {
            if (!dtos[i].OpenTurn)
            {
                continue;
            }

            ConversationRecord conversation = conversations[i];
            string path = $"$.conversations[{i}].openTurn";
            WorkloadSkillState? split = null;
            foreach ((SkillId skill, WorkloadSkillState state) in workload)
            {
                split = skill == conversation.Skill ? state : split;
            }

            if (split is null || conversation.Group is not { } group || WorkloadSkillState.IndexOf(split.PrimaryGroups, group) < 0
                || conversation.State is not (ConversationState.Offered or ConversationState.Waiting))
            {
                throw Refuse(path, $"conversation '{conversation.Request.Id}' has an open primary turn, which needs a workload distribution of its skill listing its group as a primary group, while it is Offered or Waiting (it is {conversation.State}, group '{conversation.Group}').");
            }

            conversation.OpenTurn = split;
        }
    }

    /// <summary>
    /// The shares of a distribution. A group is known when declared in the options, held by an agent in the document, or
    /// counted in the distribution's totals: the engine accepted it when the distribution was set (its agents may all have
    /// left since), and the totals list every group a distribution ever named.
    /// </summary>
    private static AgentGroupShare[] Shares(WorkloadShareDto[] shares, string path, HashSet<AgentGroupId> known, Dictionary<AgentGroupId, WorkloadGroupTotals> totals, SkillId skill, bool cascaded)
    {
        var result = new AgentGroupShare[shares.Length];
        for (int i = 0; i < shares.Length; i++)
        {
            WorkloadShareDto share = Required(shares[i], $"{path}[{i}]");
            AgentGroupId group = Id(share.Group, $"{path}[{i}].group", static v => new AgentGroupId(v));
            if (!totals.TryGetValue(group, out WorkloadGroupTotals? counted))
            {
                throw Refuse($"{path}[{i}].group", known.Contains(group)
                    ? $"the workload distribution of skill '{skill}' names agent group '{group}', which has no entry in its totals; the engine counts every group a distribution names there."
                    : $"the workload distribution of skill '{skill}' names agent group '{group}', which this engine does not know: it is not declared in RoutingOptions.AgentGroups, held by an agent in the document, or counted in the distribution's totals. Known groups: {string.Join(", ", known.Concat(totals.Keys).Distinct().Select(g => g.Value).Order(StringComparer.Ordinal))}.");
            }

            Count(share.Turns, $"{path}[{i}].turns");
            if (cascaded && share.Turns > counted.Cascaded)
            {
                throw Refuse($"{path}[{i}].turns", Invariant($"secondary group '{group}' took {share.Turns} cascaded conversations since the distribution was set, but its totals count {counted.Cascaded} in all; what it took since is part of its total."));
            }

            result[i] = new AgentGroupShare(group, share.Percentage);
        }

        return result;
    }

    private static Dictionary<AgentGroupId, WorkloadGroupTotals> ReadTotals(WorkloadTotalsDto[] totalDtos, string path)
    {
        var totals = new Dictionary<AgentGroupId, WorkloadGroupTotals>();
        for (int t = 0; t < totalDtos.Length; t++)
        {
            string at = $"{path}[{t}]";
            WorkloadTotalsDto total = Required(totalDtos[t], at);
            Count(total.Primary, at + ".primary");
            Count(total.Cascaded, at + ".cascaded");
            if (!totals.TryAdd(Id(total.Group, at + ".group", static v => new AgentGroupId(v)), new WorkloadGroupTotals { Primary = total.Primary, Cascaded = total.Cascaded }))
            {
                throw Refuse(at + ".group", $"group '{total.Group}' has two totals; list each group once.");
            }
        }

        Sum(totals.Values.Select(t => t.Primary), path, "primary");
        Sum(totals.Values.Select(t => t.Cascaded), path, "cascaded");
        return totals;
    }

    /// <summary>A sum the split keeps (its total decisions, its grand totals) stays a count too.</summary>
    private static void Sum(IEnumerable<long> counts, string path, string what)
    {
        long sum = 0;
        foreach (long count in counts)
        {
            sum += count; // each is at most MaxCount, so checking after every step keeps the sum from overflowing
            if (sum > MaxCount)
            {
                throw Refuse(path, Invariant($"the {what} counts add up to more than {MaxCount}; the split's sums must stay counts."));
            }
        }
    }

    /// <summary>Reads the recently closed conversations of format version 1 (one object per conversation).</summary>
    public static (List<ConversationId> Order, List<ConversationSnapshot> Conversations) ReadClosed(RecentlyClosedDto? closed, Dictionary<ConversationId, ConversationRecord> open)
    {
        if (closed is null)
        {
            return ([], []);
        }

        ClosedConversationDto[] entries = Required(closed.Conversations, "$.recentlyClosed.conversations");
        var read = new (RequestDto? Request, string? Skill, DateTimeOffset SlaDue, string[]? Excluded, string? Group)[entries.Length];
        for (int i = 0; i < entries.Length; i++)
        {
            ClosedConversationDto entry = Required(entries[i], $"$.recentlyClosed.conversations[{i}]");
            read[i] = (entry.Request, entry.Skill, entry.SlaDue, entry.Excluded, entry.Group);
        }

        return BuildClosed(Required(closed.Order, "$.recentlyClosed.order"), "$.recentlyClosed.order", read, static (i, field) => $"$.recentlyClosed.conversations[{i}].{field}", open);
    }

    /// <summary>
    /// The closed memory from its order and entries (<paramref name="fieldPath"/> names an entry's field in a refusal): at most the engine's
    /// memory, each remembered conversation once, in the order list, and not open (the checks of every format version).
    /// </summary>
    public static (List<ConversationId> Order, List<ConversationSnapshot> Conversations) BuildClosed(
        string[] orderIds,
        string orderPath,
        (RequestDto? Request, string? Skill, DateTimeOffset SlaDue, string[]? Excluded, string? Group)[] entries,
        Func<int, string, string> fieldPath,
        Dictionary<ConversationId, ConversationRecord> open)
    {
        if (orderIds.Length > RoutingDefaults.ClosedConversationMemory)
        {
            throw Refuse(orderPath, Invariant($"the list holds {orderIds.Length} entries; the engine remembers at most {RoutingDefaults.ClosedConversationMemory} closed conversations."));
        }

        var order = new List<ConversationId>(orderIds.Length);
        for (int i = 0; i < orderIds.Length; i++)
        {
            string? id = orderIds[i];
            order.Add(id is not null && IdValidation.IsValid(id) ? new ConversationId(id) : Id(id, $"{orderPath}[{i}]", static v => new ConversationId(v)));
        }

        var inOrder = new HashSet<ConversationId>(order);
        var seen = new HashSet<ConversationId>();
        var result = new List<ConversationSnapshot>(entries.Length);
        for (int i = 0; i < entries.Length; i++)
        {
            ConversationSnapshot snapshot;
            try
            {
                snapshot = Closed(i, static (_, _) => "");
            }
            catch (Exception ex) when (ex is RoutingStateException or ArgumentException)
            {
                snapshot = Closed(i, fieldPath); // read again with the paths, for the refusal
            }

            if (!seen.Add(snapshot.Id) || !inOrder.Contains(snapshot.Id) || open.ContainsKey(snapshot.Id))
            {
                throw Refuse(fieldPath(i, "request") + ".id", $"closed conversation '{snapshot.Id}' is listed twice, is missing from {orderPath}, or is also open; each closed conversation appears once, in the order list, and not among the open ones.");
            }

            result.Add(snapshot);
        }

        return (order, result);

        ConversationSnapshot Closed(int i, Func<int, string, string> at)
        {
            (RequestDto? requestDto, string? skill, DateTimeOffset slaDue, string[]? excludedIds, string? group) = entries[i];
            string[] excludedNames = excludedIds ?? [];
            var excluded = new AgentId[excludedNames.Length];
            for (int k = 0; k < excluded.Length; k++)
            {
                excluded[k] = Id(excludedNames[k], at(i, "excluded") is { Length: > 0 } list ? Invariant($"{list}[{k}]") : "", static v => new AgentId(v));
            }

            string requestPath = at(i, "request");
            return new ConversationSnapshot(
                requestPath.Length == 0 ? ReadRequestAt(Required(requestDto, ""), null) : ReadRequest(Required(requestDto, requestPath), requestPath),
                ConversationState.Closed,
                OptionalId(skill, at(i, "skill"), static v => new SkillId(v)),
                null,
                [],
                null,
                slaDue,
                ImmutableCollectionsMarshal.AsImmutableArray(excluded))
            {
                AgentGroup = OptionalId(group, at(i, "group"), static v => new AgentGroupId(v)),
            };
        }
    }

    public static AgentProfile ReadProfile(ProfileDto dto, string path)
    {
        AgentId id = Id(dto.Id, path + ".id", static v => new AgentId(v));
        var profile = new AgentProfile(id)
        {
            DisplayName = dto.DisplayName,
            Skills = [.. Required(dto.Skills, path + ".skills").Select((s, i) => new AgentSkill(
                Id(Required(s, $"{path}.skills[{i}]").Skill, $"{path}.skills[{i}].skill", static v => new SkillId(v)), s.Proficiency))],
            Tags = [.. Required(dto.Tags, path + ".tags")],
            Groups = [.. Required(dto.Groups, path + ".groups").Select((g, i) => Id(g, $"{path}.groups[{i}]", static v => new AgentGroupId(v)))],
            Media = [.. Required(dto.Media, path + ".media").Select((m, i) => new MediaCapacity(
                Id(Required(m, $"{path}.media[{i}]").Media, $"{path}.media[{i}].media", static v => new MediaType(v)), m.MaxSessions))],
            MaxConcurrent = dto.MaxConcurrent,
        };
        Valid(() => InputValidation.ValidateProfile(profile, "profile"), path);
        return profile;
    }

    /// <summary>
    /// Reads a request. A valid one is read without writing a path (the closed memory holds 10,000 of them); a refused one
    /// is read again with its paths, for the refusal.
    /// </summary>
    public static ConversationRequest ReadRequest(RequestDto dto, string path)
    {
        try
        {
            return ReadRequestAt(dto, null);
        }
        catch (Exception ex) when (ex is RoutingStateException or ArgumentException)
        {
            return ReadRequestAt(dto, path);
        }
    }

    /// <summary>Reads a request; <paramref name="path"/> null: no path is written (a first try, read again with it if refused).</summary>
    private static ConversationRequest ReadRequestAt(RequestDto dto, string? path)
    {
        string[] media = Required(dto.Media, At(path, ".media"));
        var mediaTypes = new MediaType[media.Length];
        for (int i = 0; i < media.Length; i++)
        {
            mediaTypes[i] = Id(media[i], path is null ? "" : $"{path}.media[{i}]", static v => new MediaType(v));
        }

        var request = new ConversationRequest(Id(dto.Id, At(path, ".id"), static v => new ConversationId(v)))
        {
            Skill = OptionalId(dto.Skill, At(path, ".skill"), static v => new SkillId(v)),
            Media = ImmutableCollectionsMarshal.AsImmutableArray(mediaTypes),
            RequiredTags = dto.RequiredTags is { } required ? [.. required] : [],
            OptionalTags = dto.OptionalTags is { } optional ? [.. optional] : [],
            Priority = dto.Priority,
            Consumer = OptionalId(dto.Consumer, At(path, ".consumer"), static v => new ConsumerId(v)),
            CreatedAt = dto.CreatedAt,
            Attributes = dto.Attributes is { } attributes ? attributes.ToImmutableDictionary() : ImmutableDictionary<string, string>.Empty,
            ConversationType = dto.ConversationType,
        };
        Valid(() => InputValidation.ValidateRequest(request, "request"), path ?? "");
        return request;

        static string At(string? path, string field) => path is null ? "" : path + field;
    }
}
