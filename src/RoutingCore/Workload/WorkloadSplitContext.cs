namespace RoutingCore;

/// <summary>
/// What a <see cref="WorkloadSplitter"/> decides from: a skill, its workload distribution, and what happened since that
/// distribution was set — the engine's counts, one per group, in the order of the distribution's lists.
/// </summary>
/// <remarks>
/// The engine builds one for each decision over the counts it keeps (nothing is copied); the spans are valid only during
/// the call. Build one yourself to test a splitter of your own.
/// </remarks>
public readonly ref struct WorkloadSplitContext
{
    /// <summary>Creates a context.</summary>
    /// <param name="skill">The skill.</param>
    /// <param name="distribution">Its distribution.</param>
    /// <param name="primaryTurns">Turns per primary group (see <see cref="PrimaryTurns"/>); as many as <see cref="WorkloadDistribution.Primary"/> lists.</param>
    /// <param name="primaryTaken">Conversations taken per primary group (see <see cref="PrimaryTaken"/>); as many as <see cref="WorkloadDistribution.Primary"/> lists.</param>
    /// <param name="secondaryTaken">Cascaded conversations taken per secondary group (see <see cref="SecondaryTaken"/>); as many as <see cref="WorkloadDistribution.Secondary"/> lists.</param>
    /// <exception cref="ArgumentException"><paramref name="skill"/> is the empty (default) id, or a span's length differs from its list's.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="distribution"/> is <see langword="null"/>.</exception>
    public WorkloadSplitContext(SkillId skill, WorkloadDistribution distribution, ReadOnlySpan<long> primaryTurns, ReadOnlySpan<long> primaryTaken, ReadOnlySpan<long> secondaryTaken)
        : this(skill, distribution, primaryTurns, primaryTaken, secondaryTaken, [])
    {
    }

    /// <summary>Creates a context that shows the primary groups' catch-up conversations.</summary>
    /// <param name="skill">The skill.</param>
    /// <param name="distribution">Its distribution.</param>
    /// <param name="primaryTurns">Turns per primary group (see <see cref="PrimaryTurns"/>); as many as <see cref="WorkloadDistribution.Primary"/> lists.</param>
    /// <param name="primaryTaken">Conversations taken per primary group (see <see cref="PrimaryTaken"/>); as many as <see cref="WorkloadDistribution.Primary"/> lists.</param>
    /// <param name="secondaryTaken">Cascaded conversations taken per secondary group (see <see cref="SecondaryTaken"/>); as many as <see cref="WorkloadDistribution.Secondary"/> lists.</param>
    /// <param name="primaryCatchUp">Catch-up conversations ready per primary group (see <see cref="PrimaryCatchUp"/>); as many as <see cref="WorkloadDistribution.Primary"/> lists, or empty for none.</param>
    /// <exception cref="ArgumentException"><paramref name="skill"/> is the empty (default) id, or a span's length differs from its list's.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="distribution"/> is <see langword="null"/>.</exception>
    public WorkloadSplitContext(SkillId skill, WorkloadDistribution distribution, ReadOnlySpan<long> primaryTurns, ReadOnlySpan<long> primaryTaken, ReadOnlySpan<long> secondaryTaken, ReadOnlySpan<long> primaryCatchUp)
    {
        if (skill.IsEmpty)
        {
            throw new ArgumentException("The skill id is the default (empty) value; give a real skill id.", nameof(skill));
        }

        ArgumentNullException.ThrowIfNull(distribution);
        RequireLength(primaryTurns.Length, distribution.Primary.Length, "primary", nameof(primaryTurns));
        RequireLength(primaryTaken.Length, distribution.Primary.Length, "primary", nameof(primaryTaken));
        RequireLength(secondaryTaken.Length, distribution.Secondary.Length, "secondary", nameof(secondaryTaken));
        if (!primaryCatchUp.IsEmpty)
        {
            RequireLength(primaryCatchUp.Length, distribution.Primary.Length, "primary", nameof(primaryCatchUp));
        }

        Skill = skill;
        Distribution = distribution;
        PrimaryTurns = primaryTurns;
        PrimaryTaken = primaryTaken;
        SecondaryTaken = secondaryTaken;
        PrimaryCatchUp = primaryCatchUp;
    }

    /// <summary>The skill whose conversation is being split.</summary>
    public SkillId Skill { get; }

    /// <summary>The skill's distribution in effect.</summary>
    public WorkloadDistribution Distribution { get; }

    /// <summary>
    /// The turns each primary group got since the distribution was set: the new conversations routed with it as their primary
    /// group, whether it then took them or not (so that a group that cannot take traffic does not hold back the others),
    /// except those it was given to catch up (<see cref="PrimaryCatchUp"/>).
    /// </summary>
    public ReadOnlySpan<long> PrimaryTurns { get; }

    /// <summary>The conversations each primary group took (accepted) as the primary group since the distribution was set.</summary>
    public ReadOnlySpan<long> PrimaryTaken { get; }

    /// <summary>The cascaded conversations each secondary group took (accepted) since the distribution was set.</summary>
    public ReadOnlySpan<long> SecondaryTaken { get; }

    /// <summary>
    /// The conversations each primary group is owed and may be given now, ahead of the turns: turns it was given and could not
    /// take (the conversation cascaded, or closed before the group accepted it), at most
    /// <see cref="RoutingOptions.WorkloadCatchUpLimit"/>, ready once the group took a conversation again. A conversation the
    /// splitter gives a group with catch-up spends one of them instead of a turn. When the group chosen for a catch-up
    /// conversation cannot take it now (nobody eligible with room), the engine asks again with this span empty and the
    /// conversation spends a turn; the group keeps what it is owed. Empty when the context was built without them.
    /// </summary>
    public ReadOnlySpan<long> PrimaryCatchUp { get; }

    private static void RequireLength(int length, int groups, string list, string paramName)
    {
        if (length != groups)
        {
            throw new ArgumentException($"{paramName} holds {length} counts, but the distribution lists {groups} {list} group(s); give one count per group, in the list's order.", paramName);
        }
    }
}
