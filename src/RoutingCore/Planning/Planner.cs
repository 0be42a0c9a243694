using RoutingCore.Distribution;

namespace RoutingCore.Engine;

/// <summary>
/// Planning: gathers the agents who may take a conversation (through <see cref="Eligibility"/>), has the skill's strategy
/// score them, and groups them into steps. The agents of the conversation's skill are walked in one pass over the skill
/// index's flat arrays, with scratch buffers owned here; Explain walks the whole roster record by record. Both ask the
/// same rules.
/// </summary>
internal sealed class Planner
{
    private const int ReasonCount = (int)ExclusionReason.OtherGroup + 1;

    private readonly EngineContext _context;
    private readonly Eligibility _eligibility;
    private readonly LoadTracker _load;

    /// <summary>The agents on the roster who served the conversation's consumer before, for the plan being made.</summary>
    private readonly AgentRecord?[] _served = new AgentRecord?[RoutingDefaults.ConsumerHistoryDepth];

    /// <summary>The candidates of the plan being made: their slots, and their columns as a strategy reads them.</summary>
    private readonly CandidateColumns _columns = new();

    private double[] _scores = new double[16];
    private int[] _stepOf = new int[16];

    /// <summary>The ids the candidate slots of the current plan point into.</summary>
    private AgentId[] _slotIds = [];
    private double[] _levels = new double[8];

    /// <summary>The conversation's optional tags as bits, for the plan being made.</summary>
    private ulong[] _optional = [];

    /// <summary>The longest idle time among the candidates of the last plan, in ticks.</summary>
    private long _maxIdleTicks;

    public Planner(EngineContext context, Eligibility eligibility, LoadTracker load)
    {
        _context = context;
        _eligibility = eligibility;
        _load = load;
    }

    /// <summary>Plans a conversation on a skill, optionally for one agent group and without agents who declined it.</summary>
    public RoutingPlan Plan(ConversationRequest request, SkillId? skill, DateTimeOffset now, List<ExplainEntry>? explanation, HashSet<AgentId>? excluded, AgentGroupId? group)
    {
        Span<int> reasons = stackalloc int[ReasonCount];
        int count = Gather(request, skill, now, explanation, excluded, group, reasons, out SkillSettings settings);
        Span<double> scores = _scores.AsSpan(0, count);
        if (_levels.Length < settings.Steps)
        {
            _levels = new double[settings.Steps];
        }

        int levels = StepPlanner.ClampAndFindLevels(scores, settings.Steps, _levels, out bool rest);
        Span<int> sizes = stackalloc int[settings.Steps];
        Span<int> stepOf = _stepOf.AsSpan(0, count);
        int stepCount = StepPlanner.AssignSteps(scores, _levels.AsSpan(0, levels), rest, stepOf, sizes);
        var steps = PlanAssembly.BuildSteps(_slotIds, _columns.Slots.AsSpan(0, count), scores, stepOf, sizes[..stepCount], settings.StepDelay);
        return new RoutingPlan(request.Id, skill, settings.Strategy.Name, settings.StepDelay, now, steps, count, PlanAssembly.Exclusions(reasons));
    }

    /// <summary>
    /// Plans a conversation the engine holds, for the group it is routed to, without the agents it excludes; the plan is
    /// noted for the routing decision being traced.
    /// </summary>
    public RoutingPlan PlanFor(ConversationRecord conversation, AgentGroupId? group, DateTimeOffset now)
    {
        RoutingPlan plan = Plan(conversation.Request, conversation.Skill, now, explanation: null, conversation.Excluded, group);
        _context.Decisions.Planned(conversation, plan);
        return plan;
    }

    /// <summary>The agent a plan would offer first: the highest score, the earliest on the roster among ties. Allocates nothing.</summary>
    public PlannedAgent? SelectBest(ConversationRequest request, DateTimeOffset now)
    {
        Span<int> reasons = stackalloc int[ReasonCount];
        int count = Gather(request, request.Skill, now, explanation: null, excluded: null, group: null, reasons, out _);
        if (count == 0)
        {
            return null;
        }

        ReadOnlySpan<double> scores = _scores.AsSpan(0, count);
        int best = 0;
        double top = Clamp(scores[0]);
        for (int i = 1; i < scores.Length; i++)
        {
            double score = Clamp(scores[i]);
            if (score > top + RoutingDefaults.ScoreTolerance)
            {
                top = score;
                best = i;
            }
        }

        return new PlannedAgent(_slotIds[_columns.Slots[best]], top);

        static double Clamp(double score) => double.IsNaN(score) ? 0 : Math.Clamp(score, 0, 1);
    }

    /// <summary>Explains the plan of a conversation: every agent on the roster, excluded with its reason or scored.</summary>
    public RoutingExplanation Explain(ConversationRequest request, DateTimeOffset now)
    {
        var entries = new List<ExplainEntry>(_context.Roster.Count);
        RoutingPlan plan = Plan(request, request.Skill, now, entries, excluded: null, group: null);
        return PlanAssembly.BuildExplanation(_context.SettingsOf(request.Skill), request, plan, entries, _columns, _maxIdleTicks);
    }

    /// <summary>
    /// Filters the agents into the candidate scratch buffers and scores them (raw scores: the caller clamps them to 0..1);
    /// returns how many. Candidate <c>k</c> is agent <c>_slotIds[_columns.Slots[k]]</c>.
    /// </summary>
    private int Gather(
        ConversationRequest request,
        SkillId? skill,
        DateTimeOffset now,
        List<ExplainEntry>? explanation,
        HashSet<AgentId>? excluded,
        AgentGroupId? group,
        Span<int> reasons,
        out SkillSettings settings)
    {
        settings = _context.SettingsOf(skill);
        int words = _eligibility.TagWords;
        Span<ulong> required = words <= Eligibility.StackWords ? stackalloc ulong[Eligibility.StackWords] : new ulong[words];
        if (_optional.Length != words)
        {
            _optional = new ulong[words];
        }

        Span<ulong> optional = _optional;
        optional.Clear();
        Criteria criteria = _eligibility.Prepare(request, required[..words], excluded, group);
        _eligibility.FillTagBits(request.OptionalTags, optional, out int unknownOptional);
        int optionalCount = unknownOptional;
        foreach (ulong word in optional)
        {
            optionalCount += System.Numerics.BitOperations.PopCount(word);
        }

        int served = 0;
        if (request.Consumer is { } consumer && _context.History.Get(consumer) is { } history)
        {
            foreach (AgentId id in history)
            {
                if (served < _served.Length && _context.Agents.TryGetValue(id, out AgentRecord? record))
                {
                    _served[served++] = record;
                }
            }
        }

        long nowTicks = now.UtcTicks;
        reasons.Clear();
        int count = 0;
        long maxIdleTicks = 0;
        EnsureScratch(_context.Roster.Count);
        SkillIndex? index = skill is { } wanted ? _context.Skills.GetValueOrDefault(wanted) : null;
        if (explanation is null && index is not null)
        {
            reasons[(int)ExclusionReason.MissingSkill] = _context.Roster.Count - index.Count;
            _columns.Begin(index.Hot, index.Members, index.Proficiency, index, nowTicks, _optional, optionalCount, _served, served);
            count = criteria.MediaUnknown || criteria.RequiredUnknown || !criteria.GroupHasBit
                ? GatherSkill<AnyCase>(index, ref criteria, nowTicks, now, reasons, out maxIdleTicks)
                : GatherSkill<CommonCase>(index, ref criteria, nowTicks, now, reasons, out maxIdleTicks);
        }
        else
        {
            _columns.Begin(_columns.RosterHot, _columns.RosterRecords, _columns.RosterProficiency, null, nowTicks, _optional, optionalCount, _served, served);
            _slotIds = _columns.RosterIds;
            if (explanation is null && skill is not null)
            {
                reasons[(int)ExclusionReason.MissingSkill] = _context.Roster.Count;
            }
            else
            {
                count = GatherRoster(request, skill, now, explanation, group, ref criteria, reasons, out maxIdleTicks);
            }
        }

        _maxIdleTicks = maxIdleTicks;
        var context = new ScoringContext(request, skill, now, settings.Weights, TimeSpan.FromTicks(maxIdleTicks));
        settings.Strategy.Score(context, new ScoringColumns(_columns, count), _scores.AsSpan(0, count)); // raw: the caller clamps
        Array.Clear(_served);
        return count;
    }

    /// <summary>The roster path (explanations, "any agent" conversations): every agent record by record, copied out as a candidate.</summary>
    private int GatherRoster(ConversationRequest request, SkillId? skill, DateTimeOffset now, List<ExplainEntry>? explanation, AgentGroupId? group, ref Criteria criteria, Span<int> reasons, out long maxIdleTicks)
    {
        int count = 0;
        long maxIdle = 0;
        long nowTicks = now.UtcTicks;
        int[] slots = _columns.Slots;
        foreach (AgentRecord agent in _context.Roster)
        {
            double? proficiency = skill is { } s ? agent.Profile.GetProficiency(s) : 1.0;
            if (proficiency is null)
            {
                reasons[(int)ExclusionReason.MissingSkill]++;
                explanation?.Add(new ExplainEntry(agent, ExclusionReason.MissingSkill, $"does not hold skill '{skill}'", -1));
                continue;
            }

            _load.RefreshIfDue(agent, now);
            HotAgent copy = agent.ToHot();
            if (_eligibility.Check(ref copy, agent, ref criteria, out double cost) is { } reason)
            {
                reasons[(int)reason]++;
                explanation?.Add(new ExplainEntry(agent, reason, _eligibility.Describe(agent, reason, request, group, cost), -1));
                continue;
            }

            explanation?.Add(new ExplainEntry(agent, null, null, count));
            maxIdle = Math.Max(maxIdle, nowTicks - copy.IdleSinceTicks);
            _columns.RosterIds[count] = agent.Profile.Id;
            _columns.RosterHot[count] = copy;
            _columns.RosterRecords[count] = agent;
            _columns.RosterProficiency[count] = proficiency.Value;
            slots[count] = count;
            count++;
        }

        maxIdleTicks = maxIdle;
        return count;
    }

    /// <summary>
    /// The hot loop of planning: the skill's agents in one pass over contiguous arrays, each through the eligibility rules
    /// (inlined here, with the conversation's criteria held in locals).
    /// </summary>
    private int GatherSkill<TCase>(SkillIndex index, ref Criteria criteria, long nowTicks, DateTimeOffset now, Span<int> reasons, out long maxIdleTicks)
        where TCase : struct, ICriteriaCase
    {
        int members = index.Count;
        HotAgent[] hot = index.Hot;
        AgentRecord[] records = index.Members;
        int[] slots = _columns.Slots;
        _slotIds = index.Ids;
        HashSet<AgentId>? excluded = criteria.Excluded;
        bool groupHasBit = TCase.Common || criteria.GroupHasBit;
        ulong groupMask = criteria.GroupMask;
        AgentGroupId? group = criteria.Group;
        bool mediaUnknown = !TCase.Common && criteria.MediaUnknown;
        ulong media = criteria.MediaMask;
        bool requiredUnknown = !TCase.Common && criteria.RequiredUnknown;
        bool hasRequired = criteria.HasRequired;
        ulong required0 = criteria.Required0;
        ReadOnlySpan<ulong> required = criteria.Required;
        ConversationRequest request = criteria.Request;
        LoadTracker load = _load;
        int count = 0;
        long maxIdle = 0;
        for (int i = 0; i < members && i < hot.Length; i++)
        {
            ref HotAgent agent = ref hot[i];
            if (agent.NextLoadChangeTicks <= nowTicks)
            {
                load.Refresh(records[i], now); // writes the slot again
            }

            ExclusionReason? reason = Eligibility.Check(
                ref agent, records[i], excluded, groupHasBit, groupMask, group, mediaUnknown, media, requiredUnknown, hasRequired, required0, required, load, request, out _);
            if (reason is { } excludedFor)
            {
                reasons[(int)excludedFor]++;
                continue;
            }

            // Only the slot: the columns a strategy reads are gathered from the slots afterwards (CandidateColumns).
            slots[count++] = i;
            maxIdle = Math.Max(maxIdle, nowTicks - agent.IdleSinceTicks);
        }

        maxIdleTicks = maxIdle;
        return count;
    }

    private void EnsureScratch(int size)
    {
        _columns.Ensure(size);
        if (_scores.Length < size)
        {
            int length = Math.Max(size, _scores.Length * 2);
            _scores = new double[length];
            _stepOf = new int[length];
        }
    }

    /// <summary>
    /// Which criteria a planning loop is compiled for: the JIT compiles one loop per case, and in the common one (every
    /// medium and required tag known, the group with a bit) the rules' checks for the rare cases fold away.
    /// </summary>
    private interface ICriteriaCase
    {
        static abstract bool Common { get; }
    }

    private readonly struct CommonCase : ICriteriaCase
    {
        public static bool Common => true;
    }

    private readonly struct AnyCase : ICriteriaCase
    {
        public static bool Common => false;
    }
}

/// <summary>One agent's line of an explanation being built: its exclusion, or its candidate index.</summary>
internal readonly record struct ExplainEntry(AgentRecord Agent, ExclusionReason? Reason, string? Detail, int CandidateIndex);
