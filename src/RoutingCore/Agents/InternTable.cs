namespace RoutingCore.Engine;

/// <summary>
/// Gives small dense ids to names (tags, media) so agents can hold them as bit sets, and counts the agents on the roster
/// that hold each name. A name no agent holds any more is released: its id is free, and the next new name takes the
/// lowest free id. When more ids are free than in use (and at least <see cref="CompactionSlack"/>), <see cref="IsSparse"/>
/// asks the owner to <see cref="Compact"/> the ids and recompute the bit sets, so the bit sets stay as short as the names
/// in use need — an amortised cost: each compaction follows at least as many releases as there are names left.
/// </summary>
internal sealed class InternTable
{
    /// <summary>Free ids below this many are never worth a compaction.</summary>
    public const int CompactionSlack = 64;

    private readonly Dictionary<string, int> _ids = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<Entry> _entries = [];
    private readonly PriorityQueue<int, int> _free = new();
    private readonly int _capacity;
    private readonly string _kind;
    private long _nextMet;

    public InternTable(string kind, int capacity)
    {
        _kind = kind;
        _capacity = capacity;
    }

    /// <summary>How many names are interned (in use).</summary>
    public int Count => _ids.Count;

    /// <summary>Every id in use is below this (bit sets are this long).</summary>
    public int IdBound => _entries.Count;

    /// <summary>Whether more ids are free than in use, and enough to be worth a <see cref="Compact"/>.</summary>
    public bool IsSparse => _free.Count >= CompactionSlack && _free.Count > _ids.Count;

    public string NameOf(int id) => _entries[id].Name ?? throw new ArgumentOutOfRangeException(nameof(id), id, "The id is free.");

    /// <summary>The names in the order the engine met them (a name released and met again counts from then): the state document's order.</summary>
    public string[] ToArray()
    {
        var live = new List<Entry>(_ids.Count);
        foreach (Entry entry in _entries)
        {
            if (entry.Name is not null)
            {
                live.Add(entry);
            }
        }

        live.Sort(static (x, y) => x.Met.CompareTo(y.Met));
        return [.. live.Select(e => e.Name!)];
    }

    public bool TryGet(string name, out int id) => _ids.TryGetValue(name, out id);

    /// <summary>Interns a name without a holder (a restored document's names, before its agents take them).</summary>
    public int GetOrAdd(string name)
    {
        if (_ids.TryGetValue(name, out int id))
        {
            return id;
        }

        if (_ids.Count >= _capacity)
        {
            throw new InvalidOperationException(
                $"The engine already knows {_capacity} distinct {_kind}s, its limit; '{name}' cannot be added. Reuse existing {_kind} names.");
        }

        var entry = new Entry { Name = name, Met = _nextMet++ };
        if (_free.TryDequeue(out id, out _))
        {
            _entries[id] = entry;
        }
        else
        {
            id = _entries.Count;
            _entries.Add(entry);
        }

        _ids.Add(name, id);
        return id;
    }

    /// <summary>An agent holds the name: interns it if new, and counts the holder.</summary>
    public int Acquire(string name)
    {
        int id = GetOrAdd(name);
        _entries[id].Holders++;
        return id;
    }

    /// <summary>An agent no longer holds the name: when nobody does, the name is released and its id freed.</summary>
    public void Release(string name)
    {
        int id = _ids[name];
        Entry entry = _entries[id];
        if (--entry.Holders == 0)
        {
            Free(id);
        }
    }

    /// <summary>Releases the names no agent holds (after a restore: a document may list names its agents do not hold).</summary>
    public void ReleaseUnheld()
    {
        for (int id = 0; id < _entries.Count; id++)
        {
            if (_entries[id] is { Name: not null, Holders: 0 })
            {
                Free(id);
            }
        }
    }

    /// <summary>Renumbers the names in use 0, 1, 2... keeping their relative order. Every bit set of these ids must be recomputed.</summary>
    public void Compact()
    {
        _entries.RemoveAll(static e => e.Name is null);
        _free.Clear();
        for (int id = 0; id < _entries.Count; id++)
        {
            _ids[_entries[id].Name!] = id;
        }
    }

    private void Free(int id)
    {
        Entry entry = _entries[id];
        _ids.Remove(entry.Name!);
        entry.Name = null;
        entry.Holders = 0;
        if (id == _entries.Count - 1)
        {
            _entries.RemoveAt(id);
            return;
        }

        _free.Enqueue(id, id);
    }

    private sealed class Entry
    {
        /// <summary>The name; null while the id is free.</summary>
        public string? Name;

        /// <summary>How many agents on the roster hold it.</summary>
        public int Holders;

        /// <summary>When it was met (interned), for the document's order.</summary>
        public long Met;
    }
}
