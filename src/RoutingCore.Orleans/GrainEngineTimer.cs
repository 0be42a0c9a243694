namespace RoutingCore.Orleans;

/// <summary>An <see cref="ITimer"/> over a grain timer (see <see cref="GrainTimeProvider"/>).</summary>
internal sealed class GrainEngineTimer : ITimer
{
    private readonly IGrainTimer _timer;
    private readonly Action<TimeSpan> _armed;

    public GrainEngineTimer(IGrainTimer timer, Action<TimeSpan> armed)
    {
        _timer = timer;
        _armed = armed;
    }

    public bool Change(TimeSpan dueTime, TimeSpan period)
    {
        _timer.Change(dueTime, period);
        _armed(dueTime);
        return true;
    }

    public void Dispose() => _timer.Dispose();

    public ValueTask DisposeAsync()
    {
        _timer.Dispose();
        return ValueTask.CompletedTask;
    }
}
