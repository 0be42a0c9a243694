using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace RoutingCore.Engine;

/// <summary>
/// The skill indexes by skill: one for each skill an agent on the roster holds. An index is made when the first agent
/// holding its skill is indexed and dropped when the last one leaves (<see cref="AgentRoster"/>). Each index remembers
/// when it was made: <see cref="Keys"/> and enumeration give the skills in that order (the state document's order).
/// </summary>
internal sealed class SkillTable : IEnumerable<KeyValuePair<SkillId, SkillIndex>>
{
    private readonly Dictionary<SkillId, SkillIndex> _indexes = [];
    private long _nextOrder;

    public int Count => _indexes.Count;

    /// <summary>The skills in the order their indexes were made.</summary>
    public IEnumerable<SkillId> Keys => InOrder().Select(index => index.Skill);

    /// <summary>The indexes, in no particular order.</summary>
    public IEnumerable<SkillIndex> Values => _indexes.Values;

    public bool ContainsKey(SkillId skill) => _indexes.ContainsKey(skill);

    public bool TryGetValue(SkillId skill, [MaybeNullWhen(false)] out SkillIndex index) => _indexes.TryGetValue(skill, out index);

    public SkillIndex? GetValueOrDefault(SkillId skill) => _indexes.GetValueOrDefault(skill);

    /// <summary>The skill's index, made (last in order) if the skill has none.</summary>
    public SkillIndex GetOrAdd(SkillId skill)
    {
        if (!_indexes.TryGetValue(skill, out SkillIndex? index))
        {
            index = new SkillIndex(skill);
            Add(skill, index);
        }

        return index;
    }

    /// <summary>Adds an index, last in order; false when the skill has one.</summary>
    public bool TryAdd(SkillId skill, SkillIndex index)
    {
        if (!_indexes.TryAdd(skill, index))
        {
            return false;
        }

        index.Order = _nextOrder++;
        return true;
    }

    /// <summary>Adds an index, last in order.</summary>
    public void Add(SkillId skill, SkillIndex index)
    {
        if (!TryAdd(skill, index))
        {
            throw new ArgumentException($"Skill '{skill}' already has an index.", nameof(skill));
        }
    }

    /// <summary>Drops the index when no agent is in it any more.</summary>
    public void DropIfEmpty(SkillIndex index)
    {
        if (index.Count == 0 && _indexes.TryGetValue(index.Skill, out SkillIndex? current) && current == index)
        {
            _indexes.Remove(index.Skill);
        }
    }

    public void Clear() => _indexes.Clear();

    /// <summary>The indexes in the order they were made.</summary>
    public SkillIndex[] InOrder()
    {
        SkillIndex[] ordered = [.. _indexes.Values];
        Array.Sort(ordered, static (x, y) => x.Order.CompareTo(y.Order));
        return ordered;
    }

    /// <summary>The skills and their indexes, in the order the indexes were made.</summary>
    /// <returns>The enumerator.</returns>
    public IEnumerator<KeyValuePair<SkillId, SkillIndex>> GetEnumerator() =>
        InOrder().Select(index => new KeyValuePair<SkillId, SkillIndex>(index.Skill, index)).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
