using RoutingCore.Capacity;

namespace RoutingCore.Engine;

/// <summary>
/// The roster: who is on it, in which order, and the tables planning reads fast — the skill indexes (one per skill, flat
/// arrays of its agents' planning fields), and the interned media, tags and agent groups each agent holds as bit sets.
/// </summary>
internal sealed class AgentRoster
{
    /// <summary>Media are held as a 64-bit mask per agent.</summary>
    public const int MaxMediaTypes = 64;

    private readonly EngineContext _context;
    private readonly ICapacityModel _capacity;
    private readonly CapacitySettings _capacitySettings;

    public AgentRoster(EngineContext context, ICapacityModel capacity, CapacitySettings capacitySettings)
    {
        _context = context;
        _capacity = capacity;
        _capacitySettings = capacitySettings;
    }

    public AgentRecord Find(AgentId agent, string paramName) =>
        _context.Agents.TryGetValue(agent, out AgentRecord? record)
            ? record
            : throw new ArgumentException($"Agent '{agent}' is not on the roster; add it with AddAgent first.", paramName);

    public bool Contains(AgentId agent) => _context.Agents.ContainsKey(agent);

    /// <summary>Puts a new agent at the end of the roster, indexed under its skills.</summary>
    public AgentRecord Add(AgentProfile profile, AgentState state, DateTimeOffset now)
    {
        EnsureMediaRoom(profile);
        var agent = new AgentRecord(profile, _context.NextAgentOrder++)
        {
            State = state,
            StateSince = now,
        };
        ApplyProfile(agent, profile);
        _context.Agents.Add(profile.Id, agent);
        _context.Roster.Add(agent);
        IndexSkills(agent, _context.Skills);
        return agent;
    }

    /// <summary>Gives an agent its new profile, re-indexing its skills.</summary>
    public void Update(AgentRecord agent, AgentProfile profile)
    {
        EnsureMediaRoom(profile);
        UnindexSkills(agent);
        ApplyProfile(agent, profile);
        IndexSkills(agent, _context.Skills);
    }

    /// <summary>Takes an agent off the roster and its skill indexes (its offers and conversations are the caller's).</summary>
    public void Remove(AgentRecord agent)
    {
        UnindexSkills(agent);
        _context.Roster.Remove(agent);
        _context.Agents.Remove(agent.Profile.Id);
    }

    /// <summary>A point-in-time view of an agent, its load brought up to date.</summary>
    public AgentSnapshot Snapshot(AgentRecord agent, LoadTracker load, DateTimeOffset now)
    {
        load.RefreshIfDue(agent, now);
        return new AgentSnapshot(agent.Profile, agent.State, agent.StateSince, agent.Load, agent.Limit, agent.Conversations.Count, agent.LastAcceptedAt)
        {
            Reserved = agent.Reserved,
            PendingOffers = agent.Offers.Count,
            Declines = agent.Declines,
            Timeouts = agent.Timeouts,
        };
    }

    public bool HasHolders(SkillId skill) => _context.Skills.TryGetValue(skill, out SkillIndex? index) && index.Count > 0;

    public bool AnyOnline(SkillId skill)
    {
        if (!_context.Skills.TryGetValue(skill, out SkillIndex? index))
        {
            return false;
        }

        for (int i = 0; i < index.Count; i++)
        {
            if (index.Members[i].State == AgentState.Online)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Every agent group the engine knows: declared ones and those agents on the roster hold.</summary>
    public HashSet<AgentGroupId> KnownGroups(IEnumerable<AgentGroupId> declared)
    {
        var known = new HashSet<AgentGroupId>(declared);
        foreach (AgentRecord agent in _context.Roster)
        {
            known.UnionWith(agent.Profile.Groups);
        }

        return known;
    }

    private void EnsureMediaRoom(AgentProfile profile)
    {
        int added = 0;
        foreach (MediaCapacity medium in profile.Media)
        {
            if (!_context.Media.TryGet(medium.Media.Name, out _))
            {
                added++;
            }
        }

        if (_context.Media.Count + added > MaxMediaTypes)
        {
            throw new ArgumentException($"Agent '{profile.Id}' would bring the engine above {MaxMediaTypes} distinct media types; reuse existing media names.", nameof(profile));
        }
    }

    private void ApplyProfile(AgentRecord agent, AgentProfile profile) => ApplyProfile(agent, profile, _context.Media, _context.Tags, _context.GroupBits);

    /// <summary>Gives the record its profile and the bit sets derived from it, interning names into the given tables.</summary>
    public void ApplyProfile(AgentRecord agent, AgentProfile profile, InternTable mediaTable, InternTable tagTable, GroupBitTable groupTable)
    {
        ulong media = 0;
        foreach (MediaCapacity medium in profile.Media)
        {
            media |= 1UL << mediaTable.GetOrAdd(medium.Media.Name);
        }

        int maxTag = -1;
        Span<int> ids = profile.Tags.Length <= 64 ? stackalloc int[profile.Tags.Length] : new int[profile.Tags.Length];
        for (int i = 0; i < ids.Length; i++)
        {
            ids[i] = tagTable.GetOrAdd(profile.Tags[i]);
            maxTag = Math.Max(maxTag, ids[i]);
        }

        var bits = new ulong[(maxTag >> 6) + 1];
        foreach (int id in ids)
        {
            bits[id >> 6] |= 1UL << id;
        }

        ulong groups = 0;
        foreach (AgentGroupId group in profile.Groups)
        {
            if (groupTable.TryGetOrAdd(group, out int bit))
            {
                groups |= 1UL << bit;
            }
        }

        agent.Profile = profile;
        agent.MediaMask = media;
        agent.GroupMask = groups;
        agent.TagBits = bits;
        agent.Tags0 = bits.Length > 0 ? bits[0] : 0;
        agent.Limit = _capacity.GetLimit(profile, _capacitySettings);
        agent.CachedCostMask = 0;
    }

    /// <summary>Adds the agent to the index of each skill it holds (creating indexes as needed).</summary>
    public static void IndexSkills(AgentRecord agent, Dictionary<SkillId, SkillIndex> skills)
    {
        var indexes = new SkillIndex[agent.Profile.Skills.Length];
        int next = 0;
        foreach (AgentSkill skill in agent.Profile.Skills)
        {
            if (!skills.TryGetValue(skill.Skill, out SkillIndex? index))
            {
                index = new SkillIndex(skill.Skill);
                skills.Add(skill.Skill, index);
            }

            index.Add(agent, skill.EffectiveProficiency);
            indexes[next++] = index;
        }

        agent.Indexes = indexes;
    }

    private void UnindexSkills(AgentRecord agent)
    {
        foreach (AgentSkill skill in agent.Profile.Skills)
        {
            if (_context.Skills.TryGetValue(skill.Skill, out SkillIndex? index))
            {
                index.Remove(agent);
            }
        }

        agent.Indexes = [];
    }

    /// <summary>For tests: the first agent whose copy in a skill index differs from its record, or null when all agree.</summary>
    public string? FindStaleIndexEntry()
    {
        foreach (SkillIndex index in _context.Skills.Values)
        {
            for (int i = 0; i < index.Count; i++)
            {
                HotAgent copy = index.Hot[i];
                HotAgent actual = index.Members[i].ToHot();
                copy.CostMask = actual.CostMask; // a cache: any consistent (mask, cost) pair is right
                copy.Cost = actual.Cost;
                if (!copy.Equals(actual) || !ReferenceEquals(index.Profiles[i], index.Members[i].Profile))
                {
                    return $"{index.Members[i].Profile.Id} in skill '{index.Skill}'";
                }
            }
        }

        return null;
    }
}
