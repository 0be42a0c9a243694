using System.Collections.Frozen;
using System.Collections.Immutable;
using System.Globalization;
using System.Numerics;
using System.Runtime.InteropServices;
using RoutingCore.Distribution;
using TimerKind = RoutingCore.State.StateTimerKind;

namespace RoutingCore.Engine;

/// <summary>
/// The built-in <see cref="IRoutingEngine"/>. All state is guarded by one lock (no lock per agent); planning walks only
/// the agents holding the conversation's skill, over flat arrays, with scratch buffers owned by the engine.
/// </summary>
internal sealed partial class DefaultRoutingEngine : IRoutingEngine
{
    private const int MaxMediaTypes = 64;
    private const double CapacityTolerance = 1e-9;
    private const int ReasonCount = (int)ExclusionReason.OtherGroup + 1;

    private readonly object _gate = new();
    private readonly TimeProvider _time;
    private readonly ICapacityModel _capacity;
    private readonly CapacitySettings _capacitySettings;
    private readonly SkillSettings _defaults;
    private readonly FrozenDictionary<SkillId, SkillSettings> _skillSettings;
    private readonly Dictionary<AgentId, AgentRecord> _agents = [];
    private readonly List<AgentRecord> _roster = [];
    private readonly Dictionary<SkillId, SkillIndex> _skills = [];
    private InternTable _tags = NewTagTable();
    private InternTable _media = NewMediaTable();

    /// <summary>The bit of each of the first 64 agent groups met, for <see cref="AgentRecord.GroupMask"/>.</summary>
    private GroupBitTable _groupBits = new();
    private readonly Dictionary<ConversationId, ConversationRecord> _conversations = [];
    private ConsumerHistory _history = new(RoutingDefaults.ConsumerHistoryDepth, RoutingDefaults.ConsumerHistoryCapacity);
    private long _nextOrder;
    private readonly LifecycleSettings _lifecycle;
    private readonly IWaitingQueueOrdering _ordering;
    private readonly Pacing.IPacingCalculator _pacing;
    private readonly Workload.IWorkloadSplitter _splitter;

    private AgentCandidate[] _candidates = new AgentCandidate[16];
    private double[] _scores = new double[16];
    private int[] _stepOf = new int[16];
    private AgentId[] _candidateIds = new AgentId[16];

    /// <summary>Per candidate, its position in <see cref="_slotIds"/> (the skill index's ids, or <see cref="_candidateIds"/>).</summary>
    private int[] _candidateSlots = new int[16];

    /// <summary>The ids the candidate slots of the current plan point into.</summary>
    private AgentId[] _slotIds = [];
    private double[] _levels = new double[8];

    public DefaultRoutingEngine(
        RoutingOptions options,
        IReadOnlyDictionary<string, IRoutingStrategy> strategies,
        IReadOnlyDictionary<string, ICapacityModel> capacityModels,
        TimeProvider timeProvider,
        IWaitingQueueOrdering? ordering = null,
        Pacing.IPacingCalculator? pacing = null,
        Workload.IWorkloadSplitter? splitter = null,
        System.Diagnostics.Metrics.IMeterFactory? meterFactory = null)
    {
        _splitter = splitter ?? Workload.WorkloadSplitter.Create();
        _time = timeProvider;
        _pacing = pacing ?? Pacing.PacingCalculatorFactory.Create(options.Pacing);
        _ordering = ordering ?? WaitingQueueOrderings.PriorityThenSla;
        _lifecycle = new LifecycleSettings(options);
        _timer = timeProvider.CreateTimer(static state => ((DefaultRoutingEngine)state!).OnTimer(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _capacity = capacityModels[options.CapacityModel];
        _capacitySettings = CapacitySettings.From(options);
        _defaults = new SkillSettings(strategies[options.Strategy], options.Steps, options.StepDelay, options.CustomWeights.ToWeights());
        var perSkill = new Dictionary<SkillId, SkillSettings>();
        foreach ((string skill, SkillOptions skillOptions) in options.Skills)
        {
            perSkill[new SkillId(skill)] = new SkillSettings(
                skillOptions.Strategy is { } name ? strategies[name] : _defaults.Strategy,
                skillOptions.Steps ?? _defaults.Steps,
                skillOptions.StepDelay ?? _defaults.StepDelay,
                skillOptions.CustomWeights?.ToWeights() ?? _defaults.Weights)
            {
                Fallback = skillOptions.FallbackSkill is { } fallback ? new SkillId(fallback) : (SkillId?)null,
            };
        }

        _skillSettings = perSkill.ToFrozenDictionary();
        AgentGroupId[] groups = [.. options.AgentGroups.Select(g => new AgentGroupId(g))];
        var maxWait = new Dictionary<SkillId, TimeSpan>();
        foreach ((string skill, SkillOptions skillOptions) in options.Skills)
        {
            if (skillOptions.Workload is { } workload)
            {
                _splitter.Configure(new SkillId(skill), Workload.WorkloadDistribution.FromOptions(new SkillId(skill), workload, groups));
                if (workload.MaxWait is { } wait)
                {
                    maxWait[new SkillId(skill)] = wait;
                }
            }
        }

        _maxWait = maxWait;
        _declaredGroups = groups.ToFrozenSet();
        _metrics = Telemetry.RoutingMetrics.Create(meterFactory, this, static engine => ((DefaultRoutingEngine)engine).QueuedCount());
    }

    private readonly AgentGroupId[] _rankScratch = new AgentGroupId[256]; // cascades consider at most 256 secondary groups
    private readonly Dictionary<SkillId, TimeSpan> _maxWait;
    private readonly FrozenSet<AgentGroupId> _declaredGroups;

    public void AddAgent(AgentProfile profile, AgentState state = AgentState.Offline)
    {
        InputValidation.ValidateProfile(profile, nameof(profile));
        InputValidation.ValidateState(state, nameof(state));
        using (EnterGate())
        {
            if (_agents.ContainsKey(profile.Id))
            {
                throw new ArgumentException($"Agent '{profile.Id}' is already on the roster; use UpdateAgent to change its profile.", nameof(profile));
            }

            EnsureMediaRoom(profile);
            var agent = new AgentRecord(profile, _nextOrder++)
            {
                State = state,
                StateSince = Now(),
            };
            ApplyProfile(agent, profile);
            _agents.Add(profile.Id, agent);
            _roster.Add(agent);
            IndexSkills(agent);
            if (state == AgentState.Online)
            {
                MarkFreed(agent, RoutingEventReason.RosterChanged);
            }

            Settle(agent.StateSince);
        }

        DeliverEvents();
    }

    public void UpdateAgent(AgentProfile profile)
    {
        InputValidation.ValidateProfile(profile, nameof(profile));
        using (EnterGate())
        {
            AgentRecord agent = FindAgent(profile.Id, nameof(profile));
            EnsureMediaRoom(profile);
            DateTimeOffset now = Now();
            UnindexSkills(agent);
            ApplyProfile(agent, profile);
            IndexSkills(agent);
            RefreshLoad(agent, now);

            // Skills, media, tags or limits may have changed: drop offers that no longer fit, then look for waiting work.
            WithdrawUnfitOffers(agent, now);
            MarkFreed(agent, RoutingEventReason.RosterChanged);
            Settle(now);
        }

        DeliverEvents();
    }

    public void RemoveAgent(AgentId agent)
    {
        RequireId(agent.IsEmpty, nameof(agent), "agent");
        using (EnterGate())
        {
            AgentRecord record = FindAgent(agent, nameof(agent));
            DateTimeOffset now = Now();
            record.Removed = true;
            record.State = AgentState.Offline;
            record.SyncIndexes();
            WithdrawAllOffers(record, now, RoutingEventReason.AgentUnavailable);
            UnindexSkills(record);
            _roster.Remove(record);
            _agents.Remove(agent);
            ReturnAll(record, now, RoutingEventReason.AgentRemoved);
            Settle(now);
        }

        DeliverEvents();
    }

    public void SetAgentState(AgentId agent, AgentState state)
    {
        RequireId(agent.IsEmpty, nameof(agent), "agent");
        InputValidation.ValidateState(state, nameof(state));
        using (EnterGate())
        {
            AgentRecord record = FindAgent(agent, nameof(agent));
            if (record.State != state)
            {
                ChangeState(record, state, Now());
                Settle(record.StateSince);
            }
        }

        DeliverEvents();
    }

    public AgentSnapshot GetAgent(AgentId agent)
    {
        RequireId(agent.IsEmpty, nameof(agent), "agent");
        using (EnterGate())
        {
            return AfterRead(Snapshot(FindAgent(agent, nameof(agent)), Now()));
        }
    }

    public ImmutableArray<AgentSnapshot> GetAgents()
    {
        using (EnterGate())
        {
            DateTimeOffset now = Now();
            var result = new AgentSnapshot[_roster.Count];
            for (int i = 0; i < result.Length; i++)
            {
                result[i] = Snapshot(_roster[i], now);
            }

            return AfterRead(ImmutableCollectionsMarshal.AsImmutableArray(result));
        }
    }

    public RoutingPlan Plan(ConversationRequest conversation)
    {
        InputValidation.ValidateRequest(conversation, nameof(conversation));
        using (EnterGate())
        {
            return AfterRead(PlanCore(conversation, conversation.Skill, Now(), explanation: null, excluded: null, group: null));
        }
    }

    public PlannedAgent? SelectBest(ConversationRequest conversation)
    {
        InputValidation.ValidateRequest(conversation, nameof(conversation));
        using (EnterGate())
        {
            return SelectCore(conversation, Now());
        }
    }

    public RoutingExplanation Explain(ConversationRequest conversation)
    {
        InputValidation.ValidateRequest(conversation, nameof(conversation));
        using (EnterGate())
        {
            var entries = new List<ExplainEntry>(_roster.Count);
            RoutingPlan plan = PlanCore(conversation, conversation.Skill, Now(), entries, excluded: null, group: null);
            return AfterRead(BuildExplanation(conversation, plan, entries));
        }
    }

    private static DateTimeOffset Later(DateTimeOffset? current, DateTimeOffset candidate) =>
        current is { } existing && existing > candidate ? existing : candidate;

    private static void RequireId(bool isEmpty, string paramName, string kind)
    {
        if (isEmpty)
        {
            throw new ArgumentException($"The {kind} id is empty (default); create it from a non-empty string.", paramName);
        }
    }

    private AgentRecord FindAgent(AgentId agent, string paramName) =>
        _agents.TryGetValue(agent, out AgentRecord? record)
            ? record
            : throw new ArgumentException($"Agent '{agent}' is not on the roster; add it with AddAgent first.", paramName);

    private ConversationRecord FindConversation(ConversationId conversation, string paramName) =>
        _conversations.TryGetValue(conversation, out ConversationRecord? record)
            ? record
            : throw new ArgumentException(
                _closed.ContainsKey(conversation)
                    ? $"Conversation '{conversation}' is already closed."
                    : $"Conversation '{conversation}' is not known to the engine; submit it (Submit) or assign it (Assign) first.",
                paramName);

    private AgentSnapshot Snapshot(AgentRecord agent, DateTimeOffset now)
    {
        RefreshLoadIfDue(agent, now);
        return new AgentSnapshot(agent.Profile, agent.State, agent.StateSince, agent.Load, agent.Limit, agent.Conversations.Count, agent.LastAcceptedAt)
        {
            Reserved = agent.Reserved,
            PendingOffers = agent.Offers.Count,
            Declines = agent.Declines,
            Timeouts = agent.Timeouts,
        };
    }

    private void EnsureMediaRoom(AgentProfile profile)
    {
        int added = 0;
        foreach (MediaCapacity medium in profile.Media)
        {
            if (!_media.TryGet(medium.Media.Name, out _))
            {
                added++;
            }
        }

        if (_media.Count + added > MaxMediaTypes)
        {
            throw new ArgumentException($"Agent '{profile.Id}' would bring the engine above {MaxMediaTypes} distinct media types; reuse existing media names.", nameof(profile));
        }
    }

    private static InternTable NewTagTable() => new("tag", int.MaxValue);

    private static InternTable NewMediaTable() => new("media type", MaxMediaTypes);

    private void ApplyProfile(AgentRecord agent, AgentProfile profile) => ApplyProfile(agent, profile, _media, _tags, _groupBits);

    private void ApplyProfile(AgentRecord agent, AgentProfile profile, InternTable mediaTable, InternTable tagTable, GroupBitTable groupTable)
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

    private void IndexSkills(AgentRecord agent) => IndexSkills(agent, _skills);

    private static void IndexSkills(AgentRecord agent, Dictionary<SkillId, SkillIndex> skills)
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
            if (_skills.TryGetValue(skill.Skill, out SkillIndex? index))
            {
                index.Remove(agent);
            }
        }

        agent.Indexes = [];
    }

    private void RefreshLoadIfDue(AgentRecord agent, DateTimeOffset now)
    {
        if (now.UtcTicks >= agent.NextLoadChangeTicks)
        {
            RefreshLoad(agent, now);
        }
    }

    private void RefreshLoad(AgentRecord agent, DateTimeOffset now)
    {
        double load = 0;
        DateTimeOffset next = DateTimeOffset.MaxValue;
        foreach (ConversationRecord conversation in agent.Conversations)
        {
            AssignedConversation view = conversation.ToAssigned();
            load += _capacity.GetConversationLoad(agent.Profile, view, now, _capacitySettings);
            if (_capacity.GetNextLoadChange(agent.Profile, view, now, _capacitySettings) is { } change && change < next)
            {
                next = change;
            }
        }

        agent.Load = load;
        agent.NextLoadChangeTicks = next == DateTimeOffset.MaxValue ? long.MaxValue : next.UtcTicks;
        agent.SyncIndexes();
        if (next < agent.ScheduledLoadCheck)
        {
            agent.ScheduledLoadCheck = next;
            Schedule(TimerKind.LoadChange, agent, next.UtcTicks, next);
        }
    }

    private double CostFor(AgentRecord agent, ConversationRequest conversation, ulong mediaMask)
    {
        if (agent.CachedCostMask == mediaMask)
        {
            return agent.CachedCost;
        }

        double cost = _capacity.GetConversationCost(agent.Profile, conversation.Media.AsSpan(), _capacitySettings);
        agent.CachedCostMask = mediaMask;
        agent.CachedCost = cost;
        return cost;
    }

    private ulong MediaMaskOf(ImmutableArray<MediaType> media, out MediaType? unknown)
    {
        ulong mask = 0;
        unknown = null;
        foreach (MediaType medium in media)
        {
            if (_media.TryGet(medium.Name, out int id))
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

    private MediaType FirstMissingMedia(AgentRecord agent, ImmutableArray<MediaType> media)
    {
        foreach (MediaType medium in media)
        {
            if (!_media.TryGet(medium.Name, out int id) || (agent.MediaMask & (1UL << id)) == 0)
            {
                return medium;
            }
        }

        return media[0];
    }

    private static string CapacityDetail(AgentRecord agent, double cost, string prefix) => string.Create(
        CultureInfo.InvariantCulture,
        $"{prefix}at capacity: load {agent.Load * 100:0.#}%{(agent.Reserved > 0 ? $" + {agent.Reserved * 100:0.#}% reserved by exclusive offers" : "")} + {cost * 100:0.#}% for this conversation would exceed the limit {agent.Limit * 100:0.#}%");

    private static int PopCount(ulong value) => BitOperations.PopCount(value);
}
