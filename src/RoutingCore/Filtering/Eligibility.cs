using System.Collections.Immutable;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace RoutingCore.Engine;

/// <summary>
/// THE rules that decide whether an agent may take a conversation now — state, agents who declined or handed it back, agent
/// group, skill, media, required tags, capacity — defined once, here. Planning's tight loop (inlined), Explain, the offers
/// of each step, the queue's dispatch, accepting an offer and direct assignment all ask these methods (the questions
/// offering asks, built from the same rules, are in Eligibility.Offers.cs).
/// </summary>
internal sealed partial class Eligibility
{
    private const int StackTagWords = 16;

    private readonly EngineContext _context;
    private readonly LoadTracker _load;

    public Eligibility(EngineContext context, LoadTracker load)
    {
        _context = context;
        _load = load;
    }

    /// <summary>How many 64-bit words a tag bit set of this engine takes (for stack buffers).</summary>
    public int TagWords => Math.Max(1, (_context.Tags.IdBound + 63) >> 6);

    /// <summary>At most this many words go on the stack; more are allocated.</summary>
    public static int StackWords => StackTagWords;

    /// <summary>Compiles a conversation's filters (media and required tags as bit sets) for checking many agents.</summary>
    public Criteria Prepare(ConversationRequest request, Span<ulong> required, HashSet<AgentId>? excluded, AgentGroupId? group)
    {
        required.Clear();
        bool requiredUnknown = FillTagBits(request.RequiredTags, required, out _);
        bool hasRequired = false;
        foreach (ulong word in required)
        {
            hasRequired |= word != 0;
        }

        ulong groupMask = 0;
        bool groupHasBit = group is not { } planGroup || _context.GroupBits.TryGetMask(planGroup, out groupMask);
        return new Criteria
        {
            Request = request,
            MediaMask = MediaMaskOf(request.Media, out MediaType? unknownMedia),
            MediaUnknown = unknownMedia is not null,
            Required = required,
            Required0 = required[0],
            HasRequired = hasRequired,
            RequiredUnknown = requiredUnknown,
            Excluded = excluded,
            Group = group,
            GroupMask = groupMask,
            GroupHasBit = groupHasBit,
        };
    }

    /// <summary>
    /// Whether an agent holding the conversation's skill may be offered it now, in the order the reasons are reported:
    /// state, declined, group, media, tags, capacity; the agent's planning fields are slot <paramref name="slot"/> of
    /// <paramref name="columns"/>, its record slot <paramref name="slot"/> of <paramref name="records"/> (read only when a rule
    /// needs more than the columns). Null when it may; <paramref name="cost"/> is then its cost.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ExclusionReason? Check(AgentColumns columns, int slot, AgentRecord[] records, scoped ref Criteria c, out double cost) =>
        Check(columns, slot, records, c.Excluded, c.GroupHasBit, c.GroupMask, c.Group, c.MediaUnknown, c.MediaMask, c.RequiredUnknown, c.HasRequired, c.Required0, c.Required, _load, c.Request, out cost);

    /// <summary>
    /// The rules themselves, over an agent's planning columns, with the conversation's criteria as plain values so that the
    /// tight planning loop, which keeps them in locals, gets this inlined into its body. A column is read only when its
    /// rule has something to check (no group: the group masks are not read; no required tag: nor the tags).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ExclusionReason? Check(
        AgentColumns columns,
        int slot,
        AgentRecord[] records,
        HashSet<AgentId>? excluded,
        bool groupHasBit,
        ulong groupMask,
        AgentGroupId? group,
        bool mediaUnknown,
        ulong media,
        bool requiredUnknown,
        bool hasRequired,
        ulong required0,
        ReadOnlySpan<ulong> required,
        LoadTracker load,
        ConversationRequest request,
        out double cost)
    {
        cost = 0;
        byte state = columns.State[slot];
        if (state != (byte)AgentState.Online)
        {
            return StateReason((AgentState)state);
        }

        if (excluded is not null && excluded.Contains(records[slot].Profile.Id))
        {
            return ExclusionReason.Declined;
        }

        if (groupHasBit ? groupMask != 0 && (columns.GroupMask[slot] & groupMask) != groupMask : !records[slot].Profile.Groups.Contains(group!.Value))
        {
            return ExclusionReason.OtherGroup;
        }

        if (mediaUnknown || (columns.MediaMask[slot] & media) != media)
        {
            return ExclusionReason.WrongMedia;
        }

        if (requiredUnknown || (hasRequired && ((columns.Tags0[slot] & required0) != required0 || (required.Length > 1 && !HasAll(records[slot], required)))))
        {
            return ExclusionReason.MissingTag;
        }

        if (columns.CostMask[slot] == media)
        {
            cost = columns.Cost[slot];
        }
        else
        {
            cost = load.CostFor(records[slot], request, media);
            columns.CostMask[slot] = media;
            columns.Cost[slot] = cost;
        }

        return Fits(columns.Committed[slot], cost, columns.Limit[slot]) ? null : ExclusionReason.AtCapacity;
    }

    /// <summary>The capacity rule: what the agent has committed plus this cost stays within its limit.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Fits(double committed, double cost, double limit) => committed + cost <= limit + EngineContext.CapacityTolerance;

    /// <summary>
    /// Whether the agent could serve the conversation apart from its state and capacity: the agent group it is routed to
    /// (any group once its maximum wait passed while it waits), its skill, media and required tags.
    /// </summary>
    public bool CanServe(AgentRecord agent, ConversationRecord conversation)
    {
        if (conversation.Target is { } group && !agent.Profile.Groups.Contains(group)
            && !(conversation.MaxWaitPassed && conversation.State == ConversationState.Waiting))
        {
            return false;
        }

        if (conversation.Skill is { } skill && agent.Profile.GetProficiency(skill) is null)
        {
            return false;
        }

        if (!HandlesMedia(agent, conversation.Request.Media, out _))
        {
            return false;
        }

        ImmutableArray<string> tags = conversation.Request.RequiredTags;
        if (tags.IsDefaultOrEmpty)
        {
            return true;
        }

        int words = TagWords;
        Span<ulong> required = words <= StackTagWords ? stackalloc ulong[words] : new ulong[words];
        required.Clear();
        return !FillTagBits(tags, required, out _) && HasAll(agent, required);
    }

    /// <summary>The media rule: the agent handles every medium of the conversation (a medium the engine does not know, none does).</summary>
    public bool HandlesMedia(AgentRecord agent, ImmutableArray<MediaType> media, out ulong mask)
    {
        mask = MediaMaskOf(media, out MediaType? unknown);
        return unknown is null && (agent.MediaMask & mask) == mask;
    }

    /// <summary>Why a direct assignment to this agent is refused (state, media, capacity), or null when it may take it.</summary>
    public ExclusionReason? CheckAssignment(AgentRecord agent, ConversationRequest conversation, DateTimeOffset now, out double cost)
    {
        cost = 0;
        if (agent.State != AgentState.Online)
        {
            return StateReason(agent.State);
        }

        ulong mask = MediaMaskOf(conversation.Media, out MediaType? unknown);
        if (unknown is not null || (agent.MediaMask & mask) != mask)
        {
            return ExclusionReason.WrongMedia;
        }

        _load.RefreshIfDue(agent, now);
        cost = _load.CostFor(agent, conversation, mask);
        return Fits(agent.Committed, cost, agent.Limit) ? null : ExclusionReason.AtCapacity;
    }

    public static ExclusionReason StateReason(AgentState state) => state switch
    {
        AgentState.Away => ExclusionReason.Away,
        AgentState.BackSoon => ExclusionReason.BackSoon,
        AgentState.Paused => ExclusionReason.Paused,
        _ => ExclusionReason.Offline,
    };

    public ulong MediaMaskOf(ImmutableArray<MediaType> media, out MediaType? unknown)
    {
        ulong mask = 0;
        unknown = null;
        foreach (MediaType medium in media)
        {
            if (_context.Media.TryGet(medium.Name, out int id))
            {
                mask |= 1UL << id;
            }
            else
            {
                unknown ??= medium;
            }
        }

        return mask;
    }

    /// <summary>
    /// Sets the bits of the interned tags; returns whether some tag is unknown to the engine (no agent has it), and counts
    /// the distinct unknown ones (names compare case-insensitively), in time linear in the number of tags.
    /// </summary>
    public bool FillTagBits(ImmutableArray<string> tags, Span<ulong> bits, out int unknownDistinct)
    {
        var unknown = new DistinctNames(tags.Length, StringComparer.OrdinalIgnoreCase);
        for (int i = 0; i < tags.Length; i++)
        {
            if (_context.Tags.TryGet(tags[i], out int id))
            {
                bits[id >> 6] |= 1UL << id;
            }
            else
            {
                unknown.Add(tags, i);
            }
        }

        unknownDistinct = unknown.Count;
        return unknownDistinct > 0;
    }

    /// <summary>The required-tags rule: the agent holds every tag whose bit is set.</summary>
    public static bool HasAll(AgentRecord agent, ReadOnlySpan<ulong> required)
    {
        if ((agent.Tags0 & required[0]) != required[0])
        {
            return false;
        }

        ulong[] agentTags = agent.TagBits;
        for (int w = 1; w < required.Length; w++)
        {
            ulong need = required[w];
            if (need != 0 && (w >= agentTags.Length || (agentTags[w] & need) != need))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>How many of the optional tags' bits the agent holds.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int OptionalMatches(ulong tags0, AgentRecord agent, ReadOnlySpan<ulong> optional)
    {
        int matched = BitOperations.PopCount(tags0 & optional[0]);
        if (optional.Length > 1)
        {
            ulong[] tags = agent.TagBits;
            int shared = Math.Min(tags.Length, optional.Length);
            for (int w = 1; w < shared; w++)
            {
                matched += BitOperations.PopCount(tags[w] & optional[w]);
            }
        }

        return matched;
    }

    /// <summary>The words a reason gives in an explanation.</summary>
    public string Describe(AgentRecord agent, ExclusionReason reason, ConversationRequest request, AgentGroupId? group, double cost) => reason switch
    {
        ExclusionReason.Offline => "offline",
        ExclusionReason.Away => "away",
        ExclusionReason.BackSoon => "back soon",
        ExclusionReason.Paused => "paused",
        ExclusionReason.WrongMedia => $"does not handle media '{FirstMissingMedia(agent, request.Media)}'",
        ExclusionReason.MissingTag => $"missing tag '{FirstMissingTag(agent, request.RequiredTags)}'",
        ExclusionReason.AtCapacity => LoadTracker.CapacityDetail(agent, cost, string.Empty),
        ExclusionReason.Declined => "declined or handed back this conversation",
        ExclusionReason.OtherGroup => $"not in agent group '{group}' chosen for this conversation",
        _ => reason.ToString(),
    };

    public MediaType FirstMissingMedia(AgentRecord agent, ImmutableArray<MediaType> media)
    {
        foreach (MediaType medium in media)
        {
            if (!_context.Media.TryGet(medium.Name, out int id) || (agent.MediaMask & (1UL << id)) == 0)
            {
                return medium;
            }
        }

        return media[0];
    }

    private string FirstMissingTag(AgentRecord agent, ImmutableArray<string> tags)
    {
        foreach (string tag in tags)
        {
            if (!_context.Tags.TryGet(tag, out int id) || (id >> 6) >= agent.TagBits.Length || (agent.TagBits[id >> 6] & (1UL << id)) == 0)
            {
                return tag;
            }
        }

        return tags[0];
    }
}

/// <summary>A conversation's filters compiled for checking many agents (<see cref="Eligibility.Prepare"/>).</summary>
internal ref struct Criteria
{
    public ConversationRequest Request;
    public ulong MediaMask;
    public bool MediaUnknown;
    public ReadOnlySpan<ulong> Required;
    public ulong Required0;
    public bool HasRequired;
    public bool RequiredUnknown;
    public HashSet<AgentId>? Excluded;
    public AgentGroupId? Group;

    /// <summary>The group's bit (0 with no group); when the group has no bit, <see cref="GroupHasBit"/> is false and the profile is asked.</summary>
    public ulong GroupMask;
    public bool GroupHasBit;
}
