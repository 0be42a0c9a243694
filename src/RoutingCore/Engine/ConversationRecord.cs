namespace RoutingCore.Engine;

/// <summary>The engine's mutable state of one conversation. Guarded by the engine's lock.</summary>
internal sealed class ConversationRecord
{
    public ConversationRecord(ConversationRequest request, ulong mediaMask)
    {
        Request = request;
        MediaMask = mediaMask;
    }

    public ConversationRequest Request;
    public ulong MediaMask;
    public AgentRecord? Agent;
    public DateTimeOffset AssignedAt;
    public DateTimeOffset? LastConsumerMessageAt;
    public DateTimeOffset? LastAgentMessageAt;

    public AssignedConversation ToAssigned() =>
        new(Request.Id, Request.Media, AssignedAt, LastConsumerMessageAt, LastAgentMessageAt);
}
