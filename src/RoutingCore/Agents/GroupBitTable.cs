namespace RoutingCore.Engine;

/// <summary>
/// Gives the first 64 agent groups the engine meets a bit each, for <see cref="AgentRecord.GroupMask"/>; planning for a
/// later group takes the general path. Ids compare as <see cref="AgentGroupId"/> does.
/// </summary>
internal sealed class GroupBitTable
{
    private const int Bits = 64;
    private readonly Dictionary<AgentGroupId, int> _bits = [];

    /// <summary>The group's bit, giving it the next free one if it has none; false when all 64 are taken.</summary>
    public bool TryGetOrAdd(AgentGroupId group, out int bit)
    {
        if (_bits.TryGetValue(group, out bit))
        {
            return true;
        }

        bit = _bits.Count;
        if (bit >= Bits)
        {
            return false;
        }

        _bits.Add(group, bit);
        return true;
    }

    /// <summary>The group's bit as a mask; false when the group has no bit (past the first 64, or never met).</summary>
    public bool TryGetMask(AgentGroupId group, out ulong mask)
    {
        bool known = _bits.TryGetValue(group, out int bit);
        mask = known ? 1UL << bit : 0;
        return known;
    }
}
