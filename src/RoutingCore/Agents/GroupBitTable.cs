using System.Numerics;

namespace RoutingCore.Engine;

/// <summary>
/// Gives agent groups a bit each, for <see cref="AgentRecord.GroupMask"/>, while bits last (64); planning for a group
/// without a bit takes the general path. Counts the agents on the roster that hold each group: a group nobody holds any
/// more is forgotten and its bit freed for the next new group. A group keeps the bit it got (or its lack of one) while
/// any agent holds it, so every holder's mask agrees. Ids compare as <see cref="AgentGroupId"/> does.
/// </summary>
internal sealed class GroupBitTable
{
    private const int Bits = 64;
    private readonly Dictionary<AgentGroupId, Entry> _groups = [];
    private ulong _taken;

    /// <summary>How many groups agents hold.</summary>
    public int Count => _groups.Count;

    /// <summary>An agent holds the group: gives a new group the lowest free bit (if any is free), and counts the holder; false when the group has no bit.</summary>
    public bool Acquire(AgentGroupId group, out int bit)
    {
        if (!_groups.TryGetValue(group, out Entry? entry))
        {
            entry = new Entry { Bit = _taken == ulong.MaxValue ? -1 : BitOperations.TrailingZeroCount(~_taken) };
            if (entry.Bit >= 0)
            {
                _taken |= 1UL << entry.Bit;
            }

            _groups.Add(group, entry);
        }

        entry.Holders++;
        bit = entry.Bit;
        return bit >= 0;
    }

    /// <summary>An agent no longer holds the group: when nobody does, it is forgotten and its bit freed.</summary>
    public void Release(AgentGroupId group)
    {
        Entry entry = _groups[group];
        if (--entry.Holders == 0)
        {
            _groups.Remove(group);
            if (entry.Bit >= 0)
            {
                _taken &= ~(1UL << entry.Bit);
            }
        }
    }

    /// <summary>The group's bit as a mask; false when the group has no bit (no agent holds it, or bits ran out when it came).</summary>
    public bool TryGetMask(AgentGroupId group, out ulong mask)
    {
        bool known = _groups.TryGetValue(group, out Entry? entry) && entry.Bit >= 0;
        mask = known ? 1UL << entry!.Bit : 0;
        return known;
    }

    private sealed class Entry
    {
        public int Bit;
        public int Holders;
    }
}
