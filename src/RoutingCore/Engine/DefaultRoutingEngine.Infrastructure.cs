using System.Collections.Concurrent;
using System.Collections.Immutable;
using TimerKind = RoutingCore.State.StateTimerKind;

namespace RoutingCore.Engine;

/// <summary>Events (published under the lock, delivered outside it) and the one timer behind every delay.</summary>
internal sealed partial class DefaultRoutingEngine
{
    private readonly ITimer _timer;
    private readonly PriorityQueue<TimerItem, (long Due, long Sequence)> _timers = new();
    private long _timerSequence;
    private long _armedDue = long.MaxValue;
    private bool _timerDeferred;
    private long _nextToken;
    private bool _disposed;

    private ImmutableArray<IRoutingObserver> _observers = [];
    private readonly ConcurrentQueue<RoutingEvent> _outbox = new();
    private int _delivering;

    public IDisposable Subscribe(IRoutingObserver observer)
    {
        ArgumentNullException.ThrowIfNull(observer);
        ImmutableInterlocked.Update(ref _observers, static (list, item) => list.Add(item), observer);
        return new Subscription(this, observer);
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            _timers.Clear();
            _timer.Dispose();
        }

        _metrics.Dispose();
    }

    private DateTimeOffset _highWater;

    private long NewToken() => ++_nextToken;

    /// <summary>The engine's time: the clock, never earlier than a moment the engine already acted at. Under the lock.</summary>
    private DateTimeOffset Now()
    {
        DateTimeOffset now = _time.GetUtcNow();
        if (now > _highWater)
        {
            _highWater = now;
        }

        return _highWater;
    }

    private void Publish(RoutingEventKind kind, DateTimeOffset now, ConversationRecord? conversation, AgentRecord? agent, SkillId? skill, RoutingEventReason reason, int? step = null, string? detail = null)
    {
        Measure(kind, skill, reason);
        if (_observers.IsEmpty)
        {
            return;
        }

        _outbox.Enqueue(new RoutingEvent(kind, now, conversation?.Request.Id ?? default, agent?.Profile.Id, skill, reason, step, detail));
    }

    /// <summary>Delivers queued events in order, by one thread at a time, outside the lock. Call after leaving the lock.</summary>
    private void DeliverEvents()
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
#pragma warning disable CA1031 // An observer's failure must not undo or interrupt the engine's work.
                        catch (Exception)
#pragma warning restore CA1031
                        {
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

    private void Schedule(TimerKind kind, object target, long token, DateTimeOffset due)
    {
        if (_disposed)
        {
            return;
        }

        _timers.Enqueue(new TimerItem(kind, target, token), (due.UtcTicks, _timerSequence++));
    }

    /// <summary>Points the timer at the earliest pending item. Under the lock.</summary>
    private void ArmTimer(DateTimeOffset now)
    {
        if (_disposed)
        {
            return;
        }

        long due = _timers.TryPeek(out _, out (long Due, long Sequence) next) ? next.Due : long.MaxValue;
        if (due == _armedDue)
        {
            return;
        }

        _armedDue = due;
        TimeSpan delay = due == long.MaxValue ? Timeout.InfiniteTimeSpan : TimeSpan.FromTicks(Math.Max(1, due - now.UtcTicks));
        _timer.Change(delay, Timeout.InfiniteTimeSpan);
    }

    private void OnTimer()
    {
        if (Monitor.IsEntered(_gate))
        {
            // Some clocks (a fake one, reading its time) run due timers on the thread that reads them, which may be in the
            // middle of an operation here. Never run timer work inside an operation: it runs when the operation settles.
            _timerDeferred = true;
            _armedDue = long.MaxValue;
            return;
        }

        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            do
            {
                RunDueTimers();
            }
            while (_timerDeferred);
        }

        DeliverEvents();
    }

    /// <summary>
    /// Takes the engine's lock for a public operation. Leaving it runs the timer work that a clock read deferred during the
    /// operation (even when the operation threw: operations check before they change anything), then releases the lock.
    /// </summary>
    private GateScope EnterGate()
    {
        Monitor.Enter(_gate);
        return new GateScope(this);
    }

    private readonly ref struct GateScope(DefaultRoutingEngine engine)
    {
        public void Dispose()
        {
            try
            {
                while (engine._timerDeferred && !engine._disposed)
                {
                    engine.RunDueTimers();
                }
            }
            finally
            {
                Monitor.Exit(engine._gate);
            }
        }
    }

    /// <summary>After a read under the lock: runs timer work a clock read deferred. Returns <paramref name="result"/>.</summary>
    private T AfterRead<T>(T result)
    {
        while (_timerDeferred && !_disposed)
        {
            RunDueTimers();
        }

        return result;
    }

    /// <summary>Runs every timer item that is due. Under the lock, between operations.</summary>
    private void RunDueTimers()
    {
        {
            _timerDeferred = false;

            // Each item runs at its own due time (or later, when the engine already acted later), not at the moment the
            // callback runs: a late timer, or a fake clock advanced by a large step, then gives the same results as a
            // punctual one, and items scheduled by earlier items within the elapsed span run in their turn.
            long clock = _highWater.UtcTicks;
            DateTimeOffset now = Now();
            while (_timers.TryPeek(out TimerItem item, out (long Due, long Sequence) next) && next.Due <= now.UtcTicks)
            {
                _timers.Dequeue();
                clock = Math.Max(clock, next.Due);
                var at = new DateTimeOffset(clock, TimeSpan.Zero);
                Fire(item, at);
                SettleCore(at);
            }

            _armedDue = long.MaxValue; // the timer has fired: arm it afresh, relative to the real now
            ArmTimer(now);
        }
    }

    private void Fire(TimerItem item, DateTimeOffset now)
    {
        switch (item.Kind)
        {
            case TimerKind.Step:
                var offered = (ConversationRecord)item.Target;
                if (offered.State == ConversationState.Offered && offered.StepToken == item.Token)
                {
                    OnStepElapsed(offered, now);
                }

                break;
            case TimerKind.LoadChange:
                var agent = (AgentRecord)item.Target;
                if (!agent.Removed && agent.ScheduledLoadCheck.UtcTicks == item.Token)
                {
                    agent.ScheduledLoadCheck = DateTimeOffset.MaxValue;
                    RefreshLoad(agent, now);
                    MarkFreed(agent, RoutingEventReason.ConversationInactive);
                }

                break;
            case TimerKind.Absence:
                var absent = (AgentRecord)item.Target;
                if (!absent.Removed && absent.AbsenceToken == item.Token)
                {
                    absent.AbsenceToken = 0;
                    ReturnAll(absent, now, RoutingEventReason.AgentAbsent);
                }

                break;
            case TimerKind.AutoClose:
                var silent = (ConversationRecord)item.Target;
                if (silent.State == ConversationState.Assigned && silent.AutoCloseToken == item.Token)
                {
                    MakeDormant(silent, now);
                }

                break;
            case TimerKind.MaxWait:
                var slow = (ConversationRecord)item.Target;
                if (slow.MaxWaitToken == item.Token && slow.State is ConversationState.Waiting or ConversationState.Offered)
                {
                    OnMaxWait(slow, now);
                }

                break;
            case TimerKind.Retry:
                var waiting = (ConversationRecord)item.Target;
                if (waiting.State == ConversationState.Waiting && waiting.RetryToken == item.Token)
                {
                    waiting.RetryToken = 0;
                    TryDispatch(waiting, now, RoutingEventReason.Retry);
                }

                break;
        }
    }

    private readonly record struct TimerItem(TimerKind Kind, object Target, long Token);

    private sealed class Subscription(DefaultRoutingEngine engine, IRoutingObserver observer) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                ImmutableInterlocked.Update(ref engine._observers, static (list, item) => list.Remove(item), observer);
            }
        }
    }
}
