namespace RoutingCore;

/// <summary>
/// Receives every <see cref="RoutingEvent"/> of an engine it subscribed to with
/// <see cref="IRoutingEngine.Subscribe(IRoutingObserver)"/>.
/// </summary>
/// <remarks>
/// <para>
/// Events arrive in order, one at a time, outside the engine's lock, so an observer may call the engine (those calls'
/// events are delivered after the current one).
/// </para>
/// <para>
/// An exception thrown by an observer is caught and does not reach the engine's caller: the event is still delivered to
/// the other observers, and the observer that threw stays subscribed and receives every later event. The failure is never
/// silent: it is counted on the "RoutingCore" meter (<see cref="RoutingMetricNames.ObserverFailures"/>, tagged with the
/// engine's name, the event's kind and the exception's type) and then handed to the hook
/// <see cref="RoutingOptions.OnObserverFailure"/>, if set, before the event goes to the next observer. A hook that throws
/// is counted too (<see cref="RoutingMetricNames.ObserverHookFailures"/>) and delivery goes on.
/// </para>
/// </remarks>
public interface IRoutingObserver
{
    /// <summary>Called for each event.</summary>
    /// <param name="routingEvent">The event.</param>
    void OnEvent(RoutingEvent routingEvent);
}
