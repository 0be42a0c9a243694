using System.Collections.Immutable;
using System.Globalization;
using System.Runtime.InteropServices;
using RoutingCore.Distribution;

namespace RoutingCore.Engine;

/// <summary>The planning path: filter, score, group into steps.</summary>
internal sealed partial class DefaultRoutingEngine
{
    private const int StackTagWords = 16;

    /// <summary>The agents on the roster who served the conversation's consumer before, for the plan being made.</summary>
    private readonly AgentRecord?[] _served = new AgentRecord?[RoutingDefaults.ConsumerHistoryDepth];

    private RoutingPlan PlanCore(ConversationRequest request, SkillId? skill, DateTimeOffset now, List<ExplainEntry>? explanation, HashSet<AgentRecord>? excluded, AgentGroupId? group)
    {
        Span<int> reasons = stackalloc int[ReasonCount];
        int count = Gather(request, skill, now, explanation, excluded, group, reasons, out SkillSettings settings);
        Span<double> scores = _scores.AsSpan(0, count);
        if (_levels.Length < settings.Steps)
        {
            _levels = new double[settings.Steps];
        }

        int levels = StepPlanner.ClampAndFindLevels(scores, settings.Steps, _levels, out bool rest);
        Span<int> sizes = stackalloc int[settings.Steps];
        Span<int> stepOf = _stepOf.AsSpan(0, count);
        int stepCount = StepPlanner.AssignSteps(scores, _levels.AsSpan(0, levels), rest, stepOf, sizes);
        ImmutableArray<RoutingStep> steps = BuildSteps(_slotIds, _candidateSlots.AsSpan(0, count), scores, stepOf, sizes[..stepCount], settings.StepDelay);
        return new RoutingPlan(request.Id, skill, settings.Strategy.Name, settings.StepDelay, now, steps, count, Exclusions(reasons));
    }

    /// <summary>The agent a plan would offer first: the highest score, the earliest on the roster among ties. Allocates nothing.</summary>
    private PlannedAgent? SelectCore(ConversationRequest request, DateTimeOffset now)
    {
        Span<int> reasons = stackalloc int[ReasonCount];
        int count = Gather(request, request.Skill, now, explanation: null, excluded: null, group: null, reasons, out _);
        if (count == 0)
        {
            return null;
        }

        ReadOnlySpan<double> scores = _scores.AsSpan(0, count);
        int best = 0;
        double top = Clamp(scores[0]);
        for (int i = 1; i < scores.Length; i++)
        {
            double score = Clamp(scores[i]);
            if (score > top + RoutingDefaults.ScoreTolerance)
            {
                top = score;
                best = i;
            }
        }

        return new PlannedAgent(_slotIds[_candidateSlots[best]], top);

        static double Clamp(double score) => double.IsNaN(score) ? 0 : Math.Clamp(score, 0, 1);
    }

    /// <summary>
    /// Filters the agents into the candidate scratch buffers and scores them (raw scores: the caller clamps them to 0..1);
    /// returns how many. Candidate <c>k</c> is agent <c>_slotIds[_candidateSlots[k]]</c>.
    /// </summary>
    private int Gather(
        ConversationRequest request,
        SkillId? skill,
        DateTimeOffset now,
        List<ExplainEntry>? explanation,
        HashSet<AgentRecord>? excluded,
        AgentGroupId? group,
        Span<int> reasons,
        out SkillSettings settings)
    {
        settings = SettingsOf(skill);

        int words = Math.Max(1, (_tags.Count + 63) >> 6);
        Span<ulong> required = words <= StackTagWords ? stackalloc ulong[StackTagWords] : new ulong[words];
        Span<ulong> optional = words <= StackTagWords ? stackalloc ulong[StackTagWords] : new ulong[words];
        required = required[..words];
        optional = optional[..words];
        required.Clear();
        optional.Clear();
        bool requiredUnknown = FillTagBits(request.RequiredTags, required, out _);
        FillTagBits(request.OptionalTags, optional, out int unknownOptional);
        int optionalCount = unknownOptional;
        foreach (ulong word in optional)
        {
            optionalCount += PopCount(word);
        }

        bool hasRequired = false;
        foreach (ulong word in required)
        {
            hasRequired |= word != 0;
        }

        int served = 0;
        if (request.Consumer is { } consumer && _history.Get(consumer) is { } history)
        {
            foreach (AgentId id in history)
            {
                if (served < _served.Length && _agents.TryGetValue(id, out AgentRecord? record))
                {
                    _served[served++] = record;
                }
            }
        }

        var input = new PlanInput
        {
            Request = request,
            Now = now,
            NowTicks = now.UtcTicks,
            HasRequired = hasRequired,
            ServedCount = served,
            MediaMask = MediaMaskOf(request.Media, out MediaType? unknownMedia),
            MediaUnknown = unknownMedia is not null,
            RequiredUnknown = requiredUnknown,
            OptionalCount = optionalCount,
            Excluded = excluded,
            Group = group,
        };

        reasons.Clear();
        int count = 0;
        long maxIdleTicks = 0;
        EnsureScratch(_roster.Count);
        SkillIndex? index = skill is { } wanted ? _skills.GetValueOrDefault(wanted) : null;

        if (explanation is null && index is not null)
        {
            // The fast path: the skill's agents, their planning fields in contiguous arrays.
            int members = index.Count;
            reasons[(int)ExclusionReason.MissingSkill] = _roster.Count - members;
            HotAgent[] hot = index.Hot;
            AgentRecord[] records = index.Members;
            AgentProfile[] profiles = index.Profiles;
            double[] proficiency = index.Proficiency;
            AgentId[] ids = index.Ids;
            _slotIds = ids;
            ulong groupMask = 0;
            bool groupHasBit = input.Group is not { } planGroup || _groupBits.TryGetMask(planGroup, out groupMask);
            if (groupHasBit && !input.MediaUnknown && !input.RequiredUnknown)
            {
                count = GatherSkill(index, ref input, groupMask, required, optional, reasons, out maxIdleTicks);
            }
            else
            {
                for (int i = 0; i < members; i++)
                {
                    if (hot[i].NextLoadChangeTicks <= input.NowTicks)
                    {
                        RefreshLoad(records[i], now); // writes the slot again
                    }

                    _candidateSlots[count] = i;
                    Consider(ref hot[i], records[i], profiles[i], proficiency[i], ref input, required, optional, reasons, ref count, ref maxIdleTicks, null);
                }
            }
        }
        else if (explanation is null && skill is not null)
        {
            reasons[(int)ExclusionReason.MissingSkill] = _roster.Count;
        }
        else
        {
            _slotIds = _candidateIds;
            foreach (AgentRecord agent in _roster)
            {
                double? proficiency = skill is { } s ? agent.Profile.GetProficiency(s) : 1.0;
                if (proficiency is null)
                {
                    reasons[(int)ExclusionReason.MissingSkill]++;
                    explanation?.Add(new ExplainEntry(agent, ExclusionReason.MissingSkill, $"does not hold skill '{skill}'", -1));
                    continue;
                }

                RefreshLoadIfDue(agent, now);
                HotAgent copy = agent.ToHot();
                _candidateIds[count] = agent.Profile.Id;
                _candidateSlots[count] = count;
                Consider(ref copy, agent, agent.Profile, proficiency.Value, ref input, required, optional, reasons, ref count, ref maxIdleTicks, explanation);
            }
        }

        var context = new ScoringContext(request, skill, now, settings.Weights, TimeSpan.FromTicks(maxIdleTicks));
        ReadOnlySpan<AgentCandidate> candidates = _candidates.AsSpan(0, count);
        settings.Strategy.Score(context, candidates, _scores.AsSpan(0, count)); // raw: the caller clamps

        Array.Clear(_served);
        return count;
    }

    /// <summary>
    /// For tests: one conversation planned twice with the same agent group and declined agents, through the skill index's
    /// tight loop and through the general path that evaluates each roster record (as Explain does).
    /// </summary>
    internal (RoutingPlan Indexed, RoutingPlan General) PlanBothWays(ConversationRequest request, AgentGroupId? group, IEnumerable<AgentId> declined)
    {
        using (EnterGate())
        {
            HashSet<AgentRecord>? excluded = null;
            foreach (AgentId id in declined)
            {
                (excluded ??= []).Add(_agents[id]);
            }

            DateTimeOffset now = Now();
            RoutingPlan indexed = PlanCore(request, request.Skill, now, explanation: null, excluded, group);
            RoutingPlan general = PlanCore(request, request.Skill, now, [], excluded, group);
            return (indexed, general);
        }
    }

    /// <summary>For tests: the first agent whose copy in a skill index differs from its record, or null when all agree.</summary>
    internal string? FindStaleIndexEntry()
    {
        using (EnterGate())
        {
            foreach (SkillIndex index in _skills.Values)
            {
                for (int i = 0; i < index.Count; i++)
                {
                    HotAgent copy = index.Hot[i];
                    HotAgent actual = index.Members[i].ToHot();
                    copy.CostMask = actual.CostMask; // a cache: any consistent (mask, cost) pair is right
                    copy.Cost = actual.Cost;
                    if (!copy.Equals(actual) || !ReferenceEquals(index.Profiles[i], index.Members[i].Profile))
                    {
                        return $"{index.Members[i].Profile.Id} in skill '{index.Skill}'";
                    }
                }
            }

            return null;
        }
    }

    private SkillSettings SettingsOf(SkillId? skill) =>
        skill is { } id && _skillSettings.TryGetValue(id, out SkillSettings? own) ? own : _defaults;

    /// <summary>
    /// The hot loop of planning: the skill's agents in one pass over contiguous arrays, filtered by state, agents who
    /// declined (<paramref name="groupMask"/> 0 means no group), the agent group (its bit), media, required tags and
    /// capacity. Gives exactly what <see cref="Consider"/> gives for each agent.
    /// </summary>
    private int GatherSkill(SkillIndex index, ref PlanInput input, ulong groupMask, ReadOnlySpan<ulong> required, ReadOnlySpan<ulong> optional, Span<int> reasons, out long maxIdleTicks)
    {
        int members = index.Count;
        HotAgent[] hot = index.Hot;
        AgentRecord[] records = index.Members;
        AgentProfile[] profiles = index.Profiles;
        double[] proficiency = index.Proficiency;
        AgentId[] ids = index.Ids;
        AgentCandidate[] candidates = _candidates;
        int[] slots = _candidateSlots;
        long nowTicks = input.NowTicks;
        ulong media = input.MediaMask;
        bool hasRequired = input.HasRequired;
        ulong required0 = required[0];
        bool moreRequired = required.Length > 1;
        int optionalCount = input.OptionalCount;
        ulong optional0 = optional[0];
        bool moreOptional = optional.Length > 1;
        int servedCount = input.ServedCount;
        HashSet<AgentRecord>? excluded = input.Excluded;
        int count = 0;
        long maxIdle = 0;
        for (int i = 0; i < members && i < hot.Length; i++)
        {
            ref HotAgent agent = ref hot[i];
            if (agent.NextLoadChangeTicks <= nowTicks)
            {
                RefreshLoad(records[i], input.Now); // writes the slot again
            }

            if (agent.State != AgentState.Online)
            {
                reasons[(int)StateReason(agent.State)]++;
                continue;
            }

            if (excluded is not null && excluded.Contains(records[i]))
            {
                reasons[(int)ExclusionReason.Declined]++;
                continue;
            }

            if ((agent.GroupMask & groupMask) != groupMask)
            {
                reasons[(int)ExclusionReason.OtherGroup]++;
                continue;
            }

            if ((agent.MediaMask & media) != media)
            {
                reasons[(int)ExclusionReason.WrongMedia]++;
                continue;
            }

            if (hasRequired && ((agent.Tags0 & required0) != required0 || (moreRequired && !HasAll(records[i], required))))
            {
                reasons[(int)ExclusionReason.MissingTag]++;
                continue;
            }

            double cost;
            if (agent.CostMask == media)
            {
                cost = agent.Cost;
            }
            else
            {
                cost = CostFor(records[i], input.Request, media);
                agent.CostMask = media;
                agent.Cost = cost;
            }

            if (agent.Committed + cost > agent.Limit + CapacityTolerance)
            {
                reasons[(int)ExclusionReason.AtCapacity]++;
                continue;
            }

            double tagMatch = 1.0;
            if (optionalCount > 0)
            {
                int matched = PopCount(agent.Tags0 & optional0);
                if (moreOptional)
                {
                    matched += MatchedBeyondFirstWord(records[i], optional);
                }

                tagMatch = (double)matched / optionalCount;
            }

            long idleTicks = nowTicks - agent.IdleSinceTicks;
            if (idleTicks > maxIdle)
            {
                maxIdle = idleTicks;
            }

            bool served = false;
            for (int k = 0; k < servedCount; k++)
            {
                served |= ReferenceEquals(_served[k], records[i]);
            }

            slots[count] = i;
            candidates[count++] = new AgentCandidate(
                profiles[i],
                agent.Utilization,
                agent.ConversationCount,
                TimeSpan.FromTicks(Math.Max(0, idleTicks)),
                tagMatch,
                proficiency[i],
                served);
        }

        maxIdleTicks = maxIdle;
        return count;
    }

    private static ExclusionReason StateReason(AgentState state) => state switch
    {
        AgentState.Away => ExclusionReason.Away,
        AgentState.BackSoon => ExclusionReason.BackSoon,
        AgentState.Paused => ExclusionReason.Paused,
        _ => ExclusionReason.Offline,
    };

    private static int MatchedBeyondFirstWord(AgentRecord agent, ReadOnlySpan<ulong> optional)
    {
        ulong[] tags = agent.TagBits;
        int shared = Math.Min(tags.Length, optional.Length);
        int matched = 0;
        for (int w = 1; w < shared; w++)
        {
            matched += PopCount(tags[w] & optional[w]);
        }

        return matched;
    }

    private void Consider(
        ref HotAgent hot,
        AgentRecord agent,
        AgentProfile profile,
        double proficiency,
        ref PlanInput input,
        ReadOnlySpan<ulong> required,
        ReadOnlySpan<ulong> optional,
        Span<int> reasons,
        ref int count,
        ref long maxIdleTicks,
        List<ExplainEntry>? explanation)
    {
        ExclusionReason? reason = Evaluate(ref hot, agent, ref input, required, out double cost);
        if (reason is { } excluded)
        {
            reasons[(int)excluded]++;
            explanation?.Add(new ExplainEntry(agent, excluded, Describe(agent, excluded, ref input, required, cost), -1));
            return;
        }

        double tagMatch = 1.0;
        if (input.OptionalCount > 0)
        {
            int matched = PopCount(hot.Tags0 & optional[0]);
            if (optional.Length > 1)
            {
                matched += MatchedBeyondFirstWord(agent, optional);
            }

            tagMatch = (double)matched / input.OptionalCount;
        }

        long idleTicks = input.NowTicks - hot.IdleSinceTicks;
        if (idleTicks > maxIdleTicks)
        {
            maxIdleTicks = idleTicks;
        }

        bool served = false;
        for (int k = 0; k < input.ServedCount; k++)
        {
            served |= ReferenceEquals(_served[k], agent);
        }

        explanation?.Add(new ExplainEntry(agent, null, null, count));
        _candidates[count++] = new AgentCandidate(
            profile,
            hot.Utilization,
            hot.ConversationCount,
            TimeSpan.FromTicks(Math.Max(0, idleTicks)),
            tagMatch,
            proficiency,
            served);
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private ExclusionReason? Evaluate(ref HotAgent hot, AgentRecord agent, ref PlanInput input, ReadOnlySpan<ulong> required, out double cost)
    {
        cost = 0;
        if (hot.State != AgentState.Online)
        {
            return StateReason(hot.State);
        }

        if (input.Excluded is { } excluded && excluded.Contains(agent))
        {
            return ExclusionReason.Declined;
        }

        if (input.Group is { } group && !agent.Profile.Groups.Contains(group))
        {
            return ExclusionReason.OtherGroup;
        }

        if (input.MediaUnknown || (hot.MediaMask & input.MediaMask) != input.MediaMask)
        {
            return ExclusionReason.WrongMedia;
        }

        if (input.RequiredUnknown
            || (input.HasRequired && ((hot.Tags0 & required[0]) != required[0] || (required.Length > 1 && !HasAll(agent, required)))))
        {
            return ExclusionReason.MissingTag;
        }

        if (hot.CostMask == input.MediaMask)
        {
            cost = hot.Cost;
        }
        else
        {
            cost = CostFor(agent, input.Request, input.MediaMask);
            hot.CostMask = input.MediaMask;
            hot.Cost = cost;
        }

        return hot.Committed + cost > hot.Limit + CapacityTolerance ? ExclusionReason.AtCapacity : null;
    }

    private static bool HasAll(AgentRecord agent, ReadOnlySpan<ulong> required)
    {
        if ((agent.Tags0 & required[0]) != required[0])
        {
            return false;
        }

        ulong[] agentTags = agent.TagBits;
        for (int w = 1; w < required.Length; w++)
        {
            ulong need = required[w];
            if (need != 0 && (w >= agentTags.Length || (agentTags[w] & need) != need))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Sets the bits of the interned tags; returns whether some tag is unknown to the engine (no agent has it).</summary>
    private bool FillTagBits(ImmutableArray<string> tags, Span<ulong> bits, out int unknownDistinct)
    {
        unknownDistinct = 0;
        for (int i = 0; i < tags.Length; i++)
        {
            if (_tags.TryGet(tags[i], out int id))
            {
                bits[id >> 6] |= 1UL << id;
            }
            else if (!SeenBefore(tags, i))
            {
                unknownDistinct++;
            }
        }

        return unknownDistinct > 0;

        static bool SeenBefore(ImmutableArray<string> tags, int i)
        {
            for (int j = 0; j < i; j++)
            {
                if (string.Equals(tags[j], tags[i], StringComparison.OrdinalIgnoreCase))
                {
                    return true;
                }
            }

            return false;
        }
    }

    private void EnsureScratch(int size)
    {
        if (_candidates.Length < size)
        {
            int length = Math.Max(size, _candidates.Length * 2);
            _candidates = new AgentCandidate[length];
            _scores = new double[length];
            _stepOf = new int[length];
            _candidateIds = new AgentId[length];
            _candidateSlots = new int[length];
        }
    }

    private static ImmutableArray<RoutingStep> BuildSteps(AgentId[] ids, ReadOnlySpan<int> slots, ReadOnlySpan<double> scores, ReadOnlySpan<int> stepOf, Span<int> sizes, TimeSpan delay)
    {
        int stepCount = sizes.Length;
        if (stepCount == 0)
        {
            return [];
        }

        var steps = new RoutingStep[stepCount];
        if (stepCount == 1)
        {
            var all = new PlannedAgent[slots.Length];
            for (int i = 0; i < all.Length && i < scores.Length; i++)
            {
                all[i] = new PlannedAgent(ids[slots[i]], scores[i]);
            }

            steps[0] = new RoutingStep(0, TimeSpan.Zero, ImmutableCollectionsMarshal.AsImmutableArray(all));
            return ImmutableCollectionsMarshal.AsImmutableArray(steps);
        }

        var agents = new PlannedAgent[stepCount][];
        for (int s = 0; s < stepCount; s++)
        {
            agents[s] = new PlannedAgent[sizes[s]];
        }

        sizes.Clear();
        for (int i = 0; i < slots.Length; i++)
        {
            int step = stepOf[i];
            agents[step][sizes[step]++] = new PlannedAgent(ids[slots[i]], scores[i]);
        }

        for (int s = 0; s < stepCount; s++)
        {
            steps[s] = new RoutingStep(s, delay * s, ImmutableCollectionsMarshal.AsImmutableArray(agents[s]));
        }

        return ImmutableCollectionsMarshal.AsImmutableArray(steps);
    }

    private static ImmutableArray<ExclusionCount> Exclusions(ReadOnlySpan<int> reasons)
    {
        int nonZero = 0;
        foreach (int count in reasons)
        {
            if (count > 0)
            {
                nonZero++;
            }
        }

        if (nonZero == 0)
        {
            return [];
        }

        var result = new ExclusionCount[nonZero];
        int next = 0;
        for (int r = 0; r < reasons.Length; r++)
        {
            if (reasons[r] > 0)
            {
                result[next++] = new ExclusionCount((ExclusionReason)r, reasons[r]);
            }
        }

        return ImmutableCollectionsMarshal.AsImmutableArray(result);
    }

    private string Describe(AgentRecord agent, ExclusionReason reason, ref PlanInput input, ReadOnlySpan<ulong> required, double cost) => reason switch
    {
        ExclusionReason.Offline => "offline",
        ExclusionReason.Away => "away",
        ExclusionReason.BackSoon => "back soon",
        ExclusionReason.Paused => "paused",
        ExclusionReason.WrongMedia => $"does not handle media '{FirstMissingMedia(agent, input.Request.Media)}'",
        ExclusionReason.MissingTag => $"missing tag '{FirstMissingTag(agent, input.Request.RequiredTags)}'",
        ExclusionReason.AtCapacity => CapacityDetail(agent, cost, string.Empty),
        ExclusionReason.Declined => "declined or handed back this conversation",
        ExclusionReason.OtherGroup => $"not in agent group '{input.Group}' chosen for this conversation",
        _ => reason.ToString(),
    };

    private string FirstMissingTag(AgentRecord agent, ImmutableArray<string> tags)
    {
        foreach (string tag in tags)
        {
            if (!_tags.TryGet(tag, out int id) || (id >> 6) >= agent.TagBits.Length || (agent.TagBits[id >> 6] & (1UL << id)) == 0)
            {
                return tag;
            }
        }

        return tags[0];
    }

    private RoutingExplanation BuildExplanation(ConversationRequest request, RoutingPlan plan, List<ExplainEntry> entries)
    {
        SkillSettings settings = SettingsOf(request.Skill);
        var context = new ScoringContext(request, request.Skill, plan.PlannedAt, settings.Weights, MaxIdle(entries));
        var stepOfAgent = new Dictionary<AgentId, (int Step, double Score)>();
        foreach (RoutingStep step in plan.Steps)
        {
            foreach (PlannedAgent agent in step.Agents)
            {
                stepOfAgent[agent.Agent] = (step.Index, agent.Score);
            }
        }

        var result = new AgentExplanation[entries.Count];
        for (int i = 0; i < entries.Count; i++)
        {
            ExplainEntry entry = entries[i];
            if (entry.Reason is { } reason)
            {
                result[i] = new AgentExplanation(entry.Agent.Profile.Id, reason, entry.Detail, null, null, []);
                continue;
            }

            (int step, double score) = stepOfAgent[entry.Agent.Profile.Id];
            ImmutableArray<ScoreComponent> components = [.. settings.Strategy.Explain(context, _candidates[entry.CandidateIndex])];
            result[i] = new AgentExplanation(entry.Agent.Profile.Id, null, null, score, step, components);
        }

        return new RoutingExplanation(plan, ImmutableCollectionsMarshal.AsImmutableArray(result));

        TimeSpan MaxIdle(List<ExplainEntry> all)
        {
            long max = 0;
            foreach (ExplainEntry entry in all)
            {
                if (entry.Reason is null)
                {
                    max = Math.Max(max, _candidates[entry.CandidateIndex].IdleTime.Ticks);
                }
            }

            return TimeSpan.FromTicks(max);
        }
    }

    private struct PlanInput
    {
        public ConversationRequest Request;
        public DateTimeOffset Now;
        public ulong MediaMask;
        public bool MediaUnknown;
        public bool RequiredUnknown;
        public int OptionalCount;
        public long NowTicks;
        public bool HasRequired;
        public int ServedCount;
        public HashSet<AgentRecord>? Excluded;
        public AgentGroupId? Group;
    }

    private readonly record struct ExplainEntry(AgentRecord Agent, ExclusionReason? Reason, string? Detail, int CandidateIndex);
}
