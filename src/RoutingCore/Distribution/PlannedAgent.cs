namespace RoutingCore;

/// <summary>An agent in a distribution plan, with its score.</summary>
/// <param name="Agent">The agent.</param>
/// <param name="Score">Its score, 0..1.</param>
public readonly record struct PlannedAgent(AgentId Agent, double Score);
