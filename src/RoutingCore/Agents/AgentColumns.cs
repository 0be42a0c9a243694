namespace RoutingCore.Engine;

/// <summary>
/// The fields of agents that planning reads, one array per field (a skill index's members, or the roster path's copies):
/// the planning loop reads only the columns its rules need, in order, and a strategy's columns are gathered from these
/// by slot. Slot <c>i</c> of every array is one agent; the owner writes a slot whenever one of the agent's fields changes
/// (<see cref="Write"/>).
/// </summary>
internal sealed class AgentColumns
{
    /// <summary>The agent's <see cref="AgentState"/>, as a byte.</summary>
    public byte[] State = [];
    public ulong[] GroupMask = [];
    public ulong[] MediaMask = [];
    public ulong[] Tags0 = [];

    /// <summary>Load plus reservations (<see cref="AgentRecord.Committed"/>).</summary>
    public double[] Committed = [];
    public double[] Limit = [];

    /// <summary>Committed over limit, within 0..1 (1 with no capacity).</summary>
    public double[] Utilization = [];

    /// <summary>The media mask <see cref="Cost"/> holds a conversation's cost for (0: none): a cache, as on the record.</summary>
    public ulong[] CostMask = [];
    public double[] Cost = [];
    public long[] IdleSinceTicks = [];
    public long[] NextLoadChangeTicks = [];
    public int[] ConversationCount = [];

    /// <summary>
    /// No slot's load changes by itself before this (UTC ticks): at most the least of <see cref="NextLoadChangeTicks"/>, so
    /// a plan before it skips looking for loads due. Lowered by every write, raised only by <see cref="RecomputeEarliest"/>.
    /// </summary>
    public long EarliestLoadChangeTicks = long.MaxValue;

    /// <summary>How many slots the arrays hold.</summary>
    public int Capacity => State.Length;

    /// <summary>Grows (or shrinks) every array to <paramref name="size"/> slots, keeping the first ones.</summary>
    public void Resize(int size)
    {
        Array.Resize(ref State, size);
        Array.Resize(ref GroupMask, size);
        Array.Resize(ref MediaMask, size);
        Array.Resize(ref Tags0, size);
        Array.Resize(ref Committed, size);
        Array.Resize(ref Limit, size);
        Array.Resize(ref Utilization, size);
        Array.Resize(ref CostMask, size);
        Array.Resize(ref Cost, size);
        Array.Resize(ref IdleSinceTicks, size);
        Array.Resize(ref NextLoadChangeTicks, size);
        Array.Resize(ref ConversationCount, size);
    }

    /// <summary>Writes the agent's current planning fields into slot <paramref name="slot"/>.</summary>
    public void Write(int slot, AgentRecord agent)
    {
        State[slot] = (byte)agent.State;
        GroupMask[slot] = agent.GroupMask;
        MediaMask[slot] = agent.MediaMask;
        Tags0[slot] = agent.Tags0;
        Committed[slot] = agent.Committed;
        Limit[slot] = agent.Limit;
        Utilization[slot] = agent.Utilization;
        CostMask[slot] = agent.CachedCostMask;
        Cost[slot] = agent.CachedCost;
        IdleSinceTicks[slot] = agent.IdleSinceTicks;
        NextLoadChangeTicks[slot] = agent.NextLoadChangeTicks;
        ConversationCount[slot] = agent.ConversationCount;
        EarliestLoadChangeTicks = Math.Min(EarliestLoadChangeTicks, agent.NextLoadChangeTicks);
    }

    /// <summary>Moves <paramref name="count"/> slots from <paramref name="from"/> to <paramref name="to"/> (ranges may overlap).</summary>
    public void Move(int from, int to, int count)
    {
        Array.Copy(State, from, State, to, count);
        Array.Copy(GroupMask, from, GroupMask, to, count);
        Array.Copy(MediaMask, from, MediaMask, to, count);
        Array.Copy(Tags0, from, Tags0, to, count);
        Array.Copy(Committed, from, Committed, to, count);
        Array.Copy(Limit, from, Limit, to, count);
        Array.Copy(Utilization, from, Utilization, to, count);
        Array.Copy(CostMask, from, CostMask, to, count);
        Array.Copy(Cost, from, Cost, to, count);
        Array.Copy(IdleSinceTicks, from, IdleSinceTicks, to, count);
        Array.Copy(NextLoadChangeTicks, from, NextLoadChangeTicks, to, count);
        Array.Copy(ConversationCount, from, ConversationCount, to, count);
    }

    /// <summary>Sets <see cref="EarliestLoadChangeTicks"/> to the least due time of the first <paramref name="count"/> slots.</summary>
    public void RecomputeEarliest(int count)
    {
        long earliest = long.MaxValue;
        foreach (long due in NextLoadChangeTicks.AsSpan(0, count))
        {
            earliest = Math.Min(earliest, due);
        }

        EarliestLoadChangeTicks = earliest;
    }

    /// <summary>
    /// Whether slot <paramref name="slot"/> holds the agent's current fields (for tests). The cost is a cache: any pair is
    /// right whose mask is 0 or whose cost is the record's for that mask when the record caches the same mask.
    /// </summary>
    public bool Matches(int slot, AgentRecord agent) =>
        State[slot] == (byte)agent.State
        && GroupMask[slot] == agent.GroupMask
        && MediaMask[slot] == agent.MediaMask
        && Tags0[slot] == agent.Tags0
        && Committed[slot].Equals(agent.Committed)
        && Limit[slot].Equals(agent.Limit)
        && Utilization[slot].Equals(agent.Utilization)
        && IdleSinceTicks[slot] == agent.IdleSinceTicks
        && NextLoadChangeTicks[slot] == agent.NextLoadChangeTicks
        && ConversationCount[slot] == agent.ConversationCount
        && EarliestLoadChangeTicks <= agent.NextLoadChangeTicks;
}
