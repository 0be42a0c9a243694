using System.Collections.Frozen;
using RoutingCore.Telemetry;

namespace RoutingCore.Engine;

/// <summary>
/// Workload routing for skills with a distribution: each conversation is given a primary agent group's turn; when that group
/// cannot take it (or its maximum wait passed) it cascades to the secondary groups, best-owed first; what a group took is
/// counted for its share, and a turn it could not take (cascaded, or closed before it accepted) is owed to it. The ledger keeps the distributions, turns and counts and asks the splitter for its decisions;
/// this part applies them to conversations.
/// </summary>
internal sealed class WorkloadRouter
{
    private readonly EngineContext _context;
    private readonly AgentRoster _roster;
    private readonly WorkloadLedger _ledger;
    private readonly Planner _planner;
    private readonly OfferBook _offers;
    private readonly WaitingQueue _queue;
    private readonly EventOutbox _events;
    private readonly EngineTimers _timers;
    private readonly AgentGroupId[] _rankScratch = new AgentGroupId[256]; // cascades consider at most 256 secondary groups
    private readonly Dictionary<SkillId, TimeSpan> _maxWait = [];

    public WorkloadRouter(EngineContext context, AgentRoster roster, WorkloadLedger ledger, FrozenSet<AgentGroupId> declaredGroups, Planner planner, OfferBook offers, WaitingQueue queue, EventOutbox events, EngineTimers timers)
    {
        _context = context;
        _roster = roster;
        _ledger = ledger;
        DeclaredGroups = declaredGroups;
        _planner = planner;
        _offers = offers;
        _queue = queue;
        _events = events;
        _timers = timers;
    }

    /// <summary>
    /// The workload ledger, whose state a document holds, when the splitter is the built-in one; a custom splitter may keep
    /// state of its own that no document holds, so its engine cannot be saved or restored.
    /// </summary>
    public WorkloadLedger RequireBuiltInSplitter(string action) =>
        _ledger.Splitter is QuotaWorkloadSplitter
            ? _ledger
            : throw Refusals.CustomSplitterState(action, _ledger.Splitter.GetType()).ToException();

    /// <summary>The agent groups declared in the options (<see cref="RoutingOptions.AgentGroups"/>).</summary>
    public FrozenSet<AgentGroupId> DeclaredGroups { get; }

    public bool IsDistributed(SkillId? skill) => skill is { } id && _ledger.IsConfigured(id);

    /// <summary>The skill's workload distribution, or null when it has none.</summary>
    public WorkloadDistribution? DistributionOf(SkillId skill) => _ledger.DistributionOf(skill);

    /// <summary>Sets (or, with null, removes) a skill's distribution, whose groups must be declared or held by agents.</summary>
    /// <summary>
    /// Sets, changes or removes a skill's distribution; false (nothing changed) for a repeat: the distribution in force is the
    /// same (the same shares in the same order and the same maximum wait), or there is none to remove.
    /// </summary>
    public bool Configure(SkillId skill, WorkloadDistribution? distribution)
    {
        WorkloadDistribution? current = _ledger.DistributionOf(skill);
        if (distribution is null)
        {
            _maxWait.Remove(skill);
            return _ledger.Remove(skill);
        }

        if (current is not null && RepeatComparison.Same(distribution, current))
        {
            return false;
        }

        HashSet<AgentGroupId> known = _roster.KnownGroups(DeclaredGroups);
        AgentGroupId[] unknown = [.. distribution.Primary.Concat(distribution.Secondary).Select(s => s.Group).Where(g => !known.Contains(g))];
        if (unknown.Length > 0)
        {
            throw Refusals.UnknownAgentGroups(skill, unknown, known).ToException();
        }

        Set(skill, distribution);
        return true;
    }

    /// <summary>Sets a distribution from the options (validated with them at start).</summary>
    public void Set(SkillId skill, WorkloadDistribution distribution)
    {
        _ledger.Configure(skill, distribution);
        if (distribution.MaxWait is { } wait)
        {
            _maxWait[skill] = wait;
        }
        else
        {
            _maxWait.Remove(skill);
        }
    }

    public WorkloadReport Report(SkillId skill) =>
        _ledger.IsConfigured(skill)
            ? _ledger.GetReport(skill)
            : throw Refusals.NoWorkloadDistribution(skill).ToException();

    /// <summary>Takes the maximum waits of restored distributions.</summary>
    public void RestoreMaxWaits(IEnumerable<KeyValuePair<SkillId, WorkloadSkillState>> skills)
    {
        _maxWait.Clear();
        foreach ((SkillId skill, WorkloadSkillState state) in skills)
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
        RoutingPlan? catchUpPlan = null;
        AgentGroupId? owedGroup = null;
        if (conversation.Group is null)
        {
            // A group owed catch-up conversations is served first once it can take one now (someone eligible with room);
            // otherwise the conversation takes a turn, and the group keeps what it is owed.
            bool withCatchUp = true;
            if (_ledger.HasCatchUp(skill) && _ledger.ChoosePrimary(skill, out bool catchUp) is var owed && catchUp)
            {
                catchUpPlan = _planner.PlanFor(conversation, owed, now);
                owedGroup = owed;
                withCatchUp = catchUpPlan.HasAgents;
            }

            AgentGroupId primary = _ledger.TakePrimaryTurn(skill, withCatchUp, out WorkloadSkillState split);
            conversation.Group = primary;
            conversation.OpenTurn = split;
            conversation.MaxWaitPassed = false;
            if (_maxWait.TryGetValue(skill, out TimeSpan maxWait))
            {
                conversation.MaxWaitToken = _context.NewToken();
                _timers.Schedule(EngineTimerKind.MaxWait, conversation, conversation.MaxWaitToken, now + maxWait);
            }
        }

        RoutingPlan primaryPlan = catchUpPlan is { HasAgents: true } && owedGroup == conversation.Group ? catchUpPlan : _planner.PlanFor(conversation, conversation.Group, now);
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
        int count = _ledger.RankSecondaries(skill, ranked);
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
                Forfeit(conversation, skill);
                _events.Publish(RoutingEventKind.Cascaded, now, conversation, null, conversation.Skill, why, null, $"from group '{conversation.Group}' to '{secondary}'");
                _offers.Start(conversation, plan, now);
                return true;
            }
        }

        return false;
    }

    /// <summary>Cascades a distributed conversation whose maximum wait passed, when a secondary group can take it.</summary>
    public bool TryCascadeAfterMaxWait(ConversationRecord conversation, DateTimeOffset now) =>
        conversation.MaxWaitPassed && conversation.Skill is { } skill && _ledger.IsConfigured(skill)
        && TryCascade(conversation, skill, now, RoutingEventReason.MaxWaitPassed);

    /// <summary>A distributed conversation's maximum wait passed before anyone accepted it: from now on it may cascade.</summary>
    public void OnMaxWait(ConversationRecord conversation, DateTimeOffset now)
    {
        conversation.MaxWaitPassed = true;
        if (conversation.State == ConversationState.Waiting && conversation.Skill is { } skill && _ledger.IsConfigured(skill))
        {
            TryCascade(conversation, skill, now, RoutingEventReason.MaxWaitPassed);
        }
    }

    /// <summary>A conversation closes: a primary turn its group had not taken is forfeited (the group is owed it).</summary>
    public void OnClosing(ConversationRecord conversation)
    {
        if (conversation.Skill is { } skill)
        {
            Forfeit(conversation, skill);
        }
    }

    /// <summary>Counts an accepted conversation for the group that took it, when its skill's distribution still lists that group.</summary>
    public void RecordTaken(ConversationRecord conversation)
    {
        if (conversation.Target is not { } group || conversation.Skill is not { } skill || !_ledger.IsConfigured(skill))
        {
            conversation.OpenTurn = null;
            return;
        }

        bool cascaded = group != conversation.Group;
        if (!cascaded)
        {
            conversation.OpenTurn = null; // taken by its group
        }

        try
        {
            _ledger.RecordTaken(skill, group, cascaded, turnTaken: !cascaded);
        }
        catch (ArgumentException)
        {
            // The distribution changed at run time and no longer lists the group: nothing to count it against.
        }
    }

    /// <summary>The conversation's open primary turn ends untaken: its group is owed it (when the turn is of the current split).</summary>
    private void Forfeit(ConversationRecord conversation, SkillId skill)
    {
        if (conversation.OpenTurn is { } split && conversation.Group is { } group)
        {
            _ledger.Forfeit(skill, split, group);
        }

        conversation.OpenTurn = null;
    }
}
