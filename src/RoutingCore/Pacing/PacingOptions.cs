namespace RoutingCore;

/// <summary>Settings of the pacing calculator. Validated when a calculator is created (every bad property is reported together).</summary>
public sealed class PacingOptions
{
    /// <summary>The length of one pacing interval: the calculator answers how many invitations may be sent in the next interval, and predicts over it.</summary>
    /// <value>Longer than zero. Default 10 seconds.</value>
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(PacingDefaults.IntervalSeconds);

    /// <summary>What the calculator optimizes.</summary>
    /// <value>A defined <see cref="PacingTarget"/>. Default <see cref="PacingTarget.AbandonmentRate"/>.</value>
    public PacingTarget Target { get; set; } = PacingDefaults.Target;

    /// <summary>
    /// The largest acceptable probability that an accepted invitation abandons while waiting: the target with
    /// <see cref="PacingTarget.AbandonmentRate"/>, the ceiling with <see cref="PacingTarget.BusyFactor"/>.
    /// </summary>
    /// <value>Strictly between 0 and 1. Default 0.03.</value>
    public double AbandonmentRate { get; set; } = PacingDefaults.AbandonmentRate;

    /// <summary>The busy factor (consumed capacity over total capacity) to fill up to with <see cref="PacingTarget.BusyFactor"/>; unused otherwise.</summary>
    /// <value>Strictly between 0 and 1. Default 0.8.</value>
    public double BusyFactor { get; set; } = PacingDefaults.BusyFactor;

    /// <summary>The most invitations the calculator ever allows in one interval.</summary>
    /// <value>At least 1. Default 100.</value>
    public int MaxInvitationsPerInterval { get; set; } = PacingDefaults.MaxInvitationsPerInterval;

    /// <summary>The age after which a snapshot is stale: the calculator then allows no invitations (<see cref="PacingReason.StaleStatistics"/>).</summary>
    /// <value>Longer than zero. Default 60 seconds.</value>
    public TimeSpan StaleAfter { get; set; } = TimeSpan.FromSeconds(PacingDefaults.StaleAfterSeconds);

    /// <summary>The age after which a pending invitation is considered dead and no longer counted.</summary>
    /// <value>Longer than zero. Default 60 seconds.</value>
    public TimeSpan InvitationTimeout { get; set; } = TimeSpan.FromSeconds(PacingDefaults.InvitationTimeoutSeconds);

    /// <summary>
    /// Groups with fewer slots (total capacity) than this use the simple progressive rule (fill the free slots, in expectation);
    /// larger groups use the queue-position prediction, which counts the randomness of acceptances, arrivals and completions and
    /// so meets the abandonment target in small groups too.
    /// </summary>
    /// <value>At least 0 (0 uses the prediction for every group). Default 0.</value>
    public int SmallGroupSlots { get; set; } = PacingDefaults.SmallGroupSlots;

    /// <summary>
    /// How many accepted invitations the calculator spreads a measured excess or shortfall of abandonment over, with
    /// <see cref="PacingTarget.AbandonmentRate"/>: when the host reports what its accepted invitations did so far
    /// (<see cref="PacingStatistics.InvitationsAnswered"/>, <see cref="PacingStatistics.InvitationsAbandoned"/>), the calculator aims the
    /// next invitations at target + (target · resolved − abandoned) / this, kept between a hundredth of the target and twice it, so the
    /// realized rate over the period returns to the target whatever the model's error. 0 turns the correction off.
    /// </summary>
    /// <value>At least 0. Default 50.</value>
    public int AbandonmentCatchUp { get; set; } = PacingDefaults.AbandonmentCatchUp;
}
