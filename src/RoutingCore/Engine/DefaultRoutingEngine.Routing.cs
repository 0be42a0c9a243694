using System.Collections.Immutable;
using TimerKind = RoutingCore.State.StateTimerKind;

namespace RoutingCore.Engine;

/// <summary>
/// The conversation lifecycle inside the lock: offers step by step, reservations of exclusive offers, the waiting queue
/// and dispatch when capacity frees. Every public operation ends with <see cref="Settle"/>, which withdraws offers that
/// no longer fit and feeds agents whose capacity freed, until nothing is left to do.
/// </summary>
internal sealed partial class DefaultRoutingEngine
{
    private readonly Dictionary<SkillId, List<ConversationRecord>> _waitingBySkill = [];
    private readonly List<ConversationRecord> _waitingAny = [];
    private int _waitingCount;
    private readonly Queue<AgentRecord> _toPrune = new();
    private readonly Queue<(AgentRecord Agent, RoutingEventReason Reason)> _toFeed = new();
    private readonly List<ConversationRecord> _feedScratch = [];
    private long _nextSequence;

    /// <summary>
    /// Runs the follow-up work of an operation: withdraw offers that no longer fit, feed freed agents; runs timer work that
    /// came due during the operation; then re-arms the timer.
    /// </summary>
    private void Settle(DateTimeOffset now)
    {
        SettleCore(now);
        while (_timerDeferred && !_disposed)
        {
            RunDueTimers(); // settles each item and re-arms the timer
        }
    }

    private void SettleCore(DateTimeOffset now)
    {
        while (true)
        {
            if (_toPrune.TryDequeue(out AgentRecord? crowded))
            {
                WithdrawUnfitOffers(crowded, now);
            }
            else if (_toFeed.TryDequeue(out (AgentRecord Agent, RoutingEventReason Reason) freed))
            {
                FeedAgent(freed.Agent, now, freed.Reason);
            }
            else
            {
                break;
            }
        }

        ArmTimer(now);
    }

    private void MarkFreed(AgentRecord agent, RoutingEventReason reason)
    {
        if (agent.State == AgentState.Online && !agent.Removed)
        {
            _toFeed.Enqueue((agent, reason));
        }
    }

    /// <summary>Routes a conversation that has no agent and no offer: offers it to the plan's first step, or queues it.</summary>
    private void Route(ConversationRecord conversation, DateTimeOffset now, RoutingEventReason queueReason)
    {
        if (conversation.Skill is { } skill && _splitter.IsConfigured(skill))
        {
            RouteByGroup(conversation, skill, now, queueReason);
            return;
        }

        conversation.Group = conversation.Target = null;
        RoutingPlan plan = PlanFor(conversation, null, now);
        if (plan.HasAgents)
        {
            StartOffers(conversation, plan, now);
        }
        else
        {
            Enqueue(conversation, now, queueReason);
        }
    }

    private RoutingPlan PlanFor(ConversationRecord conversation, AgentGroupId? group, DateTimeOffset now) =>
        PlanCore(conversation.Request, conversation.Skill, now, explanation: null, conversation.Excluded, group);

    /// <summary>
    /// A skill with a workload distribution: the conversation keeps the primary group chosen for it; when that group
    /// cannot take it (or its maximum wait has passed) it cascades to the secondary groups, best-owed first; when none can
    /// either, it waits for its primary group.
    /// </summary>
    private void RouteByGroup(ConversationRecord conversation, SkillId skill, DateTimeOffset now, RoutingEventReason queueReason)
    {
        if (conversation.Group is null)
        {
            AgentGroupId primary = _splitter.TakePrimaryTurn(skill);
            conversation.Group = primary;
            conversation.MaxWaitPassed = false;
            if (MaxWaitOf(skill) is { } maxWait)
            {
                conversation.MaxWaitToken = NewToken();
                Schedule(TimerKind.MaxWait, conversation, conversation.MaxWaitToken, now + maxWait);
            }
        }

        RoutingPlan primaryPlan = PlanFor(conversation, conversation.Group, now);
        if (!primaryPlan.HasAgents || conversation.MaxWaitPassed)
        {
            RoutingEventReason why = conversation.MaxWaitPassed ? RoutingEventReason.MaxWaitPassed : RoutingEventReason.PrimaryGroupUnavailable;
            if (TryCascade(conversation, skill, now, why, agent: null))
            {
                return;
            }
        }

        conversation.Target = conversation.Group;
        if (primaryPlan.HasAgents)
        {
            StartOffers(conversation, primaryPlan, now);
        }
        else
        {
            Enqueue(conversation, now, queueReason);
        }
    }

    /// <summary>Offers the conversation to the best-owed secondary group that can take it (or that <paramref name="agent"/> belongs to).</summary>
    private bool TryCascade(ConversationRecord conversation, SkillId skill, DateTimeOffset now, RoutingEventReason why, AgentRecord? agent)
    {
        Span<AgentGroupId> ranked = _rankScratch;
        int count = _splitter.RankSecondaries(skill, ranked);
        for (int i = 0; i < count; i++)
        {
            AgentGroupId secondary = ranked[i];
            if (agent is not null && !agent.Profile.Groups.Contains(secondary))
            {
                continue;
            }

            RoutingPlan plan = PlanFor(conversation, secondary, now);
            if (plan.HasAgents)
            {
                if (conversation.State == ConversationState.Waiting)
                {
                    RemoveFromQueue(conversation, now);
                    Publish(RoutingEventKind.Dispatched, now, conversation, null, conversation.Skill, why);
                }

                conversation.Target = secondary;
                Publish(RoutingEventKind.Cascaded, now, conversation, null, conversation.Skill, why, null, $"from group '{conversation.Group}' to '{secondary}'");
                StartOffers(conversation, plan, now);
                return true;
            }
        }

        return false;
    }

    private TimeSpan? MaxWaitOf(SkillId skill) => _maxWait.TryGetValue(skill, out TimeSpan wait) ? wait : null;

    /// <summary>A distributed conversation's maximum wait passed before anyone accepted it: from now on it may cascade.</summary>
    private void OnMaxWait(ConversationRecord conversation, DateTimeOffset now)
    {
        conversation.MaxWaitPassed = true;
        if (conversation.State == ConversationState.Waiting && conversation.Skill is { } skill && _splitter.IsConfigured(skill))
        {
            TryCascade(conversation, skill, now, RoutingEventReason.MaxWaitPassed, agent: null);
        }
    }

    private void StartOffers(ConversationRecord conversation, RoutingPlan plan, DateTimeOffset now)
    {
        conversation.State = ConversationState.Offered;
        conversation.Plan = plan;
        conversation.Step = -1;
        AdvanceStep(conversation, now);
    }

    /// <summary>Offers the next step (skipping steps whose agents can no longer take it); after the last, queues the conversation.</summary>
    private void AdvanceStep(ConversationRecord conversation, DateTimeOffset now)
    {
        RoutingPlan plan = conversation.Plan!;
        while (true)
        {
            int step = conversation.Step + 1;
            if (step >= plan.Steps.Length)
            {
                Exhaust(conversation, now);
                return;
            }

            conversation.Step = step;
            ulong mask = MediaMaskOf(conversation.Request.Media, out _);
            foreach (PlannedAgent planned in plan.Steps[step].Agents)
            {
                if (!_agents.TryGetValue(planned.Agent, out AgentRecord? agent)
                    || agent.State != AgentState.Online
                    || conversation.IsExcluded(agent)
                    || HasOffer(agent, conversation)
                    || !CanServe(agent, conversation))
                {
                    continue;
                }

                RefreshLoadIfDue(agent, now);
                double cost = CostFor(agent, conversation.Request, mask);
                if (agent.Committed + cost > agent.Limit + CapacityTolerance)
                {
                    continue;
                }

                var offer = new Offer(conversation, agent, step, now, cost);
                conversation.Offers.Add(offer);
                agent.Offers.Add(offer);
                Publish(RoutingEventKind.Offered, now, conversation, agent, conversation.Skill, RoutingEventReason.None, step);
            }

            UpdateExclusive(conversation, now);
            if (conversation.Offers.Count > 0)
            {
                conversation.StepToken = NewToken();
                Schedule(TimerKind.Step, conversation, conversation.StepToken, now + plan.StepDelay);
                return;
            }
        }
    }

    /// <summary>A step's delay passed: record the timeouts (and forced pauses), then add the next step.</summary>
    private void OnStepElapsed(ConversationRecord conversation, DateTimeOffset now)
    {
        long token = conversation.StepToken;
        TimeSpan delay = conversation.Plan!.StepDelay;
        foreach (Offer offer in conversation.Offers.ToArray())
        {
            if (offer.TimedOut || offer.OfferedAt + delay > now || !offer.Agent.Offers.Contains(offer))
            {
                continue;
            }

            offer.TimedOut = true;
            AgentRecord agent = offer.Agent;
            agent.Timeouts++;
            Publish(RoutingEventKind.OfferTimedOut, now, conversation, agent, conversation.Skill, RoutingEventReason.None, offer.Step);
            // Forced pause counts offers the agent held alone for a whole step delay: a starred offer, or one left to it
            // alone long enough. An offer that turned exclusive a moment ago (others withdrawn) does not count.
            if (conversation.Exclusive == offer && offer.ExclusiveSince + delay <= now)
            {
                agent.ConsecutiveIgnored++;
                if (_lifecycle.ForcedPause && agent.ConsecutiveIgnored >= _lifecycle.IgnoredBeforePause)
                {
                    Publish(RoutingEventKind.AgentPaused, now, null, agent, null, RoutingEventReason.ForcedPause, null,
                        $"{agent.ConsecutiveIgnored} exclusive offer(s) ignored in a row");
                    agent.ConsecutiveIgnored = 0;
                    ChangeState(agent, AgentState.Paused, now, RoutingEventReason.ForcedPause);
                }
            }
        }

        if (conversation.State == ConversationState.Offered && conversation.StepToken == token)
        {
            AdvanceStep(conversation, now);
        }
    }

    /// <summary>Every step passed without an acceptance: withdraw what is left, queue, and retry after one step delay.</summary>
    private void Exhaust(ConversationRecord conversation, DateTimeOffset now)
    {
        TimeSpan delay = conversation.Plan!.StepDelay;
        WithdrawConversationOffers(conversation, now, RoutingEventReason.StepsExhausted, ConversationState.Waiting);
        Enqueue(conversation, now, RoutingEventReason.StepsExhausted);
        if (conversation.MaxWaitPassed && conversation.Skill is { } skill && _splitter.IsConfigured(skill)
            && TryCascade(conversation, skill, now, RoutingEventReason.MaxWaitPassed, agent: null))
        {
            return;
        }

        conversation.RetryToken = NewToken();
        Schedule(TimerKind.Retry, conversation, conversation.RetryToken, now + delay);
    }

    private void Withdraw(Offer offer, DateTimeOffset now, RoutingEventReason reason, bool advance)
    {
        ConversationRecord conversation = offer.Conversation;
        AgentRecord agent = offer.Agent;
        RemoveOffer(offer);
        (conversation.PastOffers ??= [])[agent] = RoutingErrorCode.OfferWithdrawn;
        Publish(RoutingEventKind.OfferWithdrawn, now, conversation, agent, conversation.Skill, reason, offer.Step);
        UpdateExclusive(conversation, now);
        if (advance && conversation.State == ConversationState.Offered && conversation.Offers.Count == 0)
        {
            AdvanceStep(conversation, now);
        }
    }

    private static bool HasOffer(AgentRecord agent, ConversationRecord conversation)
    {
        foreach (Offer offer in agent.Offers)
        {
            if (offer.Conversation == conversation)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Takes an offer out of both lists; the conversation's list is searched from its end, where withdrawals take from.</summary>
    private static void RemoveOffer(Offer offer)
    {
        List<Offer> offers = offer.Conversation.Offers;
        int index = offers.LastIndexOf(offer);
        if (index >= 0)
        {
            offers.RemoveAt(index);
        }

        offer.Agent.Offers.Remove(offer);
    }

    /// <summary>Withdraws every pending offer of a conversation that leaves the offered state for <paramref name="next"/>.</summary>
    private void WithdrawConversationOffers(ConversationRecord conversation, DateTimeOffset now, RoutingEventReason reason, ConversationState next)
    {
        conversation.State = next; // no offer left behind becomes exclusive on the way
        while (conversation.Offers.Count > 0)
        {
            Withdraw(conversation.Offers[^1], now, reason, advance: false);
        }
    }

    private void WithdrawAllOffers(AgentRecord agent, DateTimeOffset now, RoutingEventReason reason)
    {
        while (agent.Offers.Count > 0)
        {
            Withdraw(agent.Offers[^1], now, reason, advance: true);
        }
    }

    /// <summary>Withdraws, newest first, the offers the agent can no longer take (state, profile or capacity changed).</summary>
    private void WithdrawUnfitOffers(AgentRecord agent, DateTimeOffset now)
    {
        if (agent.State != AgentState.Online || agent.Removed)
        {
            WithdrawAllOffers(agent, now, RoutingEventReason.AgentUnavailable);
            return;
        }

        bool changed = true;
        while (changed)
        {
            changed = false;
            for (int i = agent.Offers.Count - 1; i >= 0; i--)
            {
                Offer offer = agent.Offers[i];
                bool serves = CanServe(agent, offer.Conversation);
                double others = agent.Committed - (offer.Conversation.Exclusive == offer ? offer.Cost : 0);
                if (!serves || others + offer.Cost > agent.Limit + CapacityTolerance)
                {
                    Withdraw(offer, now, serves ? RoutingEventReason.AgentAtCapacity : RoutingEventReason.AgentUnavailable, advance: true);
                    changed = true;
                    break;
                }
            }
        }
    }

    /// <summary>
    /// Keeps the reservation of a conversation's exclusive offer right: an offer to one agent alone counts towards that
    /// agent's load while pending; once a second agent is offered the conversation, or it is answered, the reservation goes.
    /// </summary>
    private void UpdateExclusive(ConversationRecord conversation, DateTimeOffset now)
    {
        Offer? exclusive = conversation.State == ConversationState.Offered && conversation.Offers.Count == 1 ? conversation.Offers[0] : null;
        if (conversation.Exclusive == exclusive)
        {
            return;
        }

        if (conversation.Exclusive is { } previous)
        {
            AgentRecord released = previous.Agent;
            released.Reserved = released.Offers.Count == 0 ? 0 : Math.Max(0, released.Reserved - previous.Cost);
            released.SyncIndexes();
            MarkFreed(released, RoutingEventReason.OfferReleased);
        }

        conversation.Exclusive = exclusive;
        if (exclusive is not null)
        {
            exclusive.ExclusiveSince = now;
            exclusive.Agent.Reserved += exclusive.Cost;
            exclusive.Agent.SyncIndexes();
            _toPrune.Enqueue(exclusive.Agent);
        }
    }

    /// <summary>Whether the agent holds the conversation's skill, is in its agent group, handles its media and has its required tags.</summary>
    private bool CanServe(AgentRecord agent, ConversationRecord conversation)
    {
        if (conversation.Target is { } group && !agent.Profile.Groups.Contains(group)
            && !(conversation.MaxWaitPassed && conversation.State == ConversationState.Waiting))
        {
            return false;
        }

        if (conversation.Skill is { } skill && agent.Profile.GetProficiency(skill) is null)
        {
            return false;
        }

        ulong mask = MediaMaskOf(conversation.Request.Media, out MediaType? unknown);
        if (unknown is not null || (agent.MediaMask & mask) != mask)
        {
            return false;
        }

        foreach (string tag in conversation.Request.RequiredTags)
        {
            if (!_tags.TryGet(tag, out int id) || (id >> 6) >= agent.TagBits.Length || (agent.TagBits[id >> 6] & (1UL << id)) == 0)
            {
                return false;
            }
        }

        return true;
    }

    private List<ConversationRecord> QueueOf(SkillId? skill)
    {
        if (skill is not { } id)
        {
            return _waitingAny;
        }

        if (!_waitingBySkill.TryGetValue(id, out List<ConversationRecord>? queue))
        {
            queue = [];
            _waitingBySkill.Add(id, queue);
        }

        return queue;
    }

    private void Enqueue(ConversationRecord conversation, DateTimeOffset now, RoutingEventReason reason)
    {
        conversation.State = ConversationState.Waiting;
        conversation.Plan = null;
        conversation.StepToken = 0;
        conversation.Waiting = new WaitingConversation(conversation.Request, conversation.Skill, conversation.SlaDue, now, conversation.Sequence);
        QueueOf(conversation.Skill).Add(conversation);
        _waitingCount++;
        Publish(RoutingEventKind.Queued, now, conversation, null, conversation.Skill, reason);
    }

    private void RemoveFromQueue(ConversationRecord conversation, DateTimeOffset now, RoutingEventKind outcome = RoutingEventKind.Dispatched)
    {
        MeasureWait(conversation.Waiting!, now, outcome);
        QueueOf(conversation.Skill).Remove(conversation);
        _waitingCount--;
        conversation.Waiting = null;
        conversation.RetryToken = 0;
    }

    /// <summary>Offers a waiting conversation if somebody can take it now; otherwise it keeps waiting.</summary>
    private bool TryDispatch(ConversationRecord conversation, DateTimeOffset now, RoutingEventReason reason)
    {
        if (conversation.Target is not null && conversation.Skill is { } skill && _splitter.IsConfigured(skill) && conversation.MaxWaitPassed
            && TryCascade(conversation, skill, now, RoutingEventReason.MaxWaitPassed, agent: null))
        {
            return true;
        }

        RoutingPlan plan = PlanFor(conversation, conversation.Target, now);
        if (!plan.HasAgents)
        {
            return false;
        }

        RemoveFromQueue(conversation, now);
        Publish(RoutingEventKind.Dispatched, now, conversation, null, conversation.Skill, reason);
        StartOffers(conversation, plan, now);
        return true;
    }

    /// <summary>
    /// Capacity freed at an agent: dispatch the waiting conversations it can take, best first across all its skills' queues
    /// and the any-agent queue, while its free capacity lasts.
    /// </summary>
    private void FeedAgent(AgentRecord agent, DateTimeOffset now, RoutingEventReason reason)
    {
        if (_waitingCount == 0 || agent.State != AgentState.Online || agent.Removed)
        {
            return;
        }

        RefreshLoadIfDue(agent, now);
        List<ConversationRecord> candidates = _feedScratch;
        candidates.Clear();
        foreach (AgentSkill skill in agent.Profile.Skills)
        {
            if (_waitingBySkill.TryGetValue(skill.Skill, out List<ConversationRecord>? queue))
            {
                AddServable(agent, queue, candidates);
            }
        }

        AddServable(agent, _waitingAny, candidates);
        double room = agent.Limit + CapacityTolerance - agent.Committed;
        while (candidates.Count > 0 && room > 0)
        {
            int best = 0;
            for (int i = 1; i < candidates.Count; i++)
            {
                if (_ordering.Compare(candidates[i].Waiting!, candidates[best].Waiting!, now) < 0)
                {
                    best = i;
                }
            }

            ConversationRecord next = candidates[best];
            candidates[best] = candidates[^1];
            candidates.RemoveAt(candidates.Count - 1);
            if (next.State != ConversationState.Waiting)
            {
                continue;
            }

            double cost = CostFor(agent, next.Request, MediaMaskOf(next.Request.Media, out _));
            if (cost <= room && TryDispatch(next, now, reason))
            {
                room -= cost;
            }
        }

        candidates.Clear();
    }

    private void AddServable(AgentRecord agent, List<ConversationRecord> queue, List<ConversationRecord> candidates)
    {
        foreach (ConversationRecord conversation in queue)
        {
            // A conversation whose steps were just exhausted waits for its retry (one step delay) rather than going
            // straight back to an agent who let it time out; agents it was never offered to may take it at once.
            bool coolingDown = conversation.RetryToken != 0 && conversation.PastOffers is { } past && past.ContainsKey(agent);
            if (!coolingDown && !conversation.IsExcluded(agent) && CanServe(agent, conversation))
            {
                candidates.Add(conversation);
            }
        }
    }

    private void ChangeState(AgentRecord agent, AgentState state, DateTimeOffset now, RoutingEventReason reason = RoutingEventReason.AgentUnavailable)
    {
        AgentState old = agent.State;
        agent.State = state;
        agent.StateSince = now;
        agent.SyncIndexes();
        if (state != AgentState.Online)
        {
            WithdrawAllOffers(agent, now, reason);
        }

        bool absent = state is AgentState.Away or AgentState.Offline;
        bool wasAbsent = old is AgentState.Away or AgentState.Offline;
        if (!absent)
        {
            agent.AbsenceToken = 0;
        }
        else if (!wasAbsent && agent.Conversations.Count > 0)
        {
            if (_lifecycle.AbsenceGrace <= TimeSpan.Zero)
            {
                ReturnAll(agent, now, RoutingEventReason.AgentAbsent);
            }
            else
            {
                agent.AbsenceToken = NewToken();
                Schedule(TimerKind.Absence, agent, agent.AbsenceToken, now + _lifecycle.AbsenceGrace);
            }
        }

        if (state == AgentState.Online)
        {
            agent.ConsecutiveIgnored = 0;
            MarkFreed(agent, RoutingEventReason.AgentOnline);
        }
    }

    /// <summary>Routes again every conversation an agent holds (absent past the grace period, or removed).</summary>
    private void ReturnAll(AgentRecord agent, DateTimeOffset now, RoutingEventReason reason)
    {
        foreach (ConversationRecord conversation in agent.Conversations.ToArray())
        {
            Unassign(conversation, now);
            Publish(RoutingEventKind.ReturnedToQueue, now, conversation, agent, conversation.Skill, reason);
            Route(conversation, now, reason);
        }
    }

    private void AssignTo(ConversationRecord conversation, AgentRecord agent, DateTimeOffset now)
    {
        conversation.State = ConversationState.Assigned;
        conversation.Plan = null;
        conversation.StepToken = 0;
        conversation.Agent = agent;
        conversation.AssignedAt = now;
        agent.Conversations.Add(conversation);
        agent.ConversationCount = agent.Conversations.Count;
        agent.LastAcceptedAt = now;
        agent.ConsecutiveIgnored = 0;
        if (conversation.Request.Consumer is { } consumer)
        {
            _history.Record(consumer, agent.Profile.Id);
        }

        RefreshLoad(agent, now);
        _toPrune.Enqueue(agent);
        ScheduleAutoClose(conversation, now);
    }

    /// <summary>Takes an assigned conversation off its agent, freeing the capacity it took.</summary>
    private void Unassign(ConversationRecord conversation, DateTimeOffset now)
    {
        AgentRecord agent = conversation.Agent!;
        agent.Conversations.Remove(conversation);
        agent.ConversationCount = agent.Conversations.Count;
        conversation.Agent = null;
        conversation.AutoCloseToken = 0;
        RefreshLoad(agent, now);
        MarkFreed(agent, RoutingEventReason.ConversationEnded);
    }

    private void ScheduleAutoClose(ConversationRecord conversation, DateTimeOffset now)
    {
        if (_lifecycle.AutoCloseAfter is not { } after)
        {
            return;
        }

        DateTimeOffset silentSince = Later(conversation.LastConsumerMessageAt, conversation.AssignedAt);
        DateTimeOffset due = silentSince + after;
        if (due <= now)
        {
            MakeDormant(conversation, now);
            return;
        }

        conversation.AutoCloseToken = NewToken();
        Schedule(TimerKind.AutoClose, conversation, conversation.AutoCloseToken, due);
    }

    private void MakeDormant(ConversationRecord conversation, DateTimeOffset now)
    {
        AgentRecord agent = conversation.Agent!;
        Unassign(conversation, now);
        conversation.State = ConversationState.Dormant;
        Publish(RoutingEventKind.Dormant, now, conversation, agent, conversation.Skill, RoutingEventReason.None);
    }

    private ConversationSnapshot SnapshotOf(ConversationRecord conversation)
    {
        ImmutableArray<AgentId> offered = [.. conversation.Offers.Select(o => o.Agent.Profile.Id)];
        ImmutableArray<AgentId> excluded = conversation.Excluded is { } set ? [.. set.Select(a => a.Profile.Id)] : [];
        return new ConversationSnapshot(
            conversation.Request,
            conversation.State,
            conversation.Skill,
            conversation.Agent?.Profile.Id,
            offered,
            conversation.State == ConversationState.Offered ? conversation.Step : null,
            conversation.SlaDue,
            excluded)
        {
            AgentGroup = conversation.Target,
        };
    }
}
