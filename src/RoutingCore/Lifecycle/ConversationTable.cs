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

    /// <summary>Whether the conversation is closed and remembered (not open, and not forgotten).</summary>
    public bool IsClosed(ConversationId conversation) => _closed.ContainsKey(conversation) && !_context.Conversations.ContainsKey(conversation);

    /// <summary>
    /// For a Submit: <see langword="null"/> when the id is new (or forgotten), else the snapshot of the conversation an equal
    /// request opened — open, or remembered as closed — which a repeated Submit answers. Another request under a known id
    /// is refused, naming the first field that differs.
    /// </summary>
    public ConversationSnapshot? SubmitRepeat(ConversationRequest request)
    {
        if (TryFind(request.Id, out ConversationRecord? open))
        {
            return RepeatComparison.Difference(request, open.Request) is { } difference
                ? throw Refusals.ConversationAlreadyExists(request.Id, open.State, difference).ToException()
                : SnapshotOf(open);
        }

        if (_closed.TryGetValue(request.Id, out ConversationSnapshot? closed))
        {
            return RepeatComparison.Difference(request, closed.Request) is { } difference
                ? throw Refusals.ClosedConversationReused(request.Id, difference).ToException()
                : closed;
        }

        return null;
    }

    /// <summary>
    /// For an Assign: false when the id is new (or forgotten); true for a repeat — an equal request, assigned to that agent.
    /// Another request, an equal one held otherwise, or a remembered closed conversation is refused.
    /// </summary>
    public bool AssignRepeat(ConversationRequest request, AgentId agent)
    {
        if (TryFind(request.Id, out ConversationRecord? open))
        {
            string? why = RepeatComparison.Difference(request, open.Request)
                ?? (open.Agent?.Profile.Id == agent ? null : $"it is {open.State}{(open.Agent is { } holder ? $" to agent '{holder.Profile.Id}'" : string.Empty)}, not assigned to agent '{agent}'");
            return why is null ? true : throw Refusals.ConversationAlreadyExists(request.Id, open.State, why).ToException();
        }

        return _closed.ContainsKey(request.Id) ? throw Refusals.ConversationClosed(request.Id, "assign it").ToException() : false;
    }

    /// <summary>Opens a new conversation (the caller made sure its id is neither open nor remembered as closed).</summary>
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
