namespace RoutingCore;

/// <summary>
/// An agent that passed filtering, with the facts a scoring strategy needs, gathered once by the engine.
/// </summary>
public readonly struct AgentCandidate
{
    /// <summary>Creates a candidate.</summary>
    /// <param name="profile">The agent's profile.</param>
    /// <param name="utilization">The agent's load over its limit, clamped to 0..1.</param>
    /// <param name="activeConversations">How many conversations the agent holds.</param>
    /// <param name="idleTime">Time since the agent last accepted a conversation (or came online, if it has not since).</param>
    /// <param name="tagMatch">The share (0..1) of the conversation's optional tags the agent has; 1 when there are none.</param>
    /// <param name="proficiency">The agent's proficiency (0..1) in the conversation's skill; 1 for "any agent" conversations.</param>
    /// <param name="servedConsumerBefore">Whether the agent served the conversation's consumer before.</param>
    public AgentCandidate(
        AgentProfile profile,
        double utilization,
        int activeConversations,
        TimeSpan idleTime,
        double tagMatch,
        double proficiency,
        bool servedConsumerBefore)
    {
        Profile = profile;
        Utilization = utilization;
        ActiveConversations = activeConversations;
        IdleTime = idleTime;
        TagMatch = tagMatch;
        Proficiency = proficiency;
        ServedConsumerBefore = servedConsumerBefore;
    }

    /// <summary>The agent's id.</summary>
    public AgentId Agent => Profile.Id;

    /// <summary>The agent's profile.</summary>
    public AgentProfile Profile { get; }

    /// <summary>The agent's load over its limit under the engine's capacity model, clamped to 0..1.</summary>
    public double Utilization { get; }

    /// <summary>How many conversations the agent holds (assigned, idle or not).</summary>
    public int ActiveConversations { get; }

    /// <summary>Time since the agent last accepted a conversation, or since it came online if it has not accepted one since.</summary>
    public TimeSpan IdleTime { get; }

    /// <summary>The share (0..1) of the conversation's optional tags the agent has; 1 when the conversation has none.</summary>
    public double TagMatch { get; }

    /// <summary>The agent's proficiency (0..1) in the conversation's skill; 1 when not given or for "any agent" conversations.</summary>
    public double Proficiency { get; }

    /// <summary>
    /// Whether the agent served the conversation's consumer before (messaging history): it is one of the 4 agents who served
    /// the consumer most recently, and the consumer one of the 100,000 the engine remembers (fixed limits).
    /// </summary>
    public bool ServedConsumerBefore { get; }
}
