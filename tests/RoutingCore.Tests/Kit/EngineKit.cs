using System.Diagnostics.Metrics;
using Microsoft.Extensions.Time.Testing;

namespace RoutingCore.Tests.Kit;

/// <summary>
/// The one place the tests build an engine on a fake clock: the start time, the <see cref="FakeTimeProvider"/>, the options
/// (given, or defaults, then a configure callback), extra strategies and capacity models, the waiting-queue ordering, the
/// meter factory, the engine's name, and an <see cref="EventLog"/> subscribed at once or when the test chooses. (A custom workload splitter
/// can only be passed through dependency injection: the tests that do so test that creation path and build their own.)
/// Every other helper (TestEngine, Center, ReliabilityWorld, StateKit, MeteredCenter, ModelRunner, SoakDriver) builds its
/// engine here and keeps only its own scenario. Also compiled into the benchmarks, with the soak driver: no test framework here.
/// </summary>
internal sealed class EngineKit : IDisposable
{
    /// <summary>When every fake clock starts: a Monday, 09:00 UTC.</summary>
    public static readonly DateTimeOffset Start = new(2026, 1, 5, 9, 0, 0, TimeSpan.Zero);

    private IDisposable? _logSubscription;

    /// <summary>Builds the engine.</summary>
    /// <param name="configure">Changes the options before the engine is built.</param>
    /// <param name="options">The options; <see langword="null"/>: <see cref="RoutingOptions"/> defaults.</param>
    /// <param name="strategies">Strategies besides the built-in ones.</param>
    /// <param name="capacityModels">Capacity models besides the built-in ones.</param>
    /// <param name="queueOrdering">The waiting-queue ordering; <see langword="null"/>: the default.</param>
    /// <param name="meterFactory">The meter factory; <see langword="null"/>: the engine's own meter.</param>
    /// <param name="logEvents">Whether <see cref="Log"/> is subscribed now; otherwise call <see cref="AttachLog"/> when the test's part begins.</param>
    /// <param name="time">
    /// Wraps <see cref="Clock"/> into the <see cref="TimeProvider"/> the engine runs on (a clock with rules of its own, for
    /// example platform limits on timers); <see langword="null"/>: the engine runs on <see cref="Clock"/> itself.
    /// </param>
    /// <param name="clock">Another kit's clock, for engines that must share one time; <see langword="null"/>: a new clock at <see cref="Start"/>.</param>
    /// <param name="name">The engine's name (its metrics' engine tag); <see langword="null"/>: the default name.</param>
    public EngineKit(
        Action<RoutingOptions>? configure = null,
        RoutingOptions? options = null,
        IEnumerable<IRoutingStrategy>? strategies = null,
        IEnumerable<ICapacityModel>? capacityModels = null,
        IWaitingQueueOrdering? queueOrdering = null,
        IMeterFactory? meterFactory = null,
        bool logEvents = true,
        Func<FakeTimeProvider, TimeProvider>? time = null,
        FakeTimeProvider? clock = null,
        string? name = null)
    {
        Clock = clock ?? new FakeTimeProvider(Start);
        Options = options ?? new RoutingOptions();
        configure?.Invoke(Options);
        Engine = RoutingEngine.Create(Options, time?.Invoke(Clock) ?? Clock, strategies, capacityModels, queueOrdering, meterFactory, name);

        if (logEvents)
        {
            AttachLog();
        }
    }

    public FakeTimeProvider Clock { get; }

    public RoutingOptions Options { get; }

    public IRoutingEngine Engine { get; }

    /// <summary>The events the engine published since <see cref="AttachLog"/> (at construction unless told otherwise).</summary>
    public EventLog Log { get; } = new();

    /// <summary>The time since <see cref="Start"/>.</summary>
    public TimeSpan Elapsed => Clock.GetUtcNow() - Start;

    /// <summary>Subscribes <see cref="Log"/> (once).</summary>
    public void AttachLog() => _logSubscription ??= Engine.Subscribe(Log);

    /// <summary>Moves the clock forward to <paramref name="at"/>; a time already passed leaves it where it is.</summary>
    public void AdvanceTo(DateTimeOffset at)
    {
        DateTimeOffset now = Clock.GetUtcNow();
        if (at > now)
        {
            Clock.Advance(at - now);
        }
    }

    public void Dispose() => Engine.Dispose();
}

/// <summary>Records every event an engine publishes.</summary>
internal sealed class EventLog : IRoutingObserver
{
    private readonly List<RoutingEvent> _events = [];

    public IReadOnlyList<RoutingEvent> Events
    {
        get
        {
            lock (_events)
            {
                return [.. _events];
            }
        }
    }

    public void OnEvent(RoutingEvent routingEvent)
    {
        lock (_events)
        {
            _events.Add(routingEvent);
        }
    }

    public RoutingEvent[] Of(RoutingEventKind kind, string? conversation = null) =>
        [.. Events.Where(e => e.Kind == kind && (conversation is null || e.Conversation.Value == conversation))];

    public string[] AgentsOf(RoutingEventKind kind, string conversation) =>
        [.. Of(kind, conversation).Select(e => e.Agent!.Value.Value)];
}
