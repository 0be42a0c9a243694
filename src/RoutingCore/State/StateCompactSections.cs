namespace RoutingCore.State;

// The compact sections of format version 2 (docs/state-format.md): what the rules need of an open conversation's past
// offers, and the history (closed conversations, consumers) in columns — one array per field, not one object per entry.

/// <summary>
/// What a conversation remembers of its past offers (format version 2): the agents whose offers were withdrawn while it is
/// being routed, the agents who declined it, and whether it was accepted since (which forgot the withdrawals). Agents on
/// the roster are named by their position in <c>$.agents</c>, ascending; agents no longer on it by id.
/// </summary>
internal sealed class PastOffersDto
{
    public int[]? Withdrawn { get; init; }

    public int[]? Declined { get; init; }

    public string[]? WithdrawnOffRoster { get; init; }

    public string[]? DeclinedOffRoster { get; init; }

    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingDefault)]
    public bool Accepted { get; init; }
}

/// <summary>The consumer history in columns (format version 2): consumers, most recently served first, and their agents.</summary>
internal sealed class HistoryColumnsDto
{
    /// <summary>The agent ids the history names, each once, in the order first named (they need not be on the roster).</summary>
    public required string[] Agents { get; init; }

    /// <summary>The consumers, the most recently served first.</summary>
    public required string[] Consumers { get; init; }

    /// <summary>For each consumer, how many agents served it (1 to the history's depth).</summary>
    public required int[] Counts { get; init; }

    /// <summary>
    /// The positions in <see cref="Agents"/> of the agents who served each consumer, most recent first: the first consumer's
    /// <see cref="Counts"/>[0] entries, then the next one's, and so on (one flat array, not one array per consumer).
    /// </summary>
    public required int[] Served { get; init; }
}

/// <summary>The recently closed conversations in columns (format version 2): one array per field of what GetConversation answers.</summary>
internal sealed class ClosedColumnsDto
{
    /// <summary>Ids in the order they were closed, oldest first (an id closed twice appears twice).</summary>
    public required string[] Order { get; init; }

    /// <summary>Each remembered conversation's request, by id (ordinal); the other columns follow this order.</summary>
    public required RequestDto[] Requests { get; init; }

    /// <summary>The skill it was routed on (null: any agent).</summary>
    public required string?[] Skills { get; init; }

    /// <summary>Its SLA due time.</summary>
    public required DateTimeOffset[] SlaDue { get; init; }

    /// <summary>The agents it excluded (null: none).</summary>
    public required string[]?[] Excluded { get; init; }

    /// <summary>The agent group it was routed to (null: none).</summary>
    public required string?[] Groups { get; init; }
}
