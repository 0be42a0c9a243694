namespace RoutingCore;

/// <summary>The names of the built-in capacity models.</summary>
public static class CapacityModelNames
{
    /// <summary>
    /// Max concurrent: each session of a medium costs 1/max of the agent, a conversation costs its heaviest medium, idle
    /// chats cost nothing.
    /// </summary>
    public const string MaxConcurrent = "max-concurrent";

    /// <summary>
    /// Intensity based (dynamic capacity): each conversation weighs by its message intensity (active or inactive) over the
    /// agent's slots.
    /// </summary>
    public const string Intensity = "intensity";
}
