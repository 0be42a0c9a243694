using System.Collections.Immutable;

namespace RoutingCore.Engine;

/// <summary>
/// Finding conversations by id — the open ones, and the recently closed ones the engine still remembers (so that a late
/// call about a closed conversation is answered as such) — and their snapshots.
/// </summary>
internal sealed class ConversationTable
{
    private readonly EngineContext _context;
    private readonly Dictionary<ConversationId, ConversationSnapshot> _closed = [];
    private readonly Queue<ConversationId> _closedOrder = new();

    public ConversationTable(EngineContext context)
    {
        _context = context;
    }

    /// <summary>The remembered closed conversations' ids, oldest first.</summary>
    public IReadOnlyCollection<ConversationId> ClosedOrder => _closedOrder;

    public IEnumerable<ConversationSnapshot> Closed => _closed.Values;

    public ConversationRecord Find(ConversationId conversation, string paramName) =>
        _context.Conversations.TryGetValue(conversation, out ConversationRecord? record)
            ? record
            : throw new ArgumentException(
                _closed.ContainsKey(conversation)
                    ? $"Conversation '{conversation}' is already closed."
                    : $"Conversation '{conversation}' is not known to the engine; submit it (Submit) or assign it (Assign) first.",
                paramName);

    public ConversationRecord FindAssigned(ConversationId conversation, string action)
    {
        ConversationRecord record = Find(conversation, nameof(conversation));
        return record.State == ConversationState.Assigned
            ? record
            : throw new RoutingOperationException(RoutingErrorCode.NotAssigned, $"Conversation '{conversation}' is {record.State}, not assigned; only an assigned conversation's agent can {action}.");
    }

    public void EnsureNew(ConversationRequest conversation)
    {
        if (_context.Conversations.TryGetValue(conversation.Id, out ConversationRecord? existing))
        {
            throw new ArgumentException($"Conversation '{conversation.Id}' is already known to the engine ({existing.State}); a conversation id is used once until it is closed.", nameof(conversation));
        }
    }

    /// <summary>Opens a new conversation (an id of a remembered closed one starts afresh).</summary>
    public ConversationRecord Open(ConversationRequest conversation, SkillId? skill, DateTimeOffset now)
    {
        var record = new ConversationRecord(conversation, skill, _context.NextConversationSequence++, (conversation.CreatedAt ?? now) + _context.Lifecycle.SlaFor(conversation));
        _closed.Remove(conversation.Id);
        _context.Conversations.Add(conversation.Id, record);
        return record;
    }

    /// <summary>A closed conversation leaves the open ones and is remembered, the oldest forgotten past the limit.</summary>
    public void Closing(ConversationRecord record)
    {
        _context.Conversations.Remove(record.Request.Id);
        _closed[record.Request.Id] = SnapshotOf(record);
        _closedOrder.Enqueue(record.Request.Id);
        while (_closedOrder.Count > RoutingDefaults.ClosedConversationMemory)
        {
            ConversationId oldest = _closedOrder.Dequeue();
            if (_closed.TryGetValue(oldest, out ConversationSnapshot? snapshot) && snapshot.State == ConversationState.Closed && !_context.Conversations.ContainsKey(oldest))
            {
                _closed.Remove(oldest);
            }
        }
    }

    public ConversationSnapshot Get(ConversationId conversation) =>
        _closed.TryGetValue(conversation, out ConversationSnapshot? closed) && !_context.Conversations.ContainsKey(conversation)
            ? closed
            : SnapshotOf(Find(conversation, nameof(conversation)));

    /// <summary>Replaces the closed memory (a restore).</summary>
    public void ReplaceClosed(List<ConversationId> order, List<ConversationSnapshot> conversations)
    {
        _closed.Clear();
        _closedOrder.Clear();
        foreach (ConversationId closed in order)
        {
            _closedOrder.Enqueue(closed);
        }

        foreach (ConversationSnapshot closed in conversations)
        {
            _closed.Add(closed.Id, closed);
        }
    }

    public static ConversationSnapshot SnapshotOf(ConversationRecord conversation)
    {
        ImmutableArray<AgentId> offered = [.. conversation.Offers.Select(o => o.Agent.Profile.Id)];
        ImmutableArray<AgentId> excluded = conversation.Excluded is { } set ? [.. set] : [];
        return new ConversationSnapshot(
            conversation.Request,
            conversation.State,
            conversation.Skill,
            conversation.Agent?.Profile.Id,
            offered,
            conversation.State == ConversationState.Offered ? conversation.Step : null,
            conversation.SlaDue,
            excluded)
        {
            AgentGroup = conversation.Target,
        };
    }
}
