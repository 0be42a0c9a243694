using System.Collections.Immutable;

namespace RoutingCore;

/// <summary>
/// The routing engine: the one way in for a host. It holds the roster of agents and their workload and decides who may
/// receive each conversation and in which order.
/// </summary>
/// <remarks>
/// Every member may be called from many threads at once. Time comes from the injected <see cref="TimeProvider"/>.
/// Caller mistakes (unknown ids, invalid values) throw exceptions whose messages name the value and what is valid;
/// "nobody can take this conversation now" is a result (<see cref="RoutingPlan.HasAgents"/>), never an exception.
/// </remarks>
public interface IRoutingEngine
{
    /// <summary>Adds an agent to the roster.</summary>
    /// <param name="profile">The agent's profile.</param>
    /// <param name="state">The agent's initial state.</param>
    /// <exception cref="ArgumentException">The profile is invalid, or an agent with its id is already on the roster.</exception>
    void AddAgent(AgentProfile profile, AgentState state = AgentState.Offline);

    /// <summary>Replaces an agent's profile, keeping its state and conversations.</summary>
    /// <param name="profile">The new profile; its id names the agent.</param>
    /// <exception cref="ArgumentException">The profile is invalid, or no agent with its id is on the roster.</exception>
    void UpdateAgent(AgentProfile profile);

    /// <summary>Removes an agent from the roster.</summary>
    /// <param name="agent">The agent.</param>
    /// <exception cref="ArgumentException">The agent is not on the roster.</exception>
    /// <exception cref="InvalidOperationException">The agent still holds conversations.</exception>
    void RemoveAgent(AgentId agent);

    /// <summary>Changes an agent's state.</summary>
    /// <param name="agent">The agent.</param>
    /// <param name="state">The new state.</param>
    /// <exception cref="ArgumentException">The agent is not on the roster.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="state"/> is not a defined <see cref="AgentState"/>.</exception>
    void SetAgentState(AgentId agent, AgentState state);

    /// <summary>Returns a view of one agent.</summary>
    /// <param name="agent">The agent.</param>
    /// <returns>The view.</returns>
    /// <exception cref="ArgumentException">The agent is not on the roster.</exception>
    AgentSnapshot GetAgent(AgentId agent);

    /// <summary>Returns a view of every agent on the roster, in roster order.</summary>
    /// <returns>The views.</returns>
    ImmutableArray<AgentSnapshot> GetAgents();

    /// <summary>
    /// Plans a conversation: filters the agents (state, skill, media, required tags, capacity), scores them with the
    /// skill's strategy and groups them into steps. Changes nothing.
    /// </summary>
    /// <param name="conversation">The conversation.</param>
    /// <returns>The plan; <see cref="RoutingPlan.HasAgents"/> is false when nobody can take it now.</returns>
    /// <exception cref="ArgumentException">The request is invalid.</exception>
    RoutingPlan Plan(ConversationRequest conversation);

    /// <summary>
    /// Plans a conversation like <see cref="Plan(ConversationRequest)"/> and explains every agent on the roster: why it
    /// was left out, or its score, step and score components. Slower than <see cref="Plan(ConversationRequest)"/>.
    /// </summary>
    /// <param name="conversation">The conversation.</param>
    /// <returns>The plan and its explanation.</returns>
    /// <exception cref="ArgumentException">The request is invalid.</exception>
    RoutingExplanation Explain(ConversationRequest conversation);

    /// <summary>
    /// Assigns a conversation to an agent directly, without offers (for example a transfer to a named agent, or
    /// assignments restored after a restart). The agent's capacity must allow it.
    /// </summary>
    /// <param name="conversation">The conversation.</param>
    /// <param name="agent">The agent.</param>
    /// <exception cref="ArgumentException">The request is invalid, the conversation is already known, or the agent is not on the roster.</exception>
    /// <exception cref="InvalidOperationException">The agent does not handle the conversation's media or has no capacity for it.</exception>
    void Assign(ConversationRequest conversation, AgentId agent);

    /// <summary>
    /// Reports a message in an assigned conversation. Messages drive idle-chat detection (max concurrent) and message
    /// intensity (active or inactive, intensity model).
    /// </summary>
    /// <param name="conversation">The conversation.</param>
    /// <param name="author">Who wrote.</param>
    /// <param name="at">When; <see langword="null"/> means now. Must not be in the future nor before the conversation was assigned.</param>
    /// <exception cref="ArgumentException">The conversation is unknown or <paramref name="at"/> is out of range.</exception>
    void ReportMessage(ConversationId conversation, MessageAuthor author, DateTimeOffset? at = null);

    /// <summary>Closes a conversation and frees the capacity it took.</summary>
    /// <param name="conversation">The conversation.</param>
    /// <exception cref="ArgumentException">The conversation is unknown (never assigned, or already closed).</exception>
    void Close(ConversationId conversation);
}
