using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace RoutingCore.Engine;

/// <summary>
/// The candidates of the plan being made, as <see cref="ScoringColumns"/> read them: the planning loop only notes which
/// slots of the source arrays (a skill index's, or the roster copies of the explanation path) passed the rules, and each
/// column is gathered from those slots the first time a strategy reads it in the plan. Owned by one
/// <see cref="Planner"/>, used under the engine's lock.
/// </summary>
internal sealed class CandidateColumns
{
    private double[] _utilization = new double[16];
    private double[] _idle = new double[16];
    private double[] _tags = new double[16];
    private double[] _proficiency = new double[16];
    private double[] _affinity = new double[16];
    private int[] _conversations = new int[16];
    private Column _filled;

    private AgentColumns _source = new();
    private AgentRecord[] _records = [];
    private double[] _sourceProficiency = [];
    private SkillIndex? _index;
    private long _nowTicks;
    private ulong[] _optional = [];
    private int _optionalCount;
    private readonly AgentRecord?[] _served = new AgentRecord?[RoutingDefaults.ConsumerHistoryDepth];
    private int _servedCount;

    /// <summary>Per candidate, its slot in the source arrays.</summary>
    public int[] Slots = new int[16];

    /// <summary>The roster path's copies of its candidates, slot k for candidate k (the skill path reads a skill index's arrays).</summary>
    public AgentId[] RosterIds = new AgentId[16];

    /// <inheritdoc cref="RosterIds"/>
    public readonly AgentColumns RosterColumns = new();

    /// <inheritdoc cref="RosterIds"/>
    public AgentRecord[] RosterRecords = new AgentRecord[16];

    /// <inheritdoc cref="RosterIds"/>
    public double[] RosterProficiency = new double[16];

    public CandidateColumns()
    {
        RosterColumns.Resize(Slots.Length);
    }

    [Flags]
    private enum Column
    {
        None = 0,
        Utilization = 1,
        Idle = 2,
        Tags = 4,
        Proficiency = 8,
        Affinity = 16,
        Conversations = 32,
    }

    /// <summary>Grows the buffers to hold <paramref name="size"/> candidates.</summary>
    public void Ensure(int size)
    {
        if (Slots.Length < size)
        {
            int length = Math.Max(size, Slots.Length * 2);
            Slots = new int[length];
            _utilization = new double[length];
            _idle = new double[length];
            _tags = new double[length];
            _proficiency = new double[length];
            _affinity = new double[length];
            _conversations = new int[length];
            RosterIds = new AgentId[length];
            RosterColumns.Resize(length);
            RosterRecords = new AgentRecord[length];
            RosterProficiency = new double[length];
        }
    }

    /// <summary>Starts a plan over source arrays: a skill index's (<paramref name="index"/> given) or the roster copies.</summary>
    public void Begin(AgentColumns source, AgentRecord[] records, double[] proficiency, SkillIndex? index, long nowTicks, ulong[] optional, int optionalCount, AgentRecord?[] served, int servedCount)
    {
        _source = source;
        _records = records;
        _sourceProficiency = proficiency;
        _index = index;
        _nowTicks = nowTicks;
        _optional = optional;
        _optionalCount = optionalCount;
        // Copied: the planner clears its own list once it has scored, and Explain may read the affinity column after that.
        Array.Clear(_served);
        Array.Copy(served, _served, Math.Min(servedCount, _served.Length));
        _servedCount = Math.Min(servedCount, _served.Length);
        _filled = Column.None;
    }

    /// <summary>The record of candidate <paramref name="candidate"/>.</summary>
    public AgentRecord RecordAt(int candidate) => _records[Slots[candidate]];

    public ReadOnlySpan<double> Utilization(int count) => Gather(_source.Utilization, _utilization, Column.Utilization, count);

    public ReadOnlySpan<int> ActiveConversations(int count) => Gather(_source.ConversationCount, _conversations, Column.Conversations, count);

    public ReadOnlySpan<double> IdleTicks(int count)
    {
        if ((_filled & Column.Idle) == 0)
        {
            long[] source = _source.IdleSinceTicks;
            long now = _nowTicks;
            ReadOnlySpan<int> slots = Slots.AsSpan(0, count);
            Span<double> column = _idle.AsSpan(0, count);
            int k = 0;
            if (count > 0 && slots[^1] == count - 1 && Vector256.IsHardwareAccelerated)
            {
                // Every slot a candidate (slots increase, so the last is count - 1 only then): four at a time, in order.
                Vector256<long> nowTicks = Vector256.Create(now);
                ref long since = ref MemoryMarshal.GetArrayDataReference(source);
                ref double idle = ref MemoryMarshal.GetReference(column);
                for (; k + 4 <= count; k += 4)
                {
                    Vector256<long> ticks = Vector256.Max(nowTicks - Vector256.LoadUnsafe(ref since, (nuint)k), Vector256<long>.Zero);
                    Vector256.ConvertToDouble(ticks).StoreUnsafe(ref idle, (nuint)k);
                }
            }

            for (; k < slots.Length && k < column.Length; k++)
            {
                column[k] = Math.Max(0, now - source[slots[k]]);
            }

            _filled |= Column.Idle;
        }

        return _idle.AsSpan(0, count);
    }

    public ReadOnlySpan<double> TagMatch(int count)
    {
        if ((_filled & Column.Tags) == 0)
        {
            Span<double> column = _tags.AsSpan(0, count);
            if (_optionalCount == 0)
            {
                column.Fill(1.0);
            }
            else
            {
                ulong[] tags0 = _source.Tags0;
                AgentRecord[] records = _records;
                ReadOnlySpan<ulong> optional = _optional;
                ReadOnlySpan<int> slots = Slots.AsSpan(0, count);

                // matched / optional count, looked up: the same division for every count of matches, done once each.
                Span<double> share = stackalloc double[65];
                for (int matched = 0; matched < share.Length; matched++)
                {
                    share[matched] = matched / (double)_optionalCount;
                }

                if (optional.Length == 1 && count > 0 && slots[^1] == count - 1)
                {
                    // Every slot a candidate: straight down the tags column.
                    ulong wanted = optional[0];
                    ReadOnlySpan<ulong> tags = tags0.AsSpan(0, count);
                    for (int k = 0; k < tags.Length && k < column.Length; k++)
                    {
                        column[k] = share[System.Numerics.BitOperations.PopCount(tags[k] & wanted)];
                    }
                }
                else if (optional.Length == 1)
                {
                    ulong wanted = optional[0];
                    for (int k = 0; k < slots.Length && k < column.Length; k++)
                    {
                        column[k] = share[System.Numerics.BitOperations.PopCount(tags0[slots[k]] & wanted)];
                    }
                }
                else
                {
                    for (int k = 0; k < slots.Length && k < column.Length; k++)
                    {
                        int slot = slots[k];
                        column[k] = Eligibility.OptionalMatches(tags0[slot], records[slot], optional) / (double)_optionalCount;
                    }
                }
            }

            _filled |= Column.Tags;
        }

        return _tags.AsSpan(0, count);
    }

    public ReadOnlySpan<double> Proficiency(int count) => Gather(_sourceProficiency, _proficiency, Column.Proficiency, count);

    /// <summary>
    /// 1 for the candidates who served the conversation's consumer (at most <see cref="RoutingDefaults.ConsumerHistoryDepth"/>):
    /// each is found by its slot, and candidates are in slot order, so a binary search over the slots finds it.
    /// </summary>
    public ReadOnlySpan<double> Affinity(int count)
    {
        if ((_filled & Column.Affinity) == 0)
        {
            Span<double> column = _affinity.AsSpan(0, count);
            column.Clear();
            ReadOnlySpan<int> slots = Slots.AsSpan(0, count);
            for (int s = 0; s < _servedCount; s++)
            {
                int slot = SlotOf(_served[s]!, count);
                int candidate = slot < 0 ? -1 : slots.BinarySearch(slot);
                if (candidate >= 0)
                {
                    column[candidate] = 1.0;
                }
            }

            _filled |= Column.Affinity;
        }

        return _affinity.AsSpan(0, count);
    }

    /// <summary>
    /// A source column as read for the candidates, once per plan: the source itself when every one of its first
    /// <paramref name="count"/> slots is a candidate (nothing to copy), else the candidates' values gathered by slot.
    /// </summary>
    private ReadOnlySpan<T> Gather<T>(T[] source, T[] buffer, Column bit, int count)
    {
        ReadOnlySpan<int> slots = Slots.AsSpan(0, count);
        if (count == 0 || slots[count - 1] == count - 1)
        {
            return source.AsSpan(0, count); // slots are increasing: the last is count - 1 only when they are 0..count-1
        }

        if ((_filled & bit) == 0)
        {
            Span<T> column = buffer.AsSpan(0, count);
            for (int k = 0; k < slots.Length && k < column.Length; k++)
            {
                column[k] = source[slots[k]];
            }

            _filled |= bit;
        }

        return buffer.AsSpan(0, count);
    }

    private int SlotOf(AgentRecord agent, int count)
    {
        if (_index is not null)
        {
            return _index.PositionOf(agent);
        }

        return Array.IndexOf(_records, agent, 0, count); // the roster copies: slot k is candidate k
    }
}
