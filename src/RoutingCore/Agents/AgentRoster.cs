using System.Diagnostics.CodeAnalysis;
using RoutingCore.Capacity;

namespace RoutingCore.Engine;

/// <summary>
/// The roster: who is on it, in which order, and the tables planning reads fast — the skill indexes (one per skill, flat
/// arrays of its agents' planning fields), and the interned media, tags and agent groups each agent holds as bit sets.
/// Nothing outlives its last holder: a skill's index is dropped when its last agent leaves, and a name no agent holds is
/// released (the tables count holders; ids left sparse are compacted and the bit sets recomputed).
/// </summary>
internal sealed class AgentRoster
{
    /// <summary>Media are held as a 64-bit mask per agent.</summary>
    public const int MaxMediaTypes = 64;

    private readonly EngineContext _context;
    private readonly ICapacityModel _capacity;

    public AgentRoster(EngineContext context, ICapacityModel capacity)
    {
        _context = context;
        _capacity = capacity;
    }

    /// <summary>An agent on the roster, or the coded refusal <see cref="RoutingErrorCode.UnknownAgent"/>.</summary>
    public AgentRecord Find(AgentId agent) =>
        TryFind(agent, out AgentRecord? record) ? record : throw Refusals.UnknownAgent(agent).ToException();

    public bool TryFind(AgentId agent, [NotNullWhen(true)] out AgentRecord? record) => _context.Agents.TryGetValue(agent, out record);

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

    /// <summary>
    /// Gives an agent its new profile, re-indexing its skills; the names of the old profile that no agent holds any more are
    /// released, and skill indexes left empty dropped.
    /// </summary>
    public void Update(AgentRecord agent, AgentProfile profile)
    {
        EnsureMediaRoom(profile);
        AgentProfile old = agent.Profile;
        SkillIndex[] oldIndexes = UnindexSkills(agent);
        ApplyProfile(agent, profile);
        IndexSkills(agent, _context.Skills);
        ReleaseNames(old);
        DropEmpty(oldIndexes);
        CompactIfSparse();
    }

    /// <summary>
    /// Takes an agent off the roster and its skill indexes (its offers and conversations are the caller's), releasing the
    /// names no agent holds any more and dropping skill indexes left empty.
    /// </summary>
    public void Remove(AgentRecord agent)
    {
        DropEmpty(UnindexSkills(agent));
        _context.Roster.Remove(agent);
        _context.Agents.Remove(agent.Profile.Id);
        ReleaseNames(agent.Profile);
        CompactIfSparse();
    }

    /// <summary>
    /// After a restore: releases the names the document lists but no agent holds, drops skill indexes without agents (a
    /// document of an earlier engine may have both), and compacts the ids if that left them sparse.
    /// </summary>
    public void ReleaseUnheld()
    {
        _context.Media.ReleaseUnheld();
        _context.Tags.ReleaseUnheld();
        foreach (SkillIndex index in _context.Skills.InOrder())
        {
            _context.Skills.DropIfEmpty(index);
        }

        CompactIfSparse();
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
            throw Refusals.TooManyMediaTypes(profile.Id, MaxMediaTypes).ToException();
        }
    }

    private void ApplyProfile(AgentRecord agent, AgentProfile profile) => ApplyProfile(agent, profile, _context.Media, _context.Tags, _context.GroupBits);

    /// <summary>
    /// Gives the record its profile and the bit sets derived from it, interning names into the given tables and counting
    /// the agent as a holder of each (the caller releases the names of a profile the agent no longer has).
    /// </summary>
    public void ApplyProfile(AgentRecord agent, AgentProfile profile, InternTable mediaTable, InternTable tagTable, GroupBitTable groupTable)
    {
        foreach (MediaCapacity medium in profile.Media)
        {
            mediaTable.Acquire(medium.Media.Name);
        }

        foreach (string tag in profile.Tags)
        {
            tagTable.Acquire(tag);
        }

        ulong groups = 0;
        foreach (AgentGroupId group in profile.Groups)
        {
            if (groupTable.Acquire(group, out int bit))
            {
                groups |= 1UL << bit;
            }
        }

        agent.Profile = profile;
        agent.GroupMask = groups;
        SetBits(agent, mediaTable, tagTable);
        agent.Limit = _capacity.GetLimit(profile);
        agent.CachedCostMask = 0;
    }

    /// <summary>The agent's media mask and tag bits, from its profile's names and the ids the tables give them now.</summary>
    private static void SetBits(AgentRecord agent, InternTable mediaTable, InternTable tagTable)
    {
        AgentProfile profile = agent.Profile;
        ulong media = 0;
        foreach (MediaCapacity medium in profile.Media)
        {
            media |= mediaTable.TryGet(medium.Media.Name, out int id) ? 1UL << id : 0;
        }

        int maxTag = -1;
        Span<int> ids = profile.Tags.Length <= 64 ? stackalloc int[profile.Tags.Length] : new int[profile.Tags.Length];
        for (int i = 0; i < ids.Length; i++)
        {
            ids[i] = tagTable.TryGet(profile.Tags[i], out int id) ? id : -1;
            maxTag = Math.Max(maxTag, ids[i]);
        }

        var bits = new ulong[(maxTag >> 6) + 1];
        foreach (int id in ids)
        {
            if (id >= 0)
            {
                bits[id >> 6] |= 1UL << id;
            }
        }

        agent.MediaMask = media;
        agent.TagBits = bits;
        agent.Tags0 = bits.Length > 0 ? bits[0] : 0;
    }

    /// <summary>The agent no longer holds the names of this profile (removed, or given another).</summary>
    private void ReleaseNames(AgentProfile profile)
    {
        foreach (MediaCapacity medium in profile.Media)
        {
            _context.Media.Release(medium.Media.Name);
        }

        foreach (string tag in profile.Tags)
        {
            _context.Tags.Release(tag);
        }

        foreach (AgentGroupId group in profile.Groups)
        {
            _context.GroupBits.Release(group);
        }
    }

    /// <summary>
    /// When released names left more ids free than in use, renumbers them and recomputes every agent's bit sets and its
    /// copies in the skill indexes (amortised: a compaction follows at least as many releases as names are left).
    /// </summary>
    private void CompactIfSparse()
    {
        bool media = _context.Media.IsSparse;
        bool tags = _context.Tags.IsSparse;
        if (!media && !tags)
        {
            return;
        }

        if (media)
        {
            _context.Media.Compact();
        }

        if (tags)
        {
            _context.Tags.Compact();
        }

        foreach (AgentRecord agent in _context.Roster)
        {
            SetBits(agent, _context.Media, _context.Tags);
            agent.CachedCostMask = 0; // the cost cache is keyed by media mask
            agent.SyncIndexes();
        }
    }

    /// <summary>Adds the agent to the index of each skill it holds (creating indexes as needed).</summary>
    public static void IndexSkills(AgentRecord agent, SkillTable skills)
    {
        var indexes = new SkillIndex[agent.Profile.Skills.Length];
        int next = 0;
        foreach (AgentSkill skill in agent.Profile.Skills)
        {
            SkillIndex index = skills.GetOrAdd(skill.Skill);
            index.Add(agent, skill.EffectiveProficiency);
            indexes[next++] = index;
        }

        agent.Indexes = indexes;
    }

    /// <summary>Takes the agent out of its skill indexes; returns them (the caller drops those left empty).</summary>
    private static SkillIndex[] UnindexSkills(AgentRecord agent)
    {
        SkillIndex[] indexes = agent.Indexes;
        foreach (SkillIndex index in indexes)
        {
            index.Remove(agent);
        }

        agent.Indexes = [];
        return indexes;
    }

    private void DropEmpty(SkillIndex[] indexes)
    {
        foreach (SkillIndex index in indexes)
        {
            _context.Skills.DropIfEmpty(index);
        }
    }

    /// <summary>For tests: the first agent whose copy in a skill index differs from its record, or null when all agree.</summary>
    public string? FindStaleIndexEntry()
    {
        foreach (SkillIndex index in _context.Skills.Values)
        {
            for (int i = 0; i < index.Count; i++)
            {
                if (!index.Columns.Matches(i, index.Members[i]) || !ReferenceEquals(index.Profiles[i], index.Members[i].Profile))
                {
                    return $"{index.Members[i].Profile.Id} in skill '{index.Skill}'";
                }
            }
        }

        return null;
    }
}
