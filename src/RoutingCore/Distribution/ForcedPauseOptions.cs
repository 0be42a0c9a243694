namespace RoutingCore;

/// <summary>
/// Forced pause (seed 004): an agent who lets exclusive ("starred") offers time out is paused and receives nothing new until
/// it is set back to online. An offer is exclusive when nobody else was eligible for the conversation when it was planned
/// (<see cref="RoutingEvent.Exclusive"/>, <see cref="ConversationSnapshot.Exclusive"/>); offers shared with other agents,
/// in the same step or a later one, never lead to a forced pause.
/// </summary>
public sealed class ForcedPauseOptions
{
    /// <summary>Whether forced pause is on.</summary>
    /// <value>Defaults to <see langword="true"/>.</value>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// How many exclusive offers in a row an agent may let time out before it is paused; at least 1 (1 is the seed's
    /// behaviour: the first ignored exclusive offer pauses). The count is reset by accepting or declining an exclusive
    /// offer, by any change of the agent's state (<see cref="IRoutingEngine.SetAgentState"/>, including the return to
    /// online after a forced pause) and by the forced pause itself; offers shared with other agents neither count nor
    /// reset it. It is kept across <see cref="IRoutingEngine.SaveState(Stream)"/> and <see cref="IRoutingEngine.RestoreState(Stream)"/>.
    /// </summary>
    /// <value>Defaults to 1.</value>
    public int IgnoredOffersThreshold { get; set; } = RoutingDefaults.IgnoredOffersBeforePause;
}
