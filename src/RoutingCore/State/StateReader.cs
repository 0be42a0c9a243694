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
    private readonly DocumentIndex _index = new();
    private readonly InternTable _media = EngineContext.NewMediaTable();
    private readonly InternTable _tags = EngineContext.NewTagTable();
    private readonly GroupBitTable _groups = new();
    private DateTimeOffset _savedAt;
    private List<AgentRecord> _roster = [];

    /// <summary>Whether the document is of format version 1 (past offers, consumer history and closed memory one object per entry).</summary>
    private bool Version1 => document.FormatVersion == 1;

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

        List<AgentRecord> roster = _roster = ReadAgents(Required(document.Agents, "$.agents"), counters);
        foreach (AgentRecord agent in roster)
        {
            AgentRoster.IndexSkills(agent, skills);
        }

        List<ConversationRecord> conversations = ReadConversations(Required(document.Conversations, "$.conversations"), counters);
        LinkAgents(roster, document.Agents);
        StateDerived.Recompute(roster, load, _savedAt);
        (List<ConversationRecord> any, List<KeyValuePair<SkillId, List<ConversationRecord>>> bySkill, int waiting) = ReadQueues(Required(document.Queues, "$.queues"));
        List<(TimerItem Item, long Due, long Sequence)> timers = StateTimers.Read(Required(document.Timers, "$.timers"), counters, roster, _index, _savedAt);
        long timerSequence = StateDerived.ScheduleLoadChecks(roster, timers, counters.NextTimerSequence);
        List<KeyValuePair<SkillId, WorkloadSkillState>> workload = StateSections.ReadWorkload(Required(document.Workload, "$.workload"), roster, declaredGroups);
        StateSections.LinkOpenTurns(conversations, document.Conversations, workload);
        return new RestoredState
        {
            Media = _media,
            Tags = _tags,
            Groups = _groups,
            History = Version1
                ? StateSections.ReadHistory(Required(document.ConsumerHistory, "$.consumerHistory"))
                : StateColumns.ReadHistory(Required(document.History, "$.history")),
            Roster = roster,
            Skills = [.. skills],
            Conversations = conversations,
            WaitingAny = any,
            WaitingBySkill = bySkill,
            WaitingCount = waiting,
            Workload = workload,
            Counters = counters,
            SavedAt = _savedAt,
            Timers = timers,
            NextTimerSequence = timerSequence,
            Closed = Version1
                ? StateSections.ReadClosed(document.RecentlyClosed, _index.Conversations)
                : StateColumns.ReadClosed(document.Closed, _index.Conversations),
            Retries = StateRetries.Read(document.Retries, _index.Agents, _index.Conversations),
        };
    }

    private static StateCounters ReadCounters(StateCounters counters)
    {
        Count(counters.NextAgentOrder, "$.counters.nextAgentOrder");
        Count(counters.NextConversationSequence, "$.counters.nextConversationSequence");
        Count(counters.NextToken, "$.counters.nextToken");
        Count(counters.NextTimerSequence, "$.counters.nextTimerSequence");
        Count(counters.LastEventSequence, "$.counters.lastEventSequence");
        Count(counters.LastCommandSequence, "$.counters.lastCommandSequence");
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
            AgentProfile profile = StateSections.ReadProfile(Required(dto.Profile, path + ".profile"), path + ".profile");
            if (_index.Agents.ContainsKey(profile.Id))
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
            _index.Agents.Add(profile.Id, agent);
            roster.Add(agent);
        }

        return roster;
    }

    private List<ConversationRecord> ReadConversations(ConversationDto[] conversations, StateCounters counters)
    {
        var result = new List<ConversationRecord>(conversations.Length);
        var sequences = new HashSet<long>();
        for (int i = 0; i < conversations.Length; i++)
        {
            string path = $"$.conversations[{i}]";
            ConversationDto dto = Required(conversations[i], path);
            ConversationRequest request = StateSections.ReadRequest(Required(dto.Request, path + ".request"), path + ".request");
            if (_index.Conversations.ContainsKey(request.Id))
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
                OpenedAt = dto.OpenedAt ?? dto.AssignedAt ?? dto.QueuedAt ?? _savedAt,
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
            StateOffers.Read(record, dto, path, _index.RosterAgent, load, _savedAt);
            record.Excluded = dto.Excluded is { } excluded ? StateOffers.ReadExcluded(excluded, _index.Agents, path + ".excluded") : null;
            record.PastOffers = Version1
                ? dto.PastOffers is { } entries ? StateOffers.ReadPastOffers(entries, _index.Agents, record.Excluded, path + ".pastOffers") : null
                : dto.Past is { } past ? StateColumns.ReadPast(past, _roster, record.Excluded, path + ".past") : null;
            if (dto.State == ConversationState.Waiting)
            {
                DateTimeOffset queuedAt = dto.QueuedAt ?? throw Refuse(path + ".queuedAt", $"conversation '{request.Id}' is Waiting but has no queuedAt; a waiting conversation records when it was queued.");
                record.Waiting = record.ViewQueuedAt(queuedAt);
            }
            else if (dto.QueuedAt is not null || dto.RetryToken != 0)
            {
                throw Refuse(path + ".queuedAt", $"conversation '{request.Id}' is {dto.State} but has queue data (queuedAt or retryToken); only a Waiting conversation has them.");
            }

            _index.Conversations.Add(request.Id, record);
            _index.Positions.Add(request.Id, i);
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

        if (dto.OpenedAt is { } opened)
        {
            EngineTime(opened, _savedAt, path + ".openedAt");
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

        record.Agent = _index.RosterAgent(dto.Agent, path + ".agent");
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
                ConversationRecord conversation = _index.Conversation(conversations[c], $"{path}.conversations[{c}]");
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
                ConversationRecord conversation = _index.Conversation(offers[o], $"{path}.offers[{o}]");
                Offer? offer = conversation.FindOffer(agent);
                if (offer is null || agent.Offers.Contains(offer))
                {
                    throw Refuse($"{path}.offers[{o}]", $"agent '{agent.Profile.Id}' lists an offer of conversation '{offers[o]}', which the conversation does not list (or it is listed twice); both sides list each pending offer once.");
                }

                agent.Offers.Add(offer);
            }

            offerCount += offers.Length;
        }

        foreach (ConversationRecord conversation in _index.Conversations.Values)
        {
            string path = $"$.conversations[{_index.Positions[conversation.Request.Id]}]";
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
                ConversationRecord conversation = _index.Conversation(ids[c], $"{path}.conversations[{c}]");
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

        foreach (ConversationRecord conversation in _index.Conversations.Values)
        {
            if (conversation.State == ConversationState.Waiting && !queued.Contains(conversation))
            {
                throw Refuse($"$.conversations[{_index.Positions[conversation.Request.Id]}].state", $"conversation '{conversation.Request.Id}' is Waiting but no queue lists it; every waiting conversation is in the queue of its skill.");
            }
        }

        return (any ?? [], bySkill, queued.Count);
    }
}
