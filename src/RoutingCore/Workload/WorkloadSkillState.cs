namespace RoutingCore.Workload;

/// <summary>The split state of one skill: the distribution in effect, its two sequencers and the counts.</summary>
internal sealed class WorkloadSkillState
{
    /// <summary>Percentages are turned into integer weights at this many units per percentage point.</summary>
    internal const double WeightUnitsPerPercent = 1_000_000;

    internal WorkloadSkillState(WorkloadDistribution distribution, WorkloadSkillState? previous)
        : this(distribution, previous is { Version: int.MaxValue } ? int.MaxValue : (previous?.Version ?? 0) + 1, previous?.AllTotals ?? []) // counts up, stopping at the top
    {
        PrimaryTotalAll = previous?.PrimaryTotalAll ?? 0;
        CascadedTotalAll = previous?.CascadedTotalAll ?? 0;
    }

    /// <summary>A restored state: the distribution, its version and the cumulative counts; set the split's counts with <see cref="Restore"/>.</summary>
    internal WorkloadSkillState(WorkloadDistribution distribution, int version, Dictionary<AgentGroupId, WorkloadGroupTotals> allTotals)
    {
        Distribution = distribution;
        Version = version;
        AllTotals = allTotals;
        foreach (WorkloadGroupTotals totals in allTotals.Values)
        {
            PrimaryTotalAll += totals.Primary;
            CascadedTotalAll += totals.Cascaded;
        }

        PrimaryGroups = distribution.Primary.Select(s => s.Group).ToArray();
        SecondaryGroups = distribution.Secondary.Select(s => s.Group).ToArray();
        Primary = new QuotaSequencer(distribution.Primary.Select(s => ToWeight(s.Percentage)).ToArray());
        Secondary = new QuotaSequencer(distribution.Secondary.Select(s => ToWeight(s.Percentage)).ToArray());
        PrimaryTotals = PrimaryGroups.Select(TotalsOf).ToArray();
        SecondaryTotals = SecondaryGroups.Select(TotalsOf).ToArray();
        RankBuffer = new int[SecondaryGroups.Length];
        PrimaryTaken = new long[PrimaryGroups.Length];
    }

    /// <summary>Sets the split's counts since the distribution was set (a restored state).</summary>
    /// <param name="primaryTurns">Turns spent per primary group.</param>
    /// <param name="primaryTaken">Conversations taken per primary group.</param>
    /// <param name="secondaryTurns">Cascaded conversations per secondary group.</param>
    internal void Restore(ReadOnlySpan<long> primaryTurns, ReadOnlySpan<long> primaryTaken, ReadOnlySpan<long> secondaryTurns)
    {
        Primary.RestoreCounts(primaryTurns);
        Secondary.RestoreCounts(secondaryTurns);
        primaryTaken.CopyTo(PrimaryTaken);
        PrimaryTakenTotal = 0;
        foreach (long taken in primaryTaken)
        {
            PrimaryTakenTotal += taken;
        }
    }

    /// <summary>Conversations each primary group took since the distribution was set (turns spent without a take excluded).</summary>
    internal long[] PrimaryTaken { get; }

    internal long PrimaryTakenTotal { get; set; }

    internal WorkloadDistribution Distribution { get; }

    internal int Version { get; }

    internal AgentGroupId[] PrimaryGroups { get; }

    internal AgentGroupId[] SecondaryGroups { get; }

    internal QuotaSequencer Primary { get; }

    internal QuotaSequencer Secondary { get; }

    internal WorkloadGroupTotals[] PrimaryTotals { get; }

    internal WorkloadGroupTotals[] SecondaryTotals { get; }

    /// <summary>The cumulative counts of every group that was ever in the skill's distribution.</summary>
    internal Dictionary<AgentGroupId, WorkloadGroupTotals> AllTotals { get; }

    /// <summary>Scratch space for ranking the secondary groups.</summary>
    internal int[] RankBuffer { get; }

    internal long PrimaryTotalAll { get; set; }

    internal long CascadedTotalAll { get; set; }

    internal static long ToWeight(double percentage) => (long)Math.Round(Math.Clamp(percentage, 0, 100) * WeightUnitsPerPercent, MidpointRounding.AwayFromZero);

    internal static int IndexOf(AgentGroupId[] groups, AgentGroupId group)
    {
        for (int i = 0; i < groups.Length; i++)
        {
            if (groups[i] == group)
            {
                return i;
            }
        }

        return -1;
    }

    private WorkloadGroupTotals TotalsOf(AgentGroupId group)
    {
        if (!AllTotals.TryGetValue(group, out var totals))
        {
            totals = new WorkloadGroupTotals();
            AllTotals.Add(group, totals);
        }

        return totals;
    }
}
