namespace RoutingCore.Engine;

/// <summary>
/// Routing a conversation that has no agent and no offer — to its skill's workload routing, or to a plan's first step, or
/// to the queue — and dispatching waiting conversations when capacity frees: best first across the freed agent's skills'
/// queues and the any-agent queue, while its free capacity lasts.
/// </summary>
internal sealed class Dispatcher
{
    private readonly EngineContext _context;
    private readonly Planner _planner;
    private readonly OfferBook _offers;
    private readonly WaitingQueue _queue;
    private readonly WorkloadRouter _workload;
    private readonly Eligibility _eligibility;
    private readonly LoadTracker _load;
    private readonly EventOutbox _events;
    private readonly EngineTimers _timers;
    private readonly List<ConversationRecord> _feedScratch = [];

    public Dispatcher(EngineContext context, Planner planner, OfferBook offers, WaitingQueue queue, WorkloadRouter workload, Eligibility eligibility, LoadTracker load, EventOutbox events, EngineTimers timers)
    {
        _context = context;
        _planner = planner;
        _offers = offers;
        _queue = queue;
        _workload = workload;
        _eligibility = eligibility;
        _load = load;
        _events = events;
        _timers = timers;
    }

    /// <summary>Routes a conversation that has no agent and no offer: offers it to the plan's first step, or queues it.</summary>
    public void Route(ConversationRecord conversation, DateTimeOffset now, RoutingEventReason queueReason)
    {
        if (conversation.Skill is { } skill && _workload.IsDistributed(skill))
        {
            _workload.Route(conversation, skill, now, queueReason);
            return;
        }

        conversation.Group = conversation.Target = null;
        RoutingPlan plan = _planner.PlanFor(conversation, null, now);
        if (plan.HasAgents)
        {
            _offers.Start(conversation, plan, now);
        }
        else
        {
            _queue.Enqueue(conversation, now, queueReason);
        }
    }

    /// <summary>Every step passed without an acceptance: withdraw what is left, queue, and retry after one step delay.</summary>
    public void Exhaust(ConversationRecord conversation, DateTimeOffset now)
    {
        TimeSpan delay = conversation.Plan!.StepDelay;
        _offers.WithdrawAll(conversation, now, RoutingEventReason.StepsExhausted, ConversationState.Waiting);
        _queue.Enqueue(conversation, now, RoutingEventReason.StepsExhausted);
        if (_workload.TryCascadeAfterMaxWait(conversation, now))
        {
            return;
        }

        conversation.RetryToken = _context.NewToken();
        _timers.Schedule(EngineTimerKind.Retry, conversation, conversation.RetryToken, now + delay);
    }

    /// <summary>Offers a waiting conversation if somebody can take it now; otherwise it keeps waiting.</summary>
    public bool TryDispatch(ConversationRecord conversation, DateTimeOffset now, RoutingEventReason reason)
    {
        if (conversation.Target is not null && _workload.TryCascadeAfterMaxWait(conversation, now))
        {
            return true;
        }

        RoutingPlan plan = _planner.PlanFor(conversation, conversation.Target, now);
        if (!plan.HasAgents)
        {
            return false;
        }

        _queue.Remove(conversation, now);
        _events.Publish(RoutingEventKind.Dispatched, now, conversation, null, conversation.Skill, reason);
        _offers.Start(conversation, plan, now);
        return true;
    }

    /// <summary>
    /// Capacity freed at an agent: dispatch the waiting conversations it can take, best first across all its skills' queues
    /// and the any-agent queue, while its free capacity lasts.
    /// </summary>
    public void Feed(AgentRecord agent, DateTimeOffset now, RoutingEventReason reason)
    {
        if (_queue.Count == 0 || agent.State != AgentState.Online || agent.Removed)
        {
            return;
        }

        _load.RefreshIfDue(agent, now);
        List<ConversationRecord> candidates = _feedScratch;
        candidates.Clear();
        foreach (AgentSkill skill in agent.Profile.Skills)
        {
            if (_queue.BySkill.TryGetValue(skill.Skill, out List<ConversationRecord>? queue))
            {
                AddServable(agent, queue, candidates);
            }
        }

        AddServable(agent, _queue.AnyAgent, candidates);
        double room = agent.Limit + EngineContext.CapacityTolerance - agent.Committed;
        IWaitingQueueOrdering ordering = _queue.Ordering;
        while (candidates.Count > 0 && room > 0)
        {
            int best = 0;
            for (int i = 1; i < candidates.Count; i++)
            {
                if (ordering.Compare(candidates[i].Waiting!, candidates[best].Waiting!, now) < 0)
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

            double cost = _load.CostFor(agent, next.Request, _eligibility.MediaMaskOf(next.Request.Media, out _));
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
            bool coolingDown = conversation.RetryToken != 0 && conversation.HadOffer(agent);
            if (!coolingDown && !conversation.IsExcluded(agent) && _eligibility.CanServe(agent, conversation))
            {
                candidates.Add(conversation);
            }
        }
    }
}
