using System.Collections.Immutable;
using System.Runtime.InteropServices;
using RoutingCore.Telemetry;

namespace RoutingCore.Engine;

/// <summary>
/// The waiting queue: one list per skill and one for conversations any agent may take, served in the order of the
/// engine's <see cref="IWaitingQueueOrdering"/>. Entering and leaving it is published and measured here.
/// </summary>
internal sealed class WaitingQueue
{
    private readonly Dictionary<SkillId, List<ConversationRecord>> _bySkill = [];
    private readonly List<ConversationRecord> _any = [];
    private readonly IWaitingQueueOrdering _ordering;
    private readonly EventOutbox _events;
    private readonly RoutingMetrics _metrics;
    private int _count;

    public WaitingQueue(IWaitingQueueOrdering ordering, EventOutbox events, RoutingMetrics metrics)
    {
        _ordering = ordering;
        _events = events;
        _metrics = metrics;
    }

    /// <summary>How many conversations wait (read without the lock by the queue-length instrument).</summary>
    public int Count => Volatile.Read(ref _count);

    public IWaitingQueueOrdering Ordering => _ordering;

    /// <summary>The conversations any agent may take.</summary>
    public List<ConversationRecord> AnyAgent => _any;

    /// <summary>The queues by skill (including empty ones of skills conversations waited on).</summary>
    public IReadOnlyDictionary<SkillId, List<ConversationRecord>> BySkill => _bySkill;

    public void Enqueue(ConversationRecord conversation, DateTimeOffset now, RoutingEventReason reason)
    {
        conversation.State = ConversationState.Waiting;
        conversation.Plan = null;
        conversation.StepToken = 0;
        conversation.Waiting = new WaitingConversation(conversation.Request, conversation.Skill, conversation.SlaDue, now, conversation.Sequence);
        QueueOf(conversation.Skill).Add(conversation);
        _count++;
        _events.Publish(RoutingEventKind.Queued, now, conversation, null, conversation.Skill, reason);
    }

    public void Remove(ConversationRecord conversation, DateTimeOffset now, RoutingEventKind outcome = RoutingEventKind.Dispatched)
    {
        MeasureWait(conversation.Waiting!, now, outcome);
        QueueOf(conversation.Skill).Remove(conversation);
        _count--;
        conversation.Waiting = null;
        conversation.RetryToken = 0;
    }

    /// <summary>The waiting conversations (of one skill, or all), in serving order.</summary>
    public ImmutableArray<WaitingConversation> Snapshot(SkillId? skill, DateTimeOffset now)
    {
        var result = new List<WaitingConversation>(_count);
        if (skill is { } only)
        {
            if (_bySkill.TryGetValue(only, out List<ConversationRecord>? queue))
            {
                result.AddRange(queue.Select(c => c.Waiting!));
            }
        }
        else
        {
            result.AddRange(_any.Select(c => c.Waiting!));
            foreach (List<ConversationRecord> queue in _bySkill.Values)
            {
                result.AddRange(queue.Select(c => c.Waiting!));
            }
        }

        WaitingConversation[] ordered = [.. result];
        Array.Sort(ordered, (x, y) => _ordering.Compare(x, y, now));
        return ImmutableCollectionsMarshal.AsImmutableArray(ordered);
    }

    /// <summary>How many wait on any of these skills or for any agent (pacing's view of a group's queue).</summary>
    public int CountFor(HashSet<SkillId> skills)
    {
        int waiting = _any.Count;
        foreach ((SkillId skill, List<ConversationRecord> queue) in _bySkill)
        {
            if (skills.Contains(skill))
            {
                waiting += queue.Count;
            }
        }

        return waiting;
    }

    /// <summary>Replaces the whole queue (a restore).</summary>
    public void ReplaceAll(List<ConversationRecord> any, List<KeyValuePair<SkillId, List<ConversationRecord>>> bySkill, int count)
    {
        _any.Clear();
        _any.AddRange(any);
        _bySkill.Clear();
        foreach ((SkillId skill, List<ConversationRecord> queue) in bySkill)
        {
            _bySkill.Add(skill, queue);
        }

        _count = count;
    }

    private List<ConversationRecord> QueueOf(SkillId? skill)
    {
        if (skill is not { } id)
        {
            return _any;
        }

        if (!_bySkill.TryGetValue(id, out List<ConversationRecord>? queue))
        {
            queue = [];
            _bySkill.Add(id, queue);
        }

        return queue;
    }

    private void MeasureWait(WaitingConversation waiting, DateTimeOffset now, RoutingEventKind outcome)
    {
        if (_metrics.WaitTime.Enabled)
        {
            _metrics.WaitTime.Record(
                Math.Max(0, (now - waiting.QueuedAt).TotalSeconds),
                RoutingMetrics.SkillTag(waiting.Skill),
                RoutingMetrics.ReasonTag(outcome == RoutingEventKind.Closed ? nameof(RoutingEventKind.Closed) : nameof(RoutingEventKind.Dispatched)));
        }
    }
}
