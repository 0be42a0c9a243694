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

    private HotAgent[] _hot = [];
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
    public HotAgent[] RosterHot = new HotAgent[16];

    /// <inheritdoc cref="RosterIds"/>
    public AgentRecord[] RosterRecords = new AgentRecord[16];

    /// <inheritdoc cref="RosterIds"/>
    public double[] RosterProficiency = new double[16];

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
            RosterHot = new HotAgent[length];
            RosterRecords = new AgentRecord[length];
            RosterProficiency = new double[length];
        }
    }

    /// <summary>Starts a plan over source arrays: a skill index's (<paramref name="index"/> given) or the roster copies.</summary>
    public void Begin(HotAgent[] hot, AgentRecord[] records, double[] proficiency, SkillIndex? index, long nowTicks, ulong[] optional, int optionalCount, AgentRecord?[] served, int servedCount)
    {
        _hot = hot;
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

    public ReadOnlySpan<double> Utilization(int count) => GatherHot<double, UtilizationField>(_utilization, Column.Utilization, count);

    public ReadOnlySpan<double> IdleTicks(int count) => GatherHot<double, IdleField>(_idle, Column.Idle, count);

    public ReadOnlySpan<int> ActiveConversations(int count) => GatherHot<int, ConversationsField>(_conversations, Column.Conversations, count);

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
                HotAgent[] hot = _hot;
                AgentRecord[] records = _records;
                ReadOnlySpan<ulong> optional = _optional;
                double optionalCount = _optionalCount;
                ReadOnlySpan<int> slots = Slots.AsSpan(0, count);
                for (int k = 0; k < slots.Length && k < column.Length; k++)
                {
                    int slot = slots[k];
                    column[k] = Eligibility.OptionalMatches(hot[slot].Tags0, records[slot], optional) / optionalCount;
                }
            }

            _filled |= Column.Tags;
        }

        return _tags.AsSpan(0, count);
    }

    public ReadOnlySpan<double> Proficiency(int count)
    {
        if ((_filled & Column.Proficiency) == 0)
        {
            double[] source = _sourceProficiency;
            ReadOnlySpan<int> slots = Slots.AsSpan(0, count);
            Span<double> column = _proficiency.AsSpan(0, count);
            for (int k = 0; k < slots.Length && k < column.Length; k++)
            {
                column[k] = source[slots[k]];
            }

            _filled |= Column.Proficiency;
        }

        return _proficiency.AsSpan(0, count);
    }

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

    /// <summary>Fills a column from one field of the candidates' hot copies, once per plan.</summary>
    private ReadOnlySpan<T> GatherHot<T, TField>(T[] buffer, Column bit, int count)
        where TField : struct, IHotField<T>
    {
        if ((_filled & bit) == 0)
        {
            HotAgent[] hot = _hot;
            long now = _nowTicks;
            ReadOnlySpan<int> slots = Slots.AsSpan(0, count);
            Span<T> column = buffer.AsSpan(0, count);
            for (int k = 0; k < slots.Length && k < column.Length; k++)
            {
                column[k] = TField.Of(ref hot[slots[k]], now);
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

    private interface IHotField<T>
    {
        static abstract T Of(ref HotAgent agent, long nowTicks);
    }

    private readonly struct UtilizationField : IHotField<double>
    {
        public static double Of(ref HotAgent agent, long nowTicks) => agent.Utilization;
    }

    private readonly struct IdleField : IHotField<double>
    {
        public static double Of(ref HotAgent agent, long nowTicks) => Math.Max(0, nowTicks - agent.IdleSinceTicks);
    }

    private readonly struct ConversationsField : IHotField<int>
    {
        public static int Of(ref HotAgent agent, long nowTicks) => agent.ConversationCount;
    }
}
