using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.InteropServices;
using System.Text;
using RoutingCore.Telemetry;

namespace RoutingCore.Engine;

/// <summary>
/// The waiting queue: one <see cref="SkillQueue"/> per skill a conversation waits on now and one for conversations any
/// agent may take, served in the order of the engine's <see cref="IWaitingQueueOrdering"/>. Each queue is split into runs
/// by media; when the ordering does not depend on time (<see cref="ITimeInvariantOrdering"/>) every run is kept sorted
/// by it, otherwise by sequence. A skill's queue is dropped when it empties. Entering and leaving it is published
/// and measured here.
/// </summary>
internal sealed class WaitingQueue
{
    private readonly Dictionary<SkillId, SkillQueue> _bySkill = [];
    private SkillQueue _any = new(null);
    private readonly ServingOrder _serving;
    private readonly IComparer<WaitingConversation> _runOrder;
    private readonly EventOutbox _events;
    private readonly RoutingMetrics _metrics;
    private long _nextStamp;
    private int _count;

    public WaitingQueue(IWaitingQueueOrdering ordering, EventOutbox events, RoutingMetrics metrics)
    {
        _serving = new ServingOrder(ordering);
        KeepsServingOrder = ordering is ITimeInvariantOrdering;
        _runOrder = KeepsServingOrder ? _serving : SequenceOrder.Instance;
        _events = events;
        _metrics = metrics;
    }

    /// <summary>How many conversations wait (read without the lock by the queue-length instrument).</summary>
    public int Count => Volatile.Read(ref _count);

    public IWaitingQueueOrdering Ordering => _serving.Ordering;

    /// <summary>Whether each run is sorted in serving order (the ordering does not depend on time); else by sequence.</summary>
    public bool KeepsServingOrder { get; }

    /// <summary>The conversations any agent may take.</summary>
    public SkillQueue AnyAgent => _any;

    /// <summary>How many skills have a queue (only skills with waiting conversations do).</summary>
    public int SkillQueueCount => _bySkill.Count;

    /// <summary>The queue of a skill, when conversations wait on it.</summary>
    public bool TryGetQueue(SkillId skill, [MaybeNullWhen(false)] out SkillQueue queue) => _bySkill.TryGetValue(skill, out queue);

    public void Enqueue(ConversationRecord conversation, DateTimeOffset now, RoutingEventReason reason)
    {
        conversation.State = ConversationState.Waiting;
        conversation.Plan = null;
        conversation.StepToken = 0;
        conversation.Waiting = conversation.ViewQueuedAt(now);
        Add(conversation, now);
        _count++;
        _events.Publish(RoutingEventKind.Queued, now, conversation, null, conversation.Skill, reason);
    }

    public void Remove(ConversationRecord conversation, DateTimeOffset now, RoutingEventKind outcome = RoutingEventKind.Dispatched)
    {
        MeasureWait(conversation.Waiting!, now, outcome);
        SkillQueue queue = conversation.QueueRun!.Owner;
        _serving.Now = now;
        queue.Remove(conversation);
        if (queue.Count == 0 && queue.Skill is { } skill)
        {
            _bySkill.Remove(skill);
        }

        _count--;
        conversation.Waiting = null;
        conversation.RetryToken = 0;
    }

    /// <summary>
    /// The consumer of a waiting conversation wrote: its view takes the new <see cref="WaitingConversation.LastConsumerActivityAt"/>
    /// and, in a run kept in serving order, it moves to its new place (out with the old view, in with the new: O(log n)). It
    /// stays in its run and keeps its place in the document's order; nothing is published.
    /// </summary>
    public void Refresh(ConversationRecord conversation, DateTimeOffset now)
    {
        WaitingConversation view = conversation.Waiting!;
        if (view.LastConsumerActivityAt == conversation.LastConsumerActivityAt)
        {
            return;
        }

        QueueRun run = conversation.QueueRun!;
        _serving.Now = now;
        run.Remove(conversation);
        conversation.Waiting = conversation.ViewQueuedAt(view.QueuedAt);
        run.Add(conversation);
    }

    /// <summary>The waiting conversations (of one skill, or all), in serving order.</summary>
    public ImmutableArray<WaitingConversation> Snapshot(SkillId? skill, DateTimeOffset now)
    {
        var waiting = new List<ConversationRecord>(_count);
        if (skill is { } only)
        {
            if (_bySkill.TryGetValue(only, out SkillQueue? queue))
            {
                queue.AddAllTo(waiting);
            }
        }
        else
        {
            _any.AddAllTo(waiting);
            foreach (SkillQueue queue in _bySkill.Values)
            {
                queue.AddAllTo(waiting);
            }
        }

        var ordered = new WaitingConversation[waiting.Count];
        for (int i = 0; i < ordered.Length; i++)
        {
            ordered[i] = waiting[i].Waiting!;
        }

        IWaitingQueueOrdering ordering = _serving.Ordering;
        Array.Sort(ordered, (x, y) => ordering.Compare(x, y, now));
        return ImmutableCollectionsMarshal.AsImmutableArray(ordered);
    }

    /// <summary>How many wait on any of these skills or for any agent (pacing's view of a group's queue).</summary>
    public int CountFor(HashSet<SkillId> skills)
    {
        int waiting = _any.Count;
        foreach (SkillId skill in skills)
        {
            if (_bySkill.TryGetValue(skill, out SkillQueue? queue))
            {
                waiting += queue.Count;
            }
        }

        return waiting;
    }

    /// <summary>
    /// The queues as the state document lists them: the any-agent queue first (even when empty), then each skill's queue
    /// by skill name (ordinal: the same queues give the same document, whatever their history); each in the order its
    /// conversations entered it.
    /// </summary>
    public List<(SkillId? Skill, ConversationRecord[] Conversations)> ForDocument()
    {
        SkillQueue[] skills = [.. _bySkill.Values];
        Array.Sort(skills, static (x, y) => string.CompareOrdinal(x.Skill!.Value.Value, y.Skill!.Value.Value));
        var result = new List<(SkillId?, ConversationRecord[])>(skills.Length + 1) { (null, _any.InArrivalOrder()) };
        foreach (SkillQueue queue in skills)
        {
            result.Add((queue.Skill, queue.InArrivalOrder()));
        }

        return result;
    }

    /// <summary>
    /// Replaces the whole queue (a restore, into an engine without conversations): the conversations enter in the
    /// document's order; a skill's empty queue (in a document of an earlier engine) is not made.
    /// </summary>
    public void ReplaceAll(List<ConversationRecord> any, List<KeyValuePair<SkillId, List<ConversationRecord>>> bySkill, int count, DateTimeOffset now)
    {
        _any = new SkillQueue(null);
        _bySkill.Clear();
        foreach (ConversationRecord conversation in any)
        {
            Add(conversation, now);
        }

        foreach ((SkillId _, List<ConversationRecord> queue) in bySkill)
        {
            foreach (ConversationRecord conversation in queue)
            {
                Add(conversation, now);
            }
        }

        _count = count;
    }

    /// <summary>
    /// Names a request's media, in order, as one string: the key of its run. A conversation's cost to an agent depends
    /// only on its media, so every conversation of a run costs an agent the same.
    /// </summary>
    public static string MediaKeyOf(ImmutableArray<MediaType> media)
    {
        if (media.Length == 1)
        {
            return media[0].Name;
        }

        var key = new StringBuilder();
        foreach (MediaType medium in media)
        {
            key.Append(medium.Name).Append('\u001f');
        }

        return key.ToString();
    }

    private void Add(ConversationRecord conversation, DateTimeOffset now)
    {
        SkillQueue? queue = _any;
        if (conversation.Skill is { } skill && !_bySkill.TryGetValue(skill, out queue))
        {
            queue = new SkillQueue(skill);
            _bySkill.Add(skill, queue);
        }

        conversation.QueueStamp = ++_nextStamp;
        _serving.Now = now;
        queue.Add(conversation, MediaKeyOf(conversation.Request.Media), _runOrder);
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
