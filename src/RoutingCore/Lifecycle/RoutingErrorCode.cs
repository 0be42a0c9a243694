namespace RoutingCore;

/// <summary>
/// Why the engine refused an operation (<see cref="RoutingOperationException.Code"/>, <see cref="RoutingResult.Error"/>):
/// the arguments were well formed, but the engine's state says no. A host switches on the code, never on the message
/// (which is written for a person). A refused operation changed nothing.
/// </summary>
/// <remarks>
/// The values are grouped by tens — not found, already exists or closed, offers, assignment, the engine as a whole — and
/// stay as they are once shipped. No member is 0: <c>default(RoutingErrorCode)</c> is not a code.
/// </remarks>
public enum RoutingErrorCode
{
    /// <summary>
    /// No agent with the id is on the roster (never added, or removed): <see cref="IRoutingEngine.UpdateAgent"/>,
    /// <see cref="IRoutingEngine.RemoveAgent"/>, <see cref="IRoutingEngine.SetAgentState"/>, <see cref="IRoutingEngine.GetAgent"/>,
    /// <see cref="IRoutingEngine.Assign"/>, <see cref="IRoutingEngine.Accept"/>, <see cref="IRoutingEngine.Decline"/>; also
    /// <see cref="RoutingExplanation.For"/> for an agent the explanation does not list. A web host maps it to 404.
    /// </summary>
    UnknownAgent = 1,

    /// <summary>
    /// No conversation with the id is known: never submitted or assigned, or closed so long ago that the engine no longer
    /// remembers it (<see cref="RoutingDefaults.ClosedConversationMemory"/>). Any member that names a conversation. A web host
    /// maps it to 404; for an answer to an offer it is a normal race (use <see cref="IRoutingEngine.TryAccept"/>).
    /// </summary>
    UnknownConversation = 2,

    /// <summary>
    /// No longer raised. <see cref="IRoutingEngine.Transfer(ConversationId, SkillId)"/> refused a skill no agent on the roster held and
    /// <see cref="RoutingOptions.Skills"/> did not configure; such a transfer now follows
    /// <see cref="RoutingOptions.UnassignedSkillPolicy"/>, as a new conversation on that skill does. The value stays so that
    /// hosts that map it keep compiling; a web host mapped it to 404.
    /// </summary>
    UnknownSkill = 3,

    /// <summary>
    /// <see cref="IRoutingEngine.ConfigureWorkload"/> names an agent group neither declared in
    /// <see cref="RoutingOptions.AgentGroups"/> nor held by an agent on the roster. A web host maps it to 404 (or 422).
    /// </summary>
    UnknownAgentGroup = 4,

    /// <summary>
    /// <see cref="IRoutingEngine.GetWorkloadReport"/> of a skill that has no workload distribution (none configured, or
    /// removed). A web host maps it to 404.
    /// </summary>
    NoWorkloadDistribution = 5,

    /// <summary>
    /// <see cref="IRoutingEngineProvider.GetEngine"/> names no registered engine (names are case-sensitive). A web host
    /// serving several tenants maps it to 404.
    /// </summary>
    UnknownEngine = 6,

    /// <summary>
    /// <see cref="IRoutingEngine.AddAgent"/> with the id of an agent already on the roster and another profile (the message
    /// names the first field that differs; the same profile is a repeat and succeeds without effect). Use
    /// <see cref="IRoutingEngine.UpdateAgent"/> to change a profile. A web host maps it to 409.
    /// </summary>
    AgentAlreadyExists = 10,

    /// <summary>
    /// <see cref="IRoutingEngine.Submit"/> or <see cref="IRoutingEngine.Assign"/> with the id of a conversation that is open
    /// (not closed), and the call is not a repeat of the one that opened it: the request differs (the message names the
    /// first field that differs), or an Assign names an agent that does not hold the conversation. An id is used once until
    /// its conversation is closed. A web host maps it to 409.
    /// </summary>
    ConversationAlreadyExists = 11,

    /// <summary>
    /// The conversation is closed (and the engine still remembers it): it can no longer be assigned, accepted, declined,
    /// returned, transferred or given a message, and its id is not used for a new conversation (a
    /// <see cref="IRoutingEngine.Submit"/> with another request). A repeated close is not refused: it returns without effect.
    /// A web host maps it to 409.
    /// </summary>
    ConversationClosed = 12,

    /// <summary>
    /// An <see cref="OperationId"/> the engine remembers from a call of another kind or with other arguments (another
    /// conversation, another skill): an operation id names one call, and only that call's repeat may carry it. A web host
    /// maps it to 409 (or 422).
    /// </summary>
    OperationIdReused = 13,

    /// <summary>
    /// The agent was never offered the conversation (it is offered to others, waits, is assigned to another, or the agent
    /// handed it back before). A web host maps it to 409.
    /// </summary>
    NotOffered = 20,

    /// <summary>
    /// The agent's offer was withdrawn: another agent accepted first, the offer timed out at the last step, the agent left
    /// the online state, or its capacity no longer allowed it. A normal race in a contact center: use
    /// <see cref="IRoutingEngine.TryAccept"/>; a web host maps it to 409.
    /// </summary>
    OfferWithdrawn = 21,

    /// <summary>
    /// The agent already declined this offer, and is not offered the conversation again: an accept after the decline. (A
    /// repeated decline is not refused: it succeeds without effect.) A web host maps it to 409.
    /// </summary>
    AlreadyDeclined = 22,

    /// <summary>
    /// The agent already accepted this conversation and it is assigned to the agent: a decline after the accept. (A repeated
    /// accept is not refused: it succeeds without effect.) A web host maps it to 409.
    /// </summary>
    AlreadyAccepted = 23,

    /// <summary>
    /// <see cref="IRoutingEngine.ReturnToQueue(ConversationId)"/> or <see cref="IRoutingEngine.Transfer(ConversationId, SkillId)"/> of a conversation that is not
    /// assigned (it is offered, waiting or dormant). A web host maps it to 409.
    /// </summary>
    NotAssigned = 30,

    /// <summary><see cref="IRoutingEngine.Assign"/> to an agent that is not online. A web host maps it to 409.</summary>
    AgentNotOnline = 31,

    /// <summary>
    /// The agent has no capacity for the conversation: <see cref="IRoutingEngine.Assign"/>, or
    /// <see cref="IRoutingEngine.Accept"/> after the agent's load grew. A web host maps it to 409.
    /// </summary>
    NoCapacity = 32,

    /// <summary><see cref="IRoutingEngine.Assign"/> to an agent that does not handle the conversation's media. A web host maps it to 409.</summary>
    WrongMedia = 33,

    /// <summary>
    /// <see cref="IRoutingEngine.AddAgent"/> or <see cref="IRoutingEngine.UpdateAgent"/> would bring the engine above 64
    /// distinct media types. Reuse existing media names. A web host maps it to 409.
    /// </summary>
    TooManyMediaTypes = 40,

    /// <summary>
    /// <see cref="IRoutingEngine.RestoreState(Stream)"/> into an engine that already has agents or conversations; restore into a
    /// newly created engine. A web host maps it to 409.
    /// </summary>
    EngineNotEmpty = 41,

    /// <summary>
    /// <see cref="IRoutingEngine.SaveState(Stream)"/> or <see cref="IRoutingEngine.RestoreState(Stream)"/> of an engine with a custom
    /// <see cref="WorkloadSplitter"/>, which may keep state a document cannot hold. A configuration matter: a web
    /// host maps it to 409 (or 501) and logs it.
    /// </summary>
    CustomSplitterState = 42,

    /// <summary>
    /// <see cref="IRoutingEngine.Replay"/> (or a restore with records to replay) was given a record whose
    /// <see cref="RoutingCommand.Sequence"/> does not follow the engine's last one: a record is missing from the journal, or
    /// the records are out of order. The records before it were applied. A web host maps it to 409.
    /// </summary>
    CommandOutOfOrder = 43,

    /// <summary>
    /// A replayed record does not fit the engine's state (a timer it names is not the engine's next one, or the engine
    /// refuses the call it records): the records come from another engine or from other options, or the state was not
    /// restored from the document the journal continues. The records before it were applied. A web host maps it to 409.
    /// </summary>
    ReplayMismatch = 44,

    /// <summary><see cref="IRoutingEngine.AttachJournal"/> while a journal is attached: detach it first (dispose what attaching returned).</summary>
    JournalAlreadyAttached = 45,
}
