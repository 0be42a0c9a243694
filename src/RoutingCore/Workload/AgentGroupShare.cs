namespace RoutingCore;

/// <summary>One agent group and its validated share, in percent, of a list of a <see cref="WorkloadDistribution"/>.</summary>
/// <param name="Group">The agent group.</param>
/// <param name="Percentage">The group's share of its list's traffic, in percent (0 to 100).</param>
public readonly record struct AgentGroupShare(AgentGroupId Group, double Percentage);
