namespace RoutingCore;

/// <summary>The built-in waiting-queue orderings.</summary>
public static class WaitingQueueOrderings
{
    /// <summary>
    /// Higher <see cref="WaitingConversation.Priority"/> first; within a priority, the earliest
    /// <see cref="WaitingConversation.SlaDue"/> (least time left before the SLA is breached) first; then arrival order.
    /// Every conversation's SLA due time is fixed, so a conversation that keeps waiting eventually comes first within its
    /// priority: no skill's queue starves. It does not depend on time, so the engine keeps each queue sorted by it and
    /// feeding an agent whose capacity freed costs O(log n) in the number waiting. The default.
    /// </summary>
    public static IWaitingQueueOrdering PriorityThenSla { get; } = new PriorityThenSlaOrdering();

    private sealed class PriorityThenSlaOrdering : IWaitingQueueOrdering, Engine.ITimeInvariantOrdering
    {
        public int Compare(WaitingConversation x, WaitingConversation y, DateTimeOffset now)
        {
            int byPriority = y.Priority.CompareTo(x.Priority);
            if (byPriority != 0)
            {
                return byPriority;
            }

            int bySla = x.SlaDue.CompareTo(y.SlaDue);
            return bySla != 0 ? bySla : x.Sequence.CompareTo(y.Sequence);
        }
    }
}
