namespace RoutingCore.Engine;

/// <summary>
/// The one platform timer behind every delay of an engine: a priority queue of <see cref="TimerItem"/>s by due time, the
/// platform timer pointed at the earliest. When items fall due, <see cref="RunDue"/> hands each to the engine's single way
/// in (a <see cref="TimerFiredCommand"/>), at its own due time. Everything here runs under the engine's lock,
/// except the platform timer's callback, which takes it through the façade.
/// </summary>
internal sealed class EngineTimers : IDisposable
{
    /// <summary>The longest delay a platform timer takes (<see cref="ITimer.Change"/>: 4,294,967,294 ms, about 49.7 days).</summary>
    private const long MaxDelayTicks = 4_294_967_294L * TimeSpan.TicksPerMillisecond;

    private readonly EngineContext _context;
    private readonly ITimer _timer;
    private readonly PriorityQueue<TimerItem, (long Due, long Sequence)> _items = new();
    private long _armedDue = long.MaxValue;
    private Action<TimerItem, DateTimeOffset>? _fire;

    public EngineTimers(EngineContext context, TimerCallback callback, object state)
    {
        _context = context;
        _timer = context.Time.CreateTimer(callback, state, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
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

    /// <summary>Points the platform timer at the earliest pending item. Under the lock.</summary>
    public void Arm(DateTimeOffset now)
    {
        if (_context.Disposed)
        {
            return;
        }

        long due = _items.TryPeek(out _, out (long Due, long Sequence) next) ? next.Due : long.MaxValue;
        if (due == _armedDue)
        {
            return;
        }

        _armedDue = due;
        // A due time further away than a platform timer reaches (options allow durations up to 10 years) is armed for the
        // longest delay it takes: firing early runs nothing and arms the timer again, for what is left.
        TimeSpan delay = due == long.MaxValue ? Timeout.InfiniteTimeSpan : TimeSpan.FromTicks(Math.Clamp(due - now.UtcTicks, 1, MaxDelayTicks));
        _timer.Change(delay, Timeout.InfiniteTimeSpan);
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
    /// punctual one, and items scheduled by earlier items within the elapsed span run in their turn. Under the lock.
    /// </summary>
    public void RunDue()
    {
        Deferred = false;
        long clock = _context.HighWater.UtcTicks;
        DateTimeOffset now = _context.Now();
        while (_items.TryPeek(out TimerItem item, out (long Due, long Sequence) next) && next.Due <= now.UtcTicks)
        {
            _items.Dequeue();
            clock = Math.Max(clock, next.Due);
            _fire!(item, new DateTimeOffset(clock, TimeSpan.Zero));
        }

        _armedDue = long.MaxValue; // the timer has fired: arm it afresh, relative to the real now
        Arm(now);
    }

    /// <summary>Drops every pending item and stops the platform timer (the engine is disposed).</summary>
    public void Dispose()
    {
        _items.Clear();
        _timer.Dispose();
    }
}
