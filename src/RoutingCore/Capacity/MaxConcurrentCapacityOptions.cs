namespace RoutingCore;

/// <summary>Settings of the max-concurrent capacity model.</summary>
public sealed class MaxConcurrentCapacityOptions
{
    /// <summary>
    /// The account default maximum of concurrent conversations per agent (an agent's slots), used where the agent's
    /// <see cref="AgentProfile.MaxConcurrent"/> and the medium's <see cref="MediaCapacity.MaxSessions"/> are not set.
    /// The intensity model uses it as the default number of slots. At least 1.
    /// </summary>
    /// <value>Defaults to 4.</value>
    public int DefaultMaxConcurrent { get; set; } = RoutingDefaults.MaxConcurrent;

    /// <summary>
    /// A conversation whose only medium is chat and in which no message has been exchanged for more than this long is an
    /// idle chat and does not count towards the agent's load (seed 004: idle "for more than the configurable time out"; a
    /// chat silent for exactly this long still counts). <see cref="TimeSpan.Zero"/> turns idle detection off.
    /// Must not be negative.
    /// </summary>
    /// <value>Defaults to 60 seconds.</value>
    public TimeSpan IdleChatTimeout { get; set; } = RoutingDefaults.IdleChatTimeout;
}
