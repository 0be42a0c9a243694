namespace RoutingCore;

/// <summary>
/// The workload distribution of one skill, as bound from configuration: the primary agent groups that split the skill's new
/// conversations by percentage and, optionally, the secondary groups that split the conversations the chosen primary group
/// cannot take. Validate it with <see cref="WorkloadDistribution.FromOptions"/>.
/// </summary>
public sealed class WorkloadDistributionOptions
{
    /// <summary>The primary agent groups and their percentages; the percentages must sum to 100. Never null after construction.</summary>
    public List<AgentGroupShareOptions> PrimaryGroups { get; set; } = [];

    /// <summary>The secondary agent groups and their percentages (empty for no cascade); if any are given, the percentages must sum to 100.</summary>
    public List<AgentGroupShareOptions> SecondaryGroups { get; set; } = [];

    /// <summary>
    /// How long a conversation may wait for its primary group before it cascades to the secondary groups;
    /// <see langword="null"/> cascades only when the primary group has no eligible agent with capacity. Must be positive when set.
    /// </summary>
    public TimeSpan? MaxWait { get; set; }
}
