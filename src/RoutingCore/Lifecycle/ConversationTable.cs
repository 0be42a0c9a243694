using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;

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

    public bool TryFind(ConversationId conversation, [NotNullWhen(true)] out ConversationRecord? record) =>
        _context.Conversations.TryGetValue(conversation, out record);

    /// <summary>The refusal for a conversation that is not open: closed (remembered) or unknown. <paramref name="action"/>: "accept it".</summary>
    public RoutingResult NotOpen(ConversationId conversation, string action) =>
        _closed.ContainsKey(conversation) ? Refusals.ConversationClosed(conversation, action) : Refusals.UnknownConversation(conversation);

    /// <summary>An open conversation, or a coded refusal (closed, unknown). <paramref name="action"/> says what was refused: "close it".</summary>
    public ConversationRecord Find(ConversationId conversation, string action) =>
        TryFind(conversation, out ConversationRecord? record) ? record : throw NotOpen(conversation, action).ToException();

    public ConversationRecord FindAssigned(ConversationId conversation, string action)
    {
        ConversationRecord record = Find(conversation, action);
        return record.State == ConversationState.Assigned
            ? record
            : throw Refusals.NotAssigned(conversation, record.State, action).ToException();
    }

    public void EnsureNew(ConversationRequest conversation)
    {
        if (_context.Conversations.TryGetValue(conversation.Id, out ConversationRecord? existing))
        {
            throw Refusals.ConversationAlreadyExists(conversation.Id, existing.State).ToException();
        }
    }

    /// <summary>Opens a new conversation (an id of a remembered closed one starts afresh).</summary>
    public ConversationRecord Open(ConversationRequest conversation, SkillId? skill, DateTimeOffset now)
    {
        var record = new ConversationRecord(conversation, skill, _context.NextConversationSequence++, (conversation.CreatedAt ?? now) + _context.Lifecycle.SlaFor(conversation))
        {
            OpenedAt = now,
        };
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

    /// <summary>An open conversation's snapshot, or a remembered closed one's; an unknown id is refused.</summary>
    public ConversationSnapshot Get(ConversationId conversation) =>
        TryFind(conversation, out ConversationRecord? record) ? SnapshotOf(record)
        : _closed.TryGetValue(conversation, out ConversationSnapshot? closed) ? closed
        : throw Refusals.UnknownConversation(conversation).ToException();

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
            Exclusive = conversation.Exclusive is not null,
        };
    }
}
