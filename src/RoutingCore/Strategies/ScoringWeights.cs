namespace RoutingCore;

/// <summary>The resolved weights of the custom-weighted strategy's components (each 0..1).</summary>
/// <param name="Load">The weight of the load component.</param>
/// <param name="Idle">The weight of the idle-time component.</param>
/// <param name="Tags">The weight of the tags component.</param>
/// <param name="Affinity">The weight of the consumer-affinity component.</param>
public readonly record struct ScoringWeights(double Load, double Idle, double Tags, double Affinity)
{
    /// <summary>Equal weights of 1 on every component.</summary>
    public static ScoringWeights Equal { get; } = new(1, 1, 1, 1);

    /// <summary>The sum of the weights.</summary>
    public double Total => Load + Idle + Tags + Affinity;
}
