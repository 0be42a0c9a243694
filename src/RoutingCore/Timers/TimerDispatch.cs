namespace RoutingCore.Engine;

/// <summary>
/// What each kind of timer does when it falls due: finds its target by id and, when the target still holds the item's
/// token (nothing moved it on since), hands it to the part that owns the rule.
/// </summary>
internal sealed class TimerDispatch
{
    private readonly EngineContext _context;
    private readonly OfferBook _offers;
    private readonly LoadTracker _load;
    private readonly FollowUps _followUps;
    private readonly AgentPresence _presence;
    private readonly Assignments _assignments;
    private readonly WorkloadRouter _workload;
    private readonly Dispatcher _dispatcher;

    public TimerDispatch(EngineContext context, OfferBook offers, LoadTracker load, FollowUps followUps, AgentPresence presence, Assignments assignments, WorkloadRouter workload, Dispatcher dispatcher)
    {
        _context = context;
        _offers = offers;
        _load = load;
        _followUps = followUps;
        _presence = presence;
        _assignments = assignments;
        _workload = workload;
        _dispatcher = dispatcher;
    }

    public void Fire(TimerFiredCommand timer)
    {
        DateTimeOffset now = timer.At;
        if (!timer.Agent.IsEmpty)
        {
            if (!_context.Agents.TryGetValue(timer.Agent, out AgentRecord? agent) || agent.Removed)
            {
                return;
            }

            if (timer.Timer == EngineTimerKind.LoadChange && agent.ScheduledLoadCheck.UtcTicks == timer.Token)
            {
                agent.ScheduledLoadCheck = DateTimeOffset.MaxValue;
                _load.Refresh(agent, now);
                _followUps.Freed(agent, RoutingEventReason.ConversationInactive);
            }
            else if (timer.Timer == EngineTimerKind.Absence && agent.AbsenceToken == timer.Token)
            {
                _presence.OnAbsenceElapsed(agent, now);
            }

            return;
        }

        if (!_context.Conversations.TryGetValue(timer.Conversation, out ConversationRecord? conversation))
        {
            return;
        }

        switch (timer.Timer)
        {
            case EngineTimerKind.Step when conversation.State == ConversationState.Offered && conversation.StepToken == timer.Token:
                _offers.OnStepElapsed(conversation, now);
                break;
            case EngineTimerKind.AutoClose when conversation.State == ConversationState.Assigned && conversation.AutoCloseToken == timer.Token:
                _assignments.MakeDormant(conversation, now);
                break;
            case EngineTimerKind.MaxWait when conversation.MaxWaitToken == timer.Token && conversation.State is ConversationState.Waiting or ConversationState.Offered:
                _workload.OnMaxWait(conversation, now);
                break;
            case EngineTimerKind.Retry when conversation.State == ConversationState.Waiting && conversation.RetryToken == timer.Token:
                conversation.RetryToken = 0;
                _dispatcher.TryDispatch(conversation, now, RoutingEventReason.Retry);
                break;
        }
    }

    /// <summary>
    /// Whether a pending item can still do something: its target holds its token. A stale item (its target moved on) does
    /// nothing when it fires, so a document leaves it out and the journal does not record its firing.
    /// </summary>
    public bool IsCurrent(TimerItem item) => item.Token != 0 && CurrentToken(item) == item.Token;

    /// <summary>The token a timer item must carry to still be current for its target; 0 when its target is gone.</summary>
    public long CurrentToken(TimerItem item)
    {
        if (item.TargetsAgent)
        {
            return _context.Agents.TryGetValue(item.Agent, out AgentRecord? agent) ? AgentToken(agent, item.Kind) : 0;
        }

        return _context.Conversations.TryGetValue(item.Conversation, out ConversationRecord? conversation) ? ConversationToken(conversation, item.Kind) : 0;
    }

    public static long AgentToken(AgentRecord agent, EngineTimerKind kind) => kind == EngineTimerKind.LoadChange
        ? agent.ScheduledLoadCheck == DateTimeOffset.MaxValue ? 0 : agent.ScheduledLoadCheck.UtcTicks
        : agent.Tokens[(int)kind];

    public static long ConversationToken(ConversationRecord conversation, EngineTimerKind kind) => conversation.Tokens[(int)kind];
}
