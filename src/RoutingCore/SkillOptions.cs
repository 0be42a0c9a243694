namespace RoutingCore;

/// <summary>Settings of one skill that override the account-wide <see cref="RoutingOptions"/>.</summary>
public sealed class SkillOptions
{
    /// <summary>The scoring strategy for this skill's conversations; <see langword="null"/> uses <see cref="RoutingOptions.Strategy"/>.</summary>
    /// <value>Defaults to <see langword="null"/>.</value>
    public string? Strategy { get; set; }

    /// <summary>The number of steps for this skill; <see langword="null"/> uses <see cref="RoutingOptions.Steps"/>.</summary>
    /// <value>Defaults to <see langword="null"/>.</value>
    public int? Steps { get; set; }

    /// <summary>The delay between steps for this skill; <see langword="null"/> uses <see cref="RoutingOptions.StepDelay"/>.</summary>
    /// <value>Defaults to <see langword="null"/>.</value>
    public TimeSpan? StepDelay { get; set; }

    /// <summary>
    /// This skill's workload distribution across agent groups (percentages of its new conversations per primary group,
    /// cascading to secondary groups); <see langword="null"/> routes over all the skill's agents. Its groups must be
    /// declared in <see cref="RoutingOptions.AgentGroups"/>.
    /// </summary>
    /// <value>Defaults to <see langword="null"/>.</value>
    public WorkloadDistributionOptions? Workload { get; set; }

    /// <summary>This skill's fallback skill; <see langword="null"/> uses <see cref="RoutingOptions.FallbackSkill"/>.</summary>
    /// <value>Defaults to <see langword="null"/>.</value>
    public string? FallbackSkill { get; set; }

    /// <summary>The custom-weighted strategy's weights for this skill; <see langword="null"/> uses <see cref="RoutingOptions.CustomWeights"/>.</summary>
    /// <value>Defaults to <see langword="null"/>.</value>
    public ScoringWeightsOptions? CustomWeights { get; set; }
}
