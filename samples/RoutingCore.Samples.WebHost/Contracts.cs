
namespace RoutingCore.Samples.WebHost;

/// <summary>An agent to add.</summary>
internal sealed record AddAgentRequest(string? Id, string[]? Skills, string[]? Groups, string[]? Tags, int? MaxConcurrent, AgentState State = AgentState.Online);

/// <summary>An agent's new profile (<c>PUT /agents/{id}</c>): its state and conversations are kept.</summary>
internal sealed record UpdateAgentRequest(string[]? Skills, string[]? Groups, string[]? Tags, int? MaxConcurrent);

/// <summary>An agent's new state.</summary>
internal sealed record AgentStateRequest(AgentState? State);

/// <summary>A conversation to submit.</summary>
internal sealed record SubmitRequest(string? Id, string? Skill, int Priority = 0, string[]? RequiredTags = null);

/// <summary>The agent answering an offer.</summary>
internal sealed record OfferAnswer(string? Agent);

/// <summary>
/// An agent as the API shows it: <c>load</c> and <c>limit</c> are in the engine's capacity units (with the default
/// max-concurrent model a full agent is at 1 whatever its <c>maxConcurrent</c>), <c>maxConcurrent</c> is what the profile
/// asked for (null: the engine's default).
/// </summary>
internal sealed record AgentView(string Id, string State, double Load, double Limit, int? MaxConcurrent, int Conversations, int PendingOffers, string[] Skills, string[] Groups, string[] Tags)
{
    public static AgentView From(AgentSnapshot agent) => new(
        agent.Id.Value,
        agent.State.ToString(),
        agent.Load,
        agent.Limit,
        agent.Profile.MaxConcurrent,
        agent.Conversations,
        agent.PendingOffers,
        [.. agent.Profile.Skills.Select(s => s.Skill.Value)],
        [.. agent.Profile.Groups.Select(g => g.Value)],
        [.. agent.Profile.Tags]);
}

/// <summary>A conversation as the API shows it (<c>step</c> numbered from 1, as in the engine's event text).</summary>
internal sealed record ConversationView(string Id, string State, string? Skill, string? Agent, string[] OfferedTo, bool Exclusive, int? Step, DateTimeOffset SlaDue)
{
    public static ConversationView From(ConversationSnapshot conversation) => new(
        conversation.Id.Value,
        conversation.State.ToString(),
        conversation.Skill?.Value,
        conversation.Agent?.Value,
        [.. conversation.OfferedTo.Select(a => a.Value)],
        conversation.Exclusive,
        Steps.Number(conversation.Step),
        conversation.SlaDue);
}

/// <summary>A waiting conversation as the API shows it.</summary>
internal sealed record WaitingView(string Id, string? Skill, int Priority, DateTimeOffset QueuedAt, DateTimeOffset SlaDue)
{
    public static WaitingView From(WaitingConversation waiting) =>
        new(waiting.Id.Value, waiting.Skill?.Value, waiting.Priority, waiting.QueuedAt, waiting.SlaDue);
}

/// <summary>
/// An engine event as the event stream sends it (<c>sequence</c>: the engine's event number, 0 for the stream's own "ready";
/// <c>step</c> numbered from 1, as in the event's text).
/// </summary>
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
        Steps.Number(e.Step),
        e.Exclusive,
        e.Detail);
}

/// <summary>A skill's workload split as the API shows it: each group's target and actual share of primary routings, in percent.</summary>
internal sealed record WorkloadView(string Skill, long Total, WorkloadGroupView[] Groups)
{
    public static WorkloadView From(WorkloadReport report) => new(
        report.Skill.Value,
        report.PrimaryTotal,
        [.. report.Groups.Select(g => new WorkloadGroupView(g.Group.Value, g.TargetPrimaryPercentage, g.ActualPrimaryPercentage, g.PrimaryCount))]);
}

/// <summary>One group of a <see cref="WorkloadView"/>.</summary>
internal sealed record WorkloadGroupView(string Group, double TargetPercentage, double ActualPercentage, long Count);

/// <summary>
/// One numbering of routing steps for everything the host shows: from 1, as the engine's event text writes them (the
/// engine's <see cref="RoutingEvent.Step"/> and <see cref="ConversationSnapshot.Step"/> count from 0).
/// </summary>
internal static class Steps
{
    public static int? Number(int? step) => step + 1;
}

/// <summary>
/// What the host measured about invitations for a group (seconds for durations). Every field but
/// <c>reactiveArrivalsPerSecond</c> is required (<see cref="Validate"/>).
/// </summary>
internal sealed record PacingRequest(double? AcceptanceRate, double? AcceptDelaySeconds, double? AverageHandleTimeSeconds, double? AveragePatienceSeconds, double ReactiveArrivalsPerSecond = 0)
{
    /// <summary>Every field that is missing or out of range, by its JSON name, with what is valid.</summary>
    public Dictionary<string, string[]> Validate()
    {
        var errors = new Dictionary<string, string[]>();
        Check(errors, "acceptanceRate", AcceptanceRate, v => v is >= 0 and <= 1, "a number from 0 to 1 (the share of invitations accepted)");
        Check(errors, "acceptDelaySeconds", AcceptDelaySeconds, v => v >= 0, "a number of seconds, 0 or more");
        Check(errors, "averageHandleTimeSeconds", AverageHandleTimeSeconds, v => v > 0, "a number of seconds, more than 0");
        Check(errors, "averagePatienceSeconds", AveragePatienceSeconds, v => v > 0, "a number of seconds, more than 0");
        Check(errors, "reactiveArrivalsPerSecond", ReactiveArrivalsPerSecond, v => v >= 0, "a number, 0 or more");
        return errors;
    }

    public PacingStatistics ToStatistics() => new()
    {
        AcceptanceRate = AcceptanceRate!.Value,
        AcceptDelay = TimeSpan.FromSeconds(AcceptDelaySeconds!.Value),
        AverageHandleTime = TimeSpan.FromSeconds(AverageHandleTimeSeconds!.Value),
        AveragePatience = TimeSpan.FromSeconds(AveragePatienceSeconds!.Value),
        ReactiveArrivalsPerSecond = ReactiveArrivalsPerSecond,
    };

    private static void Check(Dictionary<string, string[]> errors, string field, double? value, Func<double, bool> valid, string what)
    {
        if (value is not { } v)
        {
            errors[field] = [$"\"{field}\" is missing; it must be {what}."];
        }
        else if (!double.IsFinite(v) || !valid(v))
        {
            errors[field] = [string.Create(System.Globalization.CultureInfo.InvariantCulture, $"\"{field}\" is {v}; it must be {what}.")];
        }
    }
}
