using System.Collections.Immutable;
using System.Runtime.InteropServices;

namespace RoutingCore.Engine;

/// <summary>The public lifecycle operations: submit, answer offers, hand back, transfer, messages, close.</summary>
internal sealed partial class DefaultRoutingEngine
{
    private readonly Dictionary<ConversationId, ConversationSnapshot> _closed = [];
    private readonly Queue<ConversationId> _closedOrder = new();

    public ConversationSnapshot Submit(ConversationRequest conversation)
    {
        InputValidation.ValidateRequest(conversation, nameof(conversation));
        ConversationSnapshot result;
        using (EnterGate())
        {
            EnsureNew(conversation);
            DateTimeOffset now = Now();
            (SkillId? skill, RoutingEventReason how) = SelectSkill(conversation);
            SkillId? fellBackFrom = null;
            if (skill is { } chosen)
            {
                SkillId? fallback = SettingsOf(chosen).Fallback ?? _lifecycle.Fallback;
                if (!HasHolders(chosen))
                {
                    switch (_lifecycle.UnassignedPolicy)
                    {
                        case UnassignedSkillPolicy.Unassigned:
                            skill = null;
                            how = RoutingEventReason.UnassignedSkill;
                            break;
                        case UnassignedSkillPolicy.Fallback when fallback is { } target && target != chosen && HasHolders(target):
                            skill = target;
                            fellBackFrom = chosen;
                            break;
                    }
                }
                else if (fallback is { } target && target != chosen && !AnyOnline(chosen) && AnyOnline(target))
                {
                    skill = target;
                    fellBackFrom = chosen;
                }
            }

            var record = new ConversationRecord(conversation, skill, _nextSequence++, (conversation.CreatedAt ?? now) + _lifecycle.SlaFor(conversation));
            _closed.Remove(conversation.Id);
            _conversations.Add(conversation.Id, record);
            Publish(RoutingEventKind.Submitted, now, record, null, skill, fellBackFrom is null ? how : RoutingEventReason.FallbackSkill);
            if (fellBackFrom is { } original)
            {
                Publish(RoutingEventKind.FellBack, now, record, null, skill, RoutingEventReason.FallbackSkill, null, $"from skill '{original}'");
            }

            Route(record, now, RoutingEventReason.NoAgentAvailable);
            Settle(now);
            result = SnapshotOf(record);
        }

        DeliverEvents();
        return result;
    }

    public void Assign(ConversationRequest conversation, AgentId agent)
    {
        InputValidation.ValidateRequest(conversation, nameof(conversation));
        RequireId(agent.IsEmpty, nameof(agent), "agent");
        using (EnterGate())
        {
            EnsureNew(conversation);
            AgentRecord record = FindAgent(agent, nameof(agent));
            DateTimeOffset now = Now();
            if (record.State != AgentState.Online)
            {
                throw new RoutingOperationException(RoutingErrorCode.AgentNotOnline, $"Agent '{agent}' is {record.State}; only online agents receive conversations.");
            }

            ulong mask = MediaMaskOf(conversation.Media, out MediaType? unknown);
            if (unknown is not null || (record.MediaMask & mask) != mask)
            {
                throw new RoutingOperationException(RoutingErrorCode.WrongMedia, $"Agent '{agent}' does not handle media '{FirstMissingMedia(record, conversation.Media)}' of conversation '{conversation.Id}'.");
            }

            RefreshLoadIfDue(record, now);
            double cost = CostFor(record, conversation, mask);
            if (record.Committed + cost > record.Limit + CapacityTolerance)
            {
                throw new RoutingOperationException(RoutingErrorCode.NoCapacity, CapacityDetail(record, cost, $"Agent '{agent}' has no capacity for conversation '{conversation.Id}': "));
            }

            var assigned = new ConversationRecord(conversation, conversation.Skill, _nextSequence++, (conversation.CreatedAt ?? now) + _lifecycle.SlaFor(conversation));
            _closed.Remove(conversation.Id);
            _conversations.Add(conversation.Id, assigned);
            AssignTo(assigned, record, now);
            Publish(RoutingEventKind.Assigned, now, assigned, record, assigned.Skill, RoutingEventReason.None);
            Settle(now);
        }

        DeliverEvents();
    }

    public void Accept(ConversationId conversation, AgentId agent)
    {
        RequireId(conversation.IsEmpty, nameof(conversation), "conversation");
        RequireId(agent.IsEmpty, nameof(agent), "agent");
        using (EnterGate())
        {
            Offer offer = PendingOffer(conversation, agent, "accept");
            (ConversationRecord record, AgentRecord agentRecord) = (offer.Conversation, offer.Agent);
            DateTimeOffset now = Now();
            RefreshLoadIfDue(agentRecord, now);
            double others = agentRecord.Committed - (record.Exclusive == offer ? offer.Cost : 0);
            if (others + offer.Cost > agentRecord.Limit + CapacityTolerance)
            {
                throw new RoutingOperationException(RoutingErrorCode.NoCapacity, CapacityDetail(agentRecord, offer.Cost, $"Agent '{agent}' cannot accept conversation '{conversation}' now: "));
            }

            Publish(RoutingEventKind.Accepted, now, record, agentRecord, record.Skill, RoutingEventReason.None, offer.Step);
            RecordTakenByGroup(record);
            RemoveOffer(offer);
            WithdrawConversationOffers(record, now, RoutingEventReason.AcceptedByAnother, ConversationState.Assigned);
            UpdateExclusive(record, now);
            AssignTo(record, agentRecord, now);
            Settle(now);
        }

        DeliverEvents();
    }

    public void Decline(ConversationId conversation, AgentId agent)
    {
        RequireId(conversation.IsEmpty, nameof(conversation), "conversation");
        RequireId(agent.IsEmpty, nameof(agent), "agent");
        using (EnterGate())
        {
            Offer offer = PendingOffer(conversation, agent, "decline");
            (ConversationRecord record, AgentRecord agentRecord) = (offer.Conversation, offer.Agent);
            DateTimeOffset now = Now();
            RemoveOffer(offer);
            (record.Excluded ??= []).Add(agentRecord);
            (record.PastOffers ??= [])[agentRecord] = RoutingErrorCode.AlreadyDeclined;
            agentRecord.Declines++;
            agentRecord.ConsecutiveIgnored = 0;
            Publish(RoutingEventKind.Declined, now, record, agentRecord, record.Skill, RoutingEventReason.None, offer.Step);
            UpdateExclusive(record, now);
            if (record.Offers.Count == 0)
            {
                AdvanceStep(record, now);
            }

            Settle(now);
        }

        DeliverEvents();
    }

    public void ReturnToQueue(ConversationId conversation)
    {
        RequireId(conversation.IsEmpty, nameof(conversation), "conversation");
        using (EnterGate())
        {
            ConversationRecord record = FindAssigned(conversation, "return it to the queue");
            DateTimeOffset now = Now();
            AgentRecord agent = record.Agent!;
            Unassign(record, now);
            (record.Excluded ??= []).Add(agent);
            Publish(RoutingEventKind.ReturnedToQueue, now, record, agent, record.Skill, RoutingEventReason.ReturnedByAgent);
            Route(record, now, RoutingEventReason.ReturnedByAgent);
            Settle(now);
        }

        DeliverEvents();
    }

    public void Transfer(ConversationId conversation, SkillId skill)
    {
        RequireId(conversation.IsEmpty, nameof(conversation), "conversation");
        RequireId(skill.IsEmpty, nameof(skill), "skill");
        using (EnterGate())
        {
            ConversationRecord record = FindConversation(conversation, nameof(conversation));
            if (!_skills.ContainsKey(skill) && !_lifecycle.ConfiguredSkills.Contains(skill))
            {
                IEnumerable<string> known = _skills.Keys.Concat(_lifecycle.ConfiguredSkills).Select(s => s.Value).Distinct().Order(StringComparer.Ordinal);
                throw new ArgumentException($"Skill '{skill}' is unknown: no agent on the roster holds it and RoutingOptions.Skills does not configure it. Known skills: {string.Join(", ", known)}.", nameof(skill));
            }

            record = FindAssigned(conversation, "transfer it");
            DateTimeOffset now = Now();
            AgentRecord agent = record.Agent!;
            Unassign(record, now);
            (record.Excluded ??= []).Add(agent);
            record.Skill = skill;
            record.Group = record.Target = null; // transferred out: a distribution of the new skill chooses afresh
            record.MaxWaitToken = 0;
            Publish(RoutingEventKind.Transferred, now, record, agent, skill, RoutingEventReason.None);
            Route(record, now, RoutingEventReason.Transferred);
            Settle(now);
        }

        DeliverEvents();
    }

    public void ReportMessage(ConversationId conversation, MessageAuthor author, DateTimeOffset? at = null)
    {
        RequireId(conversation.IsEmpty, nameof(conversation), "conversation");
        if (author is not (MessageAuthor.Consumer or MessageAuthor.Agent))
        {
            throw new ArgumentOutOfRangeException(nameof(author), author, $"Message author {(int)author} is not defined; use MessageAuthor.Consumer or MessageAuthor.Agent.");
        }

        using (EnterGate())
        {
            ConversationRecord record = FindConversation(conversation, nameof(conversation));
            DateTimeOffset now = Now();
            DateTimeOffset when = at ?? now;
            if (when > now)
            {
                throw new ArgumentOutOfRangeException(nameof(at), when, $"A message time must not be in the future (now is {now:O}).");
            }

            if (record.State == ConversationState.Assigned && when < record.AssignedAt)
            {
                throw new ArgumentOutOfRangeException(nameof(at), when, $"A message time must not be before conversation '{conversation}' was assigned ({record.AssignedAt:O}).");
            }

            if (author == MessageAuthor.Consumer)
            {
                record.LastConsumerMessageAt = Later(record.LastConsumerMessageAt, when);
            }
            else
            {
                record.LastAgentMessageAt = Later(record.LastAgentMessageAt, when);
            }

            if (record.State == ConversationState.Assigned)
            {
                AgentRecord agent = record.Agent!;
                double before = agent.Committed;
                RefreshLoad(agent, now);
                if (agent.Committed > before + CapacityTolerance)
                {
                    _toPrune.Enqueue(agent);
                }
                else if (agent.Committed < before - CapacityTolerance)
                {
                    MarkFreed(agent, RoutingEventReason.ConversationInactive);
                }

                if (author == MessageAuthor.Consumer)
                {
                    ScheduleAutoClose(record, now);
                }
            }
            else if (record.State == ConversationState.Dormant && author == MessageAuthor.Consumer)
            {
                record.SlaDue = now + _lifecycle.SlaFor(record.Request);
                record.Excluded = null;
                record.PastOffers = null;
                Publish(RoutingEventKind.Woken, now, record, null, record.Skill, RoutingEventReason.ConsumerReturned);
                Route(record, now, RoutingEventReason.ConsumerReturned);
            }

            Settle(now);
        }

        DeliverEvents();
    }

    public void Close(ConversationId conversation)
    {
        RequireId(conversation.IsEmpty, nameof(conversation), "conversation");
        using (EnterGate())
        {
            ConversationRecord record = FindConversation(conversation, nameof(conversation));
            DateTimeOffset now = Now();
            AgentRecord? agent = record.Agent;
            switch (record.State)
            {
                case ConversationState.Offered:
                    WithdrawConversationOffers(record, now, RoutingEventReason.ConversationClosed, ConversationState.Closed);
                    break;
                case ConversationState.Waiting:
                    RemoveFromQueue(record, now, RoutingEventKind.Closed);
                    break;
                case ConversationState.Assigned:
                    Unassign(record, now);
                    break;
            }

            record.State = ConversationState.Closed;
            record.StepToken = 0;
            _conversations.Remove(conversation);
            RememberClosed(record);
            Publish(RoutingEventKind.Closed, now, record, agent, record.Skill, RoutingEventReason.None);
            Settle(now);
        }

        DeliverEvents();
    }

    public ConversationSnapshot GetConversation(ConversationId conversation)
    {
        RequireId(conversation.IsEmpty, nameof(conversation), "conversation");
        using (EnterGate())
        {
            DateTimeOffset now = Now();
            return AfterRead(_closed.TryGetValue(conversation, out ConversationSnapshot? closed) && !_conversations.ContainsKey(conversation)
                ? closed
                : SnapshotOf(FindConversation(conversation, nameof(conversation))));
        }
    }

    public ImmutableArray<WaitingConversation> GetWaitingConversations(SkillId? skill = null)
    {
        if (skill is { IsEmpty: true })
        {
            throw new ArgumentException("The skill id is empty (default); pass a skill id, or null for every waiting conversation.", nameof(skill));
        }

        using (EnterGate())
        {
            DateTimeOffset now = Now();
            var result = new List<WaitingConversation>(_waitingCount);
            if (skill is { } only)
            {
                if (_waitingBySkill.TryGetValue(only, out List<ConversationRecord>? queue))
                {
                    result.AddRange(queue.Select(c => c.Waiting!));
                }
            }
            else
            {
                result.AddRange(_waitingAny.Select(c => c.Waiting!));
                foreach (List<ConversationRecord> queue in _waitingBySkill.Values)
                {
                    result.AddRange(queue.Select(c => c.Waiting!));
                }
            }

            WaitingConversation[] ordered = [.. result];
            Array.Sort(ordered, (x, y) => _ordering.Compare(x, y, now));
            return AfterRead(ImmutableCollectionsMarshal.AsImmutableArray(ordered));
        }
    }

    public void ConfigureWorkload(SkillId skill, Workload.WorkloadDistribution? distribution)
    {
        RequireId(skill.IsEmpty, nameof(skill), "skill");
        using (EnterGate())
        {
            if (distribution is null)
            {
                _splitter.Remove(skill);
                _maxWait.Remove(skill);
                return;
            }

            var known = new HashSet<AgentGroupId>(_declaredGroups);
            foreach (AgentRecord agent in _roster)
            {
                known.UnionWith(agent.Profile.Groups);
            }

            AgentGroupId[] unknown = [.. distribution.Primary.Concat(distribution.Secondary).Select(s => s.Group).Where(g => !known.Contains(g))];
            if (unknown.Length > 0)
            {
                throw new ArgumentException(
                    $"The workload distribution of skill '{skill}' names unknown agent group(s) {string.Join(", ", unknown.Select(g => $"'{g}'"))}; use groups declared in RoutingOptions.AgentGroups or held by agents on the roster: {string.Join(", ", known.Select(g => g.Value).Order(StringComparer.Ordinal))}.",
                    nameof(distribution));
            }

            _splitter.Configure(skill, distribution);
            if (distribution.MaxWait is { } wait)
            {
                _maxWait[skill] = wait;
            }
            else
            {
                _maxWait.Remove(skill);
            }
        }
    }

    public Workload.WorkloadReport GetWorkloadReport(SkillId skill)
    {
        RequireId(skill.IsEmpty, nameof(skill), "skill");
        using (EnterGate())
        {
            return _splitter.IsConfigured(skill)
                ? _splitter.GetReport(skill)
                : throw new ArgumentException($"Skill '{skill}' has no workload distribution; configure one in RoutingOptions.Skills['{skill}'].Workload or with ConfigureWorkload.", nameof(skill));
        }
    }

    /// <summary>Counts an accepted conversation for the group that took it, when its skill's distribution still lists that group.</summary>
    private void RecordTakenByGroup(ConversationRecord conversation)
    {
        if (conversation.Target is not { } group || conversation.Skill is not { } skill || !_splitter.IsConfigured(skill))
        {
            return;
        }

        bool cascaded = group != conversation.Group;
        try
        {
            _splitter.RecordTaken(skill, group, cascaded, turnTaken: !cascaded);
        }
        catch (ArgumentException)
        {
            // The distribution changed at run time and no longer lists the group: nothing to count it against.
        }
    }

    private void EnsureNew(ConversationRequest conversation)
    {
        if (_conversations.TryGetValue(conversation.Id, out ConversationRecord? existing))
        {
            throw new ArgumentException($"Conversation '{conversation.Id}' is already known to the engine ({existing.State}); a conversation id is used once until it is closed.", nameof(conversation));
        }
    }

    private (SkillId? Skill, RoutingEventReason How) SelectSkill(ConversationRequest conversation)
    {
        if (conversation.Skill is { } named)
        {
            return (named, RoutingEventReason.ExplicitSkill);
        }

        foreach (SkillRule rule in _lifecycle.Rules)
        {
            if (rule.Matches(conversation.Attributes))
            {
                return (rule.Skill, RoutingEventReason.SkillRule);
            }
        }

        if (_lifecycle.DefaultSkill is { } defaultSkill)
        {
            return (defaultSkill, RoutingEventReason.DefaultSkill);
        }

        return (null, RoutingEventReason.AnyAgent);
    }

    private bool HasHolders(SkillId skill) => _skills.TryGetValue(skill, out SkillIndex? index) && index.Count > 0;

    private bool AnyOnline(SkillId skill)
    {
        if (!_skills.TryGetValue(skill, out SkillIndex? index))
        {
            return false;
        }

        for (int i = 0; i < index.Count; i++)
        {
            if (index.Members[i].State == AgentState.Online)
            {
                return true;
            }
        }

        return false;
    }

    private ConversationRecord FindAssigned(ConversationId conversation, string action)
    {
        ConversationRecord record = FindConversation(conversation, nameof(conversation));
        return record.State == ConversationState.Assigned
            ? record
            : throw new RoutingOperationException(RoutingErrorCode.NotAssigned, $"Conversation '{conversation}' is {record.State}, not assigned; only an assigned conversation's agent can {action}.");
    }

    private Offer PendingOffer(ConversationId conversation, AgentId agent, string action)
    {
        ConversationRecord record = FindConversation(conversation, nameof(conversation));
        AgentRecord agentRecord = FindAgent(agent, nameof(agent));
        foreach (Offer offer in agentRecord.Offers)
        {
            if (offer.Conversation == record)
            {
                return offer;
            }
        }

        throw NoOffer(record, agentRecord, action);
    }

    private static RoutingOperationException NoOffer(ConversationRecord conversation, AgentRecord agent, string action)
    {
        string id = conversation.Request.Id.Value;
        string who = agent.Profile.Id.Value;
        if (conversation.Agent == agent)
        {
            return new RoutingOperationException(RoutingErrorCode.AlreadyAccepted, $"Agent '{who}' cannot {action} conversation '{id}': it already accepted it, and the conversation is assigned to it.");
        }

        if (conversation.PastOffers is { } past && past.TryGetValue(agent, out RoutingErrorCode code))
        {
            if (code == RoutingErrorCode.AlreadyDeclined)
            {
                return new RoutingOperationException(code, $"Agent '{who}' cannot {action} conversation '{id}': it already declined it, and is not offered it again.");
            }

            string now = conversation.State == ConversationState.Assigned
                ? $"the conversation is assigned to '{conversation.Agent!.Profile.Id}'"
                : $"the conversation is now {conversation.State}";
            return new RoutingOperationException(code, $"Agent '{who}' cannot {action} conversation '{id}': its offer was withdrawn ({now}).");
        }

        if (conversation.Excluded?.Contains(agent) == true)
        {
            return new RoutingOperationException(RoutingErrorCode.NotOffered, $"Agent '{who}' cannot {action} conversation '{id}': it handed the conversation back (returned or transferred it), and is not offered it again.");
        }

        string pending = conversation.Offers.Count == 0
            ? $"it is {conversation.State}"
            : $"it is offered to {string.Join(", ", conversation.Offers.Select(o => o.Agent.Profile.Id.Value))}";
        return new RoutingOperationException(RoutingErrorCode.NotOffered, $"Agent '{who}' cannot {action} conversation '{id}': it was never offered it ({pending}); only an agent holding a pending offer can {action} it.");
    }

    private void RememberClosed(ConversationRecord record)
    {
        _closed[record.Request.Id] = SnapshotOf(record);
        _closedOrder.Enqueue(record.Request.Id);
        while (_closedOrder.Count > RoutingDefaults.ClosedConversationMemory)
        {
            ConversationId oldest = _closedOrder.Dequeue();
            if (_closed.TryGetValue(oldest, out ConversationSnapshot? snapshot) && snapshot.State == ConversationState.Closed && !_conversations.ContainsKey(oldest))
            {
                _closed.Remove(oldest);
            }
        }
    }
}
