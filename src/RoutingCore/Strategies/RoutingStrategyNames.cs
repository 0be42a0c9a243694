namespace RoutingCore;

/// <summary>The names of the built-in scoring strategies (matched case-insensitively).</summary>
public static class RoutingStrategyNames
{
    /// <summary>Every eligible agent scores 0: one group, offered all at once. The default.</summary>
    public const string Broadcast = "broadcast";

    /// <summary>The share of the conversation's optional tags the agent has, times its proficiency in the skill.</summary>
    public const string SkillBased = "skill-based";

    /// <summary>Time since the agent last accepted a conversation, relative to the longest-idle candidate.</summary>
    public const string RoundRobin = "round-robin";

    /// <summary>One minus the agent's utilization: the less loaded, the higher.</summary>
    public const string LeastLoaded = "least-loaded";

    /// <summary>The mean of the skill-based, round-robin and least-loaded scores.</summary>
    public const string Dynamic = "dynamic";

    /// <summary>A weighted mean of load, idle time, tags and consumer affinity, with configurable weights.</summary>
    public const string CustomWeighted = "custom-weighted";
}
