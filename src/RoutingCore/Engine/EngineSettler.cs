namespace RoutingCore.Engine;

/// <summary>
/// Settles an operation before it returns: withdraws offers that no longer fit and feeds agents whose capacity freed
/// (<see cref="FollowUps"/>), until nothing is left to do; runs timer work that came due during the operation; re-arms the
/// platform timer.
/// </summary>
internal sealed class EngineSettler
{
    private readonly EngineContext _context;
    private readonly FollowUps _followUps;
    private readonly OfferBook _offers;
    private readonly Dispatcher _dispatcher;
    private readonly EngineTimers _timers;

    public EngineSettler(EngineContext context, FollowUps followUps, OfferBook offers, Dispatcher dispatcher, EngineTimers timers)
    {
        _context = context;
        _followUps = followUps;
        _offers = offers;
        _dispatcher = dispatcher;
        _timers = timers;
    }

    public void Settle(DateTimeOffset now)
    {
        SettleCore(now);
        RunDeferredTimers();
    }

    /// <summary>Runs the timer work a clock read deferred during an operation (each item settles and re-arms the timer).</summary>
    public void RunDeferredTimers()
    {
        while (_timers.Deferred && !_context.Disposed)
        {
            _timers.RunDue();
        }
    }

    /// <summary>Runs every timer item that is due now, and what a clock read deferred meanwhile (the timer callback, a save). Under the lock.</summary>
    public void RunDueTimers()
    {
        do
        {
            _timers.RunDue();
        }
        while (_timers.Deferred);
    }

    public void SettleCore(DateTimeOffset now)
    {
        while (true)
        {
            if (_followUps.TryTakeCrowded(out AgentRecord? crowded))
            {
                _offers.WithdrawUnfit(crowded!, now);
            }
            else if (_followUps.TryTakeFreed(out (AgentRecord Agent, RoutingEventReason Reason) freed))
            {
                _dispatcher.Feed(freed.Agent, now, freed.Reason);
            }
            else
            {
                break;
            }
        }

        _timers.Arm(now);
    }
}
