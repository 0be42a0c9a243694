using Microsoft.Extensions.Time.Testing;

namespace RoutingCore.Tests.Timers;

/// <summary>
/// A <see cref="TimeProvider"/> over a <see cref="FakeTimeProvider"/> whose timers keep <see cref="TimeProvider.System"/>'s
/// limits: <see cref="CreateTimer"/> and <see cref="ITimer.Change"/> throw <see cref="ArgumentOutOfRangeException"/> for a due
/// time or period beyond 4,294,967,294 ms (about 49.7 days) or below -1 ms, as <c>System.Threading.Timer</c> does. It records
/// what the engine asked for, and catches what escapes a timer callback: on <see cref="TimeProvider.System"/> that exception
/// would end the process; here the test asserts there was none.
/// </summary>
internal sealed class LimitedTimerClock(FakeTimeProvider inner) : TimeProvider
{
    /// <summary>The longest due time or period <see cref="TimeProvider.System"/> accepts.</summary>
    public static readonly TimeSpan MaxDelay = TimeSpan.FromMilliseconds(4_294_967_294);

    private readonly List<Exception> _escaped = [];
    private readonly List<TimeSpan> _refused = [];

    /// <summary>The exceptions that escaped a timer callback.</summary>
    public IReadOnlyList<Exception> Escaped
    {
        get
        {
            lock (_escaped)
            {
                return [.. _escaped];
            }
        }
    }

    /// <summary>The due times and periods refused for being out of range.</summary>
    public IReadOnlyList<TimeSpan> Refused => [.. _refused];

    /// <summary>The longest due time a timer was armed with.</summary>
    public TimeSpan LongestArmed { get; private set; }

    /// <summary>How many times a timer was armed or disarmed.</summary>
    public int Changes { get; private set; }

    /// <summary>When set, <see cref="ITimer.Change"/> throws it, whatever the due time (a broken custom timer).</summary>
    public Exception? FailChange { get; set; }

    public override DateTimeOffset GetUtcNow() => inner.GetUtcNow();

    public override TimeZoneInfo LocalTimeZone => inner.LocalTimeZone;

    public override long TimestampFrequency => inner.TimestampFrequency;

    public override long GetTimestamp() => inner.GetTimestamp();

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        Check(dueTime, nameof(dueTime));
        Check(period, nameof(period));
        ITimer timer = inner.CreateTimer(
            s =>
            {
                try
                {
                    callback(s);
                }
                catch (Exception ex)
                {
                    lock (_escaped)
                    {
                        _escaped.Add(ex);
                    }
                }
            },
            state,
            dueTime,
            period);
        return new LimitedTimer(this, timer);
    }

    /// <summary>The check of <c>System.Threading.Timer</c>: whole milliseconds from -1 (infinite) to 4,294,967,294.</summary>
    private void Check(TimeSpan value, string paramName)
    {
        long milliseconds = (long)value.TotalMilliseconds;
        if (milliseconds < -1 || milliseconds > (long)MaxDelay.TotalMilliseconds)
        {
            _refused.Add(value);
            throw new ArgumentOutOfRangeException(paramName, value, "Like System.Threading.Timer: a due time or period must be -1 ms (infinite) or from 0 to 4294967294 ms.");
        }

        if (value != Timeout.InfiniteTimeSpan && value > LongestArmed)
        {
            LongestArmed = value;
        }
    }

    private sealed class LimitedTimer(LimitedTimerClock clock, ITimer inner) : ITimer
    {
        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            clock.Changes++;
            if (clock.FailChange is { } failure)
            {
                throw failure;
            }

            clock.Check(dueTime, nameof(dueTime));
            clock.Check(period, nameof(period));
            return inner.Change(dueTime, period);
        }

        public void Dispose() => inner.Dispose();

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }
}
