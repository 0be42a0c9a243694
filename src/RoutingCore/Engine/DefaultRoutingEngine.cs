using System.Collections.Frozen;
using System.Collections.Immutable;
using System.Runtime.InteropServices;
using RoutingCore.Telemetry;

namespace RoutingCore.Engine;

/// <summary>
/// The built-in <see cref="IRoutingEngine"/>, a thin façade: it checks arguments, takes the engine's one lock, hands each
/// change to the <see cref="CommandProcessor"/> as a command (or a read to the part that answers it), and delivers the
/// events after leaving the lock. It is also the composition root that builds and wires the parts (docs/architecture.md).
/// </summary>
internal sealed partial class DefaultRoutingEngine : IRoutingEngine
{
    private readonly EngineContext _context;
    private readonly EventOutbox _events;
    private readonly EngineTimers _timers;
    private readonly AgentRoster _roster;
    private readonly LoadTracker _load;
    private readonly Planner _planner;
    private readonly ConversationTable _conversations;
    private readonly WaitingQueue _queue;
    private readonly WorkloadRouter _workload;
    private readonly EngineSettler _settler;
    private readonly CommandProcessor _commands;
    private readonly StateWriter _writer;
    private readonly StateRestorer _restorer;
    private readonly PacingSnapshots _pacingSnapshots;
    private readonly IPacingCalculator _pacing;
    private readonly RoutingMetrics _metrics;

    public DefaultRoutingEngine(
        RoutingOptions options,
        IReadOnlyDictionary<string, IRoutingStrategy> strategies,
        ICapacityModel capacity,
        TimeProvider timeProvider,
        IWaitingQueueOrdering? ordering = null,
        IPacingCalculator? pacing = null,
        WorkloadSplitter? splitter = null,
        System.Diagnostics.Metrics.IMeterFactory? meterFactory = null, string name = RoutingDefaults.EngineName)
    {
        _pacing = pacing ?? PacingCalculatorFactory.Create(options.Pacing);
        _context = new EngineContext(timeProvider, new LifecycleSettings(options), SkillSettings.Resolve(options, strategies, out FrozenDictionary<SkillId, SkillSettings> perSkill), perSkill, name);
        _metrics = RoutingMetrics.Create(meterFactory, name, this, static engine => ((DefaultRoutingEngine)engine)._queue.Count);
        _events = new EventOutbox(_context, _metrics, options.OnObserverFailure);
        _timers = new EngineTimers(_context, _events, static state => ((DefaultRoutingEngine)state!).OnTimer(), this);
        _roster = new AgentRoster(_context, capacity);
        _load = new LoadTracker(capacity, _timers);
        var eligibility = new Eligibility(_context, _load);
        _planner = new Planner(_context, eligibility, _load);
        var followUps = new FollowUps();
        var offers = new OfferBook(_context, eligibility, _events, _timers, followUps, _planner);
        _queue = new WaitingQueue(ordering ?? DependencyInjection.BuiltIns.QueueOrderingFor(options), _events, _metrics);
        AgentGroupId[] groups = [.. options.AgentGroups.Select(g => new AgentGroupId(g))];
        _workload = new WorkloadRouter(_context, _roster, new WorkloadLedger(splitter ?? WorkloadSplitter.Create(), options.WorkloadCatchUpLimit), groups.ToFrozenSet(), _planner, offers, _queue, _events, _timers);
        var dispatcher = new Dispatcher(_context, _planner, offers, _queue, _workload, eligibility, _load, _events, _timers);
        var assignments = new Assignments(_context, _load, _timers, followUps, _events);
        var presence = new AgentPresence(_context, _roster, offers, assignments, dispatcher, _load, followUps, _timers, _events);
        offers.Wire(dispatcher.Exhaust, (agent, now) => presence.ChangeState(agent, AgentState.Paused, now, RoutingEventReason.ForcedPause));
        _conversations = new ConversationTable(_context);
        var lifecycle = new ConversationLifecycle(_context, _conversations, _roster, new SkillSelector(_context, _roster), dispatcher, offers, assignments, _queue, _workload, eligibility, _load, _events);
        var timerDispatch = new TimerDispatch(_context, offers, _load, followUps, presence, assignments, _workload, dispatcher);
        _settler = new EngineSettler(_context, followUps, offers, dispatcher, _timers);
        _commands = new CommandProcessor(_context, presence, lifecycle, _workload, timerDispatch, _timers, _settler);
        _timers.OnFire(_commands.Fire);
        _writer = new StateWriter(_context, _conversations, _queue, _timers, timerDispatch);
        _restorer = new StateRestorer(_context, _roster, _conversations, _queue, _workload, _timers, _load, followUps, _settler);
        _pacingSnapshots = new PacingSnapshots(_context, _load, _queue, _workload);
        foreach ((string skill, SkillOptions skillOptions) in options.Skills)
        {
            if (skillOptions.Workload is { } workload)
            {
                _workload.Set(new SkillId(skill), WorkloadDistribution.FromOptions(new SkillId(skill), workload, groups));
            }
        }
    }

    public void AddAgent(AgentProfile profile, AgentState state = AgentState.Offline)
    {
        InputValidation.ValidateProfile(profile, nameof(profile));
        InputValidation.ValidateState(state, nameof(state));
        Run(new AddAgentCommand(profile, state));
    }

    public void UpdateAgent(AgentProfile profile)
    {
        InputValidation.ValidateProfile(profile, nameof(profile));
        Run(new UpdateAgentCommand(profile));
    }

    public void RemoveAgent(AgentId agent)
    {
        InputValidation.RequireId(agent.IsEmpty, nameof(agent), "agent");
        Run(new RemoveAgentCommand(agent));
    }

    public void SetAgentState(AgentId agent, AgentState state)
    {
        InputValidation.RequireId(agent.IsEmpty, nameof(agent), "agent");
        InputValidation.ValidateState(state, nameof(state));
        Run(new SetAgentStateCommand(agent, state));
    }

    public AgentSnapshot GetAgent(AgentId agent)
    {
        InputValidation.RequireId(agent.IsEmpty, nameof(agent), "agent");
        using (EnterGate())
        {
            return AfterRead(_roster.Snapshot(_roster.Find(agent), _load, _context.Now()));
        }
    }

    public ImmutableArray<AgentSnapshot> GetAgents()
    {
        using (EnterGate())
        {
            DateTimeOffset now = _context.Now();
            var result = new AgentSnapshot[_context.Roster.Count];
            for (int i = 0; i < result.Length; i++)
            {
                result[i] = _roster.Snapshot(_context.Roster[i], _load, now);
            }

            return AfterRead(ImmutableCollectionsMarshal.AsImmutableArray(result));
        }
    }

    public RoutingPlan Plan(ConversationRequest conversation)
    {
        InputValidation.ValidateRequest(conversation, nameof(conversation));
        using (EnterGate())
        {
            return AfterRead(_planner.Plan(conversation, conversation.Skill, _context.Now(), explanation: null, excluded: null, group: null));
        }
    }

    public PlannedAgent? SelectBest(ConversationRequest conversation)
    {
        InputValidation.ValidateRequest(conversation, nameof(conversation));
        using (EnterGate())
        {
            return _planner.SelectBest(conversation, _context.Now());
        }
    }

    public RoutingExplanation Explain(ConversationRequest conversation)
    {
        InputValidation.ValidateRequest(conversation, nameof(conversation));
        using (EnterGate())
        {
            return AfterRead(_planner.Explain(conversation, _context.Now()));
        }
    }

    public ConversationSnapshot Submit(ConversationRequest conversation)
    {
        InputValidation.ValidateRequest(conversation, nameof(conversation));
        return (ConversationSnapshot)Run(new SubmitCommand(conversation))!;
    }

    public void Assign(ConversationRequest conversation, AgentId agent)
    {
        InputValidation.ValidateRequest(conversation, nameof(conversation));
        InputValidation.RequireId(agent.IsEmpty, nameof(agent), "agent");
        Run(new AssignCommand(conversation, agent));
    }

    public void Accept(ConversationId conversation, AgentId agent) => TryAccept(conversation, agent).ThrowIfFailed();

    public RoutingResult TryAccept(ConversationId conversation, AgentId agent)
    {
        RequireAnswerIds(conversation, agent);
        return Answer(new AcceptCommand(conversation, agent));
    }

    public void Decline(ConversationId conversation, AgentId agent) => TryDecline(conversation, agent).ThrowIfFailed();

    public RoutingResult TryDecline(ConversationId conversation, AgentId agent)
    {
        RequireAnswerIds(conversation, agent);
        return Answer(new DeclineCommand(conversation, agent));
    }

    public void ReturnToQueue(ConversationId conversation)
    {
        InputValidation.RequireId(conversation.IsEmpty, nameof(conversation), "conversation");
        Run(new ReturnToQueueCommand(conversation));
    }

    public void Transfer(ConversationId conversation, SkillId skill) => Transfer(conversation, skill, operation: default, withId: false);

    public void ReportMessage(ConversationId conversation, MessageAuthor author, DateTimeOffset? at) => ReportMessage(conversation, author, at, message: null);

    public void Close(ConversationId conversation)
    {
        InputValidation.RequireId(conversation.IsEmpty, nameof(conversation), "conversation");
        Run(new CloseCommand(conversation));
    }

    public ConversationSnapshot GetConversation(ConversationId conversation)
    {
        InputValidation.RequireId(conversation.IsEmpty, nameof(conversation), "conversation");
        using (EnterGate())
        {
            _context.Now();
            return AfterRead(_conversations.Get(conversation));
        }
    }

    public ImmutableArray<WaitingConversation> GetWaitingConversations(SkillId? skill = null)
    {
        if (skill is { IsEmpty: true })
        {
            throw new ArgumentException("The skill id is empty (default); pass a skill id, or null for every waiting conversation.", nameof(skill));
        }

        using (EnterGate())
        {
            return AfterRead(_queue.Snapshot(skill, _context.Now()));
        }
    }

    public void ConfigureWorkload(SkillId skill, WorkloadDistribution? distribution)
    {
        InputValidation.RequireId(skill.IsEmpty, nameof(skill), "skill");
        Run(new ConfigureWorkloadCommand(skill, distribution));
    }

    public WorkloadReport GetWorkloadReport(SkillId skill)
    {
        InputValidation.RequireId(skill.IsEmpty, nameof(skill), "skill");
        using (EnterGate())
        {
            return _workload.Report(skill);
        }
    }

    public PacingSnapshot GetPacingSnapshot(AgentGroupId group, PacingStatistics statistics)
    {
        InputValidation.RequireId(group.IsEmpty, nameof(group), "agent group");
        ArgumentNullException.ThrowIfNull(statistics);
        InputValidation.RequirePacingSkill(statistics);
        using (EnterGate())
        {
            return AfterRead(_pacingSnapshots.Take(group, statistics, _context.Now()));
        }
    }

    public PacingDecision Pace(AgentGroupId group, PacingStatistics statistics)
    {
        InputValidation.RequireId(group.IsEmpty, nameof(group), "agent group");
        ArgumentNullException.ThrowIfNull(statistics);
        InputValidation.RequirePacingSkill(statistics);
        PacingSnapshot snapshot;
        DateTimeOffset now;
        using (EnterGate())
        {
            now = _context.Now();
            snapshot = AfterRead(_pacingSnapshots.Take(group, statistics, now));
        }

        PacingDecision decision = _pacing.Calculate(snapshot, now);
        _metrics.RecordPacing(group, decision);
        return decision;
    }

    public IDisposable Subscribe(IRoutingObserver observer)
    {
        ArgumentNullException.ThrowIfNull(observer);
        return _events.Subscribe(observer);
    }

    public void Dispose()
    {
        lock (_context.Gate)
        {
            _context.Disposed = true;
            _timers.Dispose();
        }

        _metrics.Dispose();
    }

    /// <summary>The one way in for a change: under the lock, the command gets the engine's time and is applied; events go out after.</summary>
    private object? Run(EngineCommand command)
    {
        object? result;
        using (EnterGate())
        {
            command.At = _context.Now();
            result = _commands.Apply(command);
        }

        _events.Deliver();
        return result;
    }

    /// <summary>An answer to an offer: success, or the refusal the command returned (a refusal changed nothing).</summary>
    private RoutingResult Answer(EngineCommand command) => Run(command) is RoutingResult refused ? refused : RoutingResult.Success;

    private static void RequireAnswerIds(ConversationId conversation, AgentId agent)
    {
        InputValidation.RequireId(conversation.IsEmpty, nameof(conversation), "conversation");
        InputValidation.RequireId(agent.IsEmpty, nameof(agent), "agent");
    }

    /// <summary>
    /// The platform timer's callback, on a thread-pool thread (or the thread of a fake clock). Nothing escapes it:
    /// <see cref="EngineTimers.RunDue"/> never throws (failed timer work and a platform timer that refuses to be armed are
    /// reported as <see cref="RoutingEventKind.TimerFailed"/> events), and observers' exceptions stay in the outbox.
    /// </summary>
    private void OnTimer()
    {
        if (Monitor.IsEntered(_context.Gate))
        {
            _timers.Defer(); // a clock read inside an operation ran this: the operation runs the due items when it settles
            return;
        }

        lock (_context.Gate)
        {
            if (_context.Disposed)
            {
                return;
            }

            _settler.RunDueTimers();
        }

        _events.Deliver();
    }

    /// <summary>
    /// Takes the engine's lock for a public operation. Leaving it runs the timer work that a clock read deferred during the
    /// operation (even when the operation threw: operations check before they change anything), then releases the lock.
    /// </summary>
    private GateScope EnterGate()
    {
        Monitor.Enter(_context.Gate);
        return new GateScope(this);
    }

    private readonly ref struct GateScope(DefaultRoutingEngine engine)
    {
        public void Dispose()
        {
            try
            {
                engine._settler.RunDeferredTimers();
            }
            finally
            {
                Monitor.Exit(engine._context.Gate);
            }
        }
    }

    /// <summary>After a read under the lock: runs timer work a clock read deferred. Returns <paramref name="result"/>.</summary>
    private T AfterRead<T>(T result)
    {
        _settler.RunDeferredTimers();
        return result;
    }

    /// <summary>For tests: the first agent whose copy in a skill index differs from its record, or null when all agree.</summary>
    internal string? FindStaleIndexEntry()
    {
        using (EnterGate())
        {
            return _roster.FindStaleIndexEntry();
        }
    }

    /// <summary>For tests: how many names and tables the engine holds (what nothing may retain without bound).</summary>
    internal (int Skills, int SkillQueues, int Media, int Tags, int TagIdBound, int Groups) Retained()
    {
        using (EnterGate())
        {
            return (_context.Skills.Count, _queue.SkillQueueCount, _context.Media.Count, _context.Tags.Count, _context.Tags.IdBound, _context.GroupBits.Count);
        }
    }
}
