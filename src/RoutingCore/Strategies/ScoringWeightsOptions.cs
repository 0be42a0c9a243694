namespace RoutingCore;

/// <summary>
/// The weights of the custom-weighted strategy's components, each from 0 (ignored) to 1 (full weight).
/// </summary>
public sealed class ScoringWeightsOptions
{
    /// <summary>The weight of the load component (the less loaded, the higher).</summary>
    /// <value>Defaults to 1.</value>
    public double Load { get; set; } = RoutingDefaults.CustomWeight;

    /// <summary>The weight of the idle-time component (the longer since the agent last accepted, the higher).</summary>
    /// <value>Defaults to 1.</value>
    public double Idle { get; set; } = RoutingDefaults.CustomWeight;

    /// <summary>The weight of the tags component (the share of the conversation's optional tags the agent has).</summary>
    /// <value>Defaults to 1.</value>
    public double Tags { get; set; } = RoutingDefaults.CustomWeight;

    /// <summary>
    /// The weight of the consumer-affinity component (1 for an agent who served this consumer before: one of the 4 agents
    /// who served it most recently, remembered for the 100,000 most recently served consumers — fixed limits).
    /// </summary>
    /// <value>Defaults to 1.</value>
    public double Affinity { get; set; } = RoutingDefaults.CustomWeight;

    internal ScoringWeights ToWeights() => new(Load, Idle, Tags, Affinity);
}
