namespace RoutingCore;

/// <summary>Why an agent was left out of a conversation's plan.</summary>
/// <remarks>
/// An agent left out for several reasons is counted, and explained, once: for the first that applies in this order — skill
/// (<see cref="MissingSkill"/>), state (<see cref="Offline"/>, <see cref="Away"/>, <see cref="BackSoon"/>, <see cref="Paused"/>),
/// <see cref="Declined"/>, <see cref="OtherGroup"/>, <see cref="WrongMedia"/>, <see cref="MissingTag"/>, <see cref="AtCapacity"/>.
/// A conversation for a skill is planned over the agents holding it, so an offline agent without the skill counts as
/// <see cref="MissingSkill"/>.
/// </remarks>
public enum ExclusionReason
{
    /// <summary>The agent is offline.</summary>
    Offline = 0,

    /// <summary>The agent is away.</summary>
    Away = 1,

    /// <summary>The agent is back soon (not yet online).</summary>
    BackSoon = 2,

    /// <summary>The agent is paused.</summary>
    Paused = 3,

    /// <summary>The agent does not hold the conversation's skill.</summary>
    MissingSkill = 4,

    /// <summary>The agent does not handle one of the conversation's media.</summary>
    WrongMedia = 5,

    /// <summary>The agent lacks one of the conversation's required tags.</summary>
    MissingTag = 6,

    /// <summary>The conversation would take the agent above its capacity.</summary>
    AtCapacity = 7,

    /// <summary>The agent declined or handed back this conversation and is not offered it again.</summary>
    Declined = 8,

    /// <summary>The agent is not in the agent group the skill's workload distribution chose for this conversation.</summary>
    OtherGroup = 9,
}
