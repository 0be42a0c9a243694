using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using CsCheck;
using Microsoft.Extensions.Time.Testing;
using RoutingCore.Tests.PropertyBased;
using RoutingCore.Tests.PropertyBased.Shared;

namespace RoutingCore.Tests.State;

/// <summary>What a step of a round-trip run does besides the lifecycle generators' events.</summary>
internal enum TripKind
{
    /// <summary>One of <see cref="Generators.Operation"/>'s events.</summary>
    Core,

    /// <summary>An agent's profile changes (limit, skills, media).</summary>
    UpdateAgent,

    /// <summary>A consumer message reported with a time in the past.</summary>
    MessageAt,

    /// <summary>A throwing observer is subscribed, or unsubscribed.</summary>
    Fault,

    /// <summary>The distributed skill's distribution is removed.</summary>
    ClearWorkload,

    /// <summary>The engine is saved, and the document restored and compared.</summary>
    Save,

    /// <summary>
    /// The thread's last call is made again, exactly (issue 18): right after it succeeded, a repeat must change nothing; later
    /// (a save and restore, or other calls in between), it is whatever the engine makes of it.
    /// </summary>
    Repeat,
}

/// <summary>One step of a round-trip run.</summary>
internal readonly record struct TripOp(TripKind Kind, Op Core, int A, int B)
{
    public override string ToString() => Kind == TripKind.Core ? Core.ToString() : string.Create(CultureInfo.InvariantCulture, $"{Kind}({A},{B})");
}

/// <summary>A generated configuration, roster and one list of steps per thread.</summary>
/// <param name="Config">The options.</param>
/// <param name="Agents">The roster at the start.</param>
/// <param name="DeclaredGroups">Whether the options declare the agent groups (otherwise distributions are configured at run time, on groups agents hold).</param>
/// <param name="Threads">The steps of each thread (one list: a single-thread run).</param>
internal sealed record TripScenario(ConfigSpec Config, AgentSpec[] Agents, bool DeclaredGroups, TripOp[][] Threads)
{
    public RoutingOptions Options()
    {
        RoutingOptions options = Config.Build();
        if (!DeclaredGroups)
        {
            options.AgentGroups = [];
            options.Skills[Universe.DistributedSkill].Workload = null;
        }

        return options;
    }

    public override string ToString() =>
        $"config: {Config} declared groups {DeclaredGroups}{Environment.NewLine}agents:{Environment.NewLine}  {string.Join(Environment.NewLine + "  ", Agents.Select(a => a.ToString()))}"
        + string.Concat(Threads.Select((ops, i) => $"{Environment.NewLine}thread {i}: {string.Join(" ", ops)}"));
}

/// <summary>Generators of round-trip runs: the lifecycle generators' events plus profile changes, past messages, faults, distribution removals and saves.</summary>
internal static class TripGenerators
{
    public static readonly Gen<TripOp> Step = Gen.Frequency(
        (100, Generators.Operation.Select(o => new TripOp(TripKind.Core, o, 0, 0))),
        (4, Gen.Select(Gen.Int[0, 99], Gen.Int[0, 7], (a, b) => new TripOp(TripKind.UpdateAgent, default, a, b))),
        (4, Gen.Select(Gen.Int[0, 99], Gen.Int[0, 90], (a, b) => new TripOp(TripKind.MessageAt, default, a, b))),
        (2, Gen.Const(new TripOp(TripKind.Fault, default, 0, 0))),
        (1, Gen.Const(new TripOp(TripKind.ClearWorkload, default, 0, 0))),
        (6, Gen.Int[0, 99].Select(a => new TripOp(TripKind.Save, default, a, 0))));

    /// <summary>
    /// <see cref="Step"/>, or a repeat of the thread's last call (issue 18). Kept apart from <see cref="Step"/> so that the
    /// seeds of runs generated before repeats existed (regression tests) still give the same runs.
    /// </summary>
    public static readonly Gen<TripOp> StepOrRepeat = Gen.Frequency(
        (117, Step),
        (10, Gen.Const(new TripOp(TripKind.Repeat, default, 0, 0))));

    /// <summary>A run on one thread: 10..<paramref name="maxOps"/> steps, with repeats unless <paramref name="repeats"/> is false.</summary>
    public static Gen<TripScenario> SingleThread(int maxOps, bool repeats = true) =>
        Gen.Select(Generators.Config, Generators.Roster, Gen.Bool, (repeats ? StepOrRepeat : Step).Array[10, maxOps], (c, r, d, o) => new TripScenario(c, r, d, [o]));

    /// <summary>A run on <paramref name="threads"/> threads against one engine, each 10..<paramref name="maxOps"/> steps.</summary>
    public static Gen<TripScenario> Concurrent(int threads, int maxOps) =>
        Gen.Select(Generators.Config, Generators.Roster, Gen.Bool, StepOrRepeat.Array[10, maxOps].Array[threads], (c, r, d, o) => new TripScenario(c, r, d, o));
}

/// <summary>The figures of a batch of round-trip runs, for the test's output. Thread-safe.</summary>
internal sealed class TripTotals
{
    private long _runs;
    private long _operations;
    private long _refusals;
    private long _saved;
    private long _restored;
    private long _savedAmidOthers;
    private long _repeatsChecked;

    public long Runs => Interlocked.Read(ref _runs);

    public long Saved => Interlocked.Read(ref _saved);

    public long Restored => Interlocked.Read(ref _restored);

    /// <summary>Saves taken while another thread was running operations on the same engine.</summary>
    public long SavedAmidOthers => Interlocked.Read(ref _savedAmidOthers);

    /// <summary>Repeats made right after their call succeeded, checked to have changed nothing.</summary>
    public long RepeatsChecked => Interlocked.Read(ref _repeatsChecked);

    public void Run() => Interlocked.Increment(ref _runs);

    public void RepeatChecked() => Interlocked.Increment(ref _repeatsChecked);

    public void Operation(bool refused)
    {
        Interlocked.Increment(ref _operations);
        if (refused)
        {
            Interlocked.Increment(ref _refusals);
        }
    }

    public void Save() => Interlocked.Increment(ref _saved);

    public void SaveAmidOthers() => Interlocked.Increment(ref _savedAmidOthers);

    public void Restore() => Interlocked.Increment(ref _restored);

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Runs} runs, {Interlocked.Read(ref _operations)} operations ({Interlocked.Read(ref _refusals)} documented refusals, {RepeatsChecked} repeats checked to change nothing), {Saved} documents saved ({SavedAmidOthers} while other threads ran), {Restored} restored and compared");
}

/// <summary>
/// One engine driven by generated steps, possibly from several threads at once. Every public operation is used: agents
/// added, changed, removed and added again with the same ids, state changes, submits, direct assignments, accepts,
/// declines, returns, transfers, closes, messages (now and in the past), distributions set and removed, clock advances and
/// a throwing observer; returns, transfers and messages some of the time with an operation or message id; and repeats of
/// the last call (issue 18), of which one made right after the call succeeded must leave the engine's command sequence
/// as it was (single-thread runs). A call may be refused only as documented (<see cref="RoutingOperationException"/>, an
/// <see cref="ArgumentException"/> naming an unknown or duplicate id, an <see cref="ArgumentOutOfRangeException"/> for a
/// message time); anything else fails the run.
/// </summary>
internal sealed class TripWorld : IDisposable
{
    private static readonly SkillId Distributed = new(Universe.DistributedSkill);
    private readonly Lock _gate = new();
    private readonly TripScenario _scenario;
    private readonly TripTotals _totals;
    private readonly List<ConversationId> _ids = [];
    private readonly Dictionary<AgentId, AgentProfile> _everyAgent = [];
    private readonly List<AgentId> _agentOrder = [];
    private readonly ThrowingObserver _fault = new();
    private IDisposable? _faultSubscription;
    private int _next;
    private int _nextOperation;
    private int _running;

    public TripWorld(TripScenario scenario, TripTotals totals)
    {
        _scenario = scenario;
        _totals = totals;
        Options = scenario.Options();
        Kit = new EngineKit(options: Options, logEvents: false);
        foreach (AgentSpec agent in scenario.Agents)
        {
            Kit.Engine.AddAgent(agent.Profile, agent.State);
            _everyAgent[agent.Profile.Id] = agent.Profile;
            _agentOrder.Add(agent.Profile.Id);
        }

        Probes = Universe.Probes();
    }

    public RoutingOptions Options { get; }

    public EngineKit Kit { get; private set; }

    public IRoutingEngine Engine => Kit.Engine;

    public FakeTimeProvider Clock => Kit.Clock;

    /// <summary>Requests planned to compare engines and check scores.</summary>
    public ConversationRequest[] Probes { get; }

    public void Dispose()
    {
        _faultSubscription?.Dispose();
        Kit.Dispose();
    }

    /// <summary>Runs one thread's steps; a save checks its document at once (<see cref="StateRoundTripCheck"/>).</summary>
    public void Run(TripOp[] steps, bool concurrent)
    {
        Interlocked.Increment(ref _running);
        try
        {
            RunSteps(steps, concurrent);
        }
        finally
        {
            Interlocked.Decrement(ref _running);
        }
    }

    private void RunSteps(TripOp[] steps, bool concurrent)
    {
        (Action Call, bool Idempotent)? last = null; // this thread's last call, and whether a repeat of it must change nothing
        bool lastSucceeded = false;
        bool repeatNow = false; // the previous step was that call
        foreach (TripOp step in steps)
        {
            bool justCalled = repeatNow;
            repeatNow = false;
            if (step.Kind == TripKind.Save)
            {
                if (Volatile.Read(ref _running) > 1)
                {
                    _totals.SaveAmidOthers();
                }

                StateRoundTripCheck.SaveAndCheck(this, _totals, compareAnswers: !concurrent);
                if (!concurrent && step.A % 3 == 0)
                {
                    Adopt(StateRoundTripCheck.RestoreCopy(this, _totals));
                }

                continue;
            }

            bool refused = false;
            try
            {
                if (step.Kind == TripKind.Repeat)
                {
                    if (last is not { } previous)
                    {
                        continue;
                    }

                    long before = Engine.LastCommandSequence;
                    previous.Call();
                    if (!concurrent && justCalled && lastSucceeded && previous.Idempotent)
                    {
                        if (Engine.LastCommandSequence != before)
                        {
                            throw new InvalidOperationException($"A repeat of a call that had just succeeded changed the engine (command sequence {before} -> {Engine.LastCommandSequence}).");
                        }

                        _totals.RepeatChecked();
                    }
                }
                else if (Prepare(step) is { } call)
                {
                    last = call;
                    lastSucceeded = false;
                    repeatNow = true;
                    call.Call();
                    lastSucceeded = true;
                }
            }
            catch (RoutingOperationException)
            {
                refused = true;
            }
            catch (ArgumentOutOfRangeException e) when (step.Kind is TripKind.MessageAt or TripKind.Repeat && e.ParamName == "at")
            {
                refused = true;
            }
            catch (ArgumentException e) when (e.GetType() == typeof(ArgumentException))
            {
                refused = true;
            }

            _totals.Operation(refused);
        }
    }

    /// <summary>Continues on a restored copy (single-thread runs): the restored engine must keep working like the original.</summary>
    private void Adopt(EngineKit restored)
    {
        bool faulty = _faultSubscription is not null;
        _faultSubscription?.Dispose();
        _faultSubscription = null;
        Kit.Dispose();
        Kit = restored;
        if (faulty)
        {
            _faultSubscription = Engine.Subscribe(_fault);
        }
    }

    /// <summary>
    /// Does a step that is not a call (a fault, a clock advance) and returns null; for a call, prepares it — every argument
    /// decided now, so that a repeat makes exactly the same call — and returns it, with whether a repeat right after its
    /// success must change nothing (false for the calls a repeat of which cannot be told from a new one: a return, a transfer
    /// or a message without an id).
    /// </summary>
    private (Action Call, bool Idempotent)? Prepare(TripOp step)
    {
        switch (step.Kind)
        {
            case TripKind.UpdateAgent:
                AgentProfile changed = Variant(AgentAt(step.A), step.B);
                return (() => Engine.UpdateAgent(changed), true);
            case TripKind.MessageAt:
                ConversationId late = ConversationAt(step.A);
                DateTimeOffset at = Clock.GetUtcNow() - TimeSpan.FromSeconds(step.B);
                MessageId? lateId = step.B % 2 == 0 ? new MessageId(NextId("m")) : null;
                return (() => Engine.ReportMessage(late, MessageAuthor.Consumer, at, lateId), lateId is not null);
            case TripKind.Fault:
                lock (_gate)
                {
                    if (_faultSubscription is null)
                    {
                        _faultSubscription = Engine.Subscribe(_fault);
                    }
                    else
                    {
                        _faultSubscription.Dispose();
                        _faultSubscription = null;
                    }
                }

                return null;
            case TripKind.ClearWorkload:
                return (() => Engine.ConfigureWorkload(Distributed, null), true);
        }

        Op op = step.Core;
        switch (op.Kind)
        {
            case OpKind.Submit:
                ConversationRequest request = Request(op.C % 17 == 0 ? ConversationAt(op.C) : NewId(), op.A, op.B, op.C);
                return (() => Engine.Submit(request), true);
            case OpKind.Accept:
            case OpKind.Decline:
                ConversationId answered = ConversationAt(op.A);
                ImmutableArray<AgentId> offered = Engine.GetConversation(answered).OfferedTo;
                AgentId agent = offered.IsEmpty || op.B % 10 == 0 ? AgentAt(op.B / 10) : offered[op.B % offered.Length];
                return op.Kind == OpKind.Accept ? (() => Engine.Accept(answered, agent), true) : (() => Engine.Decline(answered, agent), true);
            case OpKind.Close:
                ConversationId closing = ConversationAt(op.A);
                return (() => Engine.Close(closing), true);
            case OpKind.ReturnToQueue:
                ConversationId returning = ConversationAt(op.A);
                if (op.B % 2 == 0)
                {
                    OperationId returnId = new(NextId("op"));
                    return (() => Engine.ReturnToQueue(returning, returnId), true);
                }

                return (() => Engine.ReturnToQueue(returning), false);
            case OpKind.Transfer:
                ConversationId transferred = ConversationAt(op.A);
                var skill = new SkillId(Universe.Skills[op.B]);
                if (op.A % 2 == 0)
                {
                    OperationId transferId = new(NextId("op"));
                    return (() => Engine.Transfer(transferred, skill, transferId), true);
                }

                return (() => Engine.Transfer(transferred, skill), false);
            case OpKind.Message:
                ConversationId written = ConversationAt(op.A);
                MessageAuthor author = op.B == 0 ? MessageAuthor.Consumer : MessageAuthor.Agent;
                MessageId? message = op.A % 3 == 0 ? null : new MessageId(NextId("m"));
                return (() => Engine.ReportMessage(written, author, null, message), message is not null);
            case OpKind.SetState:
                AgentId changing = AgentAt(op.A);
                AgentState state = op.B < 5 ? AgentState.Online : Universe.States[op.B % 5];
                return (() => Engine.SetAgentState(changing, state), true);
            case OpKind.Advance:
                Clock.Advance(TimeSpan.FromSeconds(op.A));
                return null;
            case OpKind.ChangeSplit:
                int[] primary = op.B < 0 ? [op.A, 100 - op.A] : [op.A, op.B, 100 - op.A - op.B];
                bool secondary = _scenario.Config.Secondary.Length > 0 && primary.Length == 2;
                WorkloadDistribution distribution = ConfigSpec.Distribution(primary, secondary ? [100] : [], _scenario.Config.MaxWaitSeconds);
                return (() => Engine.ConfigureWorkload(Distributed, distribution), true);
            case OpKind.Assign:
                ConversationRequest direct = Request(NewId(), op.B, op.C, 0);
                AgentId assignee = AgentAt(op.A);
                return (() => Engine.Assign(direct, assignee), true);
            case OpKind.RemoveAgent:
                AgentId leaving = AgentAt(op.A);
                return (() => Engine.RemoveAgent(leaving), true);
            case OpKind.ReAddAgent:
                AgentId back = AgentAt(op.A);
                AgentProfile profile;
                lock (_gate)
                {
                    profile = _everyAgent[back];
                }

                AgentState initial = op.B < 5 ? AgentState.Online : Universe.States[op.B % 5];
                return (() => Engine.AddAgent(profile, initial), true);
        }

        return null;
    }

    /// <summary>A new operation or message id (each call that takes one gets its own; its repeat reuses it).</summary>
    private string NextId(string prefix)
    {
        lock (_gate)
        {
            return string.Create(CultureInfo.InvariantCulture, $"{prefix}{_nextOperation++}");
        }
    }

    /// <summary>An agent of the roster the run started with (removed ones included: their ids come back).</summary>
    private AgentId AgentAt(int a)
    {
        lock (_gate)
        {
            return _agentOrder[a % _agentOrder.Count];
        }
    }

    private ConversationId ConversationAt(int a)
    {
        lock (_gate)
        {
            return _ids.Count == 0 ? new ConversationId("never-submitted") : _ids[a % _ids.Count];
        }
    }

    private ConversationId NewId()
    {
        lock (_gate)
        {
            var id = new ConversationId($"c{_next++}");
            _ids.Add(id);
            return id;
        }
    }

    /// <summary>Another profile for the agent: its limit, skills and media change; the variant is remembered for a re-add.</summary>
    private AgentProfile Variant(AgentId id, int variant)
    {
        lock (_gate)
        {
            AgentProfile current = _everyAgent[id];
            var next = new AgentProfile(id)
            {
                DisplayName = current.DisplayName,
                Tags = current.Tags,
                Groups = current.Groups,
                MaxConcurrent = variant % 4 == 0 ? null : variant % 4,
                Skills = variant == 7 ? [.. current.Skills.Take(1)] : current.Skills.Any(s => s.Skill.Value == Universe.Skills[variant % 4]) ? current.Skills : current.Skills.Add(new AgentSkill(new SkillId(Universe.Skills[variant % 4]))),
                Media = variant >= 6 ? [new MediaCapacity(MediaType.Chat)] : current.Media,
            };
            _everyAgent[id] = next;
            return next;
        }
    }

    /// <summary>A request: skill (s0..s3, none, or one nobody holds), media, required and optional tags, priority, type, consumer, creation time.</summary>
    private ConversationRequest Request(ConversationId id, int skill, int b, int c) => Universe.Request(id, skill, b, c, Clock.GetUtcNow());

    /// <summary>An observer that throws on every event (the engine must not notice).</summary>
    private sealed class ThrowingObserver : IRoutingObserver
    {
        public void OnEvent(RoutingEvent routingEvent) => throw new InvalidOperationException("a faulty observer");
    }
}

/// <summary>Saving an engine, restoring the document into a new one and comparing them.</summary>
internal static class StateRoundTripCheck
{
    /// <summary>
    /// Saves the world's engine and checks its document: it restores into a new engine (on its own clock, at most the save's
    /// time), which saves the same bytes and whose invariants hold; with <paramref name="compareAnswers"/> (no other thread
    /// running), the restored engine also answers every read like the original.
    /// </summary>
    public static void SaveAndCheck(TripWorld world, TripTotals totals, bool compareAnswers)
    {
        DateTimeOffset before = world.Clock.GetUtcNow();
        string document = StateKit.Save(world.Engine);
        totals.Save();
        using EngineKit copy = Restore(world.Options, document, before);
        totals.Restore();
        StateKit.Save(copy.Engine).ShouldBe(document, "the restored engine saves a different document");
        ConversationId[] ids = IdsIn(document);
        var checker = new InvariantChecker(world.Options);
        checker.CheckWithoutHistory(copy.Engine, ids);
        foreach (ConversationRequest probe in world.Probes)
        {
            checker.CheckScores(copy.Engine, probe);
        }

        checker.Violations.ShouldBeEmpty("the restored engine breaks invariants");
        if (compareAnswers)
        {
            Answers(copy.Engine, ids, world.Probes).ShouldBe(Answers(world.Engine, ids, world.Probes), "the restored engine answers differently");
        }
    }

    /// <summary>A restored copy of the world's engine (single-thread runs), to continue on.</summary>
    public static EngineKit RestoreCopy(TripWorld world, TripTotals totals)
    {
        string document = StateKit.Save(world.Engine);
        totals.Save();
        EngineKit copy = Restore(world.Options, document, world.Clock.GetUtcNow());
        totals.Restore();
        return copy;
    }

    /// <summary>Restores a document into a new engine whose clock reads <paramref name="at"/>.</summary>
    public static EngineKit Restore(RoutingOptions options, string document, DateTimeOffset at)
    {
        var copy = new EngineKit(options: options, logEvents: false);
        copy.AdvanceTo(at);
        StateKit.Restore(copy.Engine, document);
        return copy;
    }

    /// <summary>The ids of the conversations a document holds, open and recently closed.</summary>
    public static ConversationId[] IdsIn(string document)
    {
        JsonNode root = JsonNode.Parse(document)!;
        IEnumerable<JsonNode?> open = root["conversations"]!.AsArray().Select(c => c!["request"]);
        IEnumerable<JsonNode?> closed = root["closed"]?["requests"]?.AsArray() ?? [];
        return [.. open.Concat(closed).Select(request => new ConversationId((string)request!["id"]!)).Distinct()];
    }

    /// <summary>Everything the engine answers about its state: agents, conversations, the waiting queue, plans of probes, the split.</summary>
    public static string Answers(IRoutingEngine engine, IEnumerable<ConversationId> ids, ConversationRequest[] probes)
    {
        var text = new StringBuilder();
        foreach (AgentSnapshot a in engine.GetAgents())
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"agent {a.Profile.Id} {a.State} {a.StateSince:O} load {a.Load:R}/{a.Limit:R} reserved {a.Reserved:R} conversations {a.Conversations} offers {a.PendingOffers} declines {a.Declines} timeouts {a.Timeouts} accepted {a.LastAcceptedAt:O} skills {string.Join(",", a.Profile.Skills)} max {a.Profile.MaxConcurrent}");
        }

        foreach (ConversationId id in ids)
        {
            try
            {
                ConversationSnapshot c = engine.GetConversation(id);
                text.AppendLine(CultureInfo.InvariantCulture, $"conversation {c} step {c.Step} sla {c.SlaDue:O} group {c.AgentGroup} offered [{string.Join(",", c.OfferedTo)}] excluded [{string.Join(",", c.Excluded)}] priority {c.Request.Priority} media {string.Join(",", c.Request.Media)}");
            }
            catch (RoutingOperationException e) when (e.Code == RoutingErrorCode.UnknownConversation)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"conversation {id} unknown");
            }
        }

        foreach (WaitingConversation w in engine.GetWaitingConversations())
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"waiting {w} skill {w.Skill} queued {w.QueuedAt:O} sequence {w.Sequence}");
        }

        foreach (ConversationRequest probe in probes)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"plan {engine.Plan(probe)}");
        }

        try
        {
            RoutingCore.WorkloadReport report = engine.GetWorkloadReport(new SkillId(Universe.DistributedSkill));
            text.AppendLine(CultureInfo.InvariantCulture, $"split v{report.Version} {report.PrimaryTotal}/{report.CascadedTotal} {string.Join(" ", report.Groups.Select(g => $"{g.Group}:{g.Role}:{g.PrimaryCount}:{g.CascadedCount}:{g.PrimaryCountSinceChange}:{g.CascadedCountSinceChange}"))}");
        }
        catch (RoutingOperationException e) when (e.Code == RoutingErrorCode.NoWorkloadDistribution)
        {
            text.AppendLine("no split");
        }

        return text.ToString();
    }
}
