namespace RoutingCore;

/// <summary>
/// Decides how much of an agent a conversation takes and when an agent is full. One model is chosen per engine by
/// <see cref="RoutingOptions.CapacityModel"/>: a built-in one (<see cref="CapacityModelNames"/>), made for each engine from
/// that engine's options (<see cref="RoutingOptions.MaxConcurrent"/>, <see cref="RoutingOptions.Intensity"/>), or one of yours.
/// </summary>
/// <remarks>
/// <para>
/// Loads are fractions of the agent: 0 is idle, 1 is full. The engine sums <see cref="GetConversationLoad"/> over the
/// agent's assigned conversations, adds its pending exclusive offers at <see cref="GetConversationCost"/>, and lets the
/// agent take a conversation while that sum plus the conversation's cost stays at or below <see cref="GetLimit"/>.
/// </para>
/// <para>
/// A model of yours is used as it is registered. An instance (<c>RoutingEngine.Create(capacityModels: ...)</c>,
/// <c>AddCapacityModel&lt;TModel&gt;()</c> or <c>services.AddSingleton&lt;ICapacityModel, MyModel&gt;()</c>) serves every engine
/// that names it, so its settings are its own, the same for all of them. For settings per engine, register a factory,
/// <c>AddCapacityModel(name, (services, engine) =&gt; ...)</c>: it is called once for each engine that names the model, with
/// the engine's name, and the model it makes reads its own options of that name.
/// </para>
/// <para>
/// Implementations must be thread-safe and must not read the clock: the engine passes the time. A load that changes by
/// itself with time (a chat turning idle) must be announced through <see cref="GetNextLoadChange"/> so the engine can
/// recompute it, and free capacity, at that moment.
/// </para>
/// </remarks>
public interface ICapacityModel
{
    /// <summary>The model's name, matched case-insensitively against <see cref="RoutingOptions.CapacityModel"/>.</summary>
    string Name { get; }

    /// <summary>The load at which the agent is full (1, or more where overbooking is allowed).</summary>
    /// <param name="agent">The agent.</param>
    /// <returns>The limit, greater than zero.</returns>
    double GetLimit(AgentProfile agent);

    /// <summary>The load a new conversation with the given media adds to the agent when it is assigned now.</summary>
    /// <param name="agent">The agent, which handles every one of <paramref name="media"/>.</param>
    /// <param name="media">The conversation's media (at least one).</param>
    /// <returns>The cost, from 0.</returns>
    double GetConversationCost(AgentProfile agent, ReadOnlySpan<MediaType> media);

    /// <summary>The load an assigned conversation puts on the agent at a given time.</summary>
    /// <param name="agent">The agent.</param>
    /// <param name="conversation">The conversation.</param>
    /// <param name="now">The time.</param>
    /// <returns>The load, from 0.</returns>
    double GetConversationLoad(AgentProfile agent, in AssignedConversation conversation, DateTimeOffset now);

    /// <summary>
    /// When the conversation's load next changes by itself (without a message or another event), or
    /// <see langword="null"/> when it does not.
    /// </summary>
    /// <param name="agent">The agent.</param>
    /// <param name="conversation">The conversation.</param>
    /// <param name="now">The time.</param>
    /// <returns>The time of the next change (after <paramref name="now"/>), or <see langword="null"/>.</returns>
    DateTimeOffset? GetNextLoadChange(AgentProfile agent, in AssignedConversation conversation, DateTimeOffset now);
}
