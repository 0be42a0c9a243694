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

    /// <summary>The ids the candidate slots of the current plan point into.</summary>
    private AgentId[] _slotIds = [];

    /// <summary>The skill index <see cref="_slotIds"/> belong to (null: the roster copies).</summary>
    private SkillIndex? _slotIndex;
    private double[] _levels = new double[8];
    private int[] _sizes = new int[8];

    /// <summary>The conversation's optional tags as bits, for the plan being made.</summary>
    private ulong[] _optional = [];

    /// <summary>The longest idle time among the candidates of the last plan, in ticks.</summary>
    private long _maxIdleTicks;

    /// <summary>The plan the scratch buffers describe: the last one made, while nothing has been gathered since (else null).</summary>
    private RoutingPlan? _lastPlan;
    private int _lastCount;
    private int _lastStepCount;

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
            _sizes = new int[settings.Steps];
        }

        int stepCount = StepPlanner.PlanSteps(scores, settings.Steps, _levels, _sizes, out int levelCount);
        var steps = PlanAssembly.BuildSteps(
            _slotIds.AsSpan(0, _slotIndex is null ? count : 0), _slotIndex?.ShareIds(), _columns.Slots.AsSpan(0, count), scores, _levels.AsSpan(0, levelCount), _sizes.AsSpan(0, stepCount), settings.StepDelay);
        var plan = new RoutingPlan(request.Id, skill, settings.Strategy.Name, settings.StepDelay, now, steps, count, PlanAssembly.Exclusions(reasons));
        _lastPlan = plan;
        _lastCount = count;
        _lastStepCount = stepCount;
        return plan;
    }

    /// <summary>
    /// Whether the scratch buffers still describe <paramref name="plan"/>: it is the last plan made and nothing was planned,
    /// selected or explained since. The offers of its first step may then read its agents' records from here (candidate
    /// <c>k</c> is in the first step when <see cref="InFirstStep"/>, its record is <see cref="RecordOfCandidate"/>) instead of looking each
    /// id up, in the plan's order.
    /// </summary>
    public bool Describes(RoutingPlan plan) => ReferenceEquals(plan, _lastPlan);

    /// <summary>How many candidates the plan <see cref="Describes"/> has.</summary>
    public int CandidateCount => _lastPlan is null ? 0 : _lastCount;

    /// <summary>Whether candidate <paramref name="candidate"/> of the plan <see cref="Describes"/> is in its first step.</summary>
    public bool InFirstStep(int candidate) =>
        _lastStepCount == 1 || Math.Abs(_scores[candidate] - _levels[0]) <= RoutingDefaults.ScoreTolerance; // the first level, as StepPlanner.StepOf

    /// <summary>The record of candidate <paramref name="candidate"/> of the plan <see cref="Describes"/>.</summary>
    public AgentRecord RecordOfCandidate(int candidate) => _columns.RecordAt(candidate);

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

        Span<double> scores = _scores.AsSpan(0, count);
        int best = StepPlanner.FirstBest(scores);
        double top = scores[best];
        return new PlannedAgent(_slotIds[_columns.Slots[best]], top);
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
        _lastPlan = null; // the scratch buffers are about to change
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
            _columns.Begin(index.Columns, index.Members, index.Proficiency, index, nowTicks, _optional, optionalCount, _served, served);
            count = criteria.MediaUnknown || criteria.RequiredUnknown || !criteria.GroupHasBit
                ? GatherSkill<No>(index, ref criteria, nowTicks, now, reasons, out maxIdleTicks)
                : GatherSkill<Yes>(index, ref criteria, nowTicks, now, reasons, out maxIdleTicks);
        }
        else
        {
            _columns.Begin(_columns.RosterColumns, _columns.RosterRecords, _columns.RosterProficiency, null, nowTicks, _optional, optionalCount, _served, served);
            _slotIds = _columns.RosterIds;
            _slotIndex = null;
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
            AgentColumns copies = _columns.RosterColumns;
            copies.Write(count, agent);
            _columns.RosterRecords[count] = agent;
            if (_eligibility.Check(copies, count, _columns.RosterRecords, ref criteria, out double cost) is { } reason)
            {
                reasons[(int)reason]++;
                explanation?.Add(new ExplainEntry(agent, reason, _eligibility.Describe(agent, reason, request, group, cost), -1));
                continue;
            }

            explanation?.Add(new ExplainEntry(agent, null, null, count));
            maxIdle = Math.Max(maxIdle, nowTicks - agent.IdleSinceTicks);
            _columns.RosterIds[count] = agent.Profile.Id;
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
    private int GatherSkill<TCommon>(SkillIndex index, ref Criteria criteria, long nowTicks, DateTimeOffset now, Span<int> reasons, out long maxIdleTicks)
        where TCommon : struct, ICompileFlag
    {
        int members = index.Count;
        AgentColumns columns = index.Columns;
        AgentRecord[] records = index.Members;
        int[] slots = _columns.Slots;
        _slotIds = index.Ids;
        _slotIndex = index;
        HashSet<AgentId>? excluded = criteria.Excluded;
        bool groupHasBit = TCommon.IsSet || criteria.GroupHasBit;
        ulong groupMask = criteria.GroupMask;
        AgentGroupId? group = criteria.Group;
        bool mediaUnknown = !TCommon.IsSet && criteria.MediaUnknown;
        ulong media = criteria.MediaMask;
        bool requiredUnknown = !TCommon.IsSet && criteria.RequiredUnknown;
        bool hasRequired = criteria.HasRequired;
        ulong required0 = criteria.Required0;
        ReadOnlySpan<ulong> required = criteria.Required;
        ConversationRequest request = criteria.Request;
        LoadTracker load = _load;
        if (columns.EarliestLoadChangeTicks <= nowTicks)
        {
            // Some loads are due to change by themselves: bring them up to date first (each refresh writes its slot again).
            ReadOnlySpan<long> due = columns.NextLoadChangeTicks.AsSpan(0, members);
            for (int i = 0; i < due.Length; i++)
            {
                if (due[i] <= nowTicks)
                {
                    load.Refresh(records[i], now);
                }
            }

            columns.RecomputeEarliest(members);
        }

        if (TCommon.IsSet && BlockFilter.Handles(ref criteria))
        {
            return BlockFilter.Filter(columns, records, members, ref criteria, load, nowTicks, slots, reasons, out maxIdleTicks);
        }

        int count = 0;
        for (int i = 0; i < members; i++)
        {
            ExclusionReason? reason = Eligibility.Check(
                columns, i, records, excluded, groupHasBit, groupMask, group, mediaUnknown, media, requiredUnknown, hasRequired, required0, required, load, request, out _);
            if (reason is { } excludedFor)
            {
                reasons[(int)excludedFor]++;
                continue;
            }

            // Only the slot: the columns a strategy reads are gathered from the slots afterwards (CandidateColumns).
            slots[count++] = i;
        }

        // The longest idle time among the candidates, in a pass of its own over their slots.
        long maxIdle = 0;
        ReadOnlySpan<long> idleSince = columns.IdleSinceTicks;
        foreach (int slot in slots.AsSpan(0, count))
        {
            maxIdle = Math.Max(maxIdle, nowTicks - idleSince[slot]);
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
        }
    }
}

/// <summary>One agent's line of an explanation being built: its exclusion, or its candidate index.</summary>
internal readonly record struct ExplainEntry(AgentRecord Agent, ExclusionReason? Reason, string? Detail, int CandidateIndex);
