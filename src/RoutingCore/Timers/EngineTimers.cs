namespace RoutingCore.Engine;

/// <summary>
/// The one platform timer behind every delay of an engine: a priority queue of <see cref="TimerItem"/>s by due time, the
/// platform timer pointed at the earliest. When items fall due, <see cref="RunDue"/> hands each to the engine's single way
/// in (a <see cref="TimerFiredCommand"/>), at its own due time. Everything here runs under the engine's lock,
/// except the platform timer's callback, which takes it through the façade.
/// </summary>
/// <remarks>
/// Two promises keep long delays and failures from reaching the host. The platform timer is never armed further ahead than
/// <see cref="MaxPlatformDelay"/>: an item due later is reached by firing early, finding nothing due and arming again for the
/// rest. And neither <see cref="Arm"/> nor <see cref="RunDue"/> throws: a platform timer that refuses to be armed, or timer
/// work that throws, is reported as a <see cref="RoutingEventKind.TimerFailed"/> event and the engine goes on, so nothing
/// escapes the timer callback and a public call whose work succeeded never throws from arming the timer afterwards.
/// </remarks>
internal sealed class EngineTimers : IDisposable
{
    /// <summary>
    /// The longest delay the platform timer is armed for: <see cref="int.MaxValue"/> milliseconds (about 24.8 days).
    /// <see cref="TimeProvider.System"/> refuses more than 4,294,967,294 ms (about 49.7 days), and timers built on 32-bit
    /// millisecond APIs (browser timers, for one) less; a firing every 24.8 days while nothing is due costs nothing.
    /// </summary>
    internal static readonly TimeSpan MaxPlatformDelay = TimeSpan.FromMilliseconds(int.MaxValue);

    /// <summary>The value of <see cref="_armedDue"/> after the platform timer refused to be armed: the next settle tries again.</summary>
    private const long ArmFailed = long.MinValue;

    private readonly EngineContext _context;
    private readonly EventOutbox _events;
    private readonly ITimer _timer;
    private readonly PriorityQueue<TimerItem, (long Due, long Sequence)> _items = new();
    private long _armedDue = long.MaxValue;
    private bool _armFailing;
    private Action<TimerItem, DateTimeOffset>? _fire;

    public EngineTimers(EngineContext context, EventOutbox events, TimerCallback callback, object state)
    {
        _context = context;
        _events = events;
        _timer = CreateTimer(context.Time, callback, state);
    }

    /// <summary>
    /// Creates the platform timer without capturing the creator's execution context: the timer's work must not run in the
    /// context (async locals, <see cref="System.Diagnostics.Activity.Current"/>) of whoever built the engine, so a decision
    /// it makes is a trace of its own and nothing the creator held is kept alive.
    /// </summary>
    private static ITimer CreateTimer(TimeProvider time, TimerCallback callback, object state)
    {
        bool restoreFlow = !ExecutionContext.IsFlowSuppressed();
        if (restoreFlow)
        {
            ExecutionContext.SuppressFlow();
        }

        try
        {
            return time.CreateTimer(callback, state, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        }
        finally
        {
            if (restoreFlow)
            {
                ExecutionContext.RestoreFlow();
            }
        }
    }

    /// <summary>Set while a clock read ran the timer callback inside an operation: the due items run when the operation settles.</summary>
    public bool Deferred { get; private set; }

    /// <summary>The sequence the next item gets (ties of due time run in scheduling order).</summary>
    public long NextSequence { get; set; }

    public int Count => _items.Count;

    /// <summary>Wires what firing an item does (the façade's way in); set once, at composition.</summary>
    public void OnFire(Action<TimerItem, DateTimeOffset> fire) => _fire = fire;

    public void Schedule(EngineTimerKind kind, ConversationRecord conversation, long token, DateTimeOffset due) =>
        Schedule(TimerItem.For(kind, conversation, token), due.UtcTicks);

    public void Schedule(EngineTimerKind kind, AgentRecord agent, long token, DateTimeOffset due) =>
        Schedule(TimerItem.For(kind, agent, token), due.UtcTicks);

    private void Schedule(TimerItem item, long dueTicks)
    {
        if (_context.Disposed)
        {
            return;
        }

        _items.Enqueue(item, (dueTicks, NextSequence++));
    }

    /// <summary>The pending items, in no particular order (for the state writer).</summary>
    public IEnumerable<(TimerItem Item, (long Due, long Sequence) Priority)> Pending => _items.UnorderedItems;

    /// <summary>Replaces every pending item (a restore).</summary>
    public void ReplaceAll(IEnumerable<(TimerItem Item, long Due, long Sequence)> items, long nextSequence)
    {
        _items.Clear();
        foreach ((TimerItem item, long due, long sequence) in items)
        {
            _items.Enqueue(item, (due, sequence));
        }

        NextSequence = nextSequence;
        _armedDue = long.MaxValue;
    }

    /// <summary>
    /// Points the platform timer at the earliest pending item, at most <see cref="MaxPlatformDelay"/> ahead. Never throws: when
    /// the platform timer refuses, the failure is reported (once, until arming succeeds again) and the next settle tries
    /// again. Under the lock.
    /// </summary>
    public void Arm(DateTimeOffset now)
    {
        if (_context.Disposed || _context.Replaying)
        {
            return;
        }

        long due = _items.TryPeek(out _, out (long Due, long Sequence) next) ? next.Due : long.MaxValue;
        if (due == _armedDue)
        {
            return;
        }

        TimeSpan delay = due == long.MaxValue
            ? Timeout.InfiniteTimeSpan
            : TimeSpan.FromTicks(Math.Clamp(due - now.UtcTicks, 1, MaxPlatformDelay.Ticks));
        try
        {
            _timer.Change(delay, Timeout.InfiniteTimeSpan);
            _armedDue = due;
            _armFailing = false;
        }
#pragma warning disable CA1031 // A platform timer that refuses must not fail the operation that armed it, nor the timer callback.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            _armedDue = ArmFailed;
            if (!_armFailing)
            {
                _armFailing = true;
                _events.PublishTimerFailure(now, default, null, string.Create(
                    System.Globalization.CultureInfo.InvariantCulture,
                    $"the platform timer refused to be armed {delay} ahead ({ex.GetType().FullName}: {ex.Message}); pending timers wait until the engine's next change arms it"));
            }
        }
    }

    /// <summary>
    /// The platform timer fired while the lock is held by this thread (some clocks, a fake one reading its time, run due
    /// timers on the thread that reads them): never run timer work inside an operation; it runs when the operation settles.
    /// </summary>
    public void Defer()
    {
        Deferred = true;
        _armedDue = long.MaxValue;
    }

    /// <summary>
    /// Runs every item that is due, each at its own due time (or later, when the engine already acted later), not at the
    /// moment the callback runs: a late timer, or a fake clock advanced by a large step, then gives the same results as a
    /// punctual one, and items scheduled by earlier items within the elapsed span run in their turn. Never throws: an item
    /// whose work throws is dropped and reported, and the run goes on with the next. Under the lock.
    /// </summary>
    public void RunDue()
    {
        Deferred = false;
        if (_context.Replaying)
        {
            return; // replayed records say which timers fired
        }

        long clock = _context.HighWater.UtcTicks;
        DateTimeOffset now;
        try
        {
            now = _context.Now();
        }
#pragma warning disable CA1031 // A custom clock failed: report it; arming again now would only fail again at once.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            _armedDue = ArmFailed;
            _events.PublishTimerFailure(_context.HighWater, default, null, $"reading the clock to run due timers threw {ex.GetType().FullName}: {ex.Message}; the due timers wait for the engine's next change");
            return;
        }

        while (_items.TryPeek(out TimerItem item, out (long Due, long Sequence) next) && next.Due <= now.UtcTicks)
        {
            _items.Dequeue();
            clock = Math.Max(clock, next.Due);
            Fire(item, new DateTimeOffset(clock, TimeSpan.Zero));
        }

        _armedDue = long.MaxValue; // the timer has fired (items armed it relative to their own due times): arm it afresh, relative to the real now
        Arm(now);
    }

    /// <summary>Hands one due item to the engine; when its work throws, drops it and reports which timer failed and why.</summary>
    private void Fire(TimerItem item, DateTimeOffset at)
    {
        try
        {
            _fire!(item, at);
        }
#pragma warning disable CA1031 // Timer work that throws (a custom strategy or capacity model, or a defect) must not escape the callback nor stop the other timers.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            ReportFailure(item, at, ex);
        }
    }

    /// <summary>Takes <paramref name="item"/> when it is the next pending item (a replayed record says it fired); false otherwise.</summary>
    public bool TryTake(TimerItem item)
    {
        if (!_items.TryPeek(out TimerItem next, out _) || next != item)
        {
            return false;
        }

        _items.Dequeue();
        return true;
    }

    /// <summary>Takes the next pending item when <paramref name="condition"/> holds for it; false otherwise (or when none is pending).</summary>
    public bool TryTakeHead(Func<TimerItem, bool> condition)
    {
        if (!_items.TryPeek(out TimerItem next, out _) || !condition(next))
        {
            return false;
        }

        _items.Dequeue();
        return true;
    }

    /// <summary>Does a replayed timer's work as <see cref="Fire"/> does a live one's: a failure is reported the same way.</summary>
    public void FireReplayed(TimerFiredCommand command, Action<TimerFiredCommand> work)
    {
        try
        {
            work(command);
        }
#pragma warning disable CA1031 // As in Fire: the same failure, reported the same way, keeps the replay equal to the original.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            ReportFailure(command.Item, command.At, ex);
        }
    }

    private void ReportFailure(TimerItem item, DateTimeOffset at, Exception ex)
    {
        string target = item.TargetsAgent ? $"agent '{item.Agent}'" : $"conversation '{item.Conversation}'";
        _events.PublishTimerFailure(at, item.Conversation, item.TargetsAgent ? item.Agent : (AgentId?)null, string.Create(
            System.Globalization.CultureInfo.InvariantCulture,
            $"the {item.Kind} timer of {target} threw {ex.GetType().FullName}: {ex.Message}; the timer was dropped and the other due timers run on"));
    }

    /// <summary>Drops every pending item and stops the platform timer (the engine is disposed).</summary>
    public void Dispose()
    {
        _items.Clear();
        _timer.Dispose();
    }
}
