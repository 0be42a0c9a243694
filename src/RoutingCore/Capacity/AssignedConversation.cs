using System.Collections.Immutable;

namespace RoutingCore;

/// <summary>What a capacity model sees of a conversation assigned to an agent.</summary>
/// <param name="Id">The conversation.</param>
/// <param name="Media">Its media.</param>
/// <param name="AssignedAt">When the agent accepted it.</param>
/// <param name="LastConsumerMessageAt">When the consumer last wrote, if ever.</param>
/// <param name="LastAgentMessageAt">When the agent last wrote, if ever.</param>
public readonly record struct AssignedConversation(
    ConversationId Id,
    ImmutableArray<MediaType> Media,
    DateTimeOffset AssignedAt,
    DateTimeOffset? LastConsumerMessageAt,
    DateTimeOffset? LastAgentMessageAt)
{
    /// <summary>The last moment anything happened in the conversation: its assignment or its latest message.</summary>
    public DateTimeOffset LastActivityAt
    {
        get
        {
            DateTimeOffset last = AssignedAt;
            if (LastConsumerMessageAt is { } consumer && consumer > last)
            {
                last = consumer;
            }

            if (LastAgentMessageAt is { } agent && agent > last)
            {
                last = agent;
            }

            return last;
        }
    }

    /// <summary>
    /// Whether the conversation waits on its consumer: the agent wrote last (a conversation nobody wrote in since its
    /// assignment waits on the agent).
    /// </summary>
    public bool IsWaitingOnConsumer =>
        LastAgentMessageAt is { } agent && (LastConsumerMessageAt is not { } consumer || agent >= consumer);
}
