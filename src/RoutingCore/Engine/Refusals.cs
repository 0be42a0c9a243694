using System.Globalization;

namespace RoutingCore.Engine;

/// <summary>
/// The engine's coded refusals and their messages, written once: each names the value and says what would be valid, in
/// words a host can show to a person. A part that refuses returns one (the answers to offers) or throws it
/// (<see cref="RoutingResult.ToException"/>). The refusals of an offer's answer are in <see cref="OfferRefusals"/>.
/// </summary>
internal static class Refusals
{
    public static RoutingResult UnknownAgent(AgentId agent) =>
        RoutingResult.Failure(RoutingErrorCode.UnknownAgent, $"Agent '{agent}' is not on the roster; add it with AddAgent first, or check the id.");

    public static RoutingResult UnknownConversation(ConversationId conversation) =>
        RoutingResult.Failure(RoutingErrorCode.UnknownConversation, $"Conversation '{conversation}' is not known to the engine (never submitted, or closed so long ago that it is forgotten); submit it (Submit) or assign it (Assign) first, or check the id.");

    /// <summary>A closed conversation the engine remembers; <paramref name="action"/> says what was refused ("accept it").</summary>
    public static RoutingResult ConversationClosed(ConversationId conversation, string action) =>
        RoutingResult.Failure(RoutingErrorCode.ConversationClosed, $"Conversation '{conversation}' is already closed. Nobody can {action} any more.");

    /// <summary>An agent on the roster with another profile; <paramref name="difference"/> names what differs (<see cref="RepeatComparison"/>).</summary>
    public static RoutingResult AgentAlreadyExists(AgentId agent, string difference) =>
        RoutingResult.Failure(RoutingErrorCode.AgentAlreadyExists, $"Agent '{agent}' is already on the roster with another profile: {difference}. A repeated AddAgent with the same profile is answered as the first; use UpdateAgent to change its profile, or give the new agent another id.");

    /// <summary>
    /// An open conversation with the id; <paramref name="why"/> says why the call is not a repeat: the request differs ("different
    /// priority (2 given, 1 known)"), or an Assign names an agent that does not hold it.
    /// </summary>
    public static RoutingResult ConversationAlreadyExists(ConversationId conversation, ConversationState state, string why) =>
        RoutingResult.Failure(RoutingErrorCode.ConversationAlreadyExists, $"Conversation '{conversation}' is already known to the engine ({state}) and this call is not a repeat of the one that opened it: {why}. A conversation id is used once until it is closed; give the new conversation another id, or close this one first.");

    /// <summary>A Submit of a remembered closed conversation's id with another request; <paramref name="difference"/> names what differs.</summary>
    public static RoutingResult ClosedConversationReused(ConversationId conversation, string difference) =>
        RoutingResult.Failure(RoutingErrorCode.ConversationClosed, string.Create(CultureInfo.InvariantCulture, $"Conversation '{conversation}' is already closed, and its id is not used again while the engine remembers it (the {RoutingDefaults.ClosedConversationMemory:N0} most recently closed conversations), so that a repeated Submit is answered as the first; this request is not a repeat: {difference}. Give the new conversation another id."));

    /// <summary>An operation id remembered from another call.</summary>
    public static RoutingResult OperationIdReused(OperationId operation, RememberedOperation given, RememberedOperation known) =>
        RoutingResult.Failure(RoutingErrorCode.OperationIdReused, $"Operation id '{operation}' was used for the {known}; this call is the {given}. An operation id names one call: repeat that call with it, or give this one a new operation id.");

    public static RoutingResult NotAssigned(ConversationId conversation, ConversationState state, string action) =>
        RoutingResult.Failure(RoutingErrorCode.NotAssigned, $"Conversation '{conversation}' is {state}, not assigned; only an assigned conversation's agent can {action}.");

    public static RoutingResult UnknownAgentGroups(SkillId skill, IEnumerable<AgentGroupId> unknown, IEnumerable<AgentGroupId> known)
    {
        string list = string.Join(", ", known.Select(g => g.Value).Order(StringComparer.Ordinal));
        return RoutingResult.Failure(
            RoutingErrorCode.UnknownAgentGroup,
            $"The workload distribution of skill '{skill}' names unknown agent group(s) {string.Join(", ", unknown.Select(g => $"'{g}'"))}; use groups declared in RoutingOptions.AgentGroups or held by agents on the roster: {(list.Length == 0 ? "none" : list)}.");
    }

    public static RoutingResult NoWorkloadDistribution(SkillId skill) =>
        RoutingResult.Failure(RoutingErrorCode.NoWorkloadDistribution, $"Skill '{skill}' has no workload distribution; configure one in RoutingOptions.Skills['{skill}'].Workload or with ConfigureWorkload.");

    public static RoutingResult AgentNotOnline(AgentId agent, AgentState state) =>
        RoutingResult.Failure(RoutingErrorCode.AgentNotOnline, $"Agent '{agent}' is {state}; only online agents receive conversations. Set it online first (SetAgentState), or choose another agent.");

    public static RoutingResult WrongMedia(AgentId agent, MediaType media, ConversationId conversation) =>
        RoutingResult.Failure(RoutingErrorCode.WrongMedia, $"Agent '{agent}' does not handle media '{media}' of conversation '{conversation}'; choose an agent whose profile lists it.");

    /// <summary>No capacity; <paramref name="detail"/> is the whole message (<see cref="LoadTracker.CapacityDetail"/>).</summary>
    public static RoutingResult NoCapacity(string detail) => RoutingResult.Failure(RoutingErrorCode.NoCapacity, detail);

    public static RoutingResult TooManyMediaTypes(AgentId agent, int limit) =>
        RoutingResult.Failure(RoutingErrorCode.TooManyMediaTypes, $"Agent '{agent}' would bring the engine above {limit} distinct media types; reuse existing media names.");

    public static RoutingResult EngineNotEmpty(int agents, int conversations) =>
        RoutingResult.Failure(RoutingErrorCode.EngineNotEmpty, $"State can only be restored into an engine with no agents and no conversations; this one has {agents} agent(s) and {conversations} open conversation(s). Restore into a newly created engine.");

    public static RoutingResult CommandOutOfOrder(long sequence, long last) =>
        RoutingResult.Failure(RoutingErrorCode.CommandOutOfOrder, $"Command record {sequence} cannot be replayed: the engine's last record is {last}, so the next must be {last + 1}. Replay the journal's records in order, without gaps, starting after the sequence the restored document holds.");

    public static RoutingResult ReplayMismatch(long sequence, string why) =>
        RoutingResult.Failure(RoutingErrorCode.ReplayMismatch, $"Command record {sequence} does not fit the engine's state: {why}. Replay a journal into an engine restored from the document that journal continues, built with the same options; the records before {sequence} were applied.");

    public static RoutingResult JournalAlreadyAttached() =>
        RoutingResult.Failure(RoutingErrorCode.JournalAlreadyAttached, "A journal is already attached to this engine; dispose the attachment AttachJournal returned before attaching another.");

    public static RoutingResult CustomSplitterState(string action, Type splitter) =>
        RoutingResult.Failure(RoutingErrorCode.CustomSplitterState, $"The engine cannot {action} its state: its workload splitter ({splitter.FullName}) is not the built-in one, and a custom WorkloadSplitter may keep state of its own that a document cannot hold. Use the built-in splitter (WorkloadSplitter.Create()) to save and restore state.");
}
