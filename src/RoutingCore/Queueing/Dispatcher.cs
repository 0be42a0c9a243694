using RoutingCore.Telemetry;

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
    private readonly List<FeedSource> _sources = [];
    private readonly Func<AgentRecord, ConversationRecord, bool> _servable;

    /// <summary>The feed running now is of an agent that just came online or was unpaused: no conversation cools down for it.</summary>
    private bool _feedingReturnedAgent;

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
        _servable = Servable;
    }

    /// <summary>
    /// Routes a conversation that has no agent and no offer: offers it to the plan's first step, or queues it. A routing
    /// decision (traced), as is each dispatch.
    /// </summary>
    public void Route(ConversationRecord conversation, DateTimeOffset now, RoutingEventReason queueReason)
    {
        using DecisionScope decision = _context.Decisions.Begin(conversation, queueReason);
        if (conversation.Skill is { } skill && _workload.IsDistributed(skill))
        {
            _workload.Route(conversation, skill, now, queueReason);
            return;
        }

        conversation.Group = conversation.Target = null;
        conversation.OpenTurn = null;
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
        using DecisionScope decision = _context.Decisions.Begin(conversation, reason);
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
    /// and the any-agent queue, while its free capacity lasts (the rule: docs/architecture.md, "No queue jumping"). Each
    /// queue is split into runs by media, and all of a run cost the agent the same: a run whose cost does not fit the room
    /// left is passed over whole, and the feed stops when no run fits. The runs' best conversations are merged: with an ordering that does not depend on time each run is
    /// kept in serving order and read from its head, so feeding one agent costs O(log n) in the number waiting; with
    /// another, the conversations the agent may take are ordered at this moment (linear).
    /// </summary>
    public void Feed(AgentRecord agent, DateTimeOffset now, RoutingEventReason reason)
    {
        if (_queue.Count == 0 || agent.State != AgentState.Online || agent.Removed)
        {
            return;
        }

        _load.RefreshIfDue(agent, now);
        double room = agent.Limit + EngineContext.CapacityTolerance - agent.Committed;
        if (room <= 0)
        {
            return;
        }

        _feedingReturnedAgent = reason == RoutingEventReason.AgentOnline;
        try
        {
            FeedCore(agent, room, now, reason);
        }
        finally
        {
            _feedingReturnedAgent = false;
        }
    }

    private void FeedCore(AgentRecord agent, double room, DateTimeOffset now, RoutingEventReason reason)
    {
        int count = 0;
        foreach (AgentSkill skill in agent.Profile.Skills)
        {
            if (_queue.TryGetQueue(skill.Skill, out SkillQueue? queue))
            {
                count = AddSources(agent, queue, room, now, count);
            }
        }

        count = AddSources(agent, _queue.AnyAgent, room, now, count);
        IWaitingQueueOrdering ordering = _queue.Ordering;
        while (room > 0)
        {
            FeedSource? best = null;
            ConversationRecord? bestHead = null;
            for (int i = 0; i < count; i++)
            {
                FeedSource source = _sources[i];
                if (source.Cost <= room && source.Peek(agent, _servable) is { } head
                    && (bestHead is null || ordering.Compare(head.Waiting!, bestHead.Waiting!, now) < 0))
                {
                    best = source;
                    bestHead = head;
                }
            }

            if (best is null)
            {
                break;
            }

            ConversationRecord next = best.Take();
            if (next.State == ConversationState.Waiting && TryDispatch(next, now, reason))
            {
                room -= best.Cost;
            }
        }

        for (int i = 0; i < count; i++)
        {
            _sources[i].Clear();
        }
    }

    /// <summary>Adds a source for each run of the queue whose media the agent handles and whose cost fits the room.</summary>
    private int AddSources(AgentRecord agent, SkillQueue queue, double room, DateTimeOffset now, int count)
    {
        foreach (QueueRun run in queue.Runs)
        {
            if (!_eligibility.HandlesMedia(agent, run.Sample.Media, out ulong mask))
            {
                continue;
            }

            double cost = _load.CostFor(agent, run.Sample, mask);
            if (cost > room)
            {
                continue;
            }

            if (count == _sources.Count)
            {
                _sources.Add(new FeedSource());
            }

            FeedSource source = _sources[count++];
            if (_queue.KeepsServingOrder)
            {
                source.StartSorted(run, cost);
            }
            else
            {
                source.StartGathered(run, cost, agent, _servable, _queue.Ordering, now);
            }
        }

        return count;
    }

    /// <summary>
    /// Whether the agent may be fed this waiting conversation: the eligibility rules (<see cref="Eligibility.CanServe"/>),
    /// not an agent it excludes (it declined it or handed it back), and not while it cools down. A conversation whose steps
    /// were just exhausted waits for its retry (one step delay) rather than going straight back to an agent who let it time
    /// out while online; agents it was never offered to may take it at once. An agent that comes online or is unpaused
    /// starts afresh: the waiting conversations it can take go to it in queue order, those it ignored before included.
    /// </summary>
    private bool Servable(AgentRecord agent, ConversationRecord conversation)
    {
        bool coolingDown = !_feedingReturnedAgent && conversation.RetryToken != 0 && conversation.HadOffer(agent);
        return !coolingDown && !conversation.IsExcluded(agent) && _eligibility.CanServe(agent, conversation);
    }
}
