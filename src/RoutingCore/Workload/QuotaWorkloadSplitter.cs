namespace RoutingCore;

/// <summary>
/// The built-in <see cref="WorkloadSplitter"/>: the exact quota rule (<see cref="QuotaSequencer"/>) over the primary groups'
/// turns and, for cascades, over the secondary groups' takes, so the primary split and the cascaded split are each exact.
/// A primary group with catch-up ready (turns it could not take, owed to it since it took a conversation again) is served
/// first: the one with the most, ties to the earlier group. Keeps nothing: it decides from the counts the engine shows it,
/// so it allocates nothing and needs no lock.
/// </summary>
internal sealed class QuotaWorkloadSplitter : WorkloadSplitter
{
    protected override int ChoosePrimaryCore(in WorkloadSplitContext context)
    {
        WorkloadDistribution distribution = context.Distribution;
        int owed = MostCatchUp(context.PrimaryCatchUp, distribution.PrimaryWeights);
        return owed >= 0 ? owed : QuotaSequencer.Choose(distribution.PrimaryWeights, distribution.PrimaryWeightTotal, context.PrimaryTurns);
    }

    protected override int RankSecondariesCore(in WorkloadSplitContext context, Span<int> destination)
    {
        WorkloadDistribution distribution = context.Distribution;
        return QuotaSequencer.Rank(distribution.SecondaryWeights, distribution.SecondaryWeightTotal, context.SecondaryTaken, destination);
    }

    /// <summary>The group with the most catch-up ready (ties to the earlier), among groups with a positive weight; -1 for none.</summary>
    private static int MostCatchUp(ReadOnlySpan<long> catchUp, ReadOnlySpan<long> weights)
    {
        int best = -1;
        for (int i = 0; i < catchUp.Length; i++)
        {
            if (catchUp[i] > 0 && weights[i] > 0 && (best < 0 || catchUp[i] > catchUp[best]))
            {
                best = i;
            }
        }

        return best;
    }
}
