using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace RoutingCore.Engine;

/// <summary>
/// The planning filter of the common case, 64 agents at a time over a skill index's columns: which agents are online
/// (16 states per vector compare), and which have the conversation's media, group bit and required tags, a cached cost
/// for its media and room for that cost (four agents per vector compare). An agent that fails any of these goes through
/// the one definition of the rules (<see cref="Eligibility.Check(AgentColumns, int, AgentRecord[], HashSet{AgentId}?, bool, ulong, AgentGroupId?, bool, ulong, bool, bool, ulong, ReadOnlySpan{ulong}, LoadTracker, ConversationRequest, out double)"/>),
/// which counts the reason it is excluded for (or costs it and finds it fits). The agents that pass are the same, in the
/// same order, as the rules' loop finds; the vector compares are the scalar ones lane by lane.
/// </summary>
internal static class BlockFilter
{
    /// <summary>Columns are sized in whole blocks (<see cref="AgentColumns.Resize"/>), so a block never reads past an array.</summary>
    public const int BlockSize = 64;

    /// <summary>
    /// Whether the block filter can run these criteria: nobody excluded by id, the group (if any) with a bit, every medium
    /// and required tag known, the required tags in the first word.
    /// </summary>
    public static bool Handles(scoped ref Criteria criteria)
    {
        if (criteria.Excluded is { Count: > 0 } || !criteria.GroupHasBit || criteria.MediaUnknown || criteria.RequiredUnknown)
        {
            return false;
        }

        for (int w = 1; w < criteria.Required.Length; w++)
        {
            if (criteria.Required[w] != 0)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Writes the slots of the first <paramref name="members"/> agents who may take the conversation into
    /// <paramref name="slots"/>, in order, counts the others' reasons, and finds the longest idle time among those who may.
    /// </summary>
    public static int Filter(
        AgentColumns columns,
        AgentRecord[] records,
        int members,
        scoped ref Criteria criteria,
        LoadTracker load,
        long nowTicks,
        Span<int> slots,
        Span<int> reasons,
        out long maxIdleTicks) => (criteria.GroupMask != 0, criteria.HasRequired && criteria.Required0 != 0) switch
        {
            (false, false) => Filter<No, No>(columns, records, members, ref criteria, load, nowTicks, slots, reasons, out maxIdleTicks),
            (true, false) => Filter<Yes, No>(columns, records, members, ref criteria, load, nowTicks, slots, reasons, out maxIdleTicks),
            (false, true) => Filter<No, Yes>(columns, records, members, ref criteria, load, nowTicks, slots, reasons, out maxIdleTicks),
            (true, true) => Filter<Yes, Yes>(columns, records, members, ref criteria, load, nowTicks, slots, reasons, out maxIdleTicks),
        };

    /// <summary>The filter compiled for whether the conversation has a group bit (<typeparamref name="TGroup"/>) and required tags (<typeparamref name="TTags"/>): a column no rule needs is not read.</summary>
    private static int Filter<TGroup, TTags>(
        AgentColumns columns,
        AgentRecord[] records,
        int members,
        scoped ref Criteria criteria,
        LoadTracker load,
        long nowTicks,
        Span<int> slots,
        Span<int> reasons,
        out long maxIdleTicks)
        where TGroup : struct, ICompileFlag
        where TTags : struct, ICompileFlag
    {
        if (columns.Capacity < ((members + BlockSize - 1) & -BlockSize) || slots.Length < members)
        {
            throw new InvalidOperationException($"The columns hold {columns.Capacity} slots and the slots {slots.Length}, for {members} members.");
        }

        ulong media = criteria.MediaMask;
        ulong group = criteria.GroupMask;
        ulong required = criteria.HasRequired ? criteria.Required0 : 0;
        ref byte state = ref MemoryMarshal.GetArrayDataReference(columns.State);
        ref ulong mediaMasks = ref MemoryMarshal.GetArrayDataReference(columns.MediaMask);
        ref ulong groupMasks = ref MemoryMarshal.GetArrayDataReference(columns.GroupMask);
        ref ulong tags = ref MemoryMarshal.GetArrayDataReference(columns.Tags0);
        ref ulong costMasks = ref MemoryMarshal.GetArrayDataReference(columns.CostMask);
        ref double costs = ref MemoryMarshal.GetArrayDataReference(columns.Cost);
        ref double committed = ref MemoryMarshal.GetArrayDataReference(columns.Committed);
        ref double limits = ref MemoryMarshal.GetArrayDataReference(columns.Limit);
        ref long idleSince = ref MemoryMarshal.GetArrayDataReference(columns.IdleSinceTicks);
        Vector128<byte> online = Vector128.Create((byte)AgentState.Online);
        Vector256<ulong> vMedia = Vector256.Create(media);
        Vector256<ulong> vGroup = Vector256.Create(group);
        Vector256<ulong> vRequired = Vector256.Create(required);
        Vector256<double> tolerance = Vector256.Create(EngineContext.CapacityTolerance);
        Vector256<long> now = Vector256.Create(nowTicks);
        Vector256<long> longest = Vector256<long>.Zero;
        int count = 0;
        for (int start = 0; start < members; start += BlockSize)
        {
            int length = Math.Min(BlockSize, members - start);
            ulong inRange = length == BlockSize ? ulong.MaxValue : (1UL << length) - 1;
            ulong onlineBits = 0;
            for (int j = 0; j < BlockSize; j += 16)
            {
                Vector128<byte> states = Vector128.LoadUnsafe(ref state, (nuint)(start + j));
                onlineBits |= (ulong)Vector128.Equals(states, online).ExtractMostSignificantBits() << j;
            }

            ulong passBits = 0;
            for (int j = 0; j < BlockSize; j += 4)
            {
                nuint at = (nuint)(start + j);
                Vector256<ulong> pass = Vector256.Equals(Vector256.LoadUnsafe(ref mediaMasks, at) & vMedia, vMedia)
                    & Vector256.Equals(Vector256.LoadUnsafe(ref costMasks, at), vMedia);
                if (TGroup.IsSet)
                {
                    pass &= Vector256.Equals(Vector256.LoadUnsafe(ref groupMasks, at) & vGroup, vGroup);
                }

                if (TTags.IsSet)
                {
                    pass &= Vector256.Equals(Vector256.LoadUnsafe(ref tags, at) & vRequired, vRequired);
                }

                Vector256<double> fits = Vector256.LessThanOrEqual(
                    Vector256.LoadUnsafe(ref committed, at) + Vector256.LoadUnsafe(ref costs, at),
                    Vector256.LoadUnsafe(ref limits, at) + tolerance);
                passBits |= (ulong)(pass & fits.AsUInt64()).ExtractMostSignificantBits() << j;
            }

            ulong ok = onlineBits & passBits & inRange;
            for (ulong failed = ~ok & inRange; failed != 0; failed &= failed - 1)
            {
                int slot = start + BitOperations.TrailingZeroCount(failed);
                ExclusionReason? reason = Eligibility.Check(
                    columns, slot, records, null, true, group, criteria.Group, false, media, false, criteria.HasRequired, criteria.Required0, criteria.Required, load, criteria.Request, out _);
                if (reason is { } excludedFor)
                {
                    reasons[(int)excludedFor]++;
                }
                else
                {
                    ok |= 1UL << (slot - start); // costed just now, and it fits
                }
            }

            if (ok == ulong.MaxValue)
            {
                // The whole block may take it: its 64 slots in order, eight per store, and every idle time counts.
                ref int slot = ref MemoryMarshal.GetReference(slots);
                Vector256<int> first = Vector256.Create(start) + Vector256.Create(0, 1, 2, 3, 4, 5, 6, 7);
                for (int j = 0; j < BlockSize; j += 8)
                {
                    (first + Vector256.Create(j)).StoreUnsafe(ref slot, (nuint)(count + j));
                }

                count += BlockSize;
                for (int j = 0; j < BlockSize; j += 4)
                {
                    longest = Vector256.Max(longest, now - Vector256.LoadUnsafe(ref idleSince, (nuint)(start + j)));
                }

                continue;
            }

            for (ulong passed = ok; passed != 0; passed &= passed - 1)
            {
                slots[count++] = start + BitOperations.TrailingZeroCount(passed);
            }

            longest = Vector256.Max(longest, LongestIdle(ref idleSince, start, ok, now));
        }

        maxIdleTicks = Math.Max(Math.Max(longest[0], longest[1]), Math.Max(longest[2], longest[3]));
        return count;
    }

    /// <summary>Per lane, the longest idle time (now − idle since, at least 0) among the block's agents whose bit is set.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<long> LongestIdle(ref long idleSince, int start, ulong ok, Vector256<long> now)
    {
        Vector256<long> longest = Vector256<long>.Zero;
        Vector256<long> lanes = Vector256.Create(1L, 2L, 4L, 8L);
        for (int j = 0; j < BlockSize && (ok >> j) != 0; j += 4)
        {
            Vector256<long> mask = Vector256.Equals(Vector256.Create((long)((ok >> j) & 0xF)) & lanes, lanes);
            Vector256<long> idle = now - Vector256.LoadUnsafe(ref idleSince, (nuint)(start + j));
            longest = Vector256.Max(longest, idle & mask);
        }

        return longest;
    }
}
