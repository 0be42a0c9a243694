using System.Text.Json.Serialization;

namespace RoutingCore.State;

// The wire records of format version 1 that version 2 replaced (docs/state-format.md, "Format version 1"): still read,
// no longer written. Version 2's compact sections are in StateCompactSections.cs.

internal sealed class RecentlyClosedDto
{
    /// <summary>The order in which conversations were closed (oldest first; an id closed twice appears twice): the oldest are forgotten first.</summary>
    public required string[] Order { get; init; }

    public required ClosedConversationDto[] Conversations { get; init; }
}

internal sealed class ClosedConversationDto
{
    public required RequestDto Request { get; init; }

    public string? Skill { get; init; }

    public required DateTimeOffset SlaDue { get; init; }

    public string[]? Excluded { get; init; }

    public string? Group { get; init; }
}

internal sealed class PastOfferDto
{
    public required string Agent { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool Removed { get; init; }

    public required RoutingErrorCode Code { get; init; }
}

internal sealed class ConsumerHistoryDto
{
    public required string Consumer { get; init; }

    public required string[] Agents { get; init; }
}
