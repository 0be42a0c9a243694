using RoutingCore.DependencyInjection;

namespace RoutingCore;

/// <summary>Creates routing engines without dependency injection.</summary>
public static class RoutingEngine
{
    /// <summary>Creates an engine with the built-in strategies and capacity models and any you add.</summary>
    /// <param name="options">The options; <see langword="null"/> uses the defaults. Validated first, every error reported together.</param>
    /// <param name="timeProvider">The clock; <see langword="null"/> uses <see cref="TimeProvider.System"/>.</param>
    /// <param name="strategies">Strategies of your own, found by their names.</param>
    /// <param name="capacityModels">Capacity models of your own, found by their names.</param>
    /// <param name="queueOrdering">The waiting-queue ordering; <see langword="null"/> uses <see cref="WaitingQueueOrderings.PriorityThenSla"/>.</param>
    /// <returns>The engine. Dispose it when the host shuts down.</returns>
    /// <exception cref="Microsoft.Extensions.Options.OptionsValidationException">The options are invalid.</exception>
    public static IRoutingEngine Create(
        RoutingOptions? options = null,
        TimeProvider? timeProvider = null,
        IEnumerable<IRoutingStrategy>? strategies = null,
        IEnumerable<ICapacityModel>? capacityModels = null,
        IWaitingQueueOrdering? queueOrdering = null)
    {
        var factory = new RoutingEngineFactory(
            BuiltIns.Strategies.Concat(strategies ?? []),
            BuiltIns.CapacityModels.Concat(capacityModels ?? []),
            timeProvider ?? TimeProvider.System,
            queueOrdering);
        return factory.Create(options ?? new RoutingOptions());
    }
}
