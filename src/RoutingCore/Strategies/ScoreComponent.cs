namespace RoutingCore;

/// <summary>One component of an agent's score, for explanations.</summary>
/// <param name="Name">The component's name (for example "load" or "idle").</param>
/// <param name="Value">The component's value, 0..1.</param>
/// <param name="Weight">The component's weight in the score.</param>
public readonly record struct ScoreComponent(string Name, double Value, double Weight);
