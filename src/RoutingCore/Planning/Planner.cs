using System.Runtime.CompilerServices;
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

    private AgentCandidate[] _candidates = new AgentCandidate[16];
    private double[] _scores = new double[16];
    private int[] _stepOf = new int[16];
    private AgentId[] _candidateIds = new AgentId[16];

    /// <summary>Per candidate, its position in <see cref="_slotIds"/> (the skill index's ids, or <see cref="_candidateIds"/>).</summary>
    private int[] _candidateSlots = new int[16];

    /// <summary>The ids the candidate slots of the current plan point into.</summary>
    private AgentId[] _slotIds = [];
    private double[] _levels = new double[8];

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
        var steps = PlanAssembly.BuildSteps(_slotIds, _candidateSlots.AsSpan(0, count), scores, stepOf, sizes[..stepCount], settings.StepDelay);
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

        return new PlannedAgent(_slotIds[_candidateSlots[best]], top);

        static double Clamp(double score) => double.IsNaN(score) ? 0 : Math.Clamp(score, 0, 1);
    }

    /// <summary>Explains the plan of a conversation: every agent on the roster, excluded with its reason or scored.</summary>
    public RoutingExplanation Explain(ConversationRequest request, DateTimeOffset now)
    {
        var entries = new List<ExplainEntry>(_context.Roster.Count);
        RoutingPlan plan = Plan(request, request.Skill, now, entries, excluded: null, group: null);
        return PlanAssembly.BuildExplanation(_context.SettingsOf(request.Skill), request, plan, entries, _candidates);
    }

    /// <summary>
    /// Filters the agents into the candidate scratch buffers and scores them (raw scores: the caller clamps them to 0..1);
    /// returns how many. Candidate <c>k</c> is agent <c>_slotIds[_candidateSlots[k]]</c>.
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
        Span<ulong> optional = words <= Eligibility.StackWords ? stackalloc ulong[Eligibility.StackWords] : new ulong[words];
        optional = optional[..words];
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

        var scoring = new ScoringInput(now.UtcTicks, optionalCount);
        reasons.Clear();
        int count = 0;
        long maxIdleTicks = 0;
        EnsureScratch(_context.Roster.Count);
        SkillIndex? index = skill is { } wanted ? _context.Skills.GetValueOrDefault(wanted) : null;
        if (explanation is null && index is not null)
        {
            reasons[(int)ExclusionReason.MissingSkill] = _context.Roster.Count - index.Count;
            count = criteria.MediaUnknown || criteria.RequiredUnknown || !criteria.GroupHasBit
                ? GatherSkill<AnyCase>(index, ref criteria, optional, scoring, now, reasons, out maxIdleTicks)
                : GatherSkill<CommonCase>(index, ref criteria, optional, scoring, now, reasons, out maxIdleTicks);
            MarkServed(index, count, served);
        }
        else if (explanation is null && skill is not null)
        {
            reasons[(int)ExclusionReason.MissingSkill] = _context.Roster.Count;
        }
        else
        {
            _slotIds = _candidateIds;
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
                _candidateIds[count] = agent.Profile.Id;
                _candidateSlots[count] = count;
                _candidates[count++] = Candidate(ref copy, agent, agent.Profile, proficiency.Value, optional, scoring, ServedBefore(agent, served), ref maxIdleTicks);
            }
        }

        var context = new ScoringContext(request, skill, now, settings.Weights, TimeSpan.FromTicks(maxIdleTicks));
        settings.Strategy.Score(context, _candidates.AsSpan(0, count), _scores.AsSpan(0, count)); // raw: the caller clamps
        Array.Clear(_served);
        return count;
    }

    /// <summary>
    /// The hot loop of planning: the skill's agents in one pass over contiguous arrays, each through the eligibility rules
    /// (inlined here, with the conversation's criteria held in locals).
    /// </summary>
    private int GatherSkill<TCase>(SkillIndex index, ref Criteria criteria, ReadOnlySpan<ulong> optional, ScoringInput scoring, DateTimeOffset now, Span<int> reasons, out long maxIdleTicks)
        where TCase : struct, ICriteriaCase
    {
        int members = index.Count;
        HotAgent[] hot = index.Hot;
        AgentRecord[] records = index.Members;
        AgentProfile[] profiles = index.Profiles;
        double[] proficiency = index.Proficiency;
        AgentCandidate[] candidates = _candidates;
        int[] slots = _candidateSlots;
        _slotIds = index.Ids;
        long nowTicks = scoring.NowTicks;
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

            slots[count] = i;
            candidates[count++] = Candidate(ref agent, records[i], profiles[i], proficiency[i], optional, scoring, served: false, ref maxIdle); // MarkServed sets it
        }

        maxIdleTicks = maxIdle;
        return count;
    }

    /// <summary>The fields a strategy scores an eligible agent on.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static AgentCandidate Candidate(ref HotAgent agent, AgentRecord record, AgentProfile profile, double proficiency, ReadOnlySpan<ulong> optional, ScoringInput scoring, bool served, ref long maxIdle)
    {
        double tagMatch = scoring.OptionalCount > 0 ? (double)Eligibility.OptionalMatches(agent.Tags0, record, optional) / scoring.OptionalCount : 1.0;
        long idleTicks = scoring.NowTicks - agent.IdleSinceTicks;
        if (idleTicks > maxIdle)
        {
            maxIdle = idleTicks;
        }

        return new AgentCandidate(profile, agent.Utilization, agent.ConversationCount, TimeSpan.FromTicks(Math.Max(0, idleTicks)), tagMatch, proficiency, served);
    }

    /// <summary>Whether the agent is one of the <paramref name="served"/> agents who served the conversation's consumer.</summary>
    private bool ServedBefore(AgentRecord agent, int served)
    {
        for (int k = 0; k < served; k++)
        {
            if (ReferenceEquals(_served[k], agent))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Marks the candidates of the skill loop who served the conversation's consumer (at most
    /// <see cref="RoutingDefaults.ConsumerHistoryDepth"/>): each is found by its position in the index, and candidates are
    /// in index order, so a binary search over their slots finds it. Keeps that per-agent test out of the hot loop.
    /// </summary>
    private void MarkServed(SkillIndex index, int count, int served)
    {
        ReadOnlySpan<int> slots = _candidateSlots.AsSpan(0, count);
        for (int k = 0; k < served; k++)
        {
            int position = index.PositionOf(_served[k]!);
            int candidate = position < 0 ? -1 : slots.BinarySearch(position);
            if (candidate >= 0)
            {
                ref AgentCandidate c = ref _candidates[candidate];
                c = new AgentCandidate(c.Profile, c.Utilization, c.ActiveConversations, c.IdleTime, c.TagMatch, c.Proficiency, servedConsumerBefore: true);
            }
        }
    }

    private void EnsureScratch(int size)
    {
        if (_candidates.Length < size)
        {
            int length = Math.Max(size, _candidates.Length * 2);
            _candidates = new AgentCandidate[length];
            _scores = new double[length];
            _stepOf = new int[length];
            _candidateIds = new AgentId[length];
            _candidateSlots = new int[length];
        }
    }

    private readonly record struct ScoringInput(long NowTicks, int OptionalCount);

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
