namespace RoutingCore.Engine;

/// <summary>
/// Keys remembered with a value, at most a fixed number of them: remembering one more forgets the oldest; remembering a key
/// again makes it the newest. Every operation is O(1). Guarded by the engine's lock.
/// </summary>
internal sealed class RecentMemory<TKey, TValue>(int capacity)
    where TKey : notnull
{
    private readonly Dictionary<TKey, LinkedListNode<KeyValuePair<TKey, TValue>>> _index = [];
    private readonly LinkedList<KeyValuePair<TKey, TValue>> _order = new();

    /// <summary>How many keys may be remembered at once.</summary>
    public int Capacity => capacity;

    public int Count => _index.Count;

    /// <summary>The remembered keys and values, oldest first.</summary>
    public IEnumerable<KeyValuePair<TKey, TValue>> OldestFirst => _order;

    public bool TryGet(TKey key, out TValue value)
    {
        if (_index.TryGetValue(key, out LinkedListNode<KeyValuePair<TKey, TValue>>? node))
        {
            value = node.Value.Value;
            return true;
        }

        value = default!;
        return false;
    }

    public bool Contains(TKey key) => _index.ContainsKey(key);

    /// <summary>Remembers <paramref name="key"/> as the newest, forgetting the oldest beyond the capacity.</summary>
    public void Remember(TKey key, TValue value)
    {
        Forget(key);
        _index.Add(key, _order.AddLast(new KeyValuePair<TKey, TValue>(key, value)));
        while (_index.Count > capacity)
        {
            _index.Remove(_order.First!.Value.Key);
            _order.RemoveFirst();
        }
    }

    public void Forget(TKey key)
    {
        if (_index.Remove(key, out LinkedListNode<KeyValuePair<TKey, TValue>>? node))
        {
            _order.Remove(node);
        }
    }

    /// <summary>Replaces everything remembered (a restore), oldest first.</summary>
    public void ReplaceAll(IEnumerable<KeyValuePair<TKey, TValue>> oldestFirst)
    {
        _index.Clear();
        _order.Clear();
        foreach (KeyValuePair<TKey, TValue> entry in oldestFirst)
        {
            Remember(entry.Key, entry.Value);
        }
    }
}
