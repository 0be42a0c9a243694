using System.Text.Json.Serialization;
using RoutingCore.Distribution;

namespace RoutingCore.State;

// The wire records of the engine's state document (docs/state-format.md describes every field). They are kept together
// in one file so the format reads in one place; they carry data only; the engine writes and validates them.

/// <summary>The whole document: the engine's state at <see cref="SavedAt"/>.</summary>
internal sealed class StateDocument
{
    public required int FormatVersion { get; init; }

    public required DateTimeOffset SavedAt { get; init; }

    public required StateCounters Counters { get; init; }

    public required string[] Media { get; init; }

    public required string[] Tags { get; init; }

    public required string[] Skills { get; init; }

    public required AgentDto[] Agents { get; init; }

    public required ConversationDto[] Conversations { get; init; }

    public required QueueDto[] Queues { get; init; }

    /// <summary>Format version 1: the consumer history, one object per consumer (version 2 writes <see cref="History"/>).</summary>
    public ConsumerHistoryDto[]? ConsumerHistory { get; init; }

    /// <summary>Format version 2: the consumer history in columns (required in version 2, unless <see cref="MemoriesApart"/>).</summary>
    public HistoryColumnsDto? History { get; set; }

    public required WorkloadDto[] Workload { get; init; }

    public required TimerDto[] Timers { get; init; }

    /// <summary>Format version 1: recently closed conversations, which GetConversation still answers. Optional (absent: none).</summary>
    public RecentlyClosedDto? RecentlyClosed { get; init; }

    /// <summary>What makes a repeated call recognizable (<see cref="RetriesDto"/>). Optional (absent: nothing remembered, or saved apart).</summary>
    public RetriesDto? Retries { get; set; }

    /// <summary>Format version 2: the recently closed conversations in columns. Optional (absent: none).</summary>
    public ClosedColumnsDto? Closed { get; set; }

    /// <summary>
    /// Format version 2: the consumer history and the closed conversations were written to their own document
    /// (<see cref="MemoriesDocument"/>, by SaveState(Stream, Stream)); absent (false) when they are in this one.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool MemoriesApart { get; set; }
}

internal sealed class StateCounters
{
    public required long NextAgentOrder { get; init; }

    public required long NextConversationSequence { get; init; }

    public required long NextToken { get; init; }

    public required long NextTimerSequence { get; init; }

    /// <summary>The sequence number of the last event published (optional: absent before the first event, and in documents written before it; read as 0).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public long LastEventSequence { get; init; }

    /// <summary>The sequence number of the last command applied (optional like <see cref="LastEventSequence"/>): a journal's later records continue the document.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public long LastCommandSequence { get; init; }
}

internal sealed class AgentDto
{
    public required ProfileDto Profile { get; init; }

    public required long Order { get; init; }

    public required AgentState State { get; init; }

    public required DateTimeOffset StateSince { get; init; }

    public DateTimeOffset? LastAcceptedAt { get; init; }

    public required double Load { get; init; }

    public DateTimeOffset? NextLoadChangeAt { get; init; }

    public required double Reserved { get; init; }

    public required int Declines { get; init; }

    public required int Timeouts { get; init; }

    public required int ConsecutiveIgnored { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public long AbsenceToken { get; init; }

    public DateTimeOffset? LoadCheckAt { get; init; }

    public required string[] Conversations { get; init; }

    public required string[] Offers { get; init; }
}

internal sealed class ProfileDto
{
    public required string Id { get; init; }

    public string? DisplayName { get; init; }

    public required AgentSkillDto[] Skills { get; init; }

    public required string[] Tags { get; init; }

    public required string[] Groups { get; init; }

    public required MediaCapacityDto[] Media { get; init; }

    public int? MaxConcurrent { get; init; }
}

internal sealed class AgentSkillDto
{
    public required string Skill { get; init; }

    public double? Proficiency { get; init; }
}

internal sealed class MediaCapacityDto
{
    public required string Media { get; init; }

    public int? MaxSessions { get; init; }
}

internal sealed class ConversationDto
{
    public required RequestDto Request { get; init; }

    public required ConversationState State { get; init; }

    public string? Skill { get; init; }

    public required long Sequence { get; init; }

    public DateTimeOffset? OpenedAt { get; init; }

    public required DateTimeOffset SlaDue { get; init; }

    public string? Agent { get; init; }

    public DateTimeOffset? AssignedAt { get; init; }

    public DateTimeOffset? LastConsumerMessageAt { get; init; }

    public DateTimeOffset? LastAgentMessageAt { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public long AutoCloseToken { get; init; }

    public required OfferDto[] Offers { get; init; }

    public PlanDto? Plan { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public int Step { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public long StepToken { get; init; }

    public AgentRefDto[]? Excluded { get; init; }

    /// <summary>Format version 1: every past offer by agent id (version 2 writes <see cref="Past"/>).</summary>
    public PastOfferDto[]? PastOffers { get; init; }

    /// <summary>Format version 2: what the rules need of its past offers.</summary>
    public PastOffersDto? Past { get; init; }

    public string? Group { get; init; }

    public string? Target { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool MaxWaitPassed { get; init; }

    /// <summary>Its primary turn of the skill's current split is neither taken by the group nor forfeited yet.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool OpenTurn { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public long MaxWaitToken { get; init; }

    public DateTimeOffset? QueuedAt { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public long RetryToken { get; init; }
}

internal sealed class RequestDto
{
    public required string Id { get; init; }

    public string? Skill { get; init; }

    public required string[] Media { get; init; }

    public string[]? RequiredTags { get; init; }

    public string[]? OptionalTags { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public int Priority { get; init; }

    public string? Consumer { get; init; }

    public DateTimeOffset? CreatedAt { get; init; }

    public Dictionary<string, string>? Attributes { get; init; }

    public string? ConversationType { get; init; }
}

internal sealed class OfferDto
{
    public required string Agent { get; init; }

    public required int Step { get; init; }

    public required DateTimeOffset OfferedAt { get; init; }

    public required double Cost { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool TimedOut { get; init; }

    /// <summary>Set only on the conversation's exclusive offer (its only pending one): since when it is exclusive.</summary>
    public DateTimeOffset? ExclusiveSince { get; init; }
}

internal sealed class PlanDto
{
    public required string Strategy { get; init; }

    public string? Skill { get; init; }

    public required TimeSpan StepDelay { get; init; }

    public required DateTimeOffset PlannedAt { get; init; }

    public required PlanStepDto[] Steps { get; init; }

    public ExclusionDto[]? Exclusions { get; init; }
}

internal sealed class PlanStepDto
{
    public required TimeSpan OfferAfter { get; init; }

    public required PlannedAgentDto[] Agents { get; init; }
}

internal sealed class PlannedAgentDto
{
    public required string Agent { get; init; }

    public required double Score { get; init; }
}

internal sealed class ExclusionDto
{
    public required ExclusionReason Reason { get; init; }

    public required int Agents { get; init; }
}

internal sealed class AgentRefDto
{
    public required string Agent { get; init; }

    /// <summary>True: the agent was removed from the roster (a later agent with the same id is a different agent).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool Removed { get; init; }
}

internal sealed class QueueDto
{
    /// <summary>The skill whose queue this is; null: the queue of conversations any agent may take.</summary>
    public string? Skill { get; init; }

    public required string[] Conversations { get; init; }
}

internal sealed class WorkloadDto
{
    public required string Skill { get; init; }

    public required int Version { get; init; }

    public required WorkloadShareDto[] Primary { get; init; }

    public required WorkloadShareDto[] Secondary { get; init; }

    public TimeSpan? MaxWait { get; init; }

    public required WorkloadTotalsDto[] Totals { get; init; }
}

internal sealed class WorkloadShareDto
{
    public required string Group { get; init; }

    public required double Percentage { get; init; }

    /// <summary>Turns (primary) or cascaded conversations (secondary) counted by the split since the distribution was set.</summary>
    public required long Turns { get; init; }

    /// <summary>Primary groups only: conversations taken since the distribution was set.</summary>
    public long? Taken { get; init; }

    /// <summary>Primary groups only: turns it could not take, owed until it takes a conversation again.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public long Owed { get; init; }

    /// <summary>Primary groups only: owed conversations it is to be given ahead of the turns (it took a conversation since).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public long CatchUp { get; init; }
}

internal sealed class WorkloadTotalsDto
{
    public required string Group { get; init; }

    public required long Primary { get; init; }

    public required long Cascaded { get; init; }
}

internal sealed class TimerDto
{
    public required Engine.EngineTimerKind Kind { get; init; }

    public string? Conversation { get; init; }

    public string? Agent { get; init; }

    public required long Token { get; init; }

    public required DateTimeOffset Due { get; init; }

    public required long Sequence { get; init; }
}

/// <summary>The source-generated (reflection-free, trim- and AOT-safe) serializer of <see cref="StateDocument"/>.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    UseStringEnumConverter = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(StateDocument))]
[JsonSerializable(typeof(MemoriesDocument))]
internal sealed partial class StateJsonContext : JsonSerializerContext;
