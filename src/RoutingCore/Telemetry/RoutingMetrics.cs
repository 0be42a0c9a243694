using System.Diagnostics.Metrics;

namespace RoutingCore.Telemetry;

/// <summary>
/// One engine's instruments on the "RoutingCore" meter. Every method checks its instrument's <see cref="Instrument.Enabled"/>
/// first, so nothing is computed or allocated while no listener is attached.
/// </summary>
internal sealed class RoutingMetrics : IDisposable
{
    private static readonly Measurement<int>[] NoMeasurement = [];

    private readonly Meter _meter;
    private readonly bool _ownsMeter;
    private readonly Func<object, int> _queueLength;

    // The engine, held weakly: a meter lives in a process-wide list (or in the factory), and must not keep an engine alive.
    private readonly WeakReference<object> _engine;
    private volatile bool _disposed;

    private RoutingMetrics(Meter meter, bool ownsMeter, object engine, Func<object, int> queueLength)
    {
        _meter = meter;
        _ownsMeter = ownsMeter;
        _engine = new WeakReference<object>(engine);
        _queueLength = queueLength;
        Routed = meter.CreateCounter<long>(RoutingMetricNames.ConversationsRouted, "{conversation}", "Conversations assigned to an agent by accepting an offer.");
        Offers = meter.CreateCounter<long>(RoutingMetricNames.Offers, "{offer}", "Offers made to agents.");
        TimedOut = meter.CreateCounter<long>(RoutingMetricNames.OffersTimedOut, "{offer}", "Offers whose step delay passed without an answer.");
        ForcedPauses = meter.CreateCounter<long>(RoutingMetricNames.ForcedPauses, "{pause}", "Agents paused by the engine for ignoring exclusive offers.");
        meter.CreateObservableUpDownCounter(RoutingMetricNames.QueueLength, ObserveQueue, "{conversation}", "Conversations waiting in the queue.");
        WaitTime = meter.CreateHistogram<double>(RoutingMetricNames.QueueWaitTime, "s", "How long conversations waited in the queue, recorded when they leave it.");
        Cascades = meter.CreateCounter<long>(RoutingMetricNames.Cascades, "{conversation}", "Conversations cascaded from their primary agent group to a secondary one.");
        Invitations = meter.CreateCounter<long>(RoutingMetricNames.PacingInvitations, "{invitation}", "Proactive invitations allowed by pacing decisions.");
    }

    public Counter<long> Routed { get; }

    public Counter<long> Offers { get; }

    public Counter<long> TimedOut { get; }

    public Counter<long> ForcedPauses { get; }

    public Histogram<double> WaitTime { get; }

    public Counter<long> Cascades { get; }

    public Counter<long> Invitations { get; }

    /// <summary>
    /// Creates the instruments on a meter from <paramref name="factory"/> (shared with other engines of the same factory), or
    /// on a meter of the engine's own, disposed with it.
    /// </summary>
    /// <param name="factory">The meter factory, if any.</param>
    /// <param name="engine">The engine, held weakly.</param>
    /// <param name="queueLength">Reads the engine's queue length (a static delegate, so it holds no engine).</param>
    public static RoutingMetrics Create(IMeterFactory? factory, object engine, Func<object, int> queueLength) =>
        factory is null
            ? new RoutingMetrics(new Meter(RoutingMetricNames.MeterName), ownsMeter: true, engine, queueLength)
            : new RoutingMetrics(factory.Create(new MeterOptions(RoutingMetricNames.MeterName)), ownsMeter: false, engine, queueLength);

    public static KeyValuePair<string, object?> SkillTag(SkillId? skill) =>
        new(RoutingMetricNames.SkillTag, skill is { } id ? id.Value : RoutingMetricNames.AnySkill);

    public static KeyValuePair<string, object?> StrategyTag(string strategy) => new(RoutingMetricNames.StrategyTag, strategy);

    public static KeyValuePair<string, object?> ReasonTag(string reason) => new(RoutingMetricNames.ReasonTag, reason);

    /// <summary>Counts the invitations a pacing decision allowed, by agent group and reason.</summary>
    public void RecordPacing(AgentGroupId group, Pacing.PacingDecision decision)
    {
        if (Invitations.Enabled)
        {
            Invitations.Add(
                decision.Invitations,
                new KeyValuePair<string, object?>(RoutingMetricNames.AgentGroupTag, group.Value),
                ReasonTag(decision.Reason.ToString()));
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
        !_disposed && _engine.TryGetTarget(out object? engine) ? [new Measurement<int>(_queueLength(engine))] : NoMeasurement;
}
