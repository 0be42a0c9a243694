namespace RoutingCore;

/// <summary>How one agent group of a skill's workload distribution is doing: its target shares, its actual shares and its counts.</summary>
public sealed class WorkloadGroupReport
{
    /// <summary>
    /// Creates an empty group report; the engine fills one with <see cref="IRoutingEngine.GetWorkloadReport"/>. Public so that hosts
    /// and serializers (the Orleans package's surrogates, a test double of the engine) can build one.
    /// </summary>
    public WorkloadGroupReport()
    {
    }

    /// <summary>The agent group.</summary>
    public AgentGroupId Group { get; init; }

    /// <summary>The group's role in the current distribution.</summary>
    public WorkloadGroupRole Role { get; init; }

    /// <summary>The group's target share of the primary traffic, in percent (its configured percentage relative to the primary list's sum); 0 if it is not a primary group.</summary>
    public double TargetPrimaryPercentage { get; init; }

    /// <summary>The group's target share of the cascaded traffic, in percent (its configured percentage relative to the secondary list's sum); 0 if it is not a secondary group.</summary>
    public double TargetSecondaryPercentage { get; init; }

    /// <summary>The group's actual share, in percent, of the conversations taken by primary groups since the current split took effect; 0 when there were none.</summary>
    public double ActualPrimaryPercentage { get; init; }

    /// <summary>The group's actual share, in percent, of the conversations taken by secondary groups since the current split took effect; 0 when there were none.</summary>
    public double ActualSecondaryPercentage { get; init; }

    /// <summary>Conversations the group took as a primary group since the skill was first configured (kept across changes of the split).</summary>
    public long PrimaryCount { get; init; }

    /// <summary>Conversations the group took as a secondary group (cascaded) since the skill was first configured (kept across changes of the split).</summary>
    public long CascadedCount { get; init; }

    /// <summary>Conversations the group took as a primary group since the current split took effect.</summary>
    public long PrimaryCountSinceChange { get; init; }

    /// <summary>Conversations the group took as a secondary group (cascaded) since the current split took effect.</summary>
    public long CascadedCountSinceChange { get; init; }

    /// <summary>
    /// Conversations the group is owed as a primary group: turns of the current split it was given and could not take (the
    /// conversation cascaded, or closed before the group accepted it), at most <see cref="RoutingOptions.WorkloadCatchUpLimit"/>.
    /// Once the group takes a conversation again it is given these first, ahead of the turns; 0 if it is not a primary group.
    /// </summary>
    public long PrimaryOwed { get; init; }
}
