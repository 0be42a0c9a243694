namespace RoutingCore.State;

// The wire records of the state document's `retries` section (docs/state-format.md), beside StateDocument.cs (which is
// near the size limit). Data only; StateRetries writes and checks them.

/// <summary>What makes a repeated call recognizable after a restore; every list optional (absent: empty).</summary>
internal sealed class RetriesDto
{
    /// <summary>Agents removed and not added again, oldest first: a repeated RemoveAgent succeeds without effect.</summary>
    public string[]? RemovedAgents { get; init; }

    /// <summary>Operation ids of calls that took effect, oldest first.</summary>
    public OperationDto[]? Operations { get; init; }

    /// <summary>Each open conversation's message ids, by conversation sequence.</summary>
    public MessageIdsDto[]? Messages { get; init; }
}

internal sealed class OperationDto
{
    public required string Id { get; init; }

    public required RoutingCommandKind Kind { get; init; }

    public required string Conversation { get; init; }

    public string? Skill { get; init; }
}

internal sealed class MessageIdsDto
{
    public required string Conversation { get; init; }

    public required string[] Ids { get; init; }
}
