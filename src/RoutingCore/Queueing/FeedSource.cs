namespace RoutingCore.Engine;

/// <summary>
/// One run's conversations that an agent whose capacity freed may take, best first, while <see cref="Dispatcher.Feed"/>
/// feeds it. A run kept in serving order is walked from its head, skipping the conversations the agent may not take; after
/// the run changed (the dispatch of the conversation taken removes it) the walk finds its place again by the last
/// conversation passed, in O(log n). A run of an ordering that may depend on time is gathered once, the conversations the
/// agent may take only, into a heap ordered at the feed's time.
/// </summary>
internal sealed class FeedSource
{
    private readonly List<ConversationRecord> _heap = [];
    private QueueRun? _run;
    private ConversationRecord? _head;
    private WaitingConversation? _passed;
    private RunPosition _position;
    private int _version;
    private IWaitingQueueOrdering? _ordering;
    private DateTimeOffset _now;

    /// <summary>What one conversation of the run costs the agent (they share their media).</summary>
    public double Cost { get; private set; }

    /// <summary>Walks a run kept in serving order.</summary>
    public void StartSorted(QueueRun run, double cost)
    {
        _run = run;
        Cost = cost;
        _head = null;
        _passed = null;
        _position = QueueRun.First;
        _version = run.Version;
    }

    /// <summary>Gathers the conversations of a run (of an ordering that may depend on time) that the agent may take, ordered at <paramref name="now"/>.</summary>
    public void StartGathered(QueueRun run, double cost, AgentRecord agent, Func<AgentRecord, ConversationRecord, bool> servable, IWaitingQueueOrdering ordering, DateTimeOffset now)
    {
        _run = null;
        Cost = cost;
        _ordering = ordering;
        _now = now;
        _heap.Clear();
        run.CopyTo(_heap);
        _heap.RemoveAll(conversation => !servable(agent, conversation));
        for (int i = (_heap.Count / 2) - 1; i >= 0; i--)
        {
            SiftDown(i);
        }
    }

    /// <summary>The best conversation left that the agent may take, or null when none is.</summary>
    public ConversationRecord? Peek(AgentRecord agent, Func<AgentRecord, ConversationRecord, bool> servable)
    {
        if (_run is not { } run)
        {
            return _heap.Count > 0 ? _heap[0] : null;
        }

        if (_version != run.Version)
        {
            _position = _passed is null ? QueueRun.First : run.After(_passed);
            _version = run.Version;
            _head = null;
        }

        if (_head is not null)
        {
            return _head;
        }

        while (run.TryGet(_position, out ConversationRecord conversation))
        {
            if (servable(agent, conversation))
            {
                _head = conversation;
                return conversation;
            }

            _passed = conversation.Waiting;
            _position = run.Next(_position);
        }

        return null;
    }

    /// <summary>Takes the conversation <see cref="Peek"/> just returned (the run has not changed since).</summary>
    public ConversationRecord Take()
    {
        if (_run is not { } run)
        {
            ConversationRecord best = _heap[0];
            _heap[0] = _heap[^1];
            _heap.RemoveAt(_heap.Count - 1);
            SiftDown(0);
            return best;
        }

        ConversationRecord head = _head!;
        _passed = head.Waiting;
        _head = null;
        _position = run.Next(_position);
        return head;
    }

    /// <summary>Lets go of the run and the conversations.</summary>
    public void Clear()
    {
        _run = null;
        _head = null;
        _passed = null;
        _ordering = null;
        _heap.Clear();
    }

    private void SiftDown(int index)
    {
        int count = _heap.Count;
        while (true)
        {
            int best = index;
            int left = (2 * index) + 1;
            if (left < count && Before(_heap[left], _heap[best]))
            {
                best = left;
            }

            if (left + 1 < count && Before(_heap[left + 1], _heap[best]))
            {
                best = left + 1;
            }

            if (best == index)
            {
                return;
            }

            (_heap[index], _heap[best]) = (_heap[best], _heap[index]);
            index = best;
        }
    }

    private bool Before(ConversationRecord x, ConversationRecord y) => _ordering!.Compare(x.Waiting!, y.Waiting!, _now) < 0;
}
