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
            node.Value.Agents = Prepend(node.Value.Agents, agent);
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

    /// <summary>Adds a consumer as the least recently served one so far (restoring, most recent first).</summary>
    public void AddOldest(ConsumerId consumer, AgentId[] agents)
    {
        _entries.Add(consumer, _recency.AddLast(new Entry(consumer, agents)));
    }

    public int Count => _entries.Count;

    public bool Contains(ConsumerId consumer) => _entries.ContainsKey(consumer);

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

    private sealed class Entry(ConsumerId consumer, AgentId[] agents)
    {
        public ConsumerId Consumer { get; } = consumer;

        public AgentId[] Agents { get; set; } = agents;
    }
}
