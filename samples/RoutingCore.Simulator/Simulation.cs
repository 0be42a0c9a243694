using System.Diagnostics;

namespace RoutingCore.Simulator;

/// <summary>
/// A discrete-event simulation of one day of a messaging contact center, run through the real engine on a fake clock.
/// Simulation events (arrivals, agents' reactions, messages, silences, abandonment, shifts, pacing ticks) wait in a
/// priority queue; before each, the clock advances to its time, stopping at every engine timer on the way, so the engine's
/// steps, timeouts, grace periods and auto-closes fire in order. The engine's events (offers, acceptances, returns...) are
/// observed and answered with new simulation events. Randomness comes only from <see cref="Random"/> seeded by the scenario.
/// </summary>
internal sealed partial class Simulation : IRoutingObserver
{
    /// <summary>The simulated day starts at midnight UTC of a fixed date, so reports do not depend on when they run.</summary>
    internal static readonly DateTimeOffset DayStart = new(2026, 1, 5, 0, 0, 0, TimeSpan.Zero);

    private const string PacingGroup = "all-agents";
    private const int SampleSeconds = 60;

    private readonly Scenario _scenario;
    private readonly string _strategy;
    private readonly Action<SimulationProgress>? _progress;
    private readonly SimulationClock _clock = new(DayStart);
    private readonly IRoutingEngine _engine;
    private readonly PriorityQueue<SimEvent, (long Ticks, long Sequence)> _queue = new();
    private readonly List<SimConversation> _conversations = [];
    private readonly List<SimAgent> _agents = [];
    private readonly Dictionary<ConversationId, int> _conversationIndex = [];
    private readonly Dictionary<AgentId, int> _agentIndex = [];
    private readonly HashSet<long> _pendingOffers = [];
    private readonly Random _agentRandom;
    private readonly Random _invitationRandom;
    private readonly Random _waitingRandom;
    private readonly SkillId _skill;
    private readonly string[] _groupNames;
    private readonly SimulationResult _result;
    private readonly long _endTicks;
    private readonly long _bucketTicks;
    private readonly double[] _queueSum;
    private readonly int[] _samples;
    private readonly double[][] _loadSum;
    private readonly double[][] _limitSum;
    private readonly double[][] _loggedInSum;
    private readonly Queue<(long Sent, long AcceptAt)> _recentInvitations = new();
    private readonly Queue<long> _recentArrivals = new();
    private readonly Stopwatch _wall = new();
    private readonly Dictionary<string, (long Calls, long Ticks)>? _profile;
    private long _sequence;
    private int _waiting;
    private int _loggedIn;
    private long _invitationsResolved;
    private long _invitationsAcceptedMeasured;
    private double _acceptDelaySum;
    private double _handleSum;
    private long _handleCount;
    private double _answerDelaySum;
    private long _answerDelayCount;
    private int _nextProactive;

    public Simulation(Scenario scenario, string? strategy = null, Action<SimulationProgress>? progress = null, bool profile = false, string? ordering = null)
    {
        List<string> errors = scenario.Validate();
        if (errors.Count > 0)
        {
            throw new ScenarioException($"Scenario '{scenario.Name}' is invalid: {string.Join(" ", errors)}");
        }

        _scenario = scenario;
        _strategy = StrategyNames.Find(strategy ?? scenario.Strategy)
            ?? throw new ScenarioException($"Unknown strategy '{strategy ?? scenario.Strategy}'; valid strategies: {string.Join(", ", StrategyNames.All)}.");
        _progress = progress;
        _profile = profile ? new Dictionary<string, (long, long)>(StringComparer.Ordinal) : null;
        _skill = new SkillId(scenario.Skill);
        _groupNames = [.. scenario.Groups.Select(g => g.Name)];
        _agentRandom = new Random(Derive(scenario.Seed, 2));
        _invitationRandom = new Random(Derive(scenario.Seed, 3));
        _waitingRandom = new Random(Derive(scenario.Seed, 5));
        string queueOrdering = QueueOrderings.Find(ordering ?? scenario.Routing.QueueOrdering)
            ?? throw new ScenarioException($"Unknown queue ordering '{ordering ?? scenario.Routing.QueueOrdering}'; valid orderings: {string.Join(", ", QueueOrderings.All)}.");
        _endTicks = DayStart.UtcTicks + TimeSpan.TicksPerDay;
        int buckets = 1440 / scenario.Report.BucketMinutes;
        _bucketTicks = TimeSpan.TicksPerMinute * scenario.Report.BucketMinutes;
        _queueSum = new double[buckets];
        _samples = new int[buckets];
        _loadSum = [.. _groupNames.Select(_ => new double[buckets])];
        _limitSum = [.. _groupNames.Select(_ => new double[buckets])];
        _loggedInSum = [.. _groupNames.Select(_ => new double[buckets])];
        _result = new SimulationResult
        {
            Scenario = scenario.Name,
            Strategy = _strategy,
            Ordering = queueOrdering,
            Seed = scenario.Seed,
            Agents = scenario.Agents,
            BucketMinutes = scenario.Report.BucketMinutes,
            ServiceLevelSeconds = scenario.Report.ServiceLevelSeconds,
            ServiceLevelTarget = scenario.Report.ServiceLevelTarget,
            PacingTarget = scenario.Invitations.PacingTarget!.Value,
            AbandonmentTarget = scenario.Invitations.AbandonmentTarget * 100,
            BusyFactorTarget = scenario.Invitations.BusyFactor * 100,
            QueueLength = new double[buckets],
            ServiceLevelByBucket = new double[buckets],
            ArrivalsByBucket = new int[buckets],
            InvitationsSentByBucket = new int[buckets],
            InvitationsAcceptedByBucket = new int[buckets],
        };
        try
        {
            RoutingOptions options = BuildOptions(scenario, _strategy);
            options.QueueOrdering = queueOrdering;
            _engine = RoutingEngine.Create(options, _clock);
        }
        catch (Microsoft.Extensions.Options.OptionsValidationException e)
        {
            throw new ScenarioException($"The engine refuses the scenario's settings: {string.Join(" ", e.Failures)}");
        }

        _engine.Subscribe(this);
    }

    /// <summary>Runs the day and returns what it measured. Call once.</summary>
    public SimulationResult Run()
    {
        _wall.Start();
        AddRoster();
        ScheduleArrivals();
        Schedule(DayStart.UtcTicks, new SimEvent(EventKind.Sample, 0));
        if (_scenario.Invitations.Enabled)
        {
            Schedule(DayStart.UtcTicks, new SimEvent(EventKind.Pace, 0));
        }

        while (true)
        {
            long next = _queue.TryPeek(out _, out (long Ticks, long Sequence) head) ? head.Ticks : long.MaxValue;
            long at = Math.Min(next, _clock.NextDueTicks);
            if (at >= _endTicks)
            {
                break;
            }

            if (at > _clock.GetUtcNow().UtcTicks)
            {
                long start = StartTiming();
                _clock.SetUtcNow(new DateTimeOffset(at, TimeSpan.Zero)); // fires the engine's due timers, in order
                StopTiming("clock (engine timers)", start);
            }

            while (_queue.TryPeek(out SimEvent ev, out head) && head.Ticks <= at)
            {
                _queue.Dequeue();
                _result.SimulationEvents++;
                Handle(ev);
            }
        }

        _clock.SetUtcNow(new DateTimeOffset(_endTicks, TimeSpan.Zero));
        Finish();
        _wall.Stop();
        _result.WallClock = _wall.Elapsed;
        _engine.Dispose();
        return _result;
    }

    private static RoutingOptions BuildOptions(Scenario s, string strategy)
    {
        RoutingScenario r = s.Routing;
        var workload = new WorkloadDistributionOptions
        {
            PrimaryGroups = [.. s.Groups.Where(g => !g.Secondary).Select(g => new AgentGroupShareOptions { Group = g.Name, Percentage = g.Percentage })],
            SecondaryGroups = [.. s.Groups.Where(g => g.Secondary).Select(g => new AgentGroupShareOptions { Group = g.Name, Percentage = g.Percentage })],
            MaxWait = r.MaxWaitSeconds > 0 ? TimeSpan.FromSeconds(r.MaxWaitSeconds) : null,
        };
        var options = new RoutingOptions
        {
            Strategy = strategy,
            Steps = r.Steps,
            StepDelay = TimeSpan.FromSeconds(r.StepDelaySeconds),
            CapacityModel = r.CapacityModel,
            MaxConcurrent = new MaxConcurrentCapacityOptions { DefaultMaxConcurrent = r.SlotsPerAgent },
            Intensity = new IntensityCapacityOptions
            {
                TimeToInactive = TimeSpan.FromSeconds(r.InactiveAfterSeconds),
                InactiveWeight = r.InactiveWeight,
            },
            AutoCloseAfter = r.AutoCloseMinutes > 0 ? TimeSpan.FromMinutes(r.AutoCloseMinutes) : null,
            ForcedPause = new ForcedPauseOptions { Enabled = r.ForcedPause, IgnoredOffersThreshold = r.IgnoredOffersBeforePause },
            AgentGroups = [.. s.Groups.Select(g => g.Name)],
            Pacing = new PacingOptions
            {
                Interval = TimeSpan.FromSeconds(s.Invitations.IntervalSeconds),
                Target = s.Invitations.PacingTarget!.Value,
                AbandonmentRate = s.Invitations.AbandonmentTarget,
                BusyFactor = s.Invitations.BusyFactor,
                MaxInvitationsPerInterval = s.Invitations.MaxPerInterval,
            },
        };
        options.Skills[s.Skill] = new SkillOptions { Workload = workload };
        return options;
    }

    /// <summary>A seed for one independent random stream of the scenario (arrivals, roster, reactions, invitations).</summary>
    internal static int Derive(int seed, int stream) => unchecked((seed * 397) ^ (stream * 1_000_003) ^ 0x5bd1e995);

    private void Schedule(long ticks, SimEvent ev)
    {
        if (ticks < Now)
        {
            _result.LateEvents++; // never expected: the clock stops at every engine timer, so answers are never in the past
            ticks = Now;
        }

        _queue.Enqueue(ev, (ticks, _sequence++));
    }

    private long Now => _clock.GetUtcNow().UtcTicks;

    private int BucketOf(long ticks) => (int)Math.Clamp((ticks - DayStart.UtcTicks) / _bucketTicks, 0, _samples.Length - 1);

    private void Handle(SimEvent ev)
    {
        switch (ev.Kind)
        {
            case EventKind.Arrival: Arrive(_conversations[ev.Target]); break;
            case EventKind.Abandon: Abandon(_conversations[ev.Target]); break;
            case EventKind.Reaction: React(_conversations[ev.Target], _agents[ev.Aux], ev.Token); break;
            case EventKind.AgentMessage: AgentWrites(_conversations[ev.Target], ev.Token); break;
            case EventKind.ConsumerMessage: ConsumerWrites(_conversations[ev.Target], ev.Token); break;
            case EventKind.WaitingMessage: WaitingConsumerWrites(_conversations[ev.Target]); break;
            case EventKind.ConsumerReturn: ConsumerReturns(_conversations[ev.Target]); break;
            case EventKind.SessionEnd: EndSilentSession(_conversations[ev.Target]); break;
            case EventKind.Login: _agents[ev.Target].OnShift = true; _loggedIn++; Sync(_agents[ev.Target]); break;
            case EventKind.BreakStart: _agents[ev.Target].OnBreak = true; Sync(_agents[ev.Target]); break;
            case EventKind.BreakEnd: _agents[ev.Target].OnBreak = false; Sync(_agents[ev.Target]); break;
            case EventKind.ShiftEnd: EndShift(_agents[ev.Target]); break;
            case EventKind.Logout: LogOut(_agents[ev.Target]); break;
            case EventKind.Recover: _agents[ev.Target].ForcedPaused = false; Sync(_agents[ev.Target]); break;
            case EventKind.Sync: Sync(_agents[ev.Target]); break;
            case EventKind.Pace: Pace(); break;
            case EventKind.Sample: Sample(); break;
        }
    }

    private long StartTiming() => _profile is null ? 0 : Stopwatch.GetTimestamp();

    private void StopTiming(string operation, long start)
    {
        _result.EngineCalls++;
        if (_profile is null)
        {
            return;
        }

        long elapsed = Stopwatch.GetTimestamp() - start;
        _profile[operation] = _profile.TryGetValue(operation, out (long Calls, long Ticks) sum) ? (sum.Calls + 1, sum.Ticks + elapsed) : (1, elapsed);
    }

    private enum EventKind : byte
    {
        Arrival,
        Abandon,
        Reaction,
        AgentMessage,
        ConsumerMessage,
        WaitingMessage,
        ConsumerReturn,
        SessionEnd,
        Login,
        BreakStart,
        BreakEnd,
        ShiftEnd,
        Logout,
        Recover,
        Sync,
        Pace,
        Sample,
    }

    /// <summary>A simulation event: what, for whom (a conversation or agent index), and a token that tells stale events apart.</summary>
    private readonly record struct SimEvent(EventKind Kind, int Target, int Aux = 0, int Token = 0);
}
