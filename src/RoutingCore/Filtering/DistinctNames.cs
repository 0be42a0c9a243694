using System.Collections.Immutable;

namespace RoutingCore.Engine;

/// <summary>
/// Counts the distinct names among chosen names of a list (the tags of a request the engine does not know). In a list of
/// at most <see cref="ScanLimit"/> names each is compared with the names before it; in a longer one the names go into a
/// hash set, so n names cost O(n) comparisons, not O(n²).
/// </summary>
internal struct DistinctNames
{
    /// <summary>Lists up to this long are scanned (no allocation).</summary>
    public const int ScanLimit = 8;

    private readonly bool _hashed;
    private readonly IEqualityComparer<string> _comparer;
    private HashSet<string>? _seen;

    public DistinctNames(int listLength, IEqualityComparer<string> comparer)
    {
        _hashed = listLength > ScanLimit;
        _comparer = comparer;
    }

    /// <summary>How many distinct names were added.</summary>
    public int Count { get; private set; }

    /// <summary>Adds <c>names[index]</c>, counting it unless an equal name came before it in the list.</summary>
    /// <remarks>A name equal to an earlier one that was not added is not counted either: equal names are chosen alike.</remarks>
    public void Add(ImmutableArray<string> names, int index)
    {
        string name = names[index];
        if (_hashed)
        {
            if ((_seen ??= new HashSet<string>(_comparer)).Add(name))
            {
                Count++;
            }

            return;
        }

        for (int j = 0; j < index; j++)
        {
            if (_comparer.Equals(names[j], name))
            {
                return;
            }
        }

        Count++;
    }
}
