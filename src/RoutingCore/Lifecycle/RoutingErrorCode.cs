namespace RoutingCore;

/// <summary>What made an operation impossible in the conversation's or agent's current state (<see cref="RoutingOperationException.Code"/>).</summary>
public enum RoutingErrorCode
{
    /// <summary>The agent was never offered this conversation.</summary>
    NotOffered = 0,

    /// <summary>The agent's offer was withdrawn (accepted by another, timed out at the last step, agent unavailable...).</summary>
    OfferWithdrawn = 1,

    /// <summary>The agent already answered this offer (declined it).</summary>
    AlreadyDeclined = 2,

    /// <summary>The operation needs an assigned conversation and this one is not assigned.</summary>
    NotAssigned = 3,

    /// <summary>The agent is not online.</summary>
    AgentNotOnline = 4,

    /// <summary>The agent has no capacity for the conversation.</summary>
    NoCapacity = 5,

    /// <summary>The agent does not handle the conversation's media.</summary>
    WrongMedia = 6,

    /// <summary>The conversation is already known to the engine.</summary>
    AlreadyKnown = 7,

    /// <summary>The agent already accepted this conversation: it is assigned to the agent (a repeated accept, or a decline after the accept).</summary>
    AlreadyAccepted = 8,
}
