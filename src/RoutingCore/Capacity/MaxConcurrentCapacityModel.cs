namespace RoutingCore.Capacity;

/// <summary>
/// The max-concurrent model (seed 004, "Agent load"): a session of a medium costs 1/max of the agent, where max is the
/// medium's own maximum, else the agent's, else the account default; a conversation costs its heaviest medium (chat and
/// voice together cost 100%, not 125%); a chat-only conversation idle for the idle-chat timeout costs nothing.
/// </summary>
internal sealed class MaxConcurrentCapacityModel : ICapacityModel
{
    public string Name => CapacityModelNames.MaxConcurrent;

    public double GetLimit(AgentProfile agent, in CapacitySettings settings) => 1.0;

    public double GetConversationCost(AgentProfile agent, ReadOnlySpan<MediaType> media, in CapacitySettings settings)
    {
        double heaviest = 0;
        foreach (MediaType medium in media)
        {
            double cost = 1.0 / MaxSessions(agent, medium, settings);
            if (cost > heaviest)
            {
                heaviest = cost;
            }
        }

        return heaviest;
    }

    public double GetConversationLoad(AgentProfile agent, in AssignedConversation conversation, DateTimeOffset now, in CapacitySettings settings)
    {
        if (IsIdleChat(conversation, now, settings))
        {
            return 0;
        }

        return GetConversationCost(agent, conversation.Media.AsSpan(), settings);
    }

    public DateTimeOffset? GetNextLoadChange(AgentProfile agent, in AssignedConversation conversation, DateTimeOffset now, in CapacitySettings settings)
    {
        if (!IsChatOnly(conversation) || settings.IdleChatTimeout <= TimeSpan.Zero)
        {
            return null;
        }

        DateTimeOffset idleAt = conversation.LastActivityAt + settings.IdleChatTimeout;
        return idleAt > now ? idleAt : null;
    }

    private static bool IsIdleChat(in AssignedConversation conversation, DateTimeOffset now, in CapacitySettings settings) =>
        settings.IdleChatTimeout > TimeSpan.Zero
        && IsChatOnly(conversation)
        && now - conversation.LastActivityAt >= settings.IdleChatTimeout;

    private static bool IsChatOnly(in AssignedConversation conversation)
    {
        foreach (MediaType medium in conversation.Media.AsSpan())
        {
            if (medium != MediaType.Chat)
            {
                return false;
            }
        }

        return true;
    }

    private static int MaxSessions(AgentProfile agent, MediaType medium, in CapacitySettings settings)
    {
        foreach (MediaCapacity handled in agent.Media.AsSpan())
        {
            if (handled.Media == medium && handled.MaxSessions is { } max)
            {
                return max;
            }
        }

        return agent.MaxConcurrent ?? settings.DefaultMaxConcurrent;
    }
}
