namespace RoutingCore.Engine;

/// <summary>Gives small dense ids to names (tags, media) so agents can hold them as bit sets.</summary>
internal sealed class InternTable
{
    private readonly Dictionary<string, int> _ids = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<string> _names = [];
    private readonly int _capacity;
    private readonly string _kind;

    public InternTable(string kind, int capacity)
    {
        _kind = kind;
        _capacity = capacity;
    }

    public int Count => _names.Count;

    public string NameOf(int id) => _names[id];

    /// <summary>The names in id order.</summary>
    public string[] ToArray() => [.. _names];

    public bool TryGet(string name, out int id) => _ids.TryGetValue(name, out id);

    public int GetOrAdd(string name)
    {
        if (_ids.TryGetValue(name, out int id))
        {
            return id;
        }

        if (_names.Count >= _capacity)
        {
            throw new InvalidOperationException(
                $"The engine already knows {_capacity} distinct {_kind}s, its limit; '{name}' cannot be added. Reuse existing {_kind} names.");
        }

        id = _names.Count;
        _names.Add(name);
        _ids.Add(name, id);
        return id;
    }
}
