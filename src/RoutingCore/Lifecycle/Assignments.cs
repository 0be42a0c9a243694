namespace RoutingCore.Engine;

/// <summary>
/// Assigned conversations: putting one on an agent (its load, the consumer's history, the auto-close timer), taking it off
/// (freeing the capacity), and a silent consumer's conversation turning dormant.
/// </summary>
internal sealed class Assignments
{
    private readonly EngineContext _context;
    private readonly LoadTracker _load;
    private readonly EngineTimers _timers;
    private readonly FollowUps _followUps;
    private readonly EventOutbox _events;

    public Assignments(EngineContext context, LoadTracker load, EngineTimers timers, FollowUps followUps, EventOutbox events)
    {
        _context = context;
        _load = load;
        _timers = timers;
        _followUps = followUps;
        _events = events;
    }

    public void AssignTo(ConversationRecord conversation, AgentRecord agent, DateTimeOffset now)
    {
        conversation.State = ConversationState.Assigned;
        conversation.Plan = null;
        conversation.StepToken = 0;
        conversation.Agent = agent;
        conversation.AssignedAt = now;
        agent.Conversations.Add(conversation);
        agent.ConversationCount = agent.Conversations.Count;
        agent.LastAcceptedAt = now;
        if (conversation.Request.Consumer is { } consumer)
        {
            _context.History.Record(consumer, agent.Profile.Id);
        }

        _load.Refresh(agent, now);
        _followUps.Crowded(agent);
        ScheduleAutoClose(conversation, now);
    }

    /// <summary>Takes an assigned conversation off its agent, freeing the capacity it took.</summary>
    public void Unassign(ConversationRecord conversation, DateTimeOffset now)
    {
        AgentRecord agent = conversation.Agent!;
        agent.Conversations.Remove(conversation);
        agent.ConversationCount = agent.Conversations.Count;
        conversation.Agent = null;
        conversation.AutoCloseToken = 0;
        _load.Refresh(agent, now);
        _followUps.Freed(agent, RoutingEventReason.ConversationEnded);
    }

    /// <summary>A message changed an assigned conversation's activity: its agent's load may rise or fall.</summary>
    public void OnActivity(ConversationRecord conversation, MessageAuthor author, DateTimeOffset now)
    {
        AgentRecord agent = conversation.Agent!;
        double before = agent.Committed;
        _load.Refresh(agent, now);
        if (agent.Committed > before + EngineContext.CapacityTolerance)
        {
            _followUps.Crowded(agent);
        }
        else if (agent.Committed < before - EngineContext.CapacityTolerance)
        {
            _followUps.Freed(agent, RoutingEventReason.ConversationInactive);
        }

        if (author == MessageAuthor.Consumer)
        {
            ScheduleAutoClose(conversation, now);
        }
    }

    public void ScheduleAutoClose(ConversationRecord conversation, DateTimeOffset now)
    {
        if (_context.Lifecycle.AutoCloseAfter is not { } after)
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

        conversation.AutoCloseToken = _context.NewToken();
        _timers.Schedule(EngineTimerKind.AutoClose, conversation, conversation.AutoCloseToken, due);
    }

    public void MakeDormant(ConversationRecord conversation, DateTimeOffset now)
    {
        AgentRecord agent = conversation.Agent!;
        Unassign(conversation, now);
        conversation.State = ConversationState.Dormant;
        _events.Publish(RoutingEventKind.Dormant, now, conversation, agent, conversation.Skill, RoutingEventReason.None);
    }

    public static DateTimeOffset Later(DateTimeOffset? current, DateTimeOffset candidate) =>
        current is { } existing && existing > candidate ? existing : candidate;
}
