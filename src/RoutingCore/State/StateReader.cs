using System.Collections.Frozen;
using System.Collections.Immutable;
using System.Globalization;
using RoutingCore.State;
using static RoutingCore.Engine.StateChecks;

namespace RoutingCore.Engine;

/// <summary>
/// Checks a parsed state document item by item and builds the engine's records from it, touching nothing of the engine
/// but its configuration (capacity model, declared agent groups). Every refusal names the JSON path of the offending item.
/// Values derived from others (loads, reservations, offer costs) are recomputed, not trusted (<see cref="StateDerived"/>);
/// times must be ones the engine could have stamped, counts ones it could have reached (<see cref="StateChecks"/>).
/// </summary>
internal sealed class StateReader(AgentRoster agentRoster, LoadTracker load, FrozenSet<AgentGroupId> declaredGroups, StateDocument document)
{
    private readonly Dictionary<AgentId, AgentRecord> _agents = [];
    private readonly Dictionary<ConversationId, ConversationRecord> _conversations = [];
    private readonly Dictionary<ConversationId, int> _conversationIndex = [];
    private readonly InternTable _media = EngineContext.NewMediaTable();
    private readonly InternTable _tags = EngineContext.NewTagTable();
    private readonly GroupBitTable _groups = new();
    private DateTimeOffset _savedAt;

    public RestoredState Read()
    {
        _savedAt = SavedAt(document.SavedAt);
        StateCounters counters = ReadCounters(Required(document.Counters, "$.counters"));
        NamesInto(_media, Required(document.Media, "$.media"), "$.media", "media type");
        NamesInto(_tags, Required(document.Tags, "$.tags"), "$.tags", "tag");
        var skills = new SkillTable();
        string[] skillNames = Required(document.Skills, "$.skills");
        for (int i = 0; i < skillNames.Length; i++)
        {
            SkillId skill = Id(skillNames[i], $"$.skills[{i}]", static v => new SkillId(v));
            if (!skills.TryAdd(skill, new SkillIndex(skill)))
            {
                throw Refuse($"$.skills[{i}]", $"skill '{skill}' is listed twice; list each skill once.");
            }
        }

        List<AgentRecord> roster = ReadAgents(Required(document.Agents, "$.agents"), counters);
        foreach (AgentRecord agent in roster)
        {
            AgentRoster.IndexSkills(agent, skills);
        }

        List<ConversationRecord> conversations = ReadConversations(Required(document.Conversations, "$.conversations"), counters);
        LinkAgents(roster, document.Agents);
        StateDerived.Recompute(roster, load, _savedAt);
        (List<ConversationRecord> any, List<KeyValuePair<SkillId, List<ConversationRecord>>> bySkill, int waiting) = ReadQueues(Required(document.Queues, "$.queues"));
        List<(TimerItem Item, long Due, long Sequence)> timers = ReadTimers(Required(document.Timers, "$.timers"), counters, roster);
        long timerSequence = StateDerived.ScheduleLoadChecks(roster, timers, counters.NextTimerSequence);
        return new RestoredState
        {
            Media = _media,
            Tags = _tags,
            Groups = _groups,
            History = StateSections.ReadHistory(Required(document.ConsumerHistory, "$.consumerHistory")),
            Roster = roster,
            Skills = [.. skills],
            Conversations = conversations,
            WaitingAny = any,
            WaitingBySkill = bySkill,
            WaitingCount = waiting,
            Workload = StateSections.ReadWorkload(Required(document.Workload, "$.workload"), roster, declaredGroups),
            Counters = counters,
            SavedAt = _savedAt,
            Timers = timers,
            NextTimerSequence = timerSequence,
            Closed = StateSections.ReadClosed(document.RecentlyClosed, _conversations),
        };
    }

    private static StateCounters ReadCounters(StateCounters counters)
    {
        Count(counters.NextAgentOrder, "$.counters.nextAgentOrder");
        Count(counters.NextConversationSequence, "$.counters.nextConversationSequence");
        Count(counters.NextToken, "$.counters.nextToken");
        Count(counters.NextTimerSequence, "$.counters.nextTimerSequence");
        return counters;
    }

    private List<AgentRecord> ReadAgents(AgentDto[] agents, StateCounters counters)
    {
        var roster = new List<AgentRecord>(agents.Length);
        long previousOrder = -1;
        for (int i = 0; i < agents.Length; i++)
        {
            string path = $"$.agents[{i}]";
            AgentDto dto = Required(agents[i], path);
            AgentProfile profile = ReadProfile(Required(dto.Profile, path + ".profile"), path + ".profile");
            if (_agents.ContainsKey(profile.Id))
            {
                throw Refuse(path + ".profile.id", $"agent '{profile.Id}' is listed twice; each agent on the roster appears once.");
            }

            if (dto.Order <= previousOrder || dto.Order >= counters.NextAgentOrder)
            {
                throw Refuse(path + ".order", Invariant($"agent '{profile.Id}' has roster order {dto.Order}; orders must increase along the roster and stay below counters.nextAgentOrder ({counters.NextAgentOrder})."));
            }

            previousOrder = dto.Order;
            Defined(dto.State, path + ".state");
            NotNegative(dto.Declines, path + ".declines");
            NotNegative(dto.Timeouts, path + ".timeouts");
            NotNegative(dto.ConsecutiveIgnored, path + ".consecutiveIgnored");
            if (dto.ConsecutiveIgnored > dto.Timeouts)
            {
                throw Refuse(path + ".consecutiveIgnored", Invariant($"agent '{profile.Id}' let {dto.ConsecutiveIgnored} exclusive offers time out in a row but only {dto.Timeouts} offers in all; the streak counts timeouts, so it is at most timeouts."));
            }

            Amount(dto.Load, path + ".load"); // derived: recomputed from its conversations (StateDerived)
            Amount(dto.Reserved, path + ".reserved"); // derived: recomputed from its exclusive offers
            Token(dto.AbsenceToken, counters.NextToken, path + ".absenceToken");
            EngineTime(dto.StateSince, _savedAt, path + ".stateSince");
            if (dto.LastAcceptedAt is { } accepted)
            {
                EngineTime(accepted, _savedAt, path + ".lastAcceptedAt");
            }

            if (dto.LoadCheckAt is { } check)
            {
                DueTime(check, _savedAt, path + ".loadCheckAt");
            }

            var agent = new AgentRecord(profile, dto.Order);
            try
            {
                agentRoster.ApplyProfile(agent, profile, _media, _tags, _groups);
            }
            catch (InvalidOperationException ex)
            {
                throw Refuse(path + ".profile.media", ex.Message);
            }

            agent.State = dto.State;
            agent.StateSince = dto.StateSince;
            agent.LastAcceptedAt = dto.LastAcceptedAt;
            agent.Declines = dto.Declines;
            agent.Timeouts = dto.Timeouts;
            agent.ConsecutiveIgnored = dto.ConsecutiveIgnored;
            agent.AbsenceToken = dto.AbsenceToken;
            agent.ScheduledLoadCheck = dto.LoadCheckAt ?? DateTimeOffset.MaxValue;
            _agents.Add(profile.Id, agent);
            roster.Add(agent);
        }

        return roster;
    }

    private static AgentProfile ReadProfile(ProfileDto dto, string path)
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

    private List<ConversationRecord> ReadConversations(ConversationDto[] conversations, StateCounters counters)
    {
        var result = new List<ConversationRecord>(conversations.Length);
        var sequences = new HashSet<long>();
        for (int i = 0; i < conversations.Length; i++)
        {
            string path = $"$.conversations[{i}]";
            ConversationDto dto = Required(conversations[i], path);
            ConversationRequest request = ReadRequest(Required(dto.Request, path + ".request"), path + ".request");
            if (_conversations.ContainsKey(request.Id))
            {
                throw Refuse(path + ".request.id", $"conversation '{request.Id}' is listed twice; each open conversation appears once.");
            }

            if (dto.Sequence < 0 || dto.Sequence >= counters.NextConversationSequence || !sequences.Add(dto.Sequence))
            {
                throw Refuse(path + ".sequence", Invariant($"conversation '{request.Id}' has sequence {dto.Sequence}; sequences are unique, not negative and below counters.nextConversationSequence ({counters.NextConversationSequence})."));
            }

            Defined(dto.State, path + ".state");
            if (dto.State == ConversationState.Closed)
            {
                throw Refuse(path + ".state", $"conversation '{request.Id}' is Closed; the document holds only open conversations (Offered, Assigned, Waiting, Dormant).");
            }

            CheckTimesAndTokens(dto, path, counters);
            var record = new ConversationRecord(request, OptionalId(dto.Skill, path + ".skill", static v => new SkillId(v)), dto.Sequence, dto.SlaDue)
            {
                State = dto.State,
                LastConsumerMessageAt = dto.LastConsumerMessageAt,
                LastAgentMessageAt = dto.LastAgentMessageAt,
                AutoCloseToken = dto.AutoCloseToken,
                Step = dto.Step,
                StepToken = dto.StepToken,
                Group = OptionalId(dto.Group, path + ".group", static v => new AgentGroupId(v)),
                Target = OptionalId(dto.Target, path + ".target", static v => new AgentGroupId(v)),
                MaxWaitPassed = dto.MaxWaitPassed,
                MaxWaitToken = dto.MaxWaitToken,
                RetryToken = dto.RetryToken,
                AssignedAt = dto.AssignedAt ?? default,
            };
            ReadAssignment(record, dto, path);
            StateOffers.Read(record, dto, path, RosterAgent, load, _savedAt);
            record.Excluded = dto.Excluded is { } excluded ? StateOffers.ReadExcluded(excluded, _agents, path + ".excluded") : null;
            record.PastOffers = dto.PastOffers is { } past ? StateOffers.ReadPastOffers(past, _agents, record.Excluded, path + ".pastOffers") : null;
            if (dto.State == ConversationState.Waiting)
            {
                DateTimeOffset queuedAt = dto.QueuedAt ?? throw Refuse(path + ".queuedAt", $"conversation '{request.Id}' is Waiting but has no queuedAt; a waiting conversation records when it was queued.");
                record.Waiting = new WaitingConversation(request, record.Skill, record.SlaDue, queuedAt, record.Sequence);
            }
            else if (dto.QueuedAt is not null || dto.RetryToken != 0)
            {
                throw Refuse(path + ".queuedAt", $"conversation '{request.Id}' is {dto.State} but has queue data (queuedAt or retryToken); only a Waiting conversation has them.");
            }

            _conversations.Add(request.Id, record);
            _conversationIndex.Add(request.Id, i);
            result.Add(record);
        }

        return result;
    }

    /// <summary>The times the engine stamped are ones it could have stamped; its tokens were handed out by then.</summary>
    private void CheckTimesAndTokens(ConversationDto dto, string path, StateCounters counters)
    {
        if (dto.AssignedAt is { } assigned)
        {
            EngineTime(assigned, _savedAt, path + ".assignedAt");
        }

        if (dto.LastConsumerMessageAt is { } consumer)
        {
            PastTime(consumer, _savedAt, path + ".lastConsumerMessageAt");
        }

        if (dto.LastAgentMessageAt is { } agent)
        {
            PastTime(agent, _savedAt, path + ".lastAgentMessageAt");
        }

        if (dto.QueuedAt is { } queued)
        {
            EngineTime(queued, _savedAt, path + ".queuedAt");
        }

        Token(dto.AutoCloseToken, counters.NextToken, path + ".autoCloseToken");
        Token(dto.StepToken, counters.NextToken, path + ".stepToken");
        Token(dto.MaxWaitToken, counters.NextToken, path + ".maxWaitToken");
        Token(dto.RetryToken, counters.NextToken, path + ".retryToken");
    }

    private void ReadAssignment(ConversationRecord record, ConversationDto dto, string path)
    {
        if (dto.Agent is null)
        {
            if (dto.State == ConversationState.Assigned)
            {
                throw Refuse(path + ".agent", $"conversation '{record.Request.Id}' is Assigned but names no agent; an assigned conversation names the agent on the roster that holds it.");
            }

            return;
        }

        if (dto.State != ConversationState.Assigned)
        {
            throw Refuse(path + ".agent", $"conversation '{record.Request.Id}' is {dto.State} but names agent '{dto.Agent}'; only an Assigned conversation has an agent.");
        }

        if (dto.AssignedAt is null)
        {
            throw Refuse(path + ".assignedAt", $"conversation '{record.Request.Id}' is Assigned but has no assignedAt.");
        }

        record.Agent = RosterAgent(dto.Agent, path + ".agent");
    }

    public static ConversationRequest ReadRequest(RequestDto dto, string path)
    {
        var request = new ConversationRequest(Id(dto.Id, path + ".id", static v => new ConversationId(v)))
        {
            Skill = OptionalId(dto.Skill, path + ".skill", static v => new SkillId(v)),
            Media = [.. Required(dto.Media, path + ".media").Select((m, i) => Id(m, $"{path}.media[{i}]", static v => new MediaType(v)))],
            RequiredTags = dto.RequiredTags is { } required ? [.. required] : [],
            OptionalTags = dto.OptionalTags is { } optional ? [.. optional] : [],
            Priority = dto.Priority,
            Consumer = OptionalId(dto.Consumer, path + ".consumer", static v => new ConsumerId(v)),
            CreatedAt = dto.CreatedAt,
            Attributes = dto.Attributes is { } attributes ? attributes.ToImmutableDictionary() : ImmutableDictionary<string, string>.Empty,
            ConversationType = dto.ConversationType,
        };
        Valid(() => InputValidation.ValidateRequest(request, "request"), path);
        return request;
    }

    /// <summary>Fills each agent's conversation and offer lists in the document's order, checking both sides agree.</summary>
    private void LinkAgents(List<AgentRecord> roster, AgentDto[] agents)
    {
        var offerCount = 0;
        for (int i = 0; i < roster.Count; i++)
        {
            AgentRecord agent = roster[i];
            string path = $"$.agents[{i}]";
            string[] conversations = Required(agents[i].Conversations, path + ".conversations");
            for (int c = 0; c < conversations.Length; c++)
            {
                ConversationRecord conversation = Conversation(conversations[c], $"{path}.conversations[{c}]");
                if (conversation.Agent != agent || agent.Conversations.Contains(conversation))
                {
                    throw Refuse($"{path}.conversations[{c}]", $"agent '{agent.Profile.Id}' lists conversation '{conversations[c]}', which is not assigned to it (or is listed twice); an agent lists exactly the conversations assigned to it.");
                }

                agent.Conversations.Add(conversation);
            }

            agent.ConversationCount = agent.Conversations.Count;
            string[] offers = Required(agents[i].Offers, path + ".offers");
            for (int o = 0; o < offers.Length; o++)
            {
                ConversationRecord conversation = Conversation(offers[o], $"{path}.offers[{o}]");
                Offer? offer = conversation.FindOffer(agent);
                if (offer is null || agent.Offers.Contains(offer))
                {
                    throw Refuse($"{path}.offers[{o}]", $"agent '{agent.Profile.Id}' lists an offer of conversation '{offers[o]}', which the conversation does not list (or it is listed twice); both sides list each pending offer once.");
                }

                agent.Offers.Add(offer);
            }

            offerCount += offers.Length;
        }

        foreach (ConversationRecord conversation in _conversations.Values)
        {
            string path = $"$.conversations[{_conversationIndex[conversation.Request.Id]}]";
            if (conversation.Agent is { } holder && !holder.Conversations.Contains(conversation))
            {
                throw Refuse(path + ".agent", $"conversation '{conversation.Request.Id}' is assigned to agent '{holder.Profile.Id}', whose conversations do not list it; both sides list each assignment.");
            }

            foreach (Offer offer in conversation.Offers)
            {
                if (!offer.Agent.Offers.Contains(offer))
                {
                    throw Refuse(path + ".offers", $"conversation '{conversation.Request.Id}' is offered to agent '{offer.Agent.Profile.Id}', whose offers do not list it; both sides list each pending offer.");
                }
            }
        }
    }

    private (List<ConversationRecord> Any, List<KeyValuePair<SkillId, List<ConversationRecord>>> BySkill, int Count) ReadQueues(QueueDto[] queues)
    {
        List<ConversationRecord>? any = null;
        var bySkill = new List<KeyValuePair<SkillId, List<ConversationRecord>>>();
        var skills = new HashSet<SkillId>();
        var queued = new HashSet<ConversationRecord>();
        for (int q = 0; q < queues.Length; q++)
        {
            string path = $"$.queues[{q}]";
            QueueDto dto = Required(queues[q], path);
            SkillId? skill = OptionalId(dto.Skill, path + ".skill", static v => new SkillId(v));
            if (skill is { } id ? !skills.Add(id) : any is not null)
            {
                throw Refuse(path + ".skill", $"the queue of {(skill is null ? "any-agent conversations" : $"skill '{skill}'")} is listed twice; list each queue once.");
            }

            string[] ids = Required(dto.Conversations, path + ".conversations");
            var queue = new List<ConversationRecord>(ids.Length);
            for (int c = 0; c < ids.Length; c++)
            {
                ConversationRecord conversation = Conversation(ids[c], $"{path}.conversations[{c}]");
                if (conversation.State != ConversationState.Waiting || conversation.Skill != skill || !queued.Add(conversation))
                {
                    throw Refuse($"{path}.conversations[{c}]", $"conversation '{ids[c]}' ({conversation.State}, skill {conversation.Skill?.Value ?? "none"}) does not belong in this queue, or is queued twice; a queue lists each Waiting conversation of its skill once.");
                }

                queue.Add(conversation);
            }

            if (skill is { } key)
            {
                bySkill.Add(new(key, queue));
            }
            else
            {
                any = queue;
            }
        }

        foreach (ConversationRecord conversation in _conversations.Values)
        {
            if (conversation.State == ConversationState.Waiting && !queued.Contains(conversation))
            {
                throw Refuse($"$.conversations[{_conversationIndex[conversation.Request.Id]}].state", $"conversation '{conversation.Request.Id}' is Waiting but no queue lists it; every waiting conversation is in the queue of its skill.");
            }
        }

        return (any ?? [], bySkill, queued.Count);
    }

    private List<(TimerItem Item, long Due, long Sequence)> ReadTimers(TimerDto[] timers, StateCounters counters, List<AgentRecord> roster)
    {
        var result = new List<(TimerItem Item, long Due, long Sequence)>(timers.Length);
        var sequences = new HashSet<long>();
        var stepTimers = new HashSet<ConversationRecord>();
        var loadChecks = new HashSet<AgentRecord>();
        for (int i = 0; i < timers.Length; i++)
        {
            string path = $"$.timers[{i}]";
            TimerDto dto = Required(timers[i], path);
            Defined(dto.Kind, path + ".kind");
            if (dto.Sequence < 0 || dto.Sequence >= counters.NextTimerSequence || !sequences.Add(dto.Sequence))
            {
                throw Refuse(path + ".sequence", Invariant($"timer sequence {dto.Sequence} is negative, repeated or not below counters.nextTimerSequence ({counters.NextTimerSequence}); each timer has its own."));
            }

            EngineTimerKind kind = dto.Kind;
            DueTime(dto.Due, _savedAt, path + ".due");
            TimerItem item;
            long expected;
            if (kind is EngineTimerKind.Absence or EngineTimerKind.LoadChange || (kind > EngineTimerKind.Retry && dto.Agent is not null))
            {
                AgentRecord agent = RosterAgent(dto.Agent, path + ".agent");
                item = TimerItem.For(kind, agent, dto.Token);
                if (kind == EngineTimerKind.LoadChange)
                {
                    loadChecks.Add(agent);
                }

                if (kind > EngineTimerKind.Retry)
                {
                    agent.Tokens[(int)kind] = dto.Token; // kinds after format 1's six keep their token in the timer alone
                }

                expected = TimerDispatch.AgentToken(agent, kind);
            }
            else
            {
                ConversationRecord conversation = Conversation(dto.Conversation, path + ".conversation");
                item = TimerItem.For(kind, conversation, dto.Token);
                if (kind > EngineTimerKind.Retry)
                {
                    conversation.Tokens[(int)kind] = dto.Token; // kinds after format 1's six keep their token in the timer alone
                }

                expected = TimerDispatch.ConversationToken(conversation, kind);
                if (kind == EngineTimerKind.Step)
                {
                    stepTimers.Add(conversation);
                }
            }

            if (dto.Token == 0 || dto.Token != expected)
            {
                throw Refuse(path + ".token", Invariant($"the {dto.Kind} timer of {dto.Agent ?? dto.Conversation} has token {dto.Token}, but its target expects {expected}; a timer carries its target's current token."));
            }

            if (kind == EngineTimerKind.LoadChange ? dto.Token != dto.Due.UtcTicks : dto.Token > counters.NextToken)
            {
                throw Refuse(path + ".token", Invariant($"the {dto.Kind} timer has token {dto.Token}; a LoadChange timer's token is its due time in UTC ticks ({dto.Due.UtcTicks}), any other timer's is at most counters.nextToken ({counters.NextToken})."));
            }

            result.Add((item, dto.Due.UtcTicks, dto.Sequence));
        }

        foreach (ConversationRecord conversation in _conversations.Values)
        {
            if (conversation.State == ConversationState.Offered && !stepTimers.Contains(conversation))
            {
                throw Refuse($"$.conversations[{_conversationIndex[conversation.Request.Id]}]", $"conversation '{conversation.Request.Id}' is Offered but no Step timer is pending for it; an offered conversation waits for its step timer.");
            }
        }

        for (int i = 0; i < roster.Count; i++)
        {
            if (roster[i].ScheduledLoadCheck != DateTimeOffset.MaxValue && !loadChecks.Contains(roster[i]))
            {
                throw Refuse($"$.agents[{i}].loadCheckAt", Invariant($"agent '{roster[i].Profile.Id}' has a load check at {roster[i].ScheduledLoadCheck:O}, but no LoadChange timer is pending for it; loadCheckAt is the due time of the agent's pending LoadChange timer."));
            }
        }

        return result;
    }

    private AgentRecord RosterAgent(string? id, string path)
    {
        AgentId agent = Id(id, path, static v => new AgentId(v));
        return _agents.TryGetValue(agent, out AgentRecord? record)
            ? record
            : throw Refuse(path, $"agent '{agent}' is not on the document's roster ($.agents); refer only to agents listed there.");
    }

    private ConversationRecord Conversation(string? id, string path)
    {
        ConversationId conversation = Id(id, path, static v => new ConversationId(v));
        return _conversations.TryGetValue(conversation, out ConversationRecord? record)
            ? record
            : throw Refuse(path, $"conversation '{conversation}' is not among the document's conversations ($.conversations); refer only to conversations listed there.");
    }
}
