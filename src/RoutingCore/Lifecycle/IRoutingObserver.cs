namespace RoutingCore;

/// <summary>
/// Receives every <see cref="RoutingEvent"/> of an engine it subscribed to with
/// <see cref="IRoutingEngine.Subscribe(IRoutingObserver)"/>.
/// </summary>
/// <remarks>
/// Events arrive in order, one at a time, outside the engine's lock, so an observer may call the engine (those calls'
/// events are delivered after the current one). An exception thrown by an observer is caught and does not reach the
/// engine's caller; the event is still delivered to the other observers.
/// </remarks>
public interface IRoutingObserver
{
    /// <summary>Called for each event.</summary>
    /// <param name="routingEvent">The event.</param>
    void OnEvent(RoutingEvent routingEvent);
}
