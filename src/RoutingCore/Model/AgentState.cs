namespace RoutingCore;

/// <summary>The presence state of an agent. Only <see cref="Online"/> agents receive new conversations.</summary>
public enum AgentState
{
    /// <summary>Not logged in. The default for a newly added agent.</summary>
    Offline = 0,

    /// <summary>Logged in and ready to receive conversations.</summary>
    Online = 1,

    /// <summary>Logged in but away from the desk; receives nothing new.</summary>
    Away = 2,

    /// <summary>Logged in and about to return; receives nothing new.</summary>
    BackSoon = 3,

    /// <summary>Paused, by the agent or by the engine's forced pause; receives nothing new until set back to online.</summary>
    Paused = 4,
}
