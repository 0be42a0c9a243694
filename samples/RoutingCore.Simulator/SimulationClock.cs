using Microsoft.Extensions.Time.Testing;

namespace RoutingCore.Simulator;

/// <summary>
/// A <see cref="FakeTimeProvider"/> that also knows when the earliest of its timers is due, so the simulation can stop the
/// clock exactly there: the engine's step, grace-period and auto-close timers then fire at their own moments, and whatever
/// the simulation schedules in answer is never in the past.
/// </summary>
internal sealed class SimulationClock(DateTimeOffset start) : FakeTimeProvider(start)
{
    private readonly List<TrackedTimer> _timers = [];

    /// <summary>The due time (UTC ticks) of the earliest armed timer; <see cref="long.MaxValue"/> when none is armed.</summary>
    public long NextDueTicks
    {
        get
        {
            long next = long.MaxValue;
            foreach (TrackedTimer timer in _timers)
            {
                next = Math.Min(next, timer.DueTicks);
            }

            return next;
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var tracked = new TrackedTimer(this, callback, state);
        tracked.Inner = base.CreateTimer(static s => ((TrackedTimer)s!).Fire(), tracked, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _timers.Add(tracked);
        tracked.Change(dueTime, period);
        return tracked;
    }

    private sealed class TrackedTimer(SimulationClock clock, TimerCallback callback, object? state) : ITimer
    {
        private TimeSpan _period = Timeout.InfiniteTimeSpan;

        public ITimer Inner { get; set; } = null!;

        public long DueTicks { get; private set; } = long.MaxValue;

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            _period = period;
            DueTicks = dueTime == Timeout.InfiniteTimeSpan ? long.MaxValue : clock.GetUtcNow().UtcTicks + dueTime.Ticks;
            return Inner.Change(dueTime, period);
        }

        public void Fire()
        {
            // A one-shot timer is spent once it fires (the callback may arm it again); a periodic one is due a period later.
            DueTicks = _period == Timeout.InfiniteTimeSpan || _period == TimeSpan.Zero ? long.MaxValue : clock.GetUtcNow().UtcTicks + _period.Ticks;
            callback(state);
        }

        public void Dispose()
        {
            DueTicks = long.MaxValue;
            clock._timers.Remove(this);
            Inner.Dispose();
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
