using System.Collections.Immutable;

namespace RoutingCore;

/// <summary>
/// The routing engine: the one way in for a host. It holds the roster of agents and their workload and decides who may
/// receive each conversation and in which order.
/// </summary>
/// <remarks>
/// <para>
/// Every member may be called from many threads at once. Time comes from the injected <see cref="TimeProvider"/>: step
/// delays, grace periods, auto-close and load changes run on its timers, so a fake clock drives everything; the engine
/// starts no threads of its own. Everything the engine does is published to observers (<see cref="Subscribe"/>).
/// </para>
/// <para>
/// Errors come in two kinds, and every message names the value and what would be valid, in words a host can show to a
/// person. A <b>malformed argument</b> — null, an empty (default) id, an undefined enum value, an invalid profile or
/// request, a message time in the future — throws <see cref="ArgumentException"/> (or <see cref="ArgumentNullException"/>,
/// <see cref="ArgumentOutOfRangeException"/>) naming the parameter: a mistake in the caller (a web host's 400). Every
/// <b>refusal by the engine's state</b> — an id it does not know, an id already in use, a closed conversation, a withdrawn
/// offer, an agent without capacity — throws <see cref="RoutingOperationException"/> whose
/// <see cref="RoutingOperationException.Code"/> (<see cref="RoutingErrorCode"/>) says which: a host catches that one type
/// and switches on the code (each code's documentation says what a host typically does, such as 404 or 409), never on the
/// message. A refused call changes nothing. Besides: <see cref="RoutingStateException"/> for a state document that
/// <see cref="RestoreState(Stream)"/> refuses, <see cref="ObjectDisposedException"/> for saving or restoring a disposed
/// engine.
/// </para>
/// <para>
/// The races that are normal in a contact center — an accept that lost to another agent, came after the offer timed out or
/// after the conversation closed — need no exception: <see cref="TryAccept"/> and <see cref="TryDecline"/> return the
/// refusal as a <see cref="RoutingResult"/>. "Nobody can take this conversation now" is a result too
/// (<see cref="RoutingPlan.HasAgents"/>), never an exception.
/// </para>
/// <para>
/// A conversation is at every moment in exactly one <see cref="ConversationState"/>. No conversation is lost: one that
/// nobody accepts, that is handed back, whose agent leaves or whose skill has nobody online waits in the queue and is
/// dispatched as soon as capacity frees.
/// </para>
/// <para>
/// Every state-changing member is safe to retry (docs/architecture.md, "Safe retries"): a call that already took effect,
/// repeated — after the caller saw the answer, or after the answer was lost on the way — answers the same and changes
/// nothing: no event, no journal record, <see cref="LastCommandSequence"/> and the saved state unchanged. Each member's
/// remarks say what its repeat is and what "the same answer" means for it. Where the arguments cannot tell a repeat from a
/// new call (returning to the queue, transferring, reporting a message) an overload takes an id that names the call or
/// the message (<see cref="OperationId"/>, <see cref="MessageId"/>). What makes repeats recognizable is part of the saved state and
/// of the journal's records, so a repeat that reaches an engine restored after a failover is recognized too.
/// </para>
/// <para>Disposing the engine stops its timer; call it when the host shuts down.</para>
/// </remarks>
public partial interface IRoutingEngine : IDisposable
{
    /// <summary>Adds an agent to the roster.</summary>
    /// <param name="profile">The agent's profile.</param>
    /// <param name="state">The agent's initial state.</param>
    /// <exception cref="ArgumentNullException"><paramref name="profile"/> is null.</exception>
    /// <exception cref="ArgumentException">The profile is invalid.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="state"/> is not a defined <see cref="AgentState"/>.</exception>
    /// <exception cref="RoutingOperationException">An agent with its id is already on the roster with another profile (<see cref="RoutingErrorCode.AgentAlreadyExists"/>; the message names the first field that differs), or the profile would bring the engine above 64 media types (<see cref="RoutingErrorCode.TooManyMediaTypes"/>).</exception>
    /// <remarks>
    /// A repeat — the agent is on the roster with an equal profile (every field equal; lists in the same order) — returns
    /// without effect. <paramref name="state"/> is not compared: the agent's state may have changed since the first call, and
    /// a late repeat does not undo that.
    /// </remarks>
    void AddAgent(AgentProfile profile, AgentState state = AgentState.Offline);

    /// <summary>Replaces an agent's profile, keeping its state and conversations.</summary>
    /// <param name="profile">The new profile; its id names the agent.</param>
    /// <exception cref="ArgumentNullException"><paramref name="profile"/> is null.</exception>
    /// <exception cref="ArgumentException">The profile is invalid.</exception>
    /// <exception cref="RoutingOperationException">No agent with its id is on the roster (<see cref="RoutingErrorCode.UnknownAgent"/>), or the profile would bring the engine above 64 media types (<see cref="RoutingErrorCode.TooManyMediaTypes"/>).</exception>
    /// <remarks>
    /// A profile equal to the agent's (every field equal; lists in the same order) changes nothing: a repeat returns without
    /// effect. (A repeat that arrives after a later update with another profile is a new update: it sets its profile again.)
    /// </remarks>
    void UpdateAgent(AgentProfile profile);

    /// <summary>
    /// Removes an agent from the roster. Its pending offers are withdrawn and its assigned conversations are routed again
    /// (to other agents, or the waiting queue). An agent added later with the same id is the same agent to the
    /// conversations it declined or handed back: it is not offered them again.
    /// </summary>
    /// <param name="agent">The agent.</param>
    /// <exception cref="ArgumentException"><paramref name="agent"/> is the empty (default) id.</exception>
    /// <exception cref="RoutingOperationException">The agent is not on the roster and was not removed recently (<see cref="RoutingErrorCode.UnknownAgent"/>).</exception>
    /// <remarks>
    /// A repeat returns without effect: the engine remembers the 10,000 most recently removed agents (a fixed limit, not an
    /// option; adding an agent again ends its entry). An agent removed longer ago is unknown again.
    /// </remarks>
    void RemoveAgent(AgentId agent);

    /// <summary>
    /// Changes an agent's state. Leaving <see cref="AgentState.Online"/> withdraws the agent's pending offers at once; going
    /// <see cref="AgentState.Away"/> or <see cref="AgentState.Offline"/> returns its assigned conversations to the queue
    /// after <see cref="RoutingOptions.AbsenceGracePeriod"/> unless it comes back first; coming online dispatches waiting
    /// conversations to it.
    /// </summary>
    /// <param name="agent">The agent.</param>
    /// <param name="state">The new state.</param>
    /// <exception cref="ArgumentException"><paramref name="agent"/> is the empty (default) id.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="state"/> is not a defined <see cref="AgentState"/>.</exception>
    /// <exception cref="RoutingOperationException">The agent is not on the roster (<see cref="RoutingErrorCode.UnknownAgent"/>).</exception>
    /// <remarks>The state the agent is in already changes nothing: a repeat returns without effect.</remarks>
    void SetAgentState(AgentId agent, AgentState state);

    /// <summary>Returns a view of one agent.</summary>
    /// <param name="agent">The agent.</param>
    /// <returns>The view.</returns>
    /// <exception cref="ArgumentException"><paramref name="agent"/> is the empty (default) id.</exception>
    /// <exception cref="RoutingOperationException">The agent is not on the roster (<see cref="RoutingErrorCode.UnknownAgent"/>).</exception>
    AgentSnapshot GetAgent(AgentId agent);

    /// <summary>Returns a view of every agent on the roster, in roster order.</summary>
    /// <returns>The views.</returns>
    ImmutableArray<AgentSnapshot> GetAgents();

    /// <summary>
    /// Plans a conversation: filters the agents (skill, state, media, required tags, capacity — each agent left out is
    /// counted for the first of these that applies, see <see cref="ExclusionReason"/>), scores them with the skill's strategy
    /// and groups them into steps. Changes nothing.
    /// </summary>
    /// <param name="conversation">The conversation.</param>
    /// <returns>The plan; <see cref="RoutingPlan.HasAgents"/> is false when nobody can take it now.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="conversation"/> is null.</exception>
    /// <exception cref="ArgumentException">The request is invalid.</exception>
    RoutingPlan Plan(ConversationRequest conversation);

    /// <summary>
    /// Selects only the agent a plan would offer first — the highest score, the earliest on the roster among ties — without
    /// building the plan. Changes nothing and allocates nothing.
    /// </summary>
    /// <param name="conversation">The conversation.</param>
    /// <returns>The agent and its score; <see langword="null"/> when nobody can take the conversation now.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="conversation"/> is null.</exception>
    /// <exception cref="ArgumentException">The request is invalid.</exception>
    PlannedAgent? SelectBest(ConversationRequest conversation);

    /// <summary>
    /// Plans a conversation like <see cref="Plan(ConversationRequest)"/> and explains every agent on the roster: why it
    /// was left out, or its score, step and score components. Slower than <see cref="Plan(ConversationRequest)"/>.
    /// </summary>
    /// <param name="conversation">The conversation.</param>
    /// <returns>The plan and its explanation.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="conversation"/> is null.</exception>
    /// <exception cref="ArgumentException">The request is invalid.</exception>
    RoutingExplanation Explain(ConversationRequest conversation);

    /// <summary>
    /// Assigns a conversation to an agent directly, without offers (for example a transfer to a named agent, or
    /// assignments restored after a restart). The agent's capacity must allow it.
    /// </summary>
    /// <param name="conversation">The conversation.</param>
    /// <param name="agent">The agent.</param>
    /// <exception cref="ArgumentNullException"><paramref name="conversation"/> is null.</exception>
    /// <exception cref="ArgumentException">The request is invalid, or <paramref name="agent"/> is the empty (default) id.</exception>
    /// <exception cref="RoutingOperationException">A conversation with its id is open and this is not a repeat (<see cref="RoutingErrorCode.ConversationAlreadyExists"/>: another request, or the conversation is not assigned to this agent), or closed and remembered (<see cref="RoutingErrorCode.ConversationClosed"/>); the agent is not on the roster (<see cref="RoutingErrorCode.UnknownAgent"/>), not online (<see cref="RoutingErrorCode.AgentNotOnline"/>), does not handle the conversation's media (<see cref="RoutingErrorCode.WrongMedia"/>) or has no capacity for it (<see cref="RoutingErrorCode.NoCapacity"/>).</exception>
    /// <remarks>
    /// A repeat — an equal request (every field equal; lists in the same order, attributes as a set) whose conversation is
    /// assigned to <paramref name="agent"/> — returns without effect. The engine does not remember which call opened a
    /// conversation, so a late repeat, after the conversation left the agent, is refused: with
    /// <see cref="RoutingErrorCode.ConversationAlreadyExists"/> while it is open (returned, transferred, routed again), with
    /// <see cref="RoutingErrorCode.ConversationClosed"/> once closed.
    /// </remarks>
    void Assign(ConversationRequest conversation, AgentId agent);

    /// <summary>
    /// Submits a new conversation: selects its skill (the conversation's own, else the first matching
    /// <see cref="RoutingOptions.SkillRules"/> rule, else <see cref="RoutingOptions.DefaultSkill"/>, else any agent), applies
    /// the unassigned-skill policy and the fallback skill, then offers it to the first step's agents or queues it.
    /// </summary>
    /// <param name="conversation">The conversation.</param>
    /// <returns>The conversation's state after routing (<see cref="ConversationState.Offered"/> or <see cref="ConversationState.Waiting"/>); for a repeat, its snapshot now.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="conversation"/> is null.</exception>
    /// <exception cref="ArgumentException">The request is invalid.</exception>
    /// <exception cref="RoutingOperationException">
    /// The id is known with another request: an open conversation (<see cref="RoutingErrorCode.ConversationAlreadyExists"/>) or
    /// a closed one the engine remembers (<see cref="RoutingErrorCode.ConversationClosed"/>); the message names the first field
    /// that differs.
    /// </exception>
    /// <remarks>
    /// A repeat — an equal request (every field equal; lists in the same order, attributes as a set) under an id the engine
    /// knows — changes nothing and returns the conversation's snapshot as it is now: what the first call returned, when
    /// nothing happened since; otherwise where the conversation has got to (offered to the next step, assigned, closed...).
    /// A closed conversation's id is not used for a new conversation while the engine remembers it: the 10,000 most recently
    /// closed conversations (a fixed limit, not an option; see <see cref="GetConversation"/>). Its repeat is answered with the
    /// closed snapshot; once forgotten, the id is new again and a Submit opens a new conversation under it.
    /// </remarks>
    ConversationSnapshot Submit(ConversationRequest conversation);

    /// <summary>
    /// An agent accepts its pending offer: the conversation is assigned to it and every other offer is withdrawn. The first
    /// agent to accept wins. A late accept is a normal race; <see cref="TryAccept"/> returns it instead of throwing.
    /// </summary>
    /// <param name="conversation">The conversation.</param>
    /// <param name="agent">The agent.</param>
    /// <exception cref="ArgumentException"><paramref name="conversation"/> or <paramref name="agent"/> is the empty (default) id.</exception>
    /// <exception cref="RoutingOperationException">The engine refused, with the code <see cref="TryAccept"/> would return.</exception>
    /// <remarks>An accept by the agent who holds the conversation already (a repeat) succeeds without effect.</remarks>
    void Accept(ConversationId conversation, AgentId agent);

    /// <summary>
    /// An agent accepts its pending offer, as <see cref="Accept"/> does, and returns the refusal instead of throwing it: for
    /// the races that are normal in a contact center (another agent accepted first, the offer timed out, the conversation
    /// closed or was forgotten, the agent was removed). Nothing is allocated for a success beyond what <see cref="Accept"/>
    /// allocates.
    /// </summary>
    /// <param name="conversation">The conversation.</param>
    /// <param name="agent">The agent.</param>
    /// <returns>
    /// Success (the conversation is assigned to the agent; also for a repeat by the agent who holds it already, which changes
    /// nothing), or a refusal that changed nothing:
    /// <see cref="RoutingErrorCode.UnknownConversation"/>, <see cref="RoutingErrorCode.ConversationClosed"/>,
    /// <see cref="RoutingErrorCode.UnknownAgent"/>, <see cref="RoutingErrorCode.NotOffered"/> (offered to others, or handed
    /// back before), <see cref="RoutingErrorCode.OfferWithdrawn"/> (another accepted first, timed out at the last step, the
    /// agent left or filled up), <see cref="RoutingErrorCode.AlreadyDeclined"/> or <see cref="RoutingErrorCode.NoCapacity"/>
    /// (the agent's load grew since the offer).
    /// </returns>
    /// <exception cref="ArgumentException"><paramref name="conversation"/> or <paramref name="agent"/> is the empty (default) id.</exception>
    RoutingResult TryAccept(ConversationId conversation, AgentId agent);

    /// <summary>
    /// An agent declines its pending offer; it is not offered the same conversation again (an agent is its id: removed and
    /// added again with the same id, it is still not offered it). When no offer is left, the next step is offered at once
    /// (or the conversation waits).
    /// </summary>
    /// <param name="conversation">The conversation.</param>
    /// <param name="agent">The agent.</param>
    /// <exception cref="ArgumentException"><paramref name="conversation"/> or <paramref name="agent"/> is the empty (default) id.</exception>
    /// <exception cref="RoutingOperationException">The engine refused, with the code <see cref="TryDecline"/> would return.</exception>
    /// <remarks>A decline by an agent who declined the conversation already (a repeat) succeeds without effect, as the first did.</remarks>
    void Decline(ConversationId conversation, AgentId agent);

    /// <summary>
    /// An agent declines its pending offer, as <see cref="Decline"/> does, and returns the refusal instead of throwing it (the
    /// offer may be gone already: accepted by another, timed out, the conversation closed).
    /// </summary>
    /// <param name="conversation">The conversation.</param>
    /// <param name="agent">The agent.</param>
    /// <returns>
    /// Success (also for a repeat by an agent who declined already, which changes nothing, while the conversation is open and
    /// remembers the decline), or a refusal that changed nothing: <see cref="RoutingErrorCode.UnknownConversation"/>,
    /// <see cref="RoutingErrorCode.ConversationClosed"/>, <see cref="RoutingErrorCode.UnknownAgent"/>,
    /// <see cref="RoutingErrorCode.NotOffered"/>, <see cref="RoutingErrorCode.OfferWithdrawn"/> or
    /// <see cref="RoutingErrorCode.AlreadyAccepted"/>.
    /// </returns>
    /// <exception cref="ArgumentException"><paramref name="conversation"/> or <paramref name="agent"/> is the empty (default) id.</exception>
    RoutingResult TryDecline(ConversationId conversation, AgentId agent);

    /// <summary>The agent of an assigned conversation hands it back; it is routed again, to a different agent.</summary>
    /// <param name="conversation">The conversation.</param>
    /// <exception cref="ArgumentException"><paramref name="conversation"/> is the empty (default) id.</exception>
    /// <exception cref="RoutingOperationException">The conversation is unknown (<see cref="RoutingErrorCode.UnknownConversation"/>), closed (<see cref="RoutingErrorCode.ConversationClosed"/>) or not assigned (<see cref="RoutingErrorCode.NotAssigned"/>).</exception>
    /// <remarks>
    /// A return cannot be told from the next one by its arguments, so a repeat is a new call (refused with
    /// <see cref="RoutingErrorCode.NotAssigned"/> once the conversation is no longer assigned). To make it safe to retry,
    /// pass an operation id: <see cref="ReturnToQueue(ConversationId, OperationId)"/>.
    /// </remarks>
    void ReturnToQueue(ConversationId conversation);

    /// <summary>
    /// Transfers an assigned conversation to another skill: it leaves its agent and is offered to the new skill's agents,
    /// or waits in that skill's queue. A skill no agent on the roster holds (configured or not) follows
    /// <see cref="RoutingOptions.UnassignedSkillPolicy"/> as at submission: by default the conversation goes to the
    /// unassigned skill (any available agent; its skill becomes <see langword="null"/>, reason
    /// <see cref="RoutingEventReason.UnassignedSkill"/>), or it stays on the skill, or it goes to the fallback skill (a
    /// <see cref="RoutingEventKind.FellBack"/> event). The fallback for a skill whose agents are all offline does not
    /// apply after a transfer.
    /// </summary>
    /// <param name="conversation">The conversation.</param>
    /// <param name="skill">The new skill.</param>
    /// <exception cref="ArgumentException"><paramref name="conversation"/> or <paramref name="skill"/> is the empty (default) id.</exception>
    /// <exception cref="RoutingOperationException">The conversation is unknown (<see cref="RoutingErrorCode.UnknownConversation"/>), closed (<see cref="RoutingErrorCode.ConversationClosed"/>) or not assigned (<see cref="RoutingErrorCode.NotAssigned"/>); checked in that order.</exception>
    /// <remarks>
    /// A transfer cannot be told from the next one by its arguments, so a repeat is a new call. To make it safe to retry, pass
    /// an operation id: <see cref="Transfer(ConversationId, SkillId, OperationId)"/>.
    /// </remarks>
    void Transfer(ConversationId conversation, SkillId skill);

    /// <summary>
    /// Reports a message. In an assigned conversation, messages drive idle-chat detection (max concurrent), message
    /// intensity (intensity model) and auto-close; a consumer message wakes a dormant conversation and routes it again, and
    /// in a waiting one it is when the consumer was last heard from (<see cref="WaitingConversation.LastConsumerActivityAt"/>).
    /// </summary>
    /// <param name="conversation">The conversation.</param>
    /// <param name="author">Who wrote.</param>
    /// <param name="at">When; <see langword="null"/> means now. Must not be in the future nor, for an assigned conversation, before it was assigned.</param>
    /// <exception cref="ArgumentException"><paramref name="conversation"/> is the empty (default) id.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="author"/> is not defined, or <paramref name="at"/> is out of range.</exception>
    /// <exception cref="RoutingOperationException">The conversation is unknown (<see cref="RoutingErrorCode.UnknownConversation"/>) or closed (<see cref="RoutingErrorCode.ConversationClosed"/>).</exception>
    /// <remarks>
    /// Every report counts: a repeat cannot be told from the next message. To make it safe to retry, pass the message's id:
    /// <see cref="ReportMessage(ConversationId, MessageAuthor, DateTimeOffset?, MessageId?)"/>.
    /// </remarks>
    void ReportMessage(ConversationId conversation, MessageAuthor author, DateTimeOffset? at);

    /// <summary>Closes a conversation in any state: withdraws its offers, takes it out of the queue, or frees its agent's capacity.</summary>
    /// <param name="conversation">The conversation.</param>
    /// <exception cref="ArgumentException"><paramref name="conversation"/> is the empty (default) id.</exception>
    /// <exception cref="RoutingOperationException">The conversation is unknown (<see cref="RoutingErrorCode.UnknownConversation"/>): never known, or closed and forgotten.</exception>
    /// <remarks>
    /// Closing a closed conversation the engine remembers (a repeat) returns without effect; see <see cref="GetConversation"/>
    /// for how long it is remembered.
    /// </remarks>
    void Close(ConversationId conversation);

    /// <summary>Returns a view of a conversation; recently closed ones are still answered, as <see cref="ConversationState.Closed"/>.</summary>
    /// <param name="conversation">The conversation.</param>
    /// <returns>The view.</returns>
    /// <exception cref="ArgumentException"><paramref name="conversation"/> is the empty (default) id.</exception>
    /// <exception cref="RoutingOperationException">The conversation is unknown, or closed and forgotten (<see cref="RoutingErrorCode.UnknownConversation"/>).</exception>
    /// <remarks>
    /// The engine remembers the 10,000 most recently closed conversations (a fixed limit, not an option), the oldest
    /// forgotten first: a conversation closed longer ago is unknown again, and a call about it is refused as one about an
    /// unknown conversation rather than a closed one. While it is remembered, its id is not used for a new conversation (a
    /// <see cref="Submit"/> of the same request is answered with the closed snapshot, another request is refused); once it is
    /// forgotten, a <see cref="Submit"/> of its id starts a new conversation.
    /// </remarks>
    ConversationSnapshot GetConversation(ConversationId conversation);

    /// <summary>Returns the waiting conversations in the order they would be served (by the engine's <see cref="IWaitingQueueOrdering"/>, now).</summary>
    /// <param name="skill">Only those waiting on this skill; <see langword="null"/> for every waiting conversation.</param>
    /// <returns>The waiting conversations.</returns>
    /// <exception cref="ArgumentException"><paramref name="skill"/> is the empty (default) id.</exception>
    ImmutableArray<WaitingConversation> GetWaitingConversations(SkillId? skill = null);

    /// <summary>
    /// Builds the pacing snapshot of an agent group from the engine's live state — capacity and load in chat slots of its
    /// online agents, chats in service, waiting conversations its agents could take, ready agents — and the host's
    /// statistics.
    /// </summary>
    /// <param name="group">The agent group (agents whose <see cref="AgentProfile.Groups"/> list it).</param>
    /// <param name="statistics">What the host measured about invitations for the group.</param>
    /// <returns>The snapshot, for <see cref="IPacingCalculator.Calculate(PacingSnapshot, DateTimeOffset)"/>.</returns>
    /// <exception cref="ArgumentException">The group id is empty.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="statistics"/> is null.</exception>
    PacingSnapshot GetPacingSnapshot(AgentGroupId group, PacingStatistics statistics);

    /// <summary>
    /// Decides how many proactive invitations to send to the agent group in the next interval, from
    /// <see cref="GetPacingSnapshot"/> and the engine's pacing calculator (<see cref="RoutingOptions.Pacing"/>).
    /// </summary>
    /// <param name="group">The agent group.</param>
    /// <param name="statistics">What the host measured about invitations for the group.</param>
    /// <returns>The decision: 0 with a reason when nothing should be sent (no ready agents, no free capacity, stale or invalid statistics).</returns>
    /// <exception cref="ArgumentException">The group id is empty.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="statistics"/> is null.</exception>
    PacingDecision Pace(AgentGroupId group, PacingStatistics statistics);

    /// <summary>
    /// Sets, changes or removes a skill's workload distribution at run time; the new split applies to new conversations
    /// from now on (conversations already routed keep their group).
    /// </summary>
    /// <param name="skill">The skill.</param>
    /// <param name="distribution">The distribution (<see cref="WorkloadDistribution.Create"/>); <see langword="null"/> removes it, and the skill routes over all its agents.</param>
    /// <exception cref="ArgumentException"><paramref name="skill"/> is the empty (default) id.</exception>
    /// <exception cref="RoutingOperationException">The distribution names a group neither declared in <see cref="RoutingOptions.AgentGroups"/> nor held by an agent on the roster (<see cref="RoutingErrorCode.UnknownAgentGroup"/>). The skill itself is not checked: a distribution may be set for a skill no agent holds yet.</exception>
    /// <remarks>
    /// The distribution in force set again (the same shares in the same order and the same maximum wait), or a removal when
    /// the skill has none, changes nothing: a repeat returns without effect, and the split's counts go on (a new distribution
    /// starts them afresh).
    /// </remarks>
    void ConfigureWorkload(SkillId skill, WorkloadDistribution? distribution);

    /// <summary>Reports, for a skill with a workload distribution, each group's target share, actual share and counts (primary and cascaded).</summary>
    /// <param name="skill">The skill.</param>
    /// <returns>The report.</returns>
    /// <exception cref="ArgumentException"><paramref name="skill"/> is the empty (default) id.</exception>
    /// <exception cref="RoutingOperationException">The skill has no workload distribution (<see cref="RoutingErrorCode.NoWorkloadDistribution"/>).</exception>
    WorkloadReport GetWorkloadReport(SkillId skill);

    /// <summary>Subscribes an observer to every event of the engine from now on.</summary>
    /// <remarks>
    /// Events reach the observers in order, one at a time, outside the engine's lock. An observer that throws never fails
    /// the engine's call nor stops the delivery: that event still goes to the other observers, and the observer keeps
    /// receiving every later one. Each failure is counted on the meter (<see cref="RoutingMetricNames.ObserverFailures"/>)
    /// and handed to <see cref="RoutingOptions.OnObserverFailure"/> when it is set.
    /// </remarks>
    /// <param name="observer">The observer.</param>
    /// <returns>A handle; dispose it to unsubscribe.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="observer"/> is null.</exception>
    IDisposable Subscribe(IRoutingObserver observer);
}
