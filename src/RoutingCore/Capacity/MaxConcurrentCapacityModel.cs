namespace RoutingCore.Capacity;

/// <summary>
/// The max-concurrent model (seed 004, "Agent load"): a session of a medium costs 1/max of the agent, where max is the
/// medium's own maximum, else the agent's, else the account default; a conversation costs its heaviest medium (chat and
/// voice together cost 100%, not 125%); a chat-only conversation idle for more than the idle-chat timeout costs nothing.
/// Made for one engine, with that engine's <see cref="MaxConcurrentCapacityOptions"/> copied in.
/// </summary>
internal sealed class MaxConcurrentCapacityModel : ICapacityModel
{
    private readonly int _defaultMaxConcurrent;
    private readonly TimeSpan _idleChatTimeout;

    public MaxConcurrentCapacityModel(MaxConcurrentCapacityOptions options)
    {
        _defaultMaxConcurrent = options.DefaultMaxConcurrent;
        _idleChatTimeout = options.IdleChatTimeout;
    }

    public string Name => CapacityModelNames.MaxConcurrent;

    public double GetLimit(AgentProfile agent) => 1.0;

    public double GetConversationCost(AgentProfile agent, ReadOnlySpan<MediaType> media)
    {
        double heaviest = 0;
        foreach (MediaType medium in media)
        {
            double cost = 1.0 / MaxSessions(agent, medium);
            if (cost > heaviest)
            {
                heaviest = cost;
            }
        }

        return heaviest;
    }

    public double GetConversationLoad(AgentProfile agent, in AssignedConversation conversation, DateTimeOffset now)
    {
        if (IsIdleChat(conversation, now))
        {
            return 0;
        }

        return GetConversationCost(agent, conversation.Media.AsSpan());
    }

    public DateTimeOffset? GetNextLoadChange(AgentProfile agent, in AssignedConversation conversation, DateTimeOffset now)
    {
        if (!IsChatOnly(conversation) || _idleChatTimeout <= TimeSpan.Zero)
        {
            return null;
        }

        DateTimeOffset idleAt = IdleAt(conversation);
        return idleAt > now ? idleAt : null;
    }

    /// <summary>
    /// Seed 004: an idle chat has been idle "for more than the configurable time out"; a chat silent for exactly the
    /// timeout is not idle yet. The first moment it is: one tick (the clock's resolution) after the timeout.
    /// </summary>
    private bool IsIdleChat(in AssignedConversation conversation, DateTimeOffset now) =>
        _idleChatTimeout > TimeSpan.Zero
        && IsChatOnly(conversation)
        && now >= IdleAt(conversation);

    private DateTimeOffset IdleAt(in AssignedConversation conversation) =>
        conversation.LastActivityAt + _idleChatTimeout + TimeSpan.FromTicks(1);

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

    private int MaxSessions(AgentProfile agent, MediaType medium)
    {
        foreach (MediaCapacity handled in agent.Media.AsSpan())
        {
            if (handled.Media == medium && handled.MaxSessions is { } max)
            {
                return max;
            }
        }

        return agent.MaxConcurrent ?? _defaultMaxConcurrent;
    }
}
