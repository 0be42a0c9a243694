using System.Collections.Immutable;
using System.Runtime.CompilerServices;

namespace RoutingCore.Orleans;

/// <summary>
/// Follows one tenant's event feed from a position, for a host: reads the stored events page by page
/// (<see cref="IRoutingTenantGrain.GetEvents"/>), so that after a failover, a lost connection or a restart of the host it
/// sees every event once, in order; and, as an <see cref="IRoutingEventObserver"/>, it is nudged to read at once when the
/// tenant publishes (otherwise it polls every <c>pollInterval</c>).
/// </summary>
/// <remarks>
/// Keep <see cref="Position"/> where the host keeps what it did with the events, and start the next feed after it.
/// To be nudged, subscribe a reference to this object (<c>grains.CreateObjectReference&lt;IRoutingEventObserver&gt;(feed)</c>,
/// <see cref="IRoutingTenantGrain.Subscribe(IRoutingEventObserver)"/>), renewed within <see cref="RoutingCoreOrleansOptions.ObserverExpiry"/>;
/// without it the feed still sees every event, one poll later.
/// </remarks>
public sealed class RoutingEventFeed : IRoutingEventObserver
{
    private readonly IRoutingTenantGrain _tenant;
    private readonly TimeSpan _pollInterval;
    private readonly int _pageSize;
    private readonly SemaphoreSlim _nudge = new(0, 1);

    /// <summary>Creates a feed of <paramref name="tenant"/>'s events after <paramref name="after"/>.</summary>
    /// <param name="tenant">The tenant's grain.</param>
    /// <param name="after">The sequence of the last event the host already handled; 0 for the first event.</param>
    /// <param name="pollInterval">How long to wait for a nudge before reading anyway; positive.</param>
    /// <param name="pageSize">How many events to read per call, from 1 to 10,000.</param>
    /// <exception cref="ArgumentNullException"><paramref name="tenant"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="after"/> is negative, <paramref name="pollInterval"/> not positive, or <paramref name="pageSize"/> outside 1 to 10,000.</exception>
    public RoutingEventFeed(IRoutingTenantGrain tenant, long after, TimeSpan pollInterval, int pageSize = 1_000)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        ArgumentOutOfRangeException.ThrowIfNegative(after);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(pollInterval, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(pageSize, RoutingEventLimits.MaxPage);
        _tenant = tenant;
        Position = after;
        _pollInterval = pollInterval;
        _pageSize = pageSize;
    }

    /// <summary>The sequence of the last event this feed returned (or skipped as missed).</summary>
    public long Position { get; private set; }

    /// <summary>How many events the feed no longer held when this reader came to them (see <see cref="RoutingEventPage.Missed"/>).</summary>
    public long Missed { get; private set; }

    /// <summary>Returns the tenant's events after <see cref="Position"/>, in order, waiting for new ones until <paramref name="cancellationToken"/> is canceled.</summary>
    /// <param name="cancellationToken">Ends the reading.</param>
    /// <returns>The events, each once.</returns>
    public async IAsyncEnumerable<RoutingEvent> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            RoutingEventPage page = await _tenant.GetEvents(Position, _pageSize).WaitAsync(cancellationToken).ConfigureAwait(false);
            Missed += page.Missed;
            foreach (RoutingEvent routingEvent in page.Events)
            {
                Position = routingEvent.Sequence;
                yield return routingEvent;
            }

            if (page.Events.Length < _pageSize)
            {
                try
                {
                    await _nudge.WaitAsync(_pollInterval, cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    yield break;
                }
            }
        }
    }

    /// <summary>A nudge: the tenant published events; the next read happens at once.</summary>
    /// <param name="tenant">The tenant.</param>
    /// <param name="events">The events (read again from the feed, in order, with any this observer missed).</param>
    /// <returns>A completed task.</returns>
    public Task OnEvents(string tenant, ImmutableArray<RoutingEvent> events)
    {
        if (_nudge.CurrentCount == 0)
        {
            try
            {
                _nudge.Release();
            }
            catch (SemaphoreFullException)
            {
                // Already nudged.
            }
        }

        return Task.CompletedTask;
    }
}
