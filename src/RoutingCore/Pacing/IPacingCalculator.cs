namespace RoutingCore;

/// <summary>Decides how many proactive invitations an agent group may receive in the next interval.</summary>
public interface IPacingCalculator
{
    /// <summary>Calculates the number of invitations for the next interval.</summary>
    /// <param name="snapshot">The agent group's state and statistics.</param>
    /// <param name="now">The current time (from the caller's <see cref="TimeProvider"/>), used only to judge whether <paramref name="snapshot"/> is stale.</param>
    /// <returns>
    /// The decision. Invalid snapshot values do not throw: they give 0 invitations with <see cref="PacingReason.InvalidInput"/> and a message
    /// naming the field.
    /// </returns>
    /// <exception cref="ArgumentNullException"><paramref name="snapshot"/> is null.</exception>
    PacingDecision Calculate(PacingSnapshot snapshot, DateTimeOffset now);
}
