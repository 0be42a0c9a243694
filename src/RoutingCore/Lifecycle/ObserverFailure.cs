namespace RoutingCore;

/// <summary>
/// An <see cref="IRoutingObserver"/> threw while it was given an event: what <see cref="RoutingOptions.OnObserverFailure"/>
/// receives. The failure has already been counted on the meter (<see cref="RoutingMetricNames.ObserverFailures"/>).
/// </summary>
public sealed class ObserverFailure
{
    /// <summary>Describes an observer's failure.</summary>
    /// <param name="engineName">The name of the engine whose event it was (<see cref="RoutingMetricNames.EngineTag"/>).</param>
    /// <param name="routingEvent">The event the observer was given.</param>
    /// <param name="observer">The observer that threw.</param>
    /// <param name="exception">What it threw.</param>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public ObserverFailure(string engineName, RoutingEvent routingEvent, IRoutingObserver observer, Exception exception)
    {
        ArgumentNullException.ThrowIfNull(engineName);
        ArgumentNullException.ThrowIfNull(routingEvent);
        ArgumentNullException.ThrowIfNull(observer);
        ArgumentNullException.ThrowIfNull(exception);
        EngineName = engineName;
        Event = routingEvent;
        Observer = observer;
        Exception = exception;
    }

    /// <summary>
    /// The name of the engine whose event it was: the name it was registered or created with, <see cref="RoutingDefaults.EngineName"/>
    /// ("default") otherwise.
    /// </summary>
    public string EngineName { get; }

    /// <summary>The event the observer was given.</summary>
    public RoutingEvent Event { get; }

    /// <summary>The observer that threw.</summary>
    public IRoutingObserver Observer { get; }

    /// <summary>What it threw.</summary>
    public Exception Exception { get; }

    /// <summary>Describes the failure, for logs.</summary>
    /// <returns>The description.</returns>
    public override string ToString() =>
        $"Observer {Observer.GetType().FullName} of routing engine '{EngineName}' threw {Exception.GetType().FullName} on event {Event}: {Exception.Message}";
}
