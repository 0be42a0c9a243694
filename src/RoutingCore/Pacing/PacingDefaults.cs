namespace RoutingCore;

/// <summary>
/// The default values of <see cref="PacingOptions"/> (each option documents its own in <c>&lt;value&gt;</c>) and the fixed
/// constants of the pacing calculation. Internal: a public constant would be compiled into callers.
/// </summary>
internal static class PacingDefaults
{
    /// <summary>The default <see cref="PacingOptions.Interval"/>, in seconds: 10.</summary>
    internal const double IntervalSeconds = 10;

    /// <summary>The default <see cref="PacingOptions.Target"/>: <see cref="PacingTarget.AbandonmentRate"/>.</summary>
    internal const PacingTarget Target = PacingTarget.AbandonmentRate;

    /// <summary>The default <see cref="PacingOptions.AbandonmentRate"/>: 0.03 (3 % of accepted invitations).</summary>
    internal const double AbandonmentRate = 0.03;

    /// <summary>The default <see cref="PacingOptions.BusyFactor"/>: 0.8 (80 % of capacity consumed).</summary>
    internal const double BusyFactor = 0.8;

    /// <summary>The default <see cref="PacingOptions.MaxInvitationsPerInterval"/>: 100.</summary>
    internal const int MaxInvitationsPerInterval = 100;

    /// <summary>The default <see cref="PacingOptions.StaleAfter"/>, in seconds: 60.</summary>
    internal const double StaleAfterSeconds = 60;

    /// <summary>The default <see cref="PacingOptions.InvitationTimeout"/>, in seconds: 60.</summary>
    internal const double InvitationTimeoutSeconds = 60;

    /// <summary>The default <see cref="PacingOptions.SmallGroupSlots"/>: 0 (the prediction decides for every group).</summary>
    internal const int SmallGroupSlots = 0;

    /// <summary>The default <see cref="PacingOptions.AbandonmentCatchUp"/>: 50 accepted invitations.</summary>
    internal const int AbandonmentCatchUp = 50;

    /// <summary>The lowest aim of the abandonment correction, and the smallest queue budget, as a share of the target: 0.01.</summary>
    internal const double LowestAimShare = 0.01;

    /// <summary>The highest aim of the abandonment correction, as a multiple of the target: 2.</summary>
    internal const double HighestAimFactor = 2;

    /// <summary>
    /// The smallest acceptance rate the calculator divides by: 0.01. A lower rate (including 0, typical of a cold start) is treated
    /// as 1 %, so the calculation never divides by zero and a missing statistic never means "unlimited"
    /// (the result is still capped by <see cref="PacingOptions.MaxInvitationsPerInterval"/>).
    /// </summary>
    internal const double AcceptanceRateFloor = 0.01;
}
