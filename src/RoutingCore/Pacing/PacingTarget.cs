namespace RoutingCore;

/// <summary>What the pacing calculator optimizes.</summary>
public enum PacingTarget
{
    /// <summary>
    /// Send invitations while the predicted abandonment of each accepted invitation stays within
    /// <see cref="PacingOptions.AbandonmentRate"/>. The default.
    /// </summary>
    AbandonmentRate = 0,

    /// <summary>
    /// Send invitations while the predicted busy factor (consumed capacity over total capacity) stays within
    /// <see cref="PacingOptions.BusyFactor"/>, and the predicted abandonment within the ceiling <see cref="PacingOptions.AbandonmentRate"/>.
    /// </summary>
    BusyFactor = 1,
}
