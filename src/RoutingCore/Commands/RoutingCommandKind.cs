namespace RoutingCore;

/// <summary>What a <see cref="RoutingCommand"/> changed: the engine operation it records, or a timer of the engine that fired.</summary>
public enum RoutingCommandKind
{
    /// <summary><see cref="IRoutingEngine.AddAgent"/>.</summary>
    AddAgent = 1,

    /// <summary><see cref="IRoutingEngine.UpdateAgent"/>.</summary>
    UpdateAgent = 2,

    /// <summary><see cref="IRoutingEngine.RemoveAgent"/>.</summary>
    RemoveAgent = 3,

    /// <summary><see cref="IRoutingEngine.SetAgentState"/>.</summary>
    SetAgentState = 4,

    /// <summary><see cref="IRoutingEngine.Submit"/>.</summary>
    Submit = 5,

    /// <summary><see cref="IRoutingEngine.Assign"/>.</summary>
    Assign = 6,

    /// <summary><see cref="IRoutingEngine.Accept"/> or <see cref="IRoutingEngine.TryAccept"/> that succeeded.</summary>
    Accept = 7,

    /// <summary><see cref="IRoutingEngine.Decline"/> or <see cref="IRoutingEngine.TryDecline"/> that succeeded.</summary>
    Decline = 8,

    /// <summary><see cref="IRoutingEngine.ReturnToQueue(ConversationId)"/>.</summary>
    ReturnToQueue = 9,

    /// <summary><see cref="IRoutingEngine.Transfer(ConversationId, SkillId)"/>.</summary>
    Transfer = 10,

    /// <summary><see cref="IRoutingEngine.ReportMessage(ConversationId, MessageAuthor, DateTimeOffset?)"/>.</summary>
    ReportMessage = 11,

    /// <summary><see cref="IRoutingEngine.Close"/>.</summary>
    Close = 12,

    /// <summary><see cref="IRoutingEngine.ConfigureWorkload"/>.</summary>
    ConfigureWorkload = 13,

    /// <summary>One of the engine's timers fell due and fired (an offer step, an absence grace period, an auto-close...).</summary>
    TimerFired = 14,
}
