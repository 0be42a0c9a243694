using System.Diagnostics.Metrics;

namespace RoutingCore.Telemetry;

/// <summary>
/// One engine's instruments on the "RoutingCore" meter (created with <see cref="RoutingMetricNames.MeterVersion"/>). Every
/// measurement carries the engine's name (<see cref="RoutingMetricNames.EngineTag"/>). Every method checks its instrument's
/// <see cref="Instrument.Enabled"/> first, so nothing is computed or allocated while no listener is attached.
/// </summary>
internal sealed class RoutingMetrics : IDisposable
{
    private static readonly Measurement<int>[] NoMeasurement = [];

    private readonly Meter _meter;
    private readonly bool _ownsMeter;
    private readonly Func<object, int> _queueLength;
    private readonly KeyValuePair<string, object?>[] _engineTag;

    // The engine, held weakly: a meter lives in a process-wide list (or in the factory), and must not keep an engine alive.
    private readonly WeakReference<object> _engine;
    private volatile bool _disposed;

    private RoutingMetrics(Meter meter, bool ownsMeter, string engineName, object engine, Func<object, int> queueLength)
    {
        _meter = meter;
        _ownsMeter = ownsMeter;
        _engine = new WeakReference<object>(engine);
        _queueLength = queueLength;
        var tag = new KeyValuePair<string, object?>(RoutingMetricNames.EngineTag, engineName);
        _engineTag = [tag];
        Routed = new(meter.CreateCounter<long>(RoutingMetricNames.ConversationsRouted, "{conversation}", "Conversations assigned to an agent by accepting an offer."), tag);
        Offers = new(meter.CreateCounter<long>(RoutingMetricNames.Offers, "{offer}", "Offers made to agents."), tag);
        TimedOut = new(meter.CreateCounter<long>(RoutingMetricNames.OffersTimedOut, "{offer}", "Offers whose step delay passed without an answer."), tag);
        ForcedPauses = new(meter.CreateCounter<long>(RoutingMetricNames.ForcedPauses, "{pause}", "Agents paused by the engine for ignoring exclusive offers."), tag);
        meter.CreateObservableUpDownCounter(RoutingMetricNames.QueueLength, ObserveQueue, "{conversation}", "Conversations waiting in the queue.");
        WaitTime = new(meter.CreateHistogram<double>(RoutingMetricNames.QueueWaitTime, "s", "How long conversations waited in the queue, recorded when they leave it."), tag);
        Cascades = new(meter.CreateCounter<long>(RoutingMetricNames.Cascades, "{conversation}", "Conversations cascaded from their primary agent group to a secondary one."), tag);
        Invitations = new(meter.CreateCounter<long>(RoutingMetricNames.PacingInvitations, "{invitation}", "Proactive invitations allowed by pacing decisions."), tag);
        ObserverFailures = new(meter.CreateCounter<long>(RoutingMetricNames.ObserverFailures, "{failure}", "Exceptions thrown by observers given an event."), tag);
        ObserverHookFailures = new(meter.CreateCounter<long>(RoutingMetricNames.ObserverHookFailures, "{failure}", "Exceptions thrown by the observer-failure hook."), tag);
    }

    public EngineCounter Routed { get; }

    public EngineCounter Offers { get; }

    public EngineCounter TimedOut { get; }

    public EngineCounter ForcedPauses { get; }

    public EngineHistogram WaitTime { get; }

    public EngineCounter Cascades { get; }

    public EngineCounter Invitations { get; }

    public EngineCounter ObserverFailures { get; }

    public EngineCounter ObserverHookFailures { get; }

    /// <summary>
    /// Creates the instruments on a meter from <paramref name="factory"/> (shared with other engines of the same factory), or
    /// on a meter of the engine's own, disposed with it.
    /// </summary>
    /// <param name="factory">The meter factory, if any.</param>
    /// <param name="engineName">The engine's name, the value of <see cref="RoutingMetricNames.EngineTag"/> on every measurement.</param>
    /// <param name="engine">The engine, held weakly.</param>
    /// <param name="queueLength">Reads the engine's queue length (a static delegate, so it holds no engine).</param>
    public static RoutingMetrics Create(IMeterFactory? factory, string engineName, object engine, Func<object, int> queueLength)
    {
        var options = new MeterOptions(RoutingMetricNames.MeterName) { Version = RoutingMetricNames.MeterVersion };
        return factory is null
            ? new RoutingMetrics(new Meter(options), ownsMeter: true, engineName, engine, queueLength)
            : new RoutingMetrics(factory.Create(options), ownsMeter: false, engineName, engine, queueLength);
    }

    public static KeyValuePair<string, object?> SkillTag(SkillId? skill) =>
        new(RoutingMetricNames.SkillTag, skill is { } id ? id.Value : RoutingMetricNames.AnySkill);

    public static KeyValuePair<string, object?> StrategyTag(string strategy) => new(RoutingMetricNames.StrategyTag, strategy);

    public static KeyValuePair<string, object?> ReasonTag(string reason) => new(RoutingMetricNames.ReasonTag, reason);

    /// <summary>Counts the invitations a pacing decision allowed, by agent group and reason.</summary>
    public void RecordPacing(AgentGroupId group, PacingDecision decision)
    {
        if (Invitations.Enabled)
        {
            Invitations.Add(
                decision.Invitations,
                new KeyValuePair<string, object?>(RoutingMetricNames.AgentGroupTag, group.Value),
                ReasonTag(decision.Reason.ToString()));
        }
    }

    /// <summary>Counts an exception an observer (or the failure hook) threw on an event of <paramref name="kind"/>. Outside the lock.</summary>
    public static void RecordFailure(EngineCounter counter, RoutingEventKind kind, Exception exception)
    {
        if (counter.Enabled)
        {
            counter.Add(
                1,
                new KeyValuePair<string, object?>(RoutingMetricNames.EventKindTag, kind.ToString()),
                new KeyValuePair<string, object?>(RoutingMetricNames.ErrorTypeTag, exception.GetType().FullName));
        }
    }

    /// <summary>Stops observing the engine; disposes the meter when the engine owns it.</summary>
    public void Dispose()
    {
        _disposed = true;
        if (_ownsMeter)
        {
            _meter.Dispose();
        }
    }

    private IEnumerable<Measurement<int>> ObserveQueue() =>
        !_disposed && _engine.TryGetTarget(out object? engine) ? [new Measurement<int>(_queueLength(engine), _engineTag)] : NoMeasurement;
}
