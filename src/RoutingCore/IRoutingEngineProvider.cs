using System.Collections.Immutable;

namespace RoutingCore;

/// <summary>
/// The engines registered with <c>services.AddRoutingEngine(...)</c>, by name: several contact centers in one process, each
/// with its own options, workload splitter, pacing calculator and metric series. Each engine is created on first use and
/// lives as long as the service provider (which disposes it). The same engines are keyed services:
/// <c>provider.GetRequiredKeyedService&lt;IRoutingEngine&gt;("tenant-a")</c>, <c>[FromKeyedServices("tenant-a")] IRoutingEngine</c>;
/// the default engine is also plain <see cref="IRoutingEngine"/>.
/// </summary>
public interface IRoutingEngineProvider
{
    /// <summary>
    /// The names of the registered engines, in registration order; the engine registered without a name is
    /// <see cref="RoutingDefaults.EngineName"/> ("default").
    /// </summary>
    ImmutableArray<string> Names { get; }

    /// <summary>Returns the engine registered under <paramref name="name"/> (compared ordinally, case-sensitive), creating it on first use.</summary>
    /// <param name="name">The engine's name.</param>
    /// <returns>The engine; the same instance on every call.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="name"/> is <see langword="null"/>.</exception>
    /// <exception cref="RoutingOperationException">No engine is registered under <paramref name="name"/> (<see cref="RoutingErrorCode.UnknownEngine"/>); the message lists the registered names.</exception>
    /// <exception cref="Microsoft.Extensions.Options.OptionsValidationException">The engine's options are invalid (every error, each naming the engine).</exception>
    /// <exception cref="ObjectDisposedException">The service provider was disposed.</exception>
    IRoutingEngine GetEngine(string name);
}
