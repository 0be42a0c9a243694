using System.Collections.Immutable;

namespace RoutingCore;

/// <summary>A snapshot of a skill's workload split: the current distribution and, per agent group, target and actual shares and counts.</summary>
public sealed class WorkloadReport
{
    /// <summary>
    /// Creates an empty report; the engine fills one with <see cref="IRoutingEngine.GetWorkloadReport"/>. Public so that hosts
    /// and serializers (the Orleans package's surrogates, a test double of the engine) can build one.
    /// </summary>
    public WorkloadReport()
    {
    }

    /// <summary>The skill.</summary>
    public SkillId Skill { get; init; }

    /// <summary>The distribution in effect.</summary>
    public WorkloadDistribution Distribution { get; init; } = null!;

    /// <summary>
    /// One entry per group: the primary groups in configured order, then the secondary groups in configured order, then groups
    /// that are no longer configured but took conversations under an earlier split (ordinal order).
    /// </summary>
    public ImmutableArray<WorkloadGroupReport> Groups { get; init; } = [];

    /// <summary>Conversations taken by primary groups since the skill was first configured.</summary>
    public long PrimaryTotal { get; init; }

    /// <summary>Conversations taken by secondary groups (cascaded) since the skill was first configured.</summary>
    public long CascadedTotal { get; init; }

    /// <summary>Conversations taken by primary groups since the current split took effect.</summary>
    public long PrimaryTotalSinceChange { get; init; }

    /// <summary>Conversations taken by secondary groups (cascaded) since the current split took effect.</summary>
    public long CascadedTotalSinceChange { get; init; }

    /// <summary>How many times the split was set for the skill (1 after the first, from the options or <see cref="IRoutingEngine.ConfigureWorkload"/>).</summary>
    public int Version { get; init; }

    /// <summary>Finds the entry of a group.</summary>
    /// <param name="group">The agent group.</param>
    /// <returns>The group's entry, or <see langword="null"/> if the report has none.</returns>
    public WorkloadGroupReport? Find(AgentGroupId group)
    {
        foreach (var entry in Groups)
        {
            if (entry.Group == group)
            {
                return entry;
            }
        }

        return null;
    }
}
