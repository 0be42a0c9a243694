namespace RoutingCore;

/// <summary>
/// The capacity settings of one engine, resolved from <see cref="RoutingOptions"/> once when the engine is built and
/// passed to every <see cref="ICapacityModel"/> call, so one model instance can serve engines with different settings.
/// </summary>
/// <param name="DefaultMaxConcurrent">The account default of an agent's slots.</param>
/// <param name="IdleChatTimeout">The idle-chat timeout (zero: off).</param>
/// <param name="ActiveWeight">The intensity model's weight of an active conversation.</param>
/// <param name="InactiveWeight">The intensity model's weight of an inactive conversation.</param>
/// <param name="TimeToInactive">How long a conversation waits on its consumer before it turns inactive.</param>
/// <param name="OverbookAllowance">How far above full the intensity model may book an agent.</param>
public readonly record struct CapacitySettings(
    int DefaultMaxConcurrent,
    TimeSpan IdleChatTimeout,
    double ActiveWeight,
    double InactiveWeight,
    TimeSpan TimeToInactive,
    double OverbookAllowance)
{
    /// <summary>The settings that <see cref="RoutingOptions"/> defaults give.</summary>
    public static CapacitySettings Default { get; } = From(new RoutingOptions());

    /// <summary>Resolves the capacity settings of a set of routing options.</summary>
    /// <param name="options">The options.</param>
    /// <returns>The settings.</returns>
    public static CapacitySettings From(RoutingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new CapacitySettings(
            options.MaxConcurrent.DefaultMaxConcurrent,
            options.MaxConcurrent.IdleChatTimeout,
            options.Intensity.ActiveWeight,
            options.Intensity.InactiveWeight,
            options.Intensity.TimeToInactive,
            options.Intensity.OverbookAllowance);
    }
}
