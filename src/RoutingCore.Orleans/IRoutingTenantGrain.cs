using System.Collections.Immutable;

namespace RoutingCore.Orleans;

/// <summary>
/// One tenant (contact center) of the platform: a grain, keyed by the tenant's id, that hosts one routing engine. Its
/// members mirror <see cref="IRoutingEngine"/> asynchronously and behave like it (same arguments, results and
/// exceptions: <see cref="ArgumentException"/> for malformed arguments, <see cref="RoutingOperationException"/> with its
/// <see cref="RoutingOperationException.Code"/> for every refusal by the engine's state; the code crosses the grain
/// boundary).
/// </summary>
/// <remarks>
/// <para>
/// Every member that changes the engine appends the change's <see cref="RoutingCommand"/> record (and the events it
/// produced) to the tenant's journal before it returns, so a call that returned survives the loss of the silo: the grain
/// comes back on another silo from its last snapshot and the journal after it, with every agent, conversation, pending
/// offer (due at the same moment), queue position and workload counter. Reads store nothing and are marked read-only.
/// Steps, offer timeouts and grace periods run on grain timers, inside the grain's single-threaded scheduling, and are
/// journaled too; while one is armed a reminder wakes the tenant after a failure, so it runs without any call.
/// </para>
/// <para>
/// Events are stored with their sequence numbers: read them with <see cref="GetEvents"/> (or <see cref="RoutingEventFeed"/>);
/// <see cref="IRoutingEventObserver"/> (<see cref="Subscribe(IRoutingEventObserver)"/>) nudges the host with each batch as soon as it is stored.
/// </para>
/// </remarks>
public interface IRoutingTenantGrain : IGrainWithStringKey
{
    /// <summary>Adds an agent to the roster (<see cref="IRoutingEngine.AddAgent"/>).</summary>
    /// <param name="profile">The agent's profile.</param>
    /// <param name="state">The agent's initial state.</param>
    /// <returns>A task that completes once the change is stored.</returns>
    Task AddAgent(AgentProfile profile, AgentState state = AgentState.Offline);

    /// <summary>Replaces an agent's profile (<see cref="IRoutingEngine.UpdateAgent"/>).</summary>
    /// <param name="profile">The new profile; its id names the agent.</param>
    /// <returns>A task that completes once the change is stored.</returns>
    Task UpdateAgent(AgentProfile profile);

    /// <summary>Removes an agent from the roster (<see cref="IRoutingEngine.RemoveAgent"/>).</summary>
    /// <param name="agent">The agent.</param>
    /// <returns>A task that completes once the change is stored.</returns>
    Task RemoveAgent(AgentId agent);

    /// <summary>Changes an agent's state (<see cref="IRoutingEngine.SetAgentState"/>).</summary>
    /// <param name="agent">The agent.</param>
    /// <param name="state">The new state.</param>
    /// <returns>A task that completes once the change is stored.</returns>
    Task SetAgentState(AgentId agent, AgentState state);

    /// <summary>Returns a view of one agent (<see cref="IRoutingEngine.GetAgent"/>).</summary>
    /// <param name="agent">The agent.</param>
    /// <returns>The view.</returns>
    [ReadOnly]
    Task<AgentSnapshot> GetAgent(AgentId agent);

    /// <summary>Returns a view of every agent, in roster order (<see cref="IRoutingEngine.GetAgents"/>).</summary>
    /// <returns>The views.</returns>
    [ReadOnly]
    Task<ImmutableArray<AgentSnapshot>> GetAgents();

    /// <summary>Plans a conversation without changing anything (<see cref="IRoutingEngine.Plan"/>).</summary>
    /// <param name="conversation">The conversation.</param>
    /// <returns>The plan.</returns>
    [ReadOnly]
    Task<RoutingPlan> Plan(ConversationRequest conversation);

    /// <summary>Selects the agent a plan would offer first (<see cref="IRoutingEngine.SelectBest"/>).</summary>
    /// <param name="conversation">The conversation.</param>
    /// <returns>The agent and its score; <see langword="null"/> when nobody can take the conversation now.</returns>
    [ReadOnly]
    Task<PlannedAgent?> SelectBest(ConversationRequest conversation);

    /// <summary>Assigns a conversation to an agent directly (<see cref="IRoutingEngine.Assign"/>).</summary>
    /// <param name="conversation">The conversation.</param>
    /// <param name="agent">The agent.</param>
    /// <returns>A task that completes once the change is stored.</returns>
    Task Assign(ConversationRequest conversation, AgentId agent);

    /// <summary>Submits a new conversation (<see cref="IRoutingEngine.Submit"/>).</summary>
    /// <param name="conversation">The conversation.</param>
    /// <returns>The conversation's state after routing, once stored.</returns>
    Task<ConversationSnapshot> Submit(ConversationRequest conversation);

    /// <summary>An agent accepts its pending offer (<see cref="IRoutingEngine.Accept"/>).</summary>
    /// <param name="conversation">The conversation.</param>
    /// <param name="agent">The agent.</param>
    /// <returns>A task that completes once the change is stored.</returns>
    Task Accept(ConversationId conversation, AgentId agent);

    /// <summary>
    /// An agent accepts its pending offer and gets a refusal as a result, not an exception (<see cref="IRoutingEngine.TryAccept"/>).
    /// </summary>
    /// <param name="conversation">The conversation.</param>
    /// <param name="agent">The agent.</param>
    /// <returns>The outcome, once a success is stored (a refusal changed nothing).</returns>
    Task<RoutingResult> TryAccept(ConversationId conversation, AgentId agent);

    /// <summary>An agent declines its pending offer (<see cref="IRoutingEngine.Decline"/>).</summary>
    /// <param name="conversation">The conversation.</param>
    /// <param name="agent">The agent.</param>
    /// <returns>A task that completes once the change is stored.</returns>
    Task Decline(ConversationId conversation, AgentId agent);

    /// <summary>
    /// An agent declines its pending offer and gets a refusal as a result, not an exception (<see cref="IRoutingEngine.TryDecline"/>).
    /// </summary>
    /// <param name="conversation">The conversation.</param>
    /// <param name="agent">The agent.</param>
    /// <returns>The outcome, once a success is stored (a refusal changed nothing).</returns>
    Task<RoutingResult> TryDecline(ConversationId conversation, AgentId agent);

    /// <summary>The agent of an assigned conversation hands it back (<see cref="IRoutingEngine.ReturnToQueue(ConversationId)"/>).</summary>
    /// <param name="conversation">The conversation.</param>
    /// <returns>A task that completes once the change is stored.</returns>
    Task ReturnToQueue(ConversationId conversation);

    /// <summary>
    /// The agent of an assigned conversation hands it back under the caller's operation id, which makes a repeat of the call
    /// recognizable (<see cref="IRoutingEngine.ReturnToQueue(ConversationId, OperationId)"/>).
    /// </summary>
    /// <param name="conversation">The conversation.</param>
    /// <param name="operation">The caller's id of this call (the same one for its repeats).</param>
    /// <returns>A task that completes once the change is stored (a repeat stores nothing new).</returns>
    Task ReturnToQueue(ConversationId conversation, OperationId operation);

    /// <summary>Transfers an assigned conversation to another skill (<see cref="IRoutingEngine.Transfer(ConversationId, SkillId)"/>).</summary>
    /// <param name="conversation">The conversation.</param>
    /// <param name="skill">The new skill.</param>
    /// <returns>A task that completes once the change is stored.</returns>
    Task Transfer(ConversationId conversation, SkillId skill);

    /// <summary>
    /// Transfers an assigned conversation to another skill under the caller's operation id, which makes a repeat of the call
    /// recognizable (<see cref="IRoutingEngine.Transfer(ConversationId, SkillId, OperationId)"/>).
    /// </summary>
    /// <param name="conversation">The conversation.</param>
    /// <param name="skill">The new skill.</param>
    /// <param name="operation">The caller's id of this call (the same one for its repeats).</param>
    /// <returns>A task that completes once the change is stored (a repeat stores nothing new).</returns>
    Task Transfer(ConversationId conversation, SkillId skill, OperationId operation);

    /// <summary>Reports a message (<see cref="IRoutingEngine.ReportMessage(ConversationId, MessageAuthor, DateTimeOffset?)"/>).</summary>
    /// <param name="conversation">The conversation.</param>
    /// <param name="author">Who wrote.</param>
    /// <param name="at">When; <see langword="null"/> means now (the silo's clock).</param>
    /// <returns>A task that completes once the change is stored.</returns>
    Task ReportMessage(ConversationId conversation, MessageAuthor author, DateTimeOffset? at);

    /// <summary>
    /// Reports a message, with its id when the caller has one, which makes a repeated report recognizable
    /// (<see cref="IRoutingEngine.ReportMessage(ConversationId, MessageAuthor, DateTimeOffset?, MessageId?)"/>).
    /// </summary>
    /// <param name="conversation">The conversation.</param>
    /// <param name="author">Who wrote.</param>
    /// <param name="at">When; <see langword="null"/> means now (the silo's clock).</param>
    /// <param name="message">The message's id; <see langword="null"/>: none, and every report counts.</param>
    /// <returns>A task that completes once the change is stored (a repeat stores nothing new).</returns>
    Task ReportMessage(ConversationId conversation, MessageAuthor author, DateTimeOffset? at = null, MessageId? message = null);

    /// <summary>Closes a conversation in any state (<see cref="IRoutingEngine.Close"/>).</summary>
    /// <param name="conversation">The conversation.</param>
    /// <returns>A task that completes once the change is stored.</returns>
    Task Close(ConversationId conversation);

    /// <summary>Returns a view of a conversation (<see cref="IRoutingEngine.GetConversation"/>).</summary>
    /// <param name="conversation">The conversation.</param>
    /// <returns>The view.</returns>
    [ReadOnly]
    Task<ConversationSnapshot> GetConversation(ConversationId conversation);

    /// <summary>Returns the waiting conversations in the order they would be served (<see cref="IRoutingEngine.GetWaitingConversations"/>).</summary>
    /// <param name="skill">Only those waiting on this skill; <see langword="null"/> for every waiting conversation.</param>
    /// <returns>The waiting conversations.</returns>
    [ReadOnly]
    Task<ImmutableArray<WaitingConversation>> GetWaitingConversations(SkillId? skill = null);

    /// <summary>Builds the pacing snapshot of an agent group (<see cref="IRoutingEngine.GetPacingSnapshot"/>).</summary>
    /// <param name="group">The agent group.</param>
    /// <param name="statistics">What the host measured about invitations for the group.</param>
    /// <returns>The snapshot.</returns>
    [ReadOnly]
    Task<PacingSnapshot> GetPacingSnapshot(AgentGroupId group, PacingStatistics statistics);

    /// <summary>Decides how many proactive invitations to send to an agent group (<see cref="IRoutingEngine.Pace"/>).</summary>
    /// <param name="group">The agent group.</param>
    /// <param name="statistics">What the host measured about invitations for the group.</param>
    /// <returns>The decision.</returns>
    Task<PacingDecision> Pace(AgentGroupId group, PacingStatistics statistics);

    /// <summary>Sets, changes or removes a skill's workload distribution (<see cref="IRoutingEngine.ConfigureWorkload"/>).</summary>
    /// <param name="skill">The skill.</param>
    /// <param name="distribution">The distribution; <see langword="null"/> removes it.</param>
    /// <returns>A task that completes once the change is stored.</returns>
    Task ConfigureWorkload(SkillId skill, WorkloadDistribution? distribution);

    /// <summary>Reports a skill's workload split (<see cref="IRoutingEngine.GetWorkloadReport"/>).</summary>
    /// <param name="skill">The skill.</param>
    /// <returns>The report.</returns>
    [ReadOnly]
    Task<WorkloadReport> GetWorkloadReport(SkillId skill);

    /// <summary>
    /// Subscribes an observer to every event of the tenant's engine from now on, or refreshes its subscription: a
    /// low-latency nudge, pushed one way once the events are stored. Observers are transient (a batch pushed while the
    /// host is unreachable is lost): the feed (<see cref="GetEvents"/>) is the record. The subscription is stored in grain
    /// storage, so it survives the grain's move to another silo; it lapses
    /// <see cref="RoutingCoreOrleansOptions.ObserverExpiry"/> after the last call, so call this periodically.
    /// </summary>
    /// <param name="observer">The observer reference.</param>
    /// <returns>A task that completes once the subscription is stored.</returns>
    Task Subscribe(IRoutingEventObserver observer);

    /// <summary>Ends an observer's subscription; nothing happens when it is not subscribed.</summary>
    /// <param name="observer">The observer reference.</param>
    /// <returns>A task that completes once the change is stored.</returns>
    Task Unsubscribe(IRoutingEventObserver observer);

    /// <summary>
    /// Reads the tenant's event feed: the stored events after <paramref name="after"/>, in sequence order
    /// (<see cref="RoutingEvent.Sequence"/>, contiguous and continued across failovers). A host that keeps the sequence of
    /// the last event it handled and reads on from it sees every event once, in order, whatever happened to the silos
    /// (<see cref="RoutingEventFeed"/> does this). Reads only the feed; may run beside other reads.
    /// </summary>
    /// <param name="after">The sequence of the last event the host has; 0 for the oldest stored.</param>
    /// <param name="max">The most events to return, from 1 to 10,000.</param>
    /// <returns>The page; its <see cref="RoutingEventPage.Next"/> is the position to read after next.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="after"/> is negative or <paramref name="max"/> is outside 1 to 10,000.</exception>
    [ReadOnly]
    Task<RoutingEventPage> GetEvents(long after, int max);

    /// <summary>
    /// Returns the <see cref="RoutingCommand.Sequence"/> of the last change stored in the tenant's journal (0 before the
    /// first): it grows by one for each change, so a host can tell whether a call changed anything.
    /// </summary>
    /// <returns>The sequence.</returns>
    [ReadOnly]
    Task<long> GetLastCommandSequence();

    /// <summary>Returns the address of the silo the grain is active on now (for operations and diagnostics).</summary>
    /// <returns>The silo address.</returns>
    [ReadOnly]
    Task<SiloAddress> GetSiloAddress();
}
