namespace RoutingCore.Orleans.WakeUps;

/// <summary>An <see cref="ITimer"/> over a grain timer (see <see cref="GrainTimeProvider"/>); it knows whether it is armed.</summary>
internal sealed class GrainEngineTimer(Action<TimeSpan> armed) : ITimer
{
    private IGrainTimer? _timer;

    /// <summary>Whether the timer is due to fire (armed and not fired since).</summary>
    public bool IsArmed { get; private set; }

    /// <summary>Binds the grain timer (created after this object, which its callback state refers to).</summary>
    public void Bind(IGrainTimer timer) => _timer = timer;

    /// <summary>Notes that the timer fired (one-shot: it stays disarmed until changed again).</summary>
    public void Fired() => IsArmed = false;

    public bool Change(TimeSpan dueTime, TimeSpan period)
    {
        _timer!.Change(dueTime, period);
        IsArmed = dueTime != Timeout.InfiniteTimeSpan;
        armed(dueTime);
        return true;
    }

    public void Dispose()
    {
        IsArmed = false;
        _timer?.Dispose();
    }

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }
}
