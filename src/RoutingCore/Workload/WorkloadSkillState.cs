namespace RoutingCore;

/// <summary>
/// The engine's record of one skill's split: the distribution in effect, its version, what happened since it was set (turns
/// and takes, by position in the distribution's lists, as a <see cref="WorkloadSplitContext"/> shows them) and the
/// cumulative counts of every group the skill's distributions ever named.
/// </summary>
internal sealed class WorkloadSkillState
{
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
        PrimaryTotals = PrimaryGroups.Select(TotalsOf).ToArray();
        SecondaryTotals = SecondaryGroups.Select(TotalsOf).ToArray();
        PrimaryTurns = new long[PrimaryGroups.Length];
        PrimaryTaken = new long[PrimaryGroups.Length];
        PrimaryOwed = new long[PrimaryGroups.Length];
        PrimaryCatchUp = new long[PrimaryGroups.Length];
        SecondaryTaken = new long[SecondaryGroups.Length];
        RankBuffer = new int[SecondaryGroups.Length];
    }

    /// <summary>Sets the split's counts since the distribution was set (a restored state).</summary>
    /// <param name="primaryTurns">Turns spent per primary group.</param>
    /// <param name="primaryTaken">Conversations taken per primary group.</param>
    /// <param name="secondaryTaken">Cascaded conversations per secondary group.</param>
    /// <param name="primaryOwed">Turns owed per primary group (see <see cref="PrimaryOwed"/>).</param>
    /// <param name="primaryCatchUp">Catch-up conversations ready per primary group (see <see cref="PrimaryCatchUp"/>).</param>
    internal void Restore(ReadOnlySpan<long> primaryTurns, ReadOnlySpan<long> primaryTaken, ReadOnlySpan<long> secondaryTaken, ReadOnlySpan<long> primaryOwed, ReadOnlySpan<long> primaryCatchUp)
    {
        primaryTurns.CopyTo(PrimaryTurns);
        primaryTaken.CopyTo(PrimaryTaken);
        primaryOwed.CopyTo(PrimaryOwed);
        primaryCatchUp.CopyTo(PrimaryCatchUp);
        secondaryTaken.CopyTo(SecondaryTaken);
        PrimaryTakenTotal = 0;
        foreach (long taken in primaryTaken)
        {
            PrimaryTakenTotal += taken;
        }

        SecondaryTakenTotal = 0;
        foreach (long taken in secondaryTaken)
        {
            SecondaryTakenTotal += taken;
        }
    }

    internal WorkloadDistribution Distribution { get; }

    internal int Version { get; }

    internal AgentGroupId[] PrimaryGroups { get; }

    internal AgentGroupId[] SecondaryGroups { get; }

    /// <summary>Turns each primary group got since the distribution was set (conversations routed with it as their primary group).</summary>
    internal long[] PrimaryTurns { get; }

    /// <summary>Conversations each primary group took since the distribution was set (turns spent without a take excluded).</summary>
    internal long[] PrimaryTaken { get; }

    internal long PrimaryTakenTotal { get; set; }

    /// <summary>
    /// Turns each primary group was given and could not take (its conversation cascaded, or closed before the group accepted
    /// it), owed to it until it takes a conversation again; with <see cref="PrimaryCatchUp"/>, at most the catch-up limit.
    /// </summary>
    internal long[] PrimaryOwed { get; }

    /// <summary>
    /// Conversations each primary group is to be given ahead of the turns: what it was owed, made ready when it took a
    /// conversation again (the splitter sees these in <see cref="WorkloadSplitContext.PrimaryCatchUp"/>).
    /// </summary>
    internal long[] PrimaryCatchUp { get; }

    /// <summary>Cascaded conversations each secondary group took since the distribution was set.</summary>
    internal long[] SecondaryTaken { get; }

    internal long SecondaryTakenTotal { get; set; }

    internal WorkloadGroupTotals[] PrimaryTotals { get; }

    internal WorkloadGroupTotals[] SecondaryTotals { get; }

    /// <summary>The cumulative counts of every group that was ever in the skill's distribution.</summary>
    internal Dictionary<AgentGroupId, WorkloadGroupTotals> AllTotals { get; }

    /// <summary>Scratch space for ranking the secondary groups.</summary>
    internal int[] RankBuffer { get; }

    internal long PrimaryTotalAll { get; set; }

    internal long CascadedTotalAll { get; set; }

    /// <summary>What the splitter decides from.</summary>
    internal WorkloadSplitContext Context(SkillId skill) => new(skill, Distribution, PrimaryTurns, PrimaryTaken, SecondaryTaken, PrimaryCatchUp);

    /// <summary>What the splitter decides from when the group owed catch-up conversations cannot take one now.</summary>
    internal WorkloadSplitContext ContextWithoutCatchUp(SkillId skill) => new(skill, Distribution, PrimaryTurns, PrimaryTaken, SecondaryTaken, []);

    /// <summary>The split as the state document holds it.</summary>
    internal State.WorkloadDto ToDocument(SkillId skill)
    {
        var primary = new State.WorkloadShareDto[PrimaryGroups.Length];
        for (int i = 0; i < primary.Length; i++)
        {
            primary[i] = new State.WorkloadShareDto
            {
                Group = PrimaryGroups[i].Value,
                Percentage = Distribution.Primary[i].Percentage,
                Turns = PrimaryTurns[i],
                Taken = PrimaryTaken[i],
                Owed = PrimaryOwed[i],
                CatchUp = PrimaryCatchUp[i],
            };
        }

        var secondary = new State.WorkloadShareDto[SecondaryGroups.Length];
        for (int i = 0; i < secondary.Length; i++)
        {
            secondary[i] = new State.WorkloadShareDto
            {
                Group = SecondaryGroups[i].Value,
                Percentage = Distribution.Secondary[i].Percentage,
                Turns = SecondaryTaken[i],
            };
        }

        return new State.WorkloadDto
        {
            Skill = skill.Value,
            Version = Version,
            Primary = primary,
            Secondary = secondary,
            MaxWait = Distribution.MaxWait,
            Totals = [.. AllTotals.OrderBy(pair => pair.Key.Value, StringComparer.Ordinal)
                .Select(pair => new State.WorkloadTotalsDto { Group = pair.Key.Value, Primary = pair.Value.Primary, Cascaded = pair.Value.Cascaded })],
        };
    }

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
