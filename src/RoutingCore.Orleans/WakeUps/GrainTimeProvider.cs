namespace RoutingCore.Orleans.WakeUps;

/// <summary>
/// The clock a tenant's engine runs on: the silo's time, and timers that are grain timers, so the engine's timer work
/// runs inside the grain's own single-threaded scheduling (never beside a call) and its effects are stored afterwards.
/// </summary>
internal sealed class GrainTimeProvider(TimeProvider clock, Func<TimerCallback, object?, ITimer> createTimer) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => clock.GetUtcNow();

    public override long GetTimestamp() => clock.GetTimestamp();

    public override long TimestampFrequency => clock.TimestampFrequency;

    public override TimeZoneInfo LocalTimeZone => clock.LocalTimeZone;

    /// <summary>Creates a grain timer; the engine creates one, stopped, and arms it with <see cref="ITimer.Change"/>.</summary>
    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        ITimer timer = createTimer(callback, state);
        timer.Change(dueTime, period);
        return timer;
    }
}
