namespace RoutingCore;

/// <summary>Why a <see cref="PacingDecision"/> allows no invitations.</summary>
public enum PacingReason
{
    /// <summary>No reason: the decision allows at least one invitation.</summary>
    None = 0,

    /// <summary>The agent group has no ready agents.</summary>
    NoReadyAgents = 1,

    /// <summary>The agent group has no free capacity (its load is at or above its capacity) and the prediction allows nothing more.</summary>
    NoFreeCapacity = 2,

    /// <summary>The snapshot is older than <see cref="PacingOptions.StaleAfter"/>; its statistics are not trusted.</summary>
    StaleStatistics = 3,

    /// <summary>A snapshot value is invalid (NaN, negative, out of range); <see cref="PacingDecision.Message"/> names the field.</summary>
    InvalidInput = 4,

    /// <summary>The target is reached: one more invitation would exceed the abandonment target or the busy factor.</summary>
    TargetReached = 5,
}
