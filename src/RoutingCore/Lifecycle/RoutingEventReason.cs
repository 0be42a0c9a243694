namespace RoutingCore;

/// <summary>Why a <see cref="RoutingEvent"/> happened. <see cref="None"/> when its kind says it all.</summary>
public enum RoutingEventReason
{
    /// <summary>No further reason.</summary>
    None = 0,

    /// <summary>The conversation named its skill (<see cref="RoutingEventKind.Submitted"/>).</summary>
    ExplicitSkill = 1,

    /// <summary>A skill rule matched the consumer's attributes (<see cref="RoutingEventKind.Submitted"/>).</summary>
    SkillRule = 2,

    /// <summary>No rule matched; the default skill was used (<see cref="RoutingEventKind.Submitted"/>).</summary>
    DefaultSkill = 3,

    /// <summary>No skill was named, matched or configured: any agent may take it (<see cref="RoutingEventKind.Submitted"/>).</summary>
    AnyAgent = 4,

    /// <summary>No agent holds the conversation's skill; by the unassigned-skill policy any agent may take it (<see cref="RoutingEventKind.Submitted"/>).</summary>
    UnassignedSkill = 5,

    /// <summary>No agent of the skill was online and the fallback skill had online agents (<see cref="RoutingEventKind.Submitted"/>, <see cref="RoutingEventKind.FellBack"/>).</summary>
    FallbackSkill = 6,

    /// <summary>Another agent accepted the conversation first (<see cref="RoutingEventKind.OfferWithdrawn"/>).</summary>
    AcceptedByAnother = 7,

    /// <summary>The agent left the online state or was removed (<see cref="RoutingEventKind.OfferWithdrawn"/>).</summary>
    AgentUnavailable = 8,

    /// <summary>The agent's load rose so that the conversation no longer fits (<see cref="RoutingEventKind.OfferWithdrawn"/>).</summary>
    AgentAtCapacity = 9,

    /// <summary>Every step's delay passed without an acceptance (<see cref="RoutingEventKind.OfferWithdrawn"/>, <see cref="RoutingEventKind.Queued"/>).</summary>
    StepsExhausted = 10,

    /// <summary>The conversation was closed (<see cref="RoutingEventKind.OfferWithdrawn"/>).</summary>
    ConversationClosed = 11,

    /// <summary>Nobody can take the conversation now (<see cref="RoutingEventKind.Queued"/>).</summary>
    NoAgentAvailable = 12,

    /// <summary>The agent handed the conversation back (<see cref="RoutingEventKind.ReturnedToQueue"/>).</summary>
    ReturnedByAgent = 13,

    /// <summary>The agent stayed away or offline past the grace period (<see cref="RoutingEventKind.ReturnedToQueue"/>).</summary>
    AgentAbsent = 14,

    /// <summary>The agent was removed from the roster (<see cref="RoutingEventKind.ReturnedToQueue"/>).</summary>
    AgentRemoved = 15,

    /// <summary>A conversation closed, was transferred, returned or went dormant and freed capacity (<see cref="RoutingEventKind.Dispatched"/>).</summary>
    ConversationEnded = 16,

    /// <summary>An agent came online, or its pause ended (<see cref="RoutingEventKind.Dispatched"/>).</summary>
    AgentOnline = 17,

    /// <summary>A conversation turned inactive or idle and weighs less (<see cref="RoutingEventKind.Dispatched"/>).</summary>
    ConversationInactive = 18,

    /// <summary>An agent declined or an offer was withdrawn, releasing a reservation (<see cref="RoutingEventKind.Dispatched"/>).</summary>
    OfferReleased = 19,

    /// <summary>An agent was added or its profile changed (<see cref="RoutingEventKind.Dispatched"/>).</summary>
    RosterChanged = 20,

    /// <summary>The retry after exhausted steps came due (<see cref="RoutingEventKind.Dispatched"/>).</summary>
    Retry = 21,

    /// <summary>The conversation was transferred (<see cref="RoutingEventKind.Queued"/>).</summary>
    Transferred = 22,

    /// <summary>The forced-pause threshold of ignored exclusive offers was reached (<see cref="RoutingEventKind.AgentPaused"/>, <see cref="RoutingEventKind.OfferWithdrawn"/>).</summary>
    ForcedPause = 23,

    /// <summary>The dormant conversation's consumer wrote again (<see cref="RoutingEventKind.Queued"/>).</summary>
    ConsumerReturned = 24,

    /// <summary>The primary agent group had nobody who could take the conversation (<see cref="RoutingEventKind.Cascaded"/>).</summary>
    PrimaryGroupUnavailable = 25,

    /// <summary>The conversation waited longer than the distribution's maximum wait (<see cref="RoutingEventKind.Cascaded"/>).</summary>
    MaxWaitPassed = 26,
}
