namespace RoutingCore;

/// <summary>The answer of the pacing calculator for one agent group and one interval.</summary>
/// <param name="Invitations">How many invitations may be sent in the next interval: at least 0 and at most <see cref="PacingOptions.MaxInvitationsPerInterval"/>.</param>
/// <param name="PredictedAbandonment">
/// The predicted probability that the last allowed invitation's chat, if accepted, abandons while waiting (for 0 invitations: that of a
/// hypothetical first one); 0 when the calculation did not run (invalid input, stale statistics, no ready agents).
/// </param>
/// <param name="PredictedOccupancy">
/// The predicted busy factor at the end of the interval (consumed capacity over capacity, capped at 1) if the invitations are sent;
/// 0 when the calculation did not run or the capacity is 0.
/// </param>
/// <param name="Reason">Why <paramref name="Invitations"/> is 0; <see cref="PacingReason.None"/> when it is positive.</param>
/// <param name="Message">For <see cref="PacingReason.InvalidInput"/>, which field is invalid and why; otherwise null.</param>
public readonly record struct PacingDecision(int Invitations, double PredictedAbandonment, double PredictedOccupancy, PacingReason Reason, string? Message);
