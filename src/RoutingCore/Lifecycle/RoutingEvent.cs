using System.Globalization;

namespace RoutingCore;

/// <summary>
/// Something the engine did or decided, published to every <see cref="IRoutingObserver"/>. Events are delivered in the
/// order they happened, outside the engine's lock, one at a time.
/// </summary>
public sealed class RoutingEvent
{
    /// <summary>Creates an event.</summary>
    /// <param name="kind">What happened.</param>
    /// <param name="timestamp">When, on the engine's clock.</param>
    /// <param name="conversation">The conversation; empty for <see cref="RoutingEventKind.AgentPaused"/> and for a <see cref="RoutingEventKind.TimerFailed"/> not about a conversation.</param>
    /// <param name="agent">The agent concerned, if any.</param>
    /// <param name="skill">The skill concerned, if any.</param>
    /// <param name="reason">Why.</param>
    /// <param name="step">The offer step (0-based), for offers.</param>
    /// <param name="detail">A human-readable detail, if any.</param>
    public RoutingEvent(RoutingEventKind kind, DateTimeOffset timestamp, ConversationId conversation, AgentId? agent, SkillId? skill, RoutingEventReason reason, int? step = null, string? detail = null)
    {
        Kind = kind;
        Timestamp = timestamp;
        Conversation = conversation;
        Agent = agent;
        Skill = skill;
        Reason = reason;
        Step = step;
        Detail = detail;
    }

    /// <summary>
    /// The event's place in its engine's sequence: 1 for the first event the engine ever published, then contiguous, and
    /// continued across <see cref="IRoutingEngine.SaveState(Stream)"/> and <see cref="IRoutingEngine.RestoreState(Stream)"/>, so a host that
    /// remembers the last sequence it handled detects a gap. Every event the engine publishes takes a number, whether or not
    /// an observer is subscribed: an observer subscribed later sees its first event above 1. Zero for an event not published
    /// by an engine.
    /// </summary>
    /// <value>Set by the engine; 0 by default.</value>
    public long Sequence { get; init; }

    /// <summary>What happened.</summary>
    public RoutingEventKind Kind { get; }

    /// <summary>When, on the engine's clock.</summary>
    public DateTimeOffset Timestamp { get; }

    /// <summary>
    /// The conversation; empty (<see cref="ConversationId.IsEmpty"/>) for <see cref="RoutingEventKind.AgentPaused"/> and for a
    /// <see cref="RoutingEventKind.TimerFailed"/> not about a conversation.
    /// </summary>
    public ConversationId Conversation { get; }

    /// <summary>The agent concerned, if any.</summary>
    public AgentId? Agent { get; }

    /// <summary>The skill concerned, if any (<see langword="null"/> also for "any agent").</summary>
    public SkillId? Skill { get; }

    /// <summary>Why it happened.</summary>
    public RoutingEventReason Reason { get; }

    /// <summary>The offer step (0-based), for <see cref="RoutingEventKind.Offered"/> and the answers to an offer.</summary>
    public int? Step { get; }

    /// <summary>A human-readable detail, if any.</summary>
    public string? Detail { get; }

    /// <summary>
    /// Whether the offer is exclusive ("starred", seed 004): the conversation's plan held this agent alone, as nobody else
    /// was eligible. Set on <see cref="RoutingEventKind.Offered"/> and <see cref="RoutingEventKind.OfferTimedOut"/>. An
    /// exclusive offer counts towards the agent's load while pending (<see cref="AgentSnapshot.Reserved"/>), and letting it
    /// time out counts towards a forced pause (<see cref="ForcedPauseOptions"/>).
    /// </summary>
    public bool Exclusive { get; init; }

    /// <summary>Describes the event.</summary>
    /// <returns>The description.</returns>
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"{Timestamp:HH:mm:ss.fff} {Kind}{(Conversation.IsEmpty ? "" : $" {Conversation}")}{(Agent is { } a ? $" agent {a}" : "")}{(Skill is { } s ? $" skill {s}" : "")}{(Step is { } st ? $" step {st + 1}" : "")}{(Exclusive ? " exclusive" : "")}{(Reason != RoutingEventReason.None ? $" ({Reason})" : "")}{(Detail is null ? "" : $": {Detail}")}");
}
