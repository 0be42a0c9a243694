namespace RoutingCore.Engine;

/// <summary>
/// Agents joining, changing, leaving and changing state: what each does to their offers and conversations — offers that
/// no longer fit are withdrawn, an absent agent's conversations are routed again after the grace period, an agent who
/// comes online is fed waiting conversations.
/// </summary>
internal sealed class AgentPresence
{
    private readonly EngineContext _context;
    private readonly AgentRoster _roster;
    private readonly OfferBook _offers;
    private readonly Assignments _assignments;
    private readonly Dispatcher _dispatcher;
    private readonly LoadTracker _load;
    private readonly FollowUps _followUps;
    private readonly EngineTimers _timers;
    private readonly EventOutbox _events;

    public AgentPresence(EngineContext context, AgentRoster roster, OfferBook offers, Assignments assignments, Dispatcher dispatcher, LoadTracker load, FollowUps followUps, EngineTimers timers, EventOutbox events)
    {
        _context = context;
        _roster = roster;
        _offers = offers;
        _assignments = assignments;
        _dispatcher = dispatcher;
        _load = load;
        _followUps = followUps;
        _timers = timers;
        _events = events;
    }

    /// <summary>
    /// Adds an agent; false (nothing changed) for a repeat: the agent is on the roster with an equal profile. Its state is
    /// not compared: it may have changed since the first call, and a late repeat must not undo that.
    /// </summary>
    public bool Add(AgentProfile profile, AgentState state, DateTimeOffset now)
    {
        if (_roster.TryFind(profile.Id, out AgentRecord? existing))
        {
            return RepeatComparison.Difference(profile, existing.Profile) is { } difference
                ? throw Refusals.AgentAlreadyExists(profile.Id, difference).ToException()
                : false;
        }

        AgentRecord agent = _roster.Add(profile, state, now);
        _context.Retries.RemovedAgents.Forget(profile.Id);
        if (state == AgentState.Online)
        {
            _followUps.Freed(agent, RoutingEventReason.RosterChanged);
        }

        return true;
    }

    /// <summary>Gives an agent a new profile; false (nothing changed) when it equals the one the agent has.</summary>
    public bool Update(AgentProfile profile, DateTimeOffset now)
    {
        AgentRecord agent = _roster.Find(profile.Id);
        if (RepeatComparison.Same(profile, agent.Profile))
        {
            return false;
        }

        _roster.Update(agent, profile);
        _load.Refresh(agent, now);

        // A pending offer takes what the conversation costs the agent under its new profile (and so does its reservation).
        foreach (Offer offer in agent.Offers)
        {
            offer.Cost = _load.CostOf(agent.Profile, offer.Conversation.Request);
        }

        agent.Reserved = OfferBook.Reservation(agent);
        agent.SyncIndexes();

        // Skills, media, tags or limits may have changed: drop offers that no longer fit, then look for waiting work.
        _offers.WithdrawUnfit(agent, now);
        _followUps.Freed(agent, RoutingEventReason.RosterChanged);
        return true;
    }

    /// <summary>
    /// Removes an agent; false (nothing changed) for a repeat: the agent is not on the roster and the engine remembers removing
    /// it (<see cref="RoutingDefaults.RemovedAgentMemory"/>). An agent it never knew, or forgot, is refused as unknown.
    /// </summary>
    public bool Remove(AgentId agent, DateTimeOffset now)
    {
        if (!_roster.TryFind(agent, out AgentRecord? record))
        {
            return _context.Retries.RemovedAgents.Contains(agent) ? false : throw Refusals.UnknownAgent(agent).ToException();
        }

        record.Removed = true;
        record.State = AgentState.Offline;
        record.SyncIndexes();
        _offers.WithdrawAll(record, now, RoutingEventReason.AgentUnavailable);
        _roster.Remove(record);
        _context.Retries.RemovedAgents.Remember(agent, true);
        ReturnAll(record, now, RoutingEventReason.AgentRemoved);
        return true;
    }

    /// <summary>Changes an agent's state; false (nothing changed) when it is in that state already.</summary>
    public bool SetState(AgentId agent, AgentState state, DateTimeOffset now)
    {
        AgentRecord record = _roster.Find(agent);
        if (record.State == state)
        {
            return false;
        }

        ChangeState(record, state, now);
        return true;
    }

    public void ChangeState(AgentRecord agent, AgentState state, DateTimeOffset now, RoutingEventReason reason = RoutingEventReason.AgentUnavailable)
    {
        AgentState old = agent.State;
        agent.State = state;
        agent.StateSince = now;
        agent.ConsecutiveIgnored = 0; // a state change (by the host, or a forced pause) starts a new run of ignored exclusive offers
        agent.SyncIndexes();
        if (state != AgentState.Online)
        {
            _offers.WithdrawAll(agent, now, reason);
        }

        bool absent = state is AgentState.Away or AgentState.Offline;
        bool wasAbsent = old is AgentState.Away or AgentState.Offline;
        if (!absent)
        {
            agent.AbsenceToken = 0;
        }
        else if (!wasAbsent && agent.Conversations.Count > 0)
        {
            if (_context.Lifecycle.AbsenceGrace <= TimeSpan.Zero)
            {
                ReturnAll(agent, now, RoutingEventReason.AgentAbsent);
            }
            else
            {
                agent.AbsenceToken = _context.NewToken();
                _timers.Schedule(EngineTimerKind.Absence, agent, agent.AbsenceToken, now + _context.Lifecycle.AbsenceGrace);
            }
        }

        if (state == AgentState.Online)
        {
            _followUps.Freed(agent, RoutingEventReason.AgentOnline);
        }
    }

    /// <summary>The agent's absence grace period passed: its conversations are routed again.</summary>
    public void OnAbsenceElapsed(AgentRecord agent, DateTimeOffset now)
    {
        agent.AbsenceToken = 0;
        ReturnAll(agent, now, RoutingEventReason.AgentAbsent);
    }

    /// <summary>Routes again every conversation an agent holds (absent past the grace period, or removed).</summary>
    private void ReturnAll(AgentRecord agent, DateTimeOffset now, RoutingEventReason reason)
    {
        foreach (ConversationRecord conversation in agent.Conversations.ToArray())
        {
            _assignments.Unassign(conversation, now);
            _events.Publish(RoutingEventKind.ReturnedToQueue, now, conversation, agent, conversation.Skill, reason);
            _dispatcher.Route(conversation, now, reason);
        }
    }
}
