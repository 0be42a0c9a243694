namespace RoutingCore.Engine;

/// <summary>
/// The waiting conversations of one skill (or of any agent), split into runs by media (<see cref="QueueRun"/>). A skill's
/// queue exists only while a conversation waits on it: the <see cref="WaitingQueue"/> drops it when it empties.
/// </summary>
internal sealed class SkillQueue
{
    private readonly List<QueueRun> _runs = [];

    public SkillQueue(SkillId? skill)
    {
        Skill = skill;
    }

    /// <summary>The skill; null for the queue of conversations any agent may take.</summary>
    public SkillId? Skill { get; }

    public int Count { get; private set; }

    /// <summary>The runs, one per distinct media of the waiting conversations (a handful: media combinations in use).</summary>
    public IReadOnlyList<QueueRun> Runs => _runs;

    public void Add(ConversationRecord conversation, string mediaKey, IComparer<WaitingConversation> comparer)
    {
        QueueRun? run = null;
        foreach (QueueRun existing in _runs)
        {
            if (string.Equals(existing.MediaKey, mediaKey, StringComparison.Ordinal))
            {
                run = existing;
                break;
            }
        }

        if (run is null)
        {
            run = new QueueRun(this, mediaKey, conversation.Request, comparer);
            _runs.Add(run);
        }

        run.Add(conversation);
        conversation.QueueRun = run;
        Count++;
    }

    public void Remove(ConversationRecord conversation)
    {
        QueueRun run = conversation.QueueRun!;
        run.Remove(conversation);
        conversation.QueueRun = null;
        Count--;
        if (run.Count == 0)
        {
            _runs.Remove(run);
        }
    }

    /// <summary>The waiting conversations in the order they entered the queue (the state document's order).</summary>
    public ConversationRecord[] InArrivalOrder()
    {
        var all = new List<ConversationRecord>(Count);
        AddAllTo(all);
        ConversationRecord[] result = [.. all];
        Array.Sort(result, static (x, y) => x.QueueStamp.CompareTo(y.QueueStamp));
        return result;
    }

    public void AddAllTo(List<ConversationRecord> into)
    {
        foreach (QueueRun run in _runs)
        {
            run.CopyTo(into);
        }
    }
}
