namespace RoutingCore;

/// <summary>How many agents were left out of a plan for one reason.</summary>
/// <param name="Reason">The reason.</param>
/// <param name="Agents">How many agents it left out.</param>
public readonly record struct ExclusionCount(ExclusionReason Reason, int Agents);
