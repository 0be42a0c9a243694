namespace RoutingCore.Engine;

/// <summary>
/// The agents who served each consumer most recently (messaging history, seed 003), bounded in depth per consumer and in
/// the number of consumers (the least recently served consumer is forgotten first). Guarded by the engine's lock.
/// </summary>
internal sealed class ConsumerHistory
{
    private readonly Dictionary<ConsumerId, LinkedListNode<Entry>> _entries = [];
    private readonly LinkedList<Entry> _recency = new();
    private readonly int _depth;
    private readonly int _capacity;

    public ConsumerHistory(int depth, int capacity)
    {
        _depth = depth;
        _capacity = capacity;
    }

    public AgentId[]? Get(ConsumerId consumer) => _entries.TryGetValue(consumer, out var node) ? node.Value.Agents : null;

    public void Record(ConsumerId consumer, AgentId agent)
    {
        if (_entries.TryGetValue(consumer, out var node))
        {
            _recency.Remove(node);
            _recency.AddFirst(node);
            node.ValueRef.Agents = Prepend(node.Value.Agents, agent);
            return;
        }

        if (_entries.Count >= _capacity && _recency.Last is { } oldest)
        {
            _recency.RemoveLast();
            _entries.Remove(oldest.Value.Consumer);
        }

        node = _recency.AddFirst(new Entry(consumer, [agent]));
        _entries.Add(consumer, node);
    }

    /// <summary>Every consumer's agents, the most recently served consumer first (for the state document).</summary>
    public IEnumerable<(ConsumerId Consumer, AgentId[] Agents)> MostRecentFirst()
    {
        for (LinkedListNode<Entry>? node = _recency.First; node is not null; node = node.Next)
        {
            yield return (node.Value.Consumer, node.Value.Agents);
        }
    }

    /// <summary>Adds a consumer as the least recently served one so far (restoring, most recent first); false if it is known already.</summary>
    public bool TryAddOldest(ConsumerId consumer, AgentId[] agents)
    {
        var node = new LinkedListNode<Entry>(new Entry(consumer, agents));
        if (!_entries.TryAdd(consumer, node))
        {
            return false;
        }

        _recency.AddLast(node);
        return true;
    }

    public int Count => _entries.Count;

    private AgentId[] Prepend(AgentId[] agents, AgentId agent)
    {
        var result = new List<AgentId>(_depth) { agent };
        foreach (AgentId other in agents)
        {
            if (other != agent && result.Count < _depth)
            {
                result.Add(other);
            }
        }

        return [.. result];
    }

    /// <summary>A consumer and its agents, held in its list node (a struct: one object per consumer, the node).</summary>
    private struct Entry(ConsumerId consumer, AgentId[] agents)
    {
        public readonly ConsumerId Consumer = consumer;

        public AgentId[] Agents = agents;
    }
}
