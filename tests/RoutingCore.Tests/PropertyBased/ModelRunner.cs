using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Time.Testing;
using RoutingCore.Tests.PropertyBased.Shared;

namespace RoutingCore.Tests.PropertyBased;

/// <summary>What a batch of model runs did, for the test's printed figures. Thread-safe.</summary>
internal sealed class RunTotals
{
    private long _scenarios;
    private long _operations;
    private long _refusals;
    private long _events;
    private long _checks;
    private long _splitExactChecks;
    private long _catchUpTurns;

    public long Scenarios => Interlocked.Read(ref _scenarios);

    public long Operations => Interlocked.Read(ref _operations);

    public long Refusals => Interlocked.Read(ref _refusals);

    public long Events => Interlocked.Read(ref _events);

    public long Checks => Interlocked.Read(ref _checks);

    public long SplitExactChecks => Interlocked.Read(ref _splitExactChecks);

    public long CatchUpTurns => Interlocked.Read(ref _catchUpTurns);

    public void Add(long operations, long refusals, long events, long checks, long splitExactChecks, long catchUpTurns)
    {
        Interlocked.Add(ref _catchUpTurns, catchUpTurns);
        Interlocked.Increment(ref _scenarios);
        Interlocked.Add(ref _operations, operations);
        Interlocked.Add(ref _refusals, refusals);
        Interlocked.Add(ref _events, events);
        Interlocked.Add(ref _checks, checks);
        Interlocked.Add(ref _splitExactChecks, splitExactChecks);
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Scenarios} scenarios, {Operations} operations ({Refusals} expected refusals), {Events} engine events, {Checks} invariant checks, split exactness checked {SplitExactChecks} times, {CatchUpTurns} catch-up conversations");
}

/// <summary>
/// Applies a generated event sequence to an engine on a fake clock and checks every invariant after every event
/// (<see cref="InvariantChecker"/>, the <see cref="EventLedger"/> at each event, the workload split and the scores of probe
/// requests). An expected refusal (a <see cref="RoutingOperationException"/>; for an unknown agent, a closed conversation or an
/// id in use, only where the driver named an agent it removed or a conversation it closed) is counted; anything else thrown
/// fails the run.
/// </summary>
internal sealed partial class ModelRunner : IDisposable
{
    private static readonly SkillId Distributed = new(Universe.DistributedSkill);
    private readonly Scenario _scenario;
    private readonly RoutingOptions _options;
    private readonly EngineKit _kit;
    private readonly FakeTimeProvider _clock;
    private readonly IRoutingEngine _engine;
    private readonly EventLedger _ledger = new(keepRecent: true);
    private readonly InvariantChecker _checker;
    private readonly List<ConversationId> _ids = [];
    private readonly HashSet<ConversationId> _closed = [];
    private readonly Dictionary<ConversationId, int> _acceptCalls = [];
    private readonly Dictionary<AgentId, AgentProfile> _roster = [];
    private readonly Dictionary<AgentId, AgentProfile> _removed = [];
    private readonly List<AgentId> _everyAgent = [];
    private readonly ConversationRequest[] _probes;
    private readonly Split _split;
    private int _next;
    private long _operations;
    private long _refusals;

    public ModelRunner(Scenario scenario)
    {
        _scenario = scenario;
        _options = scenario.Config.Build();
        _kit = new EngineKit(options: _options, logEvents: false);
        _clock = _kit.Clock;
        _engine = _kit.Engine;
        _engine.Subscribe(_ledger);
        _checker = new InvariantChecker(_options);
        _split = new Split(scenario.Config.Primary, scenario.Config.Secondary.Length > 0, _options.WorkloadCatchUpLimit);
        foreach (AgentSpec agent in scenario.Agents)
        {
            _engine.AddAgent(agent.Profile, agent.State);
            _roster[agent.Profile.Id] = agent.Profile;
            _everyAgent.Add(agent.Profile.Id);
        }

        _probes = Universe.Probes();
    }

    public long SplitExactChecks => _split.ExactChecks;

    /// <summary>Runs every event, checking after each; throws on the first violation.</summary>
    public void Run(RunTotals? totals = null)
    {
        CheckAll(null);
        foreach (Op op in _scenario.Ops)
        {
            Apply(op);
            CheckAll(op);
        }

        totals?.Add(_operations, _refusals, _ledger.EventCount, _checker.Checks + _ledger.TransitionChecks, _split.ExactChecks, _split.CatchUpTurns);
    }

    public void Dispose() => _kit.Dispose();

    private void Apply(Op op)
    {
        _operations++;
        _argumentExpected = false;
        try
        {
            Do(op);
        }
        catch (RoutingOperationException e) when (_argumentExpected || !IsIdRefusal(e.Code))
        {
            _refusals++;
        }
        catch (ArgumentException e) when (_argumentExpected && e.GetType() == typeof(ArgumentException) || e is ArgumentOutOfRangeException && _argumentExpected)
        {
            _refusals++;
        }

        Track(op);
    }

    private bool _argumentExpected;

    /// <summary>The refusals the driver provokes only on purpose: an agent it removed, a conversation it closed or still has open.</summary>
    private static bool IsIdRefusal(RoutingErrorCode code) =>
        code is RoutingErrorCode.UnknownAgent or RoutingErrorCode.UnknownConversation or RoutingErrorCode.ConversationClosed or RoutingErrorCode.ConversationAlreadyExists;

    private void Do(Op op)
    {
        switch (op.Kind)
        {
            case OpKind.Submit:
                Submit(op);
                break;
            case OpKind.Accept:
            case OpKind.Decline:
                Answer(op);
                break;
            case OpKind.Close:
                if (Pick(op.A, v => v.State != ConversationState.Closed) is { } closing)
                {
                    _engine.Close(closing);
                    _closed.Add(closing);
                }

                break;
            case OpKind.ReturnToQueue:
                if (Pick(op.A, v => v.State == ConversationState.Assigned) is { } returning)
                {
                    _engine.ReturnToQueue(returning);
                }

                break;
            case OpKind.Transfer:
                if (Pick(op.A, v => v.State == ConversationState.Assigned) is { } moving)
                {
                    _engine.Transfer(moving, new SkillId(Universe.Skills[op.B]));
                }

                break;
            case OpKind.Message:
                if (Pick(op.A, v => v.State != ConversationState.Closed) is { } talking)
                {
                    var author = op.B == 0 ? MessageAuthor.Consumer : MessageAuthor.Agent;
                    _engine.ReportMessage(talking, author);
                    _ledger.RecordMessage(talking, author, _clock.GetUtcNow());
                }

                break;
            case OpKind.SetState:
                _engine.SetAgentState(AgentAt(op.A), op.B < 5 ? AgentState.Online : Universe.States[op.B % 5]);
                break;
            case OpKind.Advance:
                _clock.Advance(TimeSpan.FromSeconds(op.A));
                break;
            case OpKind.ChangeSplit:
                int[] primary = op.B < 0 ? [op.A, 100 - op.A] : [op.A, op.B, 100 - op.A - op.B];
                bool secondary = _scenario.Config.Secondary.Length > 0 && primary.Length == 2;
                WorkloadDistribution next = ConfigSpec.Distribution(primary, secondary ? [100] : [], _scenario.Config.MaxWaitSeconds);
                bool same = _engine.GetWorkloadReport(Distributed).Distribution is { } current
                    && current.Primary.SequenceEqual(next.Primary) && current.Secondary.SequenceEqual(next.Secondary) && current.MaxWait == next.MaxWait;
                _engine.ConfigureWorkload(Distributed, next);
                if (!same)
                {
                    _split.Change(primary, secondary); // the same distribution again is a repeat (issue 18): the split goes on
                }

                break;
            case OpKind.Assign:
                ConversationRequest direct = Request(NewId(), op.B, op.C, 0);
                _engine.Assign(direct, AgentAt(op.A));
                _ids.Add(direct.Id);
                _ledger.RecordRequest(direct);
                _acceptCalls[direct.Id] = 0;
                break;
            case OpKind.RemoveAgent:
                AgentId leaving = AgentAt(op.A);
                _engine.RemoveAgent(leaving); // an agent removed before: a repeat (issue 18), without effect
                if (_roster.Remove(leaving, out AgentProfile? left))
                {
                    _removed[leaving] = left;
                }

                break;
            case OpKind.ReAddAgent:
                if (_removed.Count > 0)
                {
                    AgentProfile back = _removed.Values.ElementAt(op.A % _removed.Count);
                    _engine.AddAgent(back, op.B < 5 ? AgentState.Online : Universe.States[op.B % 5]);
                    _removed.Remove(back.Id);
                    _roster[back.Id] = back;
                }

                break;
        }
    }

    private void Submit(Op op)
    {
        if (op.C % 17 == 0 && _ids.Count > 0)
        {
            // A duplicate id. Issue 18: an id the engine knows — open, or closed and remembered (every id of a run is) — is
            // not used again: the same request is a repeat, answered without effect (the ledger would see any event), and
            // another request is refused. (Before, a closed conversation's id started a new life.)
            _argumentExpected = true;
            _engine.Submit(Request(_ids[op.C % _ids.Count], op.A, op.B, op.C));
            return;
        }

        ConversationId id = NewId();
        _ids.Add(id);
        ConversationRequest request = Request(id, op.A, op.B, op.C);
        _engine.Submit(request);
        _closed.Remove(id);
        _acceptCalls[id] = 0;
        _ledger.RecordRequest(request);
    }

    private void Answer(Op op)
    {
        if (Pick(op.A, v => v.State == ConversationState.Offered) is not { } id)
        {
            return;
        }

        ConversationSnapshot before = _engine.GetConversation(id);
        AgentId agent = before.OfferedTo.IsEmpty || op.B % 10 == 0 ? AgentAt(op.B / 10) : before.OfferedTo[op.B % before.OfferedTo.Length];
        _argumentExpected |= !_roster.ContainsKey(agent);
        if (op.Kind == OpKind.Accept)
        {
            _engine.Accept(id, agent);
            if (before.Agent != agent)
            {
                _acceptCalls[id]++; // an accept by the agent who holds it already is a repeat (issue 18): no event, nothing taken
                _split.Accepted(id, before.AgentGroup);
            }
        }
        else
        {
            _engine.Decline(id, agent);
        }
    }

    /// <summary>A conversation: usually one in the wanted state, sometimes any (a duplicate or out-of-order operation).</summary>
    private ConversationId? Pick(int a, Func<ConversationSnapshot, bool> wanted)
    {
        if (_ids.Count == 0)
        {
            return null;
        }

        ConversationId[] fitting = [.. _ids.Where(id => wanted(_engine.GetConversation(id)))];
        ConversationId id = fitting.Length > 0 && a % 5 != 0 ? fitting[a % fitting.Length] : _ids[a % _ids.Count];
        _argumentExpected = _closed.Contains(id);
        return id;
    }

    private AgentId AgentAt(int a)
    {
        AgentId agent = _everyAgent[a % _everyAgent.Count];
        _argumentExpected |= !_roster.ContainsKey(agent);
        return agent;
    }

    private ConversationId NewId() => new($"c{_next++}");

    /// <summary>Decodes a request: skill (s0..s3, none, or one nobody holds), media, required and optional tags, priority, type, consumer, creation time.</summary>
    private ConversationRequest Request(ConversationId id, int skill, int b, int c) => Universe.Request(id, skill, b, c, _clock.GetUtcNow());

    /// <summary>
    /// Follows the primary turns of the distributed skill from the events the operation produced, in their order. A
    /// conversation is given its primary group when it is routed on the skill without one: when submitted, transferred to it,
    /// or — assigned directly, so never routed — when it first leaves its agent. Its first routing event (offered, queued or
    /// cascaded) marks the moment, and its snapshot's group (or the cascade's "from" group) names the group. A cascade or a
    /// close ends an open turn untaken (the group is owed it).
    /// </summary>
    private void Track(Op op)
    {
        RoutingEvent[] events = _ledger.TakeRecent();
        foreach (RoutingEvent e in events)
        {
            ConversationId id = e.Conversation;
            if (e.Kind is RoutingEventKind.Submitted or RoutingEventKind.Transferred)
            {
                _split.Forget(id); // a new life: a distribution chooses afresh
            }

            if (e.Kind is RoutingEventKind.Offered or RoutingEventKind.Queued or RoutingEventKind.Cascaded && !_split.HasTurn(id))
            {
                GiveTurn(op, events, id, offeredAtOnce: e.Kind == RoutingEventKind.Offered);
            }

            if (e.Kind is RoutingEventKind.Cascaded or RoutingEventKind.Closed)
            {
                _split.Forfeited(id);
            }
        }
    }

    private void GiveTurn(Op op, RoutingEvent[] events, ConversationId id, bool offeredAtOnce)
    {
        ConversationSnapshot view = _engine.GetConversation(id);
        if (view.Skill != Distributed)
        {
            return;
        }

        RoutingEvent? cascade = events.FirstOrDefault(x => x.Kind == RoutingEventKind.Cascaded && x.Conversation == id);
        string? group = cascade is not null ? CascadeFrom().Match(cascade.Detail!).Groups[1].Value : view.AgentGroup?.Value;
        if (group is null)
        {
            throw new AssertionException($"after {op}: {view} was routed on the distributed skill without an agent group{Environment.NewLine}{_scenario}");
        }

        if (_split.Given(id, group, offeredAtOnce) is { } violation)
        {
            throw new AssertionException($"after {op}: {violation}{Environment.NewLine}{_scenario}");
        }
    }

    [GeneratedRegex("^from group '([^']+)'")]
    private static partial Regex CascadeFrom();

    private void CheckAll(Op? op)
    {
        _checker.CheckState(_engine, _ledger, _clock.GetUtcNow(), _ids, _closed.Contains, trackFloors: true);
        foreach (ConversationId id in _ids)
        {
            int events = _ledger.Find(id)?.AcceptedEvents ?? 0;
            if (events != _acceptCalls.GetValueOrDefault(id))
            {
                _checker.Violations.Add($"{id}: {_acceptCalls.GetValueOrDefault(id)} successful Accept call(s), {events} Accepted event(s)");
            }
        }

        foreach (ConversationRequest probe in _probes)
        {
            _checker.CheckScores(_engine, probe);
        }

        if (_split.Check(_engine.GetWorkloadReport(Distributed)) is { } splitViolation)
        {
            _checker.Violations.Add(splitViolation);
        }

        if (_checker.Violations.Count > 0)
        {
            throw new AssertionException(
                $"after {(op is null ? "the setup" : op.ToString())} (operation {_operations}):{Environment.NewLine}  {string.Join(Environment.NewLine + "  ", _checker.Violations.Take(10))}{Environment.NewLine}{_scenario}");
        }
    }
}
