namespace RoutingCore;

/// <summary>Who wrote a message in a conversation.</summary>
public enum MessageAuthor
{
    /// <summary>The consumer: the conversation now waits on the agent.</summary>
    Consumer = 0,

    /// <summary>The agent: the conversation now waits on the consumer.</summary>
    Agent = 1,
}
