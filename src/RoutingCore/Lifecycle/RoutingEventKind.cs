namespace RoutingCore;

/// <summary>What happened, in a <see cref="RoutingEvent"/>.</summary>
public enum RoutingEventKind
{
    /// <summary>A new conversation was submitted; <see cref="RoutingEvent.Skill"/> is the skill it was routed on and <see cref="RoutingEvent.Reason"/> how that skill was chosen.</summary>
    Submitted = 0,

    /// <summary>A new conversation went to its fallback skill (<see cref="RoutingEvent.Skill"/>) because no agent of its own skill (<see cref="RoutingEvent.Detail"/>) was online.</summary>
    FellBack = 1,

    /// <summary>A conversation was offered to an agent, in step <see cref="RoutingEvent.Step"/>.</summary>
    Offered = 2,

    /// <summary>A pending offer was withdrawn; <see cref="RoutingEvent.Reason"/> says why.</summary>
    OfferWithdrawn = 3,

    /// <summary>An agent accepted an offer; the conversation is assigned to it.</summary>
    Accepted = 4,

    /// <summary>An agent declined an offer; it is not offered the same conversation again.</summary>
    Declined = 5,

    /// <summary>An offer's step delay passed without an answer from the agent. The offer stands until the steps are exhausted, unless a forced pause withdraws it.</summary>
    OfferTimedOut = 6,

    /// <summary>An agent was paused by the engine (forced pause) after letting exclusive offers time out.</summary>
    AgentPaused = 7,

    /// <summary>A conversation entered the waiting queue; <see cref="RoutingEvent.Reason"/> says why.</summary>
    Queued = 8,

    /// <summary>A waiting conversation left the queue to be offered; <see cref="RoutingEvent.Reason"/> says what freed the capacity.</summary>
    Dispatched = 9,

    /// <summary>An assigned conversation was transferred to another skill (<see cref="RoutingEvent.Skill"/>) by its agent (<see cref="RoutingEvent.Agent"/>).</summary>
    Transferred = 10,

    /// <summary>An assigned conversation left its agent to be routed again (returned by the agent, the agent absent or removed).</summary>
    ReturnedToQueue = 11,

    /// <summary>A conversation whose consumer stayed silent was auto-closed: it left its agent's workload for the dormant pool.</summary>
    Dormant = 12,

    /// <summary>A dormant conversation's consumer wrote again; the conversation is routed again.</summary>
    Woken = 13,

    /// <summary>A conversation was assigned directly with <see cref="IRoutingEngine.Assign(ConversationRequest, AgentId)"/>.</summary>
    Assigned = 14,

    /// <summary>A conversation was closed by the host.</summary>
    Closed = 15,

    /// <summary>
    /// A conversation of a skill with a workload distribution cascaded from its primary agent group (<see cref="RoutingEvent.Detail"/>)
    /// to a secondary group, named in <see cref="RoutingEvent.Detail"/> too; <see cref="RoutingEvent.Reason"/> says why.
    /// </summary>
    Cascaded = 16,

    /// <summary>
    /// A timer failed, and the engine went on: the platform timer refused to be armed (a custom <see cref="TimeProvider"/>;
    /// reported once until arming succeeds again, and pending timers wait for the engine's next change to arm it), or the work
    /// of a timer that fell due threw (a custom strategy or capacity model, or a defect; that timer is dropped, its target
    /// keeps the state it had, and the other due timers run). <see cref="RoutingEvent.Conversation"/> or
    /// <see cref="RoutingEvent.Agent"/> names the timer's target, if any; <see cref="RoutingEvent.Detail"/> says which timer
    /// failed and gives the exception's type and message. No exception of a timer ever reaches the host's threads.
    /// </summary>
    TimerFailed = 17,
}
