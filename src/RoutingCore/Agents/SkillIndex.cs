namespace RoutingCore.Engine;

/// <summary>
/// The agents holding one skill, in roster order, with a copy of the fields planning reads kept column by column
/// (<see cref="Columns"/>), so planning a conversation walks a few arrays in order instead of chasing one object per
/// agent. The engine writes an agent's copy whenever one of those fields changes (<see cref="AgentRecord.SyncIndexes"/>).
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

    /// <summary>The members' planning fields, slot <c>i</c> for member <c>i</c>.</summary>
    public readonly AgentColumns Columns = new();

    public AgentProfile[] Profiles = [];

    /// <summary>
    /// The members' ids, so a plan names its agents without reading each profile. Plans refer to this array
    /// (<see cref="ShareIds"/>): once shared, it is copied before any change.
    /// </summary>
    public AgentId[] Ids = [];

    private bool _idsShared;

    /// <summary>The ids, for a plan to refer to: the index copies them before it next changes them.</summary>
    public AgentId[] ShareIds()
    {
        _idsShared = true;
        return Ids;
    }

    /// <summary>Makes <see cref="Ids"/> the index's own again before a change, if a plan refers to it.</summary>
    private void OwnIds()
    {
        if (_idsShared)
        {
            Ids = (AgentId[])Ids.Clone();
            _idsShared = false;
        }
    }

    public int Count;

    public void Add(AgentRecord agent, double proficiency)
    {
        OwnIds();
        if (Count == Members.Length)
        {
            int size = Math.Max(BlockFilter.BlockSize, Count * 2); // whole blocks: see BlockFilter
            Array.Resize(ref Members, size);
            Array.Resize(ref Proficiency, size);
            Columns.Resize(size);
            Array.Resize(ref Profiles, size);
            Array.Resize(ref Ids, size);
        }

        // Keep roster order so plans are deterministic and independent of the order skills were given.
        int position = Count;
        while (position > 0 && Members[position - 1].Order > agent.Order)
        {
            position--;
        }

        int after = Count - position;
        Array.Copy(Members, position, Members, position + 1, after);
        Array.Copy(Proficiency, position, Proficiency, position + 1, after);
        Array.Copy(Profiles, position, Profiles, position + 1, after);
        Array.Copy(Ids, position, Ids, position + 1, after);
        Columns.Move(position, position + 1, after);
        Members[position] = agent;
        Proficiency[position] = proficiency;
        Columns.Write(position, agent);
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

        OwnIds();
        int after = Count - index - 1;
        Array.Copy(Members, index + 1, Members, index, after);
        Array.Copy(Proficiency, index + 1, Proficiency, index, after);
        Columns.Move(index + 1, index, after);
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
            Columns.Write(index, agent);
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
