namespace RoutingCore;

/// <summary>
/// The built-in <see cref="WorkloadSplitter"/>: the exact quota rule (<see cref="QuotaSequencer"/>) over the primary groups'
/// turns and, for cascades, over the secondary groups' takes, so the primary split and the cascaded split are each exact.
/// Keeps nothing: it decides from the counts the engine shows it, so it allocates nothing and needs no lock.
/// </summary>
internal sealed class QuotaWorkloadSplitter : WorkloadSplitter
{
    protected override int ChoosePrimaryCore(in WorkloadSplitContext context)
    {
        WorkloadDistribution distribution = context.Distribution;
        return QuotaSequencer.Choose(distribution.PrimaryWeights, distribution.PrimaryWeightTotal, context.PrimaryTurns);
    }

    protected override int RankSecondariesCore(in WorkloadSplitContext context, Span<int> destination)
    {
        WorkloadDistribution distribution = context.Distribution;
        return QuotaSequencer.Rank(distribution.SecondaryWeights, distribution.SecondaryWeightTotal, context.SecondaryTaken, destination);
    }
}
