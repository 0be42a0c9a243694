namespace RoutingCore;

/// <summary>
/// Forced pause (seed 004): an agent who lets exclusive offers time out is paused and receives nothing new until it is set
/// back to online.
/// </summary>
public sealed class ForcedPauseOptions
{
    /// <summary>Whether forced pause is on.</summary>
    /// <value>Defaults to <see langword="true"/>.</value>
    public bool Enabled { get; set; } = true;

    /// <summary>How many exclusive offers in a row an agent may let time out before it is paused; at least 1.</summary>
    /// <value>Defaults to 1.</value>
    public int IgnoredOffersThreshold { get; set; } = RoutingDefaults.IgnoredOffersBeforePause;
}
