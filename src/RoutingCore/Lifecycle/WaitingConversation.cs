namespace RoutingCore;

/// <summary>A conversation in the waiting queue, as an <see cref="IWaitingQueueOrdering"/> sees it.</summary>
public sealed class WaitingConversation
{
    /// <summary>Creates a view of a waiting conversation.</summary>
    /// <param name="request">The conversation.</param>
    /// <param name="skill">The skill it waits on; <see langword="null"/> for any agent.</param>
    /// <param name="slaDue">When its response-time SLA is breached.</param>
    /// <param name="queuedAt">When it entered the queue this time.</param>
    /// <param name="sequence">Its arrival number in the engine: smaller arrived earlier. Unique.</param>
    public WaitingConversation(ConversationRequest request, SkillId? skill, DateTimeOffset slaDue, DateTimeOffset queuedAt, long sequence)
    {
        ArgumentNullException.ThrowIfNull(request);
        Request = request;
        Skill = skill;
        SlaDue = slaDue;
        QueuedAt = queuedAt;
        Sequence = sequence;
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

    /// <summary>Describes the conversation.</summary>
    /// <returns>The description.</returns>
    public override string ToString() => FormattableString.Invariant($"{Id} priority {Priority} SLA due {SlaDue:O}");
}
