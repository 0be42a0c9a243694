using System.Collections.Immutable;

namespace RoutingCore.Orleans;

/// <summary>
/// Receives the events of a tenant's routing engine (<see cref="IRoutingTenantGrain"/>): offers, accepts, timeouts,
/// queueing... in the order the engine published them. Implement it in the host, make a reference with
/// <c>IGrainFactory.CreateObjectReference&lt;IRoutingEventObserver&gt;(observer)</c> and pass it to
/// <see cref="IRoutingTenantGrain.Subscribe(IRoutingEventObserver)"/>.
/// </summary>
/// <remarks>
/// Events are delivered one way (the grain does not wait for the observer) and only after the state that produced them
/// is stored, so an observer never hears of a change that a failover could undo. A subscription lasts
/// <see cref="RoutingCoreOrleansOptions.ObserverExpiry"/> from the last <see cref="IRoutingTenantGrain.Subscribe(IRoutingEventObserver)"/>:
/// re-subscribe periodically (more often than that), as with Orleans' own observer pattern.
/// </remarks>
public interface IRoutingEventObserver : IGrainObserver
{
    /// <summary>Receives a batch of events of one tenant, in order.</summary>
    /// <param name="tenant">The tenant (the grain's key).</param>
    /// <param name="events">The events, oldest first; never empty.</param>
    /// <returns>A task that completes when the batch was handled (the grain does not wait for it).</returns>
    [OneWay]
    Task OnEvents(string tenant, ImmutableArray<RoutingEvent> events);
}
