using System.Collections.Concurrent;
using System.Collections.Immutable;
using RoutingCore.Telemetry;

namespace RoutingCore.Engine;

/// <summary>
/// The engine's events: published under the lock (and measured there), delivered to the observers outside it, in order,
/// by one thread at a time. An observer's failure never undoes or interrupts the engine's work, nor the delivery to the
/// other observers: it is counted, then reported to the failure hook (whose own failure is counted in turn).
/// </summary>
internal sealed class EventOutbox
{
    private readonly EngineContext _context;
    private readonly RoutingMetrics _metrics;
    private readonly Action<ObserverFailure>? _onFailure;
    private readonly ConcurrentQueue<RoutingEvent> _outbox = new();
    private ImmutableArray<IRoutingObserver> _observers = [];
    private int _delivering;
    public EventOutbox(EngineContext context, RoutingMetrics metrics, Action<ObserverFailure>? onFailure)
    {
        _context = context;
        _metrics = metrics;
        _onFailure = onFailure;
    }

    public IDisposable Subscribe(IRoutingObserver observer)
    {
        ImmutableInterlocked.Update(ref _observers, static (list, item) => list.Add(item), observer);
        return new Subscription(this, observer);
    }

    public void Publish(RoutingEventKind kind, DateTimeOffset now, ConversationRecord? conversation, AgentRecord? agent, SkillId? skill, RoutingEventReason reason, int? step = null, string? detail = null, bool exclusive = false)
    {
        Measure(kind, skill, reason);
        long sequence = ++_context.LastEventSequence;
        if (_observers.IsEmpty)
        {
            return;
        }

        _outbox.Enqueue(new RoutingEvent(kind, now, conversation?.Request.Id ?? default, agent?.Profile.Id, skill, reason, step, detail) { Sequence = sequence, Exclusive = exclusive });
    }

    /// <summary>
    /// Publishes a <see cref="RoutingEventKind.TimerFailed"/> event: its target by id (the record may be gone; empty when the
    /// failure concerns no target) and what failed in <paramref name="detail"/>. Under the lock.
    /// </summary>
    public void PublishTimerFailure(DateTimeOffset now, ConversationId conversation, AgentId? agent, string detail)
    {
        long sequence = ++_context.LastEventSequence;
        if (!_observers.IsEmpty)
        {
            _outbox.Enqueue(new RoutingEvent(RoutingEventKind.TimerFailed, now, conversation, agent, null, RoutingEventReason.None, null, detail) { Sequence = sequence });
        }
    }

    /// <summary>Delivers queued events in order, by one thread at a time, outside the lock. Call after leaving the lock.</summary>
    public void Deliver()
    {
        while (!_outbox.IsEmpty)
        {
            if (Interlocked.CompareExchange(ref _delivering, 1, 0) != 0)
            {
                return; // another thread is delivering and will see our events
            }

            try
            {
                while (_outbox.TryDequeue(out RoutingEvent? routingEvent))
                {
                    foreach (IRoutingObserver observer in _observers)
                    {
                        try
                        {
                            observer.OnEvent(routingEvent);
                        }
#pragma warning disable CA1031 // An observer's failure must not undo or interrupt the engine's work, nor reach the others.
                        catch (Exception exception)
#pragma warning restore CA1031
                        {
                            ReportFailure(routingEvent, observer, exception);
                        }
                    }
                }
            }
            finally
            {
                Volatile.Write(ref _delivering, 0);
            }
        }
    }

    /// <summary>Counts an observer's failure and hands it to the hook, whose own failure is counted and goes no further.</summary>
    private void ReportFailure(RoutingEvent routingEvent, IRoutingObserver observer, Exception exception)
    {
        RoutingMetrics.RecordFailure(_metrics.ObserverFailures, routingEvent.Kind, exception);
        if (_onFailure is null)
        {
            return;
        }

        try
        {
            _onFailure(new ObserverFailure(_context.EngineName, routingEvent, observer, exception));
        }
#pragma warning disable CA1031 // The hook's failure must not interrupt delivery either; it is counted.
        catch (Exception hookException)
#pragma warning restore CA1031
        {
            RoutingMetrics.RecordFailure(_metrics.ObserverHookFailures, routingEvent.Kind, hookException);
        }
    }

    /// <summary>Records the metrics of an event. Under the lock.</summary>
    private void Measure(RoutingEventKind kind, SkillId? skill, RoutingEventReason reason)
    {
        switch (kind)
        {
            case RoutingEventKind.Offered when _metrics.Offers.Enabled:
                _metrics.Offers.Add(1, RoutingMetrics.SkillTag(skill), RoutingMetrics.StrategyTag(_context.SettingsOf(skill).Strategy.Name));
                break;
            case RoutingEventKind.Accepted when _metrics.Routed.Enabled:
                _metrics.Routed.Add(1, RoutingMetrics.SkillTag(skill), RoutingMetrics.StrategyTag(_context.SettingsOf(skill).Strategy.Name));
                break;
            case RoutingEventKind.OfferTimedOut when _metrics.TimedOut.Enabled:
                _metrics.TimedOut.Add(1, RoutingMetrics.SkillTag(skill));
                break;
            case RoutingEventKind.AgentPaused when _metrics.ForcedPauses.Enabled:
                _metrics.ForcedPauses.Add(1);
                break;
            case RoutingEventKind.Cascaded when _metrics.Cascades.Enabled:
                _metrics.Cascades.Add(1, RoutingMetrics.SkillTag(skill), RoutingMetrics.ReasonTag(reason.ToString()));
                break;
        }
    }

    private sealed class Subscription(EventOutbox outbox, IRoutingObserver observer) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                ImmutableInterlocked.Update(ref outbox._observers, static (list, item) => list.Remove(item), observer);
            }
        }
    }
}
