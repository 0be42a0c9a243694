using static RoutingCore.Engine.StateChecks;

namespace RoutingCore.Engine;

/// <summary>The agents and conversations a state document lists, as the reader builds them, for resolving references by id.</summary>
internal sealed class DocumentIndex
{
    public Dictionary<AgentId, AgentRecord> Agents { get; } = [];

    public Dictionary<ConversationId, ConversationRecord> Conversations { get; } = [];

    /// <summary>Each conversation's position in <c>$.conversations</c>, for naming it in a refusal.</summary>
    public Dictionary<ConversationId, int> Positions { get; } = [];

    public AgentRecord RosterAgent(string? id, string path)
    {
        AgentId agent = Id(id, path, static v => new AgentId(v));
        return Agents.TryGetValue(agent, out AgentRecord? record)
            ? record
            : throw Refuse(path, $"agent '{agent}' is not on the document's roster ($.agents); refer only to agents listed there.");
    }

    public ConversationRecord Conversation(string? id, string path)
    {
        ConversationId conversation = Id(id, path, static v => new ConversationId(v));
        return Conversations.TryGetValue(conversation, out ConversationRecord? record)
            ? record
            : throw Refuse(path, $"conversation '{conversation}' is not among the document's conversations ($.conversations); refer only to conversations listed there.");
    }
}
