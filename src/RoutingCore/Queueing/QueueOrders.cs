namespace RoutingCore.Engine;

/// <summary>
/// Marks an <see cref="IWaitingQueueOrdering"/> whose comparison never depends on the time it is given: the order of two
/// waiting conversations is fixed while they wait. The engine then keeps each queue sorted by it, and feeding a freed
/// agent takes the best conversations from the heads. The built-in orderings carry it; an ordering of the host's own
/// does not (the engine cannot know), so its queues are ordered at each dispatch instead.
/// </summary>
internal interface ITimeInvariantOrdering
{
}

/// <summary>Compares waiting conversations by the engine's ordering at <see cref="Now"/>.</summary>
internal sealed class ServingOrder : IComparer<WaitingConversation>
{
    public ServingOrder(IWaitingQueueOrdering ordering)
    {
        Ordering = ordering;
    }

    public IWaitingQueueOrdering Ordering { get; }

    /// <summary>The time the ordering is given.</summary>
    public DateTimeOffset Now { get; set; }

    public int Compare(WaitingConversation? x, WaitingConversation? y) => Ordering.Compare(x!, y!, Now);
}

/// <summary>Compares waiting conversations by their <see cref="WaitingConversation.Sequence"/>: a fixed order for the runs of an ordering that may depend on time.</summary>
internal sealed class SequenceOrder : IComparer<WaitingConversation>
{
    public static SequenceOrder Instance { get; } = new();

    public int Compare(WaitingConversation? x, WaitingConversation? y) => x!.Sequence.CompareTo(y!.Sequence);
}
