using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using Microsoft.Extensions.Time.Testing;
using RoutingCore.Tests.Kit;

namespace RoutingCore.Tests.PropertyBased.Shared;

/// <summary>What a soak run did and found.</summary>
internal sealed class SoakResult
{
    public long Operations { get; init; }

    public long EngineEvents { get; init; }

    public int Threads { get; init; }

    public int Seed { get; init; }

    public IReadOnlyDictionary<string, long> Faults { get; init; } = new Dictionary<string, long>();

    public IReadOnlyDictionary<string, long> Refusals { get; init; } = new Dictionary<string, long>();

    public long QuiescentChecks { get; init; }

    public long InvariantChecks { get; init; }

    public IReadOnlyList<string> Failures { get; init; } = [];

    /// <summary>How long the run took by the wall clock, when its caller measured it (the benchmarks' soak command); the tests do not.</summary>
    public TimeSpan? Elapsed { get; set; }

    public int Conversations { get; init; }

    public long FaultTotal => Faults.Values.Sum();

    public override string ToString()
    {
        var text = new StringBuilder();
        text.AppendLine(string.Create(CultureInfo.InvariantCulture, $"Soak: {Operations:N0} events on {Threads} threads (seed {Seed}){(Elapsed is { } took ? $" in {took.TotalSeconds:N1} s" : "")}; {Conversations:N0} conversations, {EngineEvents:N0} engine events observed"));
        text.AppendLine(string.Create(CultureInfo.InvariantCulture, $"  faults injected: {FaultTotal:N0} ({string.Join(", ", Faults.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key} {p.Value:N0}"))})"));
        text.AppendLine(string.Create(CultureInfo.InvariantCulture, $"  expected refusals: {Refusals.Values.Sum():N0} ({string.Join(", ", Refusals.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key} {p.Value:N0}"))})"));
        text.AppendLine(string.Create(CultureInfo.InvariantCulture, $"  invariant checks: {InvariantChecks:N0} in {QuiescentChecks:N0} quiescent checkpoints"));
        text.Append(string.Create(CultureInfo.InvariantCulture, $"  failures: {Failures.Count}"));
        foreach (string failure in Failures.Take(20))
        {
            text.AppendLine().Append("    ").Append(failure);
        }

        return text.ToString();
    }
}

/// <summary>
/// The soak: several threads hammer one engine on a fake clock with random events (arrivals, accepts, declines, closes, hand
/// backs, transfers, messages, state changes, clock advances) and injected faults (observers that throw, agents removed while
/// they hold work and added back, duplicate and out-of-order operations, clock jumps of many minutes). Every
/// <c>checkEvery</c> events, and at the end, the threads pause and every invariant is checked on the quiescent engine
/// (<see cref="InvariantChecker"/>, the replayed <see cref="EventLedger"/>, and every Accepted and Closed event matching a
/// successful call, a successful call without one being a repeat of one that had). Run from the benchmarks (<c>--soak [events] [threads] [seed]</c>) and, smaller, from the tests.
/// </summary>
internal sealed class SoakDriver : IDisposable
{
    private static readonly string[] Skills = ["sales", "support", "billing", "tech"];
    private static readonly AgentState[] Away = [AgentState.Away, AgentState.BackSoon, AgentState.Paused, AgentState.Offline];

    private readonly int _total;
    private readonly int _threads;
    private readonly int _seed;
    private readonly int _checkEvery;
    private readonly RoutingOptions _options;
    private readonly EngineKit _kit;
    private readonly FakeTimeProvider _clock;
    private readonly IRoutingEngine _engine;
    private readonly EventLedger _ledger = new();
    private readonly InvariantChecker _checker;
    private readonly ThrowingObserver _throwing = new(7);
    private readonly ThrowingObserver _alwaysThrowing = new(1);
    private readonly RecentOffers _offers = new();
    private readonly ReaderWriterLockSlim _pause = new();
    private readonly Lock _idsGate = new();
    private readonly List<ConversationId> _ids = [];
    private readonly AgentProfile[] _profiles;
    private readonly ConcurrentDictionary<(ConversationId Conversation, AgentId Agent), int> _acceptCalls = new();
    private readonly ConcurrentDictionary<ConversationId, int> _closeCalls = new();
    private readonly ConcurrentDictionary<string, long> _faults = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _refusals = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _failures = new();
    private readonly ConcurrentDictionary<AgentId, bool> _removed = new();
    private readonly Lock[] _agentGates;
    private long _issued;
    private long _quiescentChecks;

    public SoakDriver(int events, int threads, int seed, int checkEvery)
    {
        _total = events;
        _threads = threads;
        _seed = seed;
        _checkEvery = checkEvery;
        _options = new RoutingOptions
        {
            Strategy = RoutingStrategyNames.LeastLoaded,
            Steps = 2,
            StepDelay = TimeSpan.FromSeconds(10),
            AbsenceGracePeriod = TimeSpan.FromSeconds(20),
            AutoCloseAfter = TimeSpan.FromMinutes(5),
            AgentGroups = ["north", "south", "east"],
        };
        _options.ForcedPause.IgnoredOffersThreshold = 3;
        _options.Skills["support"] = new SkillOptions { Strategy = RoutingStrategyNames.Dynamic };
        _options.Skills["billing"] = new SkillOptions
        {
            Workload = WorkloadDistribution.Create(
                [new AgentGroupShare(new AgentGroupId("north"), 60), new AgentGroupShare(new AgentGroupId("south"), 40)],
                [new AgentGroupShare(new AgentGroupId("east"), 100)],
                TimeSpan.FromSeconds(30)).ToOptions(),
        };
        _kit = new EngineKit(options: _options, logEvents: false);
        _clock = _kit.Clock;
        _engine = _kit.Engine;
        _engine.Subscribe(_throwing);
        _engine.Subscribe(_ledger);
        _engine.Subscribe(_offers);
        _engine.Subscribe(_alwaysThrowing); // the last observer throws on every event
        _checker = new InvariantChecker(_options);
        var random = new Random(seed);
        string[] groups = ["north", "south", "east"];
        _profiles = new AgentProfile[24];
        _agentGates = [.. _profiles.Select(_ => new Lock())];
        for (int i = 0; i < _profiles.Length; i++)
        {
            _profiles[i] = new AgentProfile(new AgentId($"agent-{i:00}"))
            {
                Skills = [new AgentSkill(new SkillId(Skills[i % Skills.Length])), .. i % 3 == 0 ? [new AgentSkill(new SkillId(Skills[(i + 1) % Skills.Length]), 0.5)] : Array.Empty<AgentSkill>()],
                Groups = [new AgentGroupId(groups[i % groups.Length])],
                Tags = random.Next(2) == 0 ? ["en"] : ["en", "es"],
                Media = i % 4 == 0 ? [MediaType.Chat, new MediaCapacity(MediaType.Voice, 1)] : [MediaType.Chat],
                MaxConcurrent = 2 + (i % 3),
            };
            _engine.AddAgent(_profiles[i], AgentState.Online);
        }
    }

    /// <summary>Runs a soak and returns what it did; <paramref name="progress"/> receives a line per checkpoint.</summary>
    public static SoakResult Run(int events, int threads, int seed, int checkEvery, TextWriter? progress = null)
    {
        using var soak = new SoakDriver(events, threads, seed, checkEvery);
        return soak.Run(progress);
    }

    public void Dispose()
    {
        _kit.Dispose();
        _pause.Dispose();
    }

    private SoakResult Run(TextWriter? progress)
    {
        var workers = new Thread[_threads];
        for (int t = 0; t < _threads; t++)
        {
            int index = t;
            workers[t] = new Thread(() => Work(index, progress)) { IsBackground = true, Name = $"soak-{index}" };
            workers[t].Start();
        }

        foreach (Thread worker in workers)
        {
            worker.Join();
        }

        Checkpoint(progress);
        _faults["observer exception"] = _throwing.Thrown + _alwaysThrowing.Thrown;
        return new SoakResult
        {
            Operations = Math.Min(Interlocked.Read(ref _issued), _total),
            EngineEvents = _ledger.EventCount,
            Threads = _threads,
            Seed = _seed,
            Faults = new Dictionary<string, long>(_faults),
            Refusals = new Dictionary<string, long>(_refusals),
            QuiescentChecks = _quiescentChecks,
            InvariantChecks = _checker.Checks + _ledger.TransitionChecks,
            Failures = [.. _failures],
            Conversations = IdsSnapshot().Length,
        };
    }

    private void Work(int index, TextWriter? progress)
    {
        var random = new Random((_seed * 1_000) + index);
        while (true)
        {
            long n = Interlocked.Increment(ref _issued);
            if (n > _total)
            {
                return;
            }

            _pause.EnterReadLock();
            try
            {
                Step(random, n);
            }
            catch (RoutingOperationException e)
            {
                Count(_refusals, e.Code.ToString());
            }
            catch (ArgumentException e)
            {
                Count(_refusals, Classify(e));
            }
#pragma warning disable CA1031 // Anything else is a failure, reported with the operation that threw it.
            catch (Exception e)
#pragma warning restore CA1031
            {
                _failures.Enqueue($"event {n} on thread {index}: {e.GetType().Name}: {e.Message}{Environment.NewLine}{e.StackTrace}");
            }
            finally
            {
                _pause.ExitReadLock();
            }

            if (n % _checkEvery == 0)
            {
                Checkpoint(progress);
            }
        }
    }

    private void Step(Random random, long n)
    {
        int roll = random.Next(1_000);
        switch (roll)
        {
            case < 130:
                Submit(random, n);
                break;
            case < 380:
                Answer(random, accept: true);
                break;
            case < 430:
                Answer(random, accept: false);
                break;
            case < 590:
                if (Pick(random, random.Next(5) switch { 0 => null, 1 => ConversationState.Waiting, 2 => ConversationState.Dormant, _ => ConversationState.Assigned }) is { } closing)
                {
                    _engine.Close(closing);
                    _closeCalls.AddOrUpdate(closing, 1, (_, c) => c + 1);
                }

                break;
            case < 630:
                if (Pick(random, ConversationState.Assigned) is { } returning)
                {
                    _engine.ReturnToQueue(returning);
                }

                break;
            case < 660:
                if (Pick(random, ConversationState.Assigned) is { } moving)
                {
                    _engine.Transfer(moving, new SkillId(Skills[random.Next(Skills.Length)]));
                }

                break;
            case < 780:
                if (Pick(random) is { } talking)
                {
                    MessageAuthor author = random.Next(2) == 0 ? MessageAuthor.Consumer : MessageAuthor.Agent;
                    DateTimeOffset at = _clock.GetUtcNow();
                    _engine.ReportMessage(talking, author, at);
                    _ledger.RecordMessage(talking, author, at);
                }

                break;
            case < 870:
                SetState(random);
                break;
            case < 950:
                _clock.Advance(TimeSpan.FromSeconds(1 + random.Next(8)));
                break;
            case < 958:
                Count(_faults, "clock jump");
                _clock.Advance(TimeSpan.FromMinutes(1 + random.Next(5)));
                break;
            case < 966:
                RemoveOrAddBack(random);
                break;
            case < 983:
                Duplicate(random, n);
                break;
            default:
                OutOfOrder(random);
                break;
        }
    }

    private void Submit(Random random, long n)
    {
        SkillId? skill = random.Next(8) == 0 ? (SkillId?)null : new SkillId(Skills[random.Next(Skills.Length)]);
        var request = new ConversationRequest(new ConversationId($"c{_seed}-{n}"))
        {
            Skill = skill,
            Media = random.Next(10) == 0 && skill is null or { Value: "sales" } ? [MediaType.Chat, MediaType.Voice] : [MediaType.Chat],
            RequiredTags = random.Next(6) == 0 ? ["es"] : [],
            OptionalTags = random.Next(3) == 0 ? ["es"] : [],
            Priority = random.Next(3),
            Consumer = new ConsumerId($"consumer-{random.Next(500)}"),
            ConversationType = random.Next(5) == 0 ? ConversationTypes.FirstTime : null,
        };
        _ledger.RecordRequest(request);
        _engine.Submit(request);
        lock (_idsGate)
        {
            _ids.Add(request.Id);
        }
    }

    private void Answer(Random random, bool accept)
    {
        // As an agent desktop answers what it was offered: one of the latest offers, sometimes any conversation.
        ConversationId? target = random.Next(5) != 0 ? _offers.Pick(random) : null;
        target ??= Pick(random, ConversationState.Offered);
        if (target is not { } id)
        {
            return;
        }

        ConversationSnapshot view = _engine.GetConversation(id);
        AgentId agent = view.OfferedTo.IsEmpty || random.Next(20) == 0 ? _profiles[random.Next(_profiles.Length)].Id : view.OfferedTo[random.Next(view.OfferedTo.Length)];
        if (accept)
        {
            _engine.Accept(id, agent);
            _acceptCalls.AddOrUpdate((id, agent), 1, (_, c) => c + 1);
        }
        else
        {
            _engine.Decline(id, agent);
        }
    }

    /// <summary>
    /// Mostly brings back an agent that is not online (paused by the forced pause, away...), so the roster keeps its capacity;
    /// otherwise sends a random agent online or away.
    /// </summary>
    private void SetState(Random random)
    {
        AgentSnapshot[] notOnline = [.. _engine.GetAgents().Where(a => a.State != AgentState.Online)];
        if (notOnline.Length > 0 && random.Next(4) != 0)
        {
            _engine.SetAgentState(notOnline[random.Next(notOnline.Length)].Id, AgentState.Online);
            return;
        }

        AgentProfile agent = _profiles[random.Next(_profiles.Length)];
        _engine.SetAgentState(agent.Id, random.Next(10) < 6 ? AgentState.Online : Away[random.Next(Away.Length)]);
    }

    /// <summary>An agent removed while it holds offers and conversations (they are routed again), or a removed one added back.</summary>
    private void RemoveOrAddBack(Random random)
    {
        int index = random.Next(_profiles.Length);
        AgentProfile agent = _profiles[index];
        lock (_agentGates[index])
        {
            if (_removed.TryRemove(agent.Id, out _))
            {
                Count(_faults, "agent added back");
                _engine.AddAgent(agent, AgentState.Online);
                return;
            }

            if (_removed.Count >= 3)
            {
                return; // at most a few agents are off the roster at a time
            }

            Count(_faults, "agent removed mid-work");
            _engine.RemoveAgent(agent.Id);
            _removed[agent.Id] = true;
        }
    }

    /// <summary>The same operation twice in a row: the second is a repeat (issue 18), answered as the first and changing nothing.</summary>
    private void Duplicate(Random random, long n)
    {
        Count(_faults, "duplicate operation");
        if (Pick(random) is not { } id)
        {
            return;
        }

        switch (random.Next(3))
        {
            case 0:
                ConversationSnapshot view = _engine.GetConversation(id);
                if (!view.OfferedTo.IsEmpty)
                {
                    AgentId agent = view.OfferedTo[0];
                    _engine.Accept(id, agent);
                    _acceptCalls.AddOrUpdate((id, agent), 1, (_, c) => c + 1);
                    _engine.Accept(id, agent);
                    _acceptCalls.AddOrUpdate((id, agent), 1, (_, c) => c + 1);
                }

                break;
            case 1:
                _engine.Close(id);
                _closeCalls.AddOrUpdate(id, 1, (_, c) => c + 1);
                _engine.Close(id);
                _closeCalls.AddOrUpdate(id, 1, (_, c) => c + 1);
                break;
            default:
                ConversationRequest again = _ledger.Find(id)?.Request ?? new ConversationRequest(id);
                _engine.Submit(again); // a repeat (issue 18): answered with the snapshot, open or closed (a forgotten closed id starts a new life)
                _ledger.RecordRequest(again);
                _engine.Close(id);
                _closeCalls.AddOrUpdate(id, 1, (_, c) => c + 1);
                break;
        }
    }

    /// <summary>An operation that makes no sense in the conversation's state: refused, changes nothing.</summary>
    private void OutOfOrder(Random random)
    {
        Count(_faults, "out-of-order operation");
        if (Pick(random) is not { } id)
        {
            return;
        }

        AgentId agent = _profiles[random.Next(_profiles.Length)].Id;
        ConversationSnapshot view = _engine.GetConversation(id);
        switch (view.State)
        {
            case ConversationState.Assigned:
                _engine.Decline(id, view.Agent!.Value); // a decline after the accept
                break;
            case ConversationState.Waiting:
            case ConversationState.Offered:
                _engine.ReturnToQueue(id); // a hand back of a conversation never assigned
                break;
            default:
                _engine.Accept(id, agent); // an accept of a dormant or closed conversation
                _acceptCalls.AddOrUpdate((id, agent), 1, (_, c) => c + 1);
                break;
        }
    }

    /// <summary>
    /// Usually one of the latest conversations (threads race on them), sometimes any; a few tries for one the events leave in the
    /// wanted state (open, when none is named), else the last one tried (an operation that will mostly be refused).
    /// </summary>
    private ConversationId? Pick(Random random, ConversationState? wanted = null)
    {
        ConversationId? picked = null;
        for (int attempt = 0; attempt < 8; attempt++)
        {
            lock (_idsGate)
            {
                int count = _ids.Count;
                if (count == 0)
                {
                    return null;
                }

                picked = random.Next(4) == 0 ? _ids[random.Next(count)] : _ids[count - 1 - random.Next(Math.Min(count, 60))];
            }

            ConversationState? state = _ledger.Find(picked.Value)?.State;
            if (wanted is { } want ? state == want : state != ConversationState.Closed)
            {
                return picked;
            }
        }

        return picked;
    }

    private ConversationId[] IdsSnapshot()
    {
        lock (_idsGate)
        {
            return [.. _ids];
        }
    }

    /// <summary>Pauses every thread, checks every invariant on the quiescent engine, resumes.</summary>
    private void Checkpoint(TextWriter? progress)
    {
        _pause.EnterWriteLock();
        try
        {
            _quiescentChecks++;
            int before = _checker.Violations.Count;
            ConversationId[] open = [.. IdsSnapshot().Where(id => _ledger.Find(id)?.State != ConversationState.Closed)];
            _checker.CheckState(_engine, _ledger, _clock.GetUtcNow(), open, _ => false, trackFloors: false);
            foreach (ConversationId id in IdsSnapshot())
            {
                // Every event comes from a successful call; a successful call without an event of its own is a repeat (issue
                // 18: an accept by the agent who holds the conversation, a close of a closed one), so it follows one that had.
                int accepts = _ledger.Total(id, RoutingEventKind.Accepted);
                int closes = _ledger.Total(id, RoutingEventKind.Closed);
                int acceptCalls = _acceptCalls.Where(a => a.Key.Conversation == id).Sum(a => a.Value);
                int closeCalls = _closeCalls.GetValueOrDefault(id);
                if (accepts > acceptCalls || closes > closeCalls || (closeCalls > 0 && closes == 0))
                {
                    _checker.Violations.Add($"{id}: {acceptCalls} successful Accept and {closeCalls} Close call(s), {accepts} Accepted and {closes} Closed event(s)");
                }
            }

            foreach (((ConversationId id, AgentId agent), int calls) in _acceptCalls)
            {
                if (!_ledger.HasAccepted(id, agent))
                {
                    _checker.Violations.Add($"{id}: {calls} successful Accept call(s) by {agent}, and no Accepted event names it");
                }
            }

            foreach (string violation in _checker.Violations.Skip(before))
            {
                _failures.Enqueue(violation);
            }

            _checker.Violations.Clear();
            if (progress is not null)
            {
                var agents = _engine.GetAgents();
                var waiting = _engine.GetWaitingConversations();
                string bySkill = string.Join(", ", waiting.GroupBy(w => w.Skill?.Value ?? "any").OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key} {g.Count()}"));
                progress.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  checkpoint {_quiescentChecks}: {Math.Min(Interlocked.Read(ref _issued), _total):N0} events, {open.Length:N0} open conversations, {waiting.Length:N0} waiting ({bySkill}), {agents.Count(a => a.State == AgentState.Online)}/{agents.Length} agents online, {_failures.Count} failure(s)"));
            }
        }
        finally
        {
            _pause.ExitWriteLock();
        }
    }

    /// <summary>Names the refusal of a bad argument (unknown ids and closed conversations come as coded refusals).</summary>
    private static string Classify(ArgumentException e) =>
        e.Message.Contains("before conversation", StringComparison.Ordinal) ? "message before its assignment" : e.GetType().Name + ": " + e.Message;

    private static void Count(ConcurrentDictionary<string, long> counts, string key) => counts.AddOrUpdate(key, 1, (_, c) => c + 1);

    /// <summary>The conversations offered most recently.</summary>
    private sealed class RecentOffers : IRoutingObserver
    {
        private readonly Lock _gate = new();
        private readonly ConversationId[] _ring = new ConversationId[64];
        private long _count;

        public void OnEvent(RoutingEvent value)
        {
            if (value.Kind == RoutingEventKind.Offered)
            {
                lock (_gate)
                {
                    _ring[_count++ % _ring.Length] = value.Conversation;
                }
            }
        }

        public ConversationId? Pick(Random random)
        {
            lock (_gate)
            {
                return _count == 0 ? (ConversationId?)null : _ring[random.Next((int)Math.Min(_count, _ring.Length))];
            }
        }
    }

    /// <summary>An observer that throws on every n-th event it receives.</summary>
    private sealed class ThrowingObserver(int every) : IRoutingObserver
    {
        private long _seen;
        private long _thrown;

        public long Thrown => Interlocked.Read(ref _thrown);

        public void OnEvent(RoutingEvent value)
        {
            if (Interlocked.Increment(ref _seen) % every == 0)
            {
                Interlocked.Increment(ref _thrown);
                throw new InvalidOperationException("An observer failed (injected fault).");
            }
        }
    }
}
