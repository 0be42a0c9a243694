
namespace RoutingCore.Samples.WebHost;

/// <summary>An agent to add.</summary>
internal sealed record AddAgentRequest(string? Id, string[]? Skills, string[]? Groups, string[]? Tags, int? MaxConcurrent, AgentState State = AgentState.Online);

/// <summary>An agent's new state.</summary>
internal sealed record AgentStateRequest(AgentState? State);

/// <summary>A conversation to submit.</summary>
internal sealed record SubmitRequest(string? Id, string? Skill, int Priority = 0, string[]? RequiredTags = null);

/// <summary>The agent answering an offer.</summary>
internal sealed record OfferAnswer(string? Agent);

/// <summary>An agent as the API shows it.</summary>
internal sealed record AgentView(string Id, string State, double Load, double Limit, int Conversations, int PendingOffers, string[] Skills, string[] Groups)
{
    public static AgentView From(AgentSnapshot agent) => new(
        agent.Id.Value,
        agent.State.ToString(),
        agent.Load,
        agent.Limit,
        agent.Conversations,
        agent.PendingOffers,
        [.. agent.Profile.Skills.Select(s => s.Skill.Value)],
        [.. agent.Profile.Groups.Select(g => g.Value)]);
}

/// <summary>A conversation as the API shows it.</summary>
internal sealed record ConversationView(string Id, string State, string? Skill, string? Agent, string[] OfferedTo, bool Exclusive, int? Step, DateTimeOffset SlaDue)
{
    public static ConversationView From(ConversationSnapshot conversation) => new(
        conversation.Id.Value,
        conversation.State.ToString(),
        conversation.Skill?.Value,
        conversation.Agent?.Value,
        [.. conversation.OfferedTo.Select(a => a.Value)],
        conversation.Exclusive,
        conversation.Step,
        conversation.SlaDue);
}

/// <summary>A waiting conversation as the API shows it.</summary>
internal sealed record WaitingView(string Id, string? Skill, int Priority, DateTimeOffset QueuedAt, DateTimeOffset SlaDue)
{
    public static WaitingView From(WaitingConversation waiting) =>
        new(waiting.Id.Value, waiting.Skill?.Value, waiting.Priority, waiting.QueuedAt, waiting.SlaDue);
}

/// <summary>An engine event as the event stream sends it (<c>sequence</c>: the engine's event number, 0 for the stream's own "ready").</summary>
internal sealed record EventView(long Sequence, string Kind, DateTimeOffset Timestamp, string? Conversation, string? Agent, string? Skill, string Reason, int? Step, bool Exclusive, string? Detail)
{
    public static EventView From(RoutingEvent e) => new(
        e.Sequence,
        e.Kind.ToString(),
        e.Timestamp,
        e.Conversation.IsEmpty ? null : e.Conversation.Value,
        e.Agent?.Value,
        e.Skill?.Value,
        e.Reason.ToString(),
        e.Step,
        e.Exclusive,
        e.Detail);
}

/// <summary>What the host measured about invitations for a group (seconds for durations).</summary>
internal sealed record PacingRequest(double AcceptanceRate, double AcceptDelaySeconds, double AverageHandleTimeSeconds, double AveragePatienceSeconds, double ReactiveArrivalsPerSecond = 0)
{
    public PacingStatistics ToStatistics() => new()
    {
        AcceptanceRate = AcceptanceRate,
        AcceptDelay = TimeSpan.FromSeconds(AcceptDelaySeconds),
        AverageHandleTime = TimeSpan.FromSeconds(AverageHandleTimeSeconds),
        AveragePatience = TimeSpan.FromSeconds(AveragePatienceSeconds),
        ReactiveArrivalsPerSecond = ReactiveArrivalsPerSecond,
    };
}
