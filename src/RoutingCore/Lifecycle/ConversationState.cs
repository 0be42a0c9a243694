namespace RoutingCore;

/// <summary>Where a conversation is in its life. At every moment a known conversation is in exactly one state.</summary>
public enum ConversationState
{
    /// <summary>Offered to one or more agents (at least one offer is pending).</summary>
    Offered = 0,

    /// <summary>Assigned to an agent, taking part of its capacity.</summary>
    Assigned = 1,

    /// <summary>In the waiting queue: nobody could take it, or every step was exhausted.</summary>
    Waiting = 2,

    /// <summary>Auto-closed: off every agent's workload until the consumer writes again; still open for the consumer.</summary>
    Dormant = 3,

    /// <summary>Closed by the host.</summary>
    Closed = 4,
}
