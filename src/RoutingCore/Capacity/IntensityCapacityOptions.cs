namespace RoutingCore;

/// <summary>Settings of the intensity-based (dynamic) capacity model.</summary>
public sealed class IntensityCapacityOptions
{
    /// <summary>The weight of an active conversation (one waiting on the agent); greater than zero and finite.</summary>
    /// <value>Defaults to 1.</value>
    public double ActiveWeight { get; set; } = RoutingDefaults.ActiveWeight;

    /// <summary>
    /// The weight of an inactive conversation (one waiting on its consumer for longer than <see cref="TimeToInactive"/>);
    /// from 0 up to <see cref="ActiveWeight"/>.
    /// </summary>
    /// <value>Defaults to 0.1.</value>
    public double InactiveWeight { get; set; } = RoutingDefaults.InactiveWeight;

    /// <summary>How long a conversation waits on its consumer before it turns inactive; greater than zero.</summary>
    /// <value>Defaults to 4 minutes.</value>
    public TimeSpan TimeToInactive { get; set; } = RoutingDefaults.TimeToInactive;

    /// <summary>
    /// How far above full (utilization 1) an agent may be booked: 0.2 lets utilization reach 1.2. From 0, finite.
    /// </summary>
    /// <value>Defaults to 0.</value>
    public double OverbookAllowance { get; set; } = RoutingDefaults.OverbookAllowance;
}
