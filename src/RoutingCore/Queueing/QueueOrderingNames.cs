namespace RoutingCore;

/// <summary>The names of the built-in waiting-queue orderings, chosen with <see cref="RoutingOptions.QueueOrdering"/>.</summary>
public static class QueueOrderingNames
{
    /// <summary>
    /// Higher priority first, then the earliest SLA due time, then arrival order: <see cref="WaitingQueueOrderings.PriorityThenSla"/>.
    /// </summary>
    public const string PriorityThenSla = "priority-then-sla";

    /// <summary>
    /// Importance times the likelihood that the consumer still answers (seed 001's queue prioritization): the likelihood
    /// halves with every <see cref="ResponsivenessOptions.HalfLife"/> since the consumer was last heard from; ties go by
    /// <see cref="PriorityThenSla"/>.
    /// </summary>
    public const string Responsiveness = "responsiveness";
}
