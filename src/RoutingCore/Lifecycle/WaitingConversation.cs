namespace RoutingCore;

/// <summary>A conversation in the waiting queue, as an <see cref="IWaitingQueueOrdering"/> sees it.</summary>
public sealed class WaitingConversation
{
    /// <summary>Creates a view of a waiting conversation whose consumer was last heard from when it started it (<see cref="ConversationRequest.CreatedAt"/>, else <paramref name="queuedAt"/>).</summary>
    /// <param name="request">The conversation.</param>
    /// <param name="skill">The skill it waits on; <see langword="null"/> for any agent.</param>
    /// <param name="slaDue">When its response-time SLA is breached.</param>
    /// <param name="queuedAt">When it entered the queue this time.</param>
    /// <param name="sequence">Its arrival number in the engine: smaller arrived earlier. Unique.</param>
    public WaitingConversation(ConversationRequest request, SkillId? skill, DateTimeOffset slaDue, DateTimeOffset queuedAt, long sequence)
        : this(request, skill, slaDue, queuedAt, sequence, request?.CreatedAt ?? queuedAt)
    {
    }

    /// <summary>Creates a view of a waiting conversation whose consumer was last heard from at <paramref name="lastConsumerActivityAt"/>.</summary>
    /// <param name="request">The conversation.</param>
    /// <param name="skill">The skill it waits on; <see langword="null"/> for any agent.</param>
    /// <param name="slaDue">When its response-time SLA is breached.</param>
    /// <param name="queuedAt">When it entered the queue this time.</param>
    /// <param name="sequence">Its arrival number in the engine: smaller arrived earlier. Unique.</param>
    /// <param name="lastConsumerActivityAt">When the consumer was last heard from (<see cref="LastConsumerActivityAt"/>).</param>
    public WaitingConversation(ConversationRequest request, SkillId? skill, DateTimeOffset slaDue, DateTimeOffset queuedAt, long sequence, DateTimeOffset lastConsumerActivityAt)
    {
        ArgumentNullException.ThrowIfNull(request);
        Request = request;
        Skill = skill;
        SlaDue = slaDue;
        QueuedAt = queuedAt;
        Sequence = sequence;
        LastConsumerActivityAt = lastConsumerActivityAt;
    }

    /// <summary>The conversation's id.</summary>
    public ConversationId Id => Request.Id;

    /// <summary>The conversation.</summary>
    public ConversationRequest Request { get; }

    /// <summary>Its priority (<see cref="ConversationRequest.Priority"/>): higher is more important.</summary>
    public int Priority => Request.Priority;

    /// <summary>The skill it waits on; <see langword="null"/> for any agent.</summary>
    public SkillId? Skill { get; }

    /// <summary>When its response-time SLA is breached (<see cref="RoutingOptions.ResponseSla"/>).</summary>
    public DateTimeOffset SlaDue { get; }

    /// <summary>When it entered the queue this time.</summary>
    public DateTimeOffset QueuedAt { get; }

    /// <summary>Its arrival number in the engine: smaller arrived earlier. Unique, so it breaks every tie.</summary>
    public long Sequence { get; }

    /// <summary>
    /// When the consumer was last heard from: the latest consumer message reported with
    /// <see cref="IRoutingEngine.ReportMessage(ConversationId, MessageAuthor, DateTimeOffset?)"/> (messages written while it waits included), or, when that is earlier or
    /// there is none, when the consumer started the conversation (<see cref="ConversationRequest.CreatedAt"/>, else when
    /// the engine received it). The engine gives a waiting conversation a new view when its consumer writes.
    /// </summary>
    public DateTimeOffset LastConsumerActivityAt { get; }

    /// <summary>Describes the conversation.</summary>
    /// <returns>The description.</returns>
    public override string ToString() => FormattableString.Invariant($"{Id} priority {Priority} SLA due {SlaDue:O}");
}
