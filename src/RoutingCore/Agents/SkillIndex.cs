namespace RoutingCore.Engine;

/// <summary>
/// The agents holding one skill, in roster order, with a copy of the fields planning reads (<see cref="HotAgent"/>) kept
/// in contiguous arrays, so planning a conversation walks memory in order instead of chasing one object per agent.
/// The engine writes an agent's copy whenever one of those fields changes (<see cref="AgentRecord.SyncIndexes"/>).
/// </summary>
internal sealed class SkillIndex
{
    public SkillIndex(SkillId skill)
    {
        Skill = skill;
    }

    public SkillId Skill { get; }

    /// <summary>When the index was made, among the engine's indexes (<see cref="SkillTable"/>).</summary>
    public long Order;

    public AgentRecord[] Members = [];

    public double[] Proficiency = [];

    public HotAgent[] Hot = [];

    public AgentProfile[] Profiles = [];

    /// <summary>The members' ids, so a plan names its agents without reading each profile.</summary>
    public AgentId[] Ids = [];

    public int Count;

    public void Add(AgentRecord agent, double proficiency)
    {
        if (Count == Members.Length)
        {
            int size = Math.Max(4, Count * 2);
            Array.Resize(ref Members, size);
            Array.Resize(ref Proficiency, size);
            Array.Resize(ref Hot, size);
            Array.Resize(ref Profiles, size);
            Array.Resize(ref Ids, size);
        }

        // Keep roster order so plans are deterministic and independent of the order skills were given.
        int position = Count;
        while (position > 0 && Members[position - 1].Order > agent.Order)
        {
            Members[position] = Members[position - 1];
            Proficiency[position] = Proficiency[position - 1];
            Hot[position] = Hot[position - 1];
            Profiles[position] = Profiles[position - 1];
            Ids[position] = Ids[position - 1];
            position--;
        }

        Members[position] = agent;
        Proficiency[position] = proficiency;
        Hot[position] = agent.ToHot();
        Profiles[position] = agent.Profile;
        Ids[position] = agent.Profile.Id;
        Count++;
    }

    public void Remove(AgentRecord agent)
    {
        int index = PositionOf(agent);
        if (index < 0)
        {
            return;
        }

        int after = Count - index - 1;
        Array.Copy(Members, index + 1, Members, index, after);
        Array.Copy(Proficiency, index + 1, Proficiency, index, after);
        Array.Copy(Hot, index + 1, Hot, index, after);
        Array.Copy(Profiles, index + 1, Profiles, index, after);
        Array.Copy(Ids, index + 1, Ids, index, after);
        Count--;
        Members[Count] = null!;
        Profiles[Count] = null!;
        Ids[Count] = default;
    }

    /// <summary>Writes the agent's current planning fields into its slot.</summary>
    public void Sync(AgentRecord agent)
    {
        int index = PositionOf(agent);
        if (index >= 0)
        {
            Hot[index] = agent.ToHot();
            Profiles[index] = agent.Profile;
        }
    }

    /// <summary>The agent's slot, found by binary search on roster order; -1 when it does not hold the skill.</summary>
    public int PositionOf(AgentRecord agent)
    {
        int low = 0;
        int high = Count - 1;
        long order = agent.Order;
        while (low <= high)
        {
            int middle = (low + high) >>> 1;
            long at = Members[middle].Order;
            if (at == order)
            {
                return middle;
            }

            if (at < order)
            {
                low = middle + 1;
            }
            else
            {
                high = middle - 1;
            }
        }

        return -1;
    }
}

/// <summary>The fields of an agent that planning reads, copied into each of its skills' indexes.</summary>
internal struct HotAgent
{
    public double Committed;
    public double Limit;
    public double Utilization;
    public long NextLoadChangeTicks;
    public long IdleSinceTicks;
    public ulong MediaMask;
    public ulong Tags0;
    public ulong GroupMask;
    public ulong CostMask;
    public double Cost;
    public int ConversationCount;
    public AgentState State;
}
