using System.Collections.Frozen;
using RoutingCore.Telemetry;

namespace RoutingCore.Engine;

/// <summary>
/// Workload routing for skills with a distribution: each conversation is given a primary agent group's turn; when that group
/// cannot take it (or its maximum wait passed) it cascades to the secondary groups, best-owed first; what a group took is
/// counted for its share. The splitter holds the turns and counts; this part applies them to conversations.
/// </summary>
internal sealed class WorkloadRouter
{
    private readonly EngineContext _context;
    private readonly AgentRoster _roster;
    private readonly Workload.IWorkloadSplitter _splitter;
    private readonly Planner _planner;
    private readonly OfferBook _offers;
    private readonly WaitingQueue _queue;
    private readonly EventOutbox _events;
    private readonly EngineTimers _timers;
    private readonly AgentGroupId[] _rankScratch = new AgentGroupId[256]; // cascades consider at most 256 secondary groups
    private readonly Dictionary<SkillId, TimeSpan> _maxWait = [];

    public WorkloadRouter(EngineContext context, AgentRoster roster, Workload.IWorkloadSplitter splitter, FrozenSet<AgentGroupId> declaredGroups, Planner planner, OfferBook offers, WaitingQueue queue, EventOutbox events, EngineTimers timers)
    {
        _context = context;
        _roster = roster;
        _splitter = splitter;
        DeclaredGroups = declaredGroups;
        _planner = planner;
        _offers = offers;
        _queue = queue;
        _events = events;
        _timers = timers;
    }

    public Workload.IWorkloadSplitter Splitter => _splitter;

    /// <summary>The built-in splitter, whose state a document holds; a custom one cannot be saved or restored.</summary>
    public Workload.QuotaWorkloadSplitter RequireBuiltInSplitter(string action) =>
        _splitter as Workload.QuotaWorkloadSplitter
            ?? throw new InvalidOperationException(
                $"The engine cannot {action} its state: its workload splitter ({_splitter.GetType().FullName}) is not the built-in one, and the state of a custom IWorkloadSplitter cannot be exported or imported. Use the built-in splitter (Workload.WorkloadSplitter) to save and restore state.");

    /// <summary>The agent groups declared in the options (<see cref="RoutingOptions.AgentGroups"/>).</summary>
    public FrozenSet<AgentGroupId> DeclaredGroups { get; }

    public bool IsDistributed(SkillId? skill) => skill is { } id && _splitter.IsConfigured(id);

    /// <summary>Sets (or, with null, removes) a skill's distribution, whose groups must be declared or held by agents.</summary>
    public void Configure(SkillId skill, Workload.WorkloadDistribution? distribution)
    {
        if (distribution is null)
        {
            _splitter.Remove(skill);
            _maxWait.Remove(skill);
            return;
        }

        HashSet<AgentGroupId> known = _roster.KnownGroups(DeclaredGroups);
        AgentGroupId[] unknown = [.. distribution.Primary.Concat(distribution.Secondary).Select(s => s.Group).Where(g => !known.Contains(g))];
        if (unknown.Length > 0)
        {
            throw new ArgumentException(
                $"The workload distribution of skill '{skill}' names unknown agent group(s) {string.Join(", ", unknown.Select(g => $"'{g}'"))}; use groups declared in RoutingOptions.AgentGroups or held by agents on the roster: {string.Join(", ", known.Select(g => g.Value).Order(StringComparer.Ordinal))}.",
                nameof(distribution));
        }

        Set(skill, distribution);
    }

    /// <summary>Sets a distribution from the options (validated with them at start).</summary>
    public void Set(SkillId skill, Workload.WorkloadDistribution distribution)
    {
        _splitter.Configure(skill, distribution);
        if (distribution.MaxWait is { } wait)
        {
            _maxWait[skill] = wait;
        }
        else
        {
            _maxWait.Remove(skill);
        }
    }

    public Workload.WorkloadReport Report(SkillId skill) =>
        _splitter.IsConfigured(skill)
            ? _splitter.GetReport(skill)
            : throw new ArgumentException($"Skill '{skill}' has no workload distribution; configure one in RoutingOptions.Skills['{skill}'].Workload or with ConfigureWorkload.", nameof(skill));

    /// <summary>Takes the maximum waits of restored distributions.</summary>
    public void RestoreMaxWaits(IEnumerable<KeyValuePair<SkillId, Workload.WorkloadSkillState>> skills)
    {
        _maxWait.Clear();
        foreach ((SkillId skill, Workload.WorkloadSkillState state) in skills)
        {
            if (state.Distribution.MaxWait is { } wait)
            {
                _maxWait[skill] = wait;
            }
        }
    }

    /// <summary>
    /// The conversation keeps the primary group chosen for it; when that group cannot take it (or its maximum wait has
    /// passed) it cascades to the secondary groups, best-owed first; when none can either, it waits for its primary group.
    /// </summary>
    public void Route(ConversationRecord conversation, SkillId skill, DateTimeOffset now, RoutingEventReason queueReason)
    {
        if (conversation.Group is null)
        {
            AgentGroupId primary = _splitter.TakePrimaryTurn(skill);
            conversation.Group = primary;
            conversation.MaxWaitPassed = false;
            if (_maxWait.TryGetValue(skill, out TimeSpan maxWait))
            {
                conversation.MaxWaitToken = _context.NewToken();
                _timers.Schedule(EngineTimerKind.MaxWait, conversation, conversation.MaxWaitToken, now + maxWait);
            }
        }

        RoutingPlan primaryPlan = _planner.PlanFor(conversation, conversation.Group, now);
        if (!primaryPlan.HasAgents || conversation.MaxWaitPassed)
        {
            RoutingEventReason why = conversation.MaxWaitPassed ? RoutingEventReason.MaxWaitPassed : RoutingEventReason.PrimaryGroupUnavailable;
            if (TryCascade(conversation, skill, now, why))
            {
                return;
            }
        }

        conversation.Target = conversation.Group;
        if (primaryPlan.HasAgents)
        {
            _offers.Start(conversation, primaryPlan, now);
        }
        else
        {
            _queue.Enqueue(conversation, now, queueReason);
        }
    }

    /// <summary>Offers the conversation to the best-owed secondary group that can take it.</summary>
    public bool TryCascade(ConversationRecord conversation, SkillId skill, DateTimeOffset now, RoutingEventReason why)
    {
        using DecisionScope decision = _context.Decisions.Begin(conversation, why); // part of the decision that cascades, if any
        Span<AgentGroupId> ranked = _rankScratch;
        int count = _splitter.RankSecondaries(skill, ranked);
        for (int i = 0; i < count; i++)
        {
            AgentGroupId secondary = ranked[i];
            RoutingPlan plan = _planner.PlanFor(conversation, secondary, now);
            if (plan.HasAgents)
            {
                if (conversation.State == ConversationState.Waiting)
                {
                    _queue.Remove(conversation, now);
                    _events.Publish(RoutingEventKind.Dispatched, now, conversation, null, conversation.Skill, why);
                }

                conversation.Target = secondary;
                _events.Publish(RoutingEventKind.Cascaded, now, conversation, null, conversation.Skill, why, null, $"from group '{conversation.Group}' to '{secondary}'");
                _offers.Start(conversation, plan, now);
                return true;
            }
        }

        return false;
    }

    /// <summary>Cascades a distributed conversation whose maximum wait passed, when a secondary group can take it.</summary>
    public bool TryCascadeAfterMaxWait(ConversationRecord conversation, DateTimeOffset now) =>
        conversation.MaxWaitPassed && conversation.Skill is { } skill && _splitter.IsConfigured(skill)
        && TryCascade(conversation, skill, now, RoutingEventReason.MaxWaitPassed);

    /// <summary>A distributed conversation's maximum wait passed before anyone accepted it: from now on it may cascade.</summary>
    public void OnMaxWait(ConversationRecord conversation, DateTimeOffset now)
    {
        conversation.MaxWaitPassed = true;
        if (conversation.State == ConversationState.Waiting && conversation.Skill is { } skill && _splitter.IsConfigured(skill))
        {
            TryCascade(conversation, skill, now, RoutingEventReason.MaxWaitPassed);
        }
    }

    /// <summary>Counts an accepted conversation for the group that took it, when its skill's distribution still lists that group.</summary>
    public void RecordTaken(ConversationRecord conversation)
    {
        if (conversation.Target is not { } group || conversation.Skill is not { } skill || !_splitter.IsConfigured(skill))
        {
            return;
        }

        bool cascaded = group != conversation.Group;
        try
        {
            _splitter.RecordTaken(skill, group, cascaded, turnTaken: !cascaded);
        }
        catch (ArgumentException)
        {
            // The distribution changed at run time and no longer lists the group: nothing to count it against.
        }
    }
}
