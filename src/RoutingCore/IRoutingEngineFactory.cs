namespace RoutingCore;

/// <summary>
/// Creates routing engines at run time (for example one per tenant, as tenants come and go) with the strategies, capacity
/// models, <see cref="TimeProvider"/> and meter factory registered in dependency injection, each with its own options.
/// Registered by <c>services.AddRoutingEngine(...)</c>.
/// </summary>
/// <remarks>
/// Each engine gets its own parts: its own workload splitter (from the factory given to <c>UseWorkloadSplitter</c>, called
/// once per engine; a splitter already given to another engine is refused) and its own pacing calculator, so no engine sees
/// another's distributions or counters. The parts are those registered for the engine's name
/// (<c>services.AddRoutingEngine(name).UseWorkloadSplitter(...)</c>); for a name not registered, those of the default
/// engine (<c>services.AddRoutingEngine()</c>); otherwise the built-in ones. The caller owns the engines it creates and
/// disposes them.
/// </remarks>
public interface IRoutingEngineFactory
{
    /// <summary>Creates an engine named <see cref="RoutingDefaults.EngineName"/> ("default"), with the default engine's parts.</summary>
    /// <param name="options">The engine's options; validated first, every error reported together.</param>
    /// <returns>The engine.</returns>
    /// <exception cref="Microsoft.Extensions.Options.OptionsValidationException">The options are invalid.</exception>
    IRoutingEngine Create(RoutingOptions options);

    /// <summary>
    /// Creates an engine named <paramref name="name"/>: its metrics carry the name (<see cref="RoutingMetricNames.EngineTag"/>),
    /// its validation errors begin with it, and it gets the parts registered for that name (or the default engine's).
    /// </summary>
    /// <param name="name">The engine's name (for example the tenant's id): non-empty printable text of at most
    /// 256 characters. Names need not be unique among created engines, but engines with one
    /// name share their metric series.</param>
    /// <param name="options">The engine's options; validated first, every error reported together.</param>
    /// <returns>The engine.</returns>
    /// <exception cref="ArgumentException"><paramref name="name"/> is empty, white space or not printable text.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="name"/> is <see langword="null"/>.</exception>
    /// <exception cref="Microsoft.Extensions.Options.OptionsValidationException">The options are invalid.</exception>
    /// <exception cref="InvalidOperationException">The registered splitter factory returned a splitter already given to another engine.</exception>
    IRoutingEngine Create(string name, RoutingOptions options);

    /// <summary>
    /// Creates an engine named <paramref name="name"/> with the parts registered for that name, as
    /// <see cref="Create(string, RoutingOptions)"/> does, but on the clock <paramref name="timeProvider"/> instead of the
    /// registered one: for a host whose engines each need a clock of their own, such as one grain per tenant whose engine's
    /// timers must run inside the grain's scheduling (RoutingCore.Orleans).
    /// </summary>
    /// <param name="name">The engine's name, as for <see cref="Create(string, RoutingOptions)"/>.</param>
    /// <param name="options">The engine's options; validated first, every error reported together.</param>
    /// <param name="timeProvider">The engine's clock and timers.</param>
    /// <returns>The engine.</returns>
    /// <exception cref="ArgumentException"><paramref name="name"/> is empty, white space or not printable text.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="name"/> or <paramref name="timeProvider"/> is <see langword="null"/>.</exception>
    /// <exception cref="Microsoft.Extensions.Options.OptionsValidationException">The options are invalid.</exception>
    /// <exception cref="InvalidOperationException">The registered splitter factory returned a splitter already given to another engine.</exception>
    /// <exception cref="NotSupportedException">This factory is not the built-in one and does not create engines on a clock of the caller's.</exception>
    IRoutingEngine Create(string name, RoutingOptions options, TimeProvider timeProvider) =>
        throw new NotSupportedException($"{GetType().FullName} does not create engines on a clock of the caller's; implement IRoutingEngineFactory.Create(string, RoutingOptions, TimeProvider), or use the factory services.AddRoutingEngine() registers.");
}
