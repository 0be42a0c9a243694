using RoutingCore.DependencyInjection;

namespace RoutingCore;

/// <summary>Creates routing engines without dependency injection.</summary>
public static class RoutingEngine
{
    /// <summary>Creates an engine with the built-in strategies and capacity models and any you add.</summary>
    /// <remarks>
    /// The built-in capacity models are made for the engine from <paramref name="options"/>; a model of yours is used as it is,
    /// so one made for this engine can carry this engine's settings.
    /// </remarks>
    /// <param name="options">The options; <see langword="null"/> uses the defaults. Validated first, every error reported together.</param>
    /// <param name="timeProvider">The clock; <see langword="null"/> uses <see cref="TimeProvider.System"/>.</param>
    /// <param name="strategies">Strategies of your own, found by their names (unique among all strategies, ignoring case).</param>
    /// <param name="capacityModels">Capacity models of your own, found by their names (unique among all models, ignoring case).</param>
    /// <param name="queueOrdering">The waiting-queue ordering; <see langword="null"/> uses the built-in one <see cref="RoutingOptions.QueueOrdering"/> names (by default <see cref="WaitingQueueOrderings.PriorityThenSla"/>).</param>
    /// <param name="meterFactory">Creates the "RoutingCore" meter the engine records its metrics on (<see cref="RoutingMetricNames"/>); <see langword="null"/>: the engine creates its own meter and disposes it with itself.</param>
    /// <param name="name">The engine's name, carried by its metrics (<see cref="RoutingMetricNames.EngineTag"/>) and its validation errors; <see langword="null"/> uses <see cref="RoutingDefaults.EngineName"/> ("default").</param>
    /// <returns>The engine. Dispose it when the host shuts down.</returns>
    /// <exception cref="Microsoft.Extensions.Options.OptionsValidationException">The options are invalid.</exception>
    /// <exception cref="ArgumentException"><paramref name="name"/> is empty, white space or not printable text; or <paramref name="strategies"/> or <paramref name="capacityModels"/> holds a null item, an item without a name, or two items of different types with the same name.</exception>
    public static IRoutingEngine Create(
        RoutingOptions? options = null,
        TimeProvider? timeProvider = null,
        IEnumerable<IRoutingStrategy>? strategies = null,
        IEnumerable<ICapacityModel>? capacityModels = null,
        IWaitingQueueOrdering? queueOrdering = null,
        System.Diagnostics.Metrics.IMeterFactory? meterFactory = null,
        string? name = null)
    {
        IRoutingStrategy[] ownStrategies = Checked(strategies, BuiltIns.Strategies.Select(s => (s.Name, s.GetType())), s => s.Name, nameof(strategies), "strategy", "strategies");
        ICapacityModel[] ownModels = Checked(capacityModels, BuiltIns.CapacityModels.Select(m => (m.Name, m.Type)), m => m.Name, nameof(capacityModels), "capacity model", "capacity models");
        var factory = new RoutingEngineFactory(
            BuiltIns.Strategies.Concat(ownStrategies),
            new CapacityModelCatalog(ownModels, [], services: null),
            timeProvider ?? TimeProvider.System,
            queueOrdering,
            meterFactory: meterFactory);
        return factory.Create(name ?? RoutingDefaults.EngineName, options ?? new RoutingOptions());
    }

    /// <summary>Copies the caller's extensions, rejecting null items, empty names and names taken by another type.</summary>
    private static T[] Checked<T>(IEnumerable<T>? items, IEnumerable<(string Name, Type Type)> builtIns, Func<T, string?> nameOf, string paramName, string kind, string kinds)
        where T : class
    {
        if (items is null)
        {
            return [];
        }

        T[] own = [.. items];
        var byName = new Dictionary<string, (string Name, Type Type, T? Item)>(StringComparer.OrdinalIgnoreCase);
        foreach ((string name, Type type) in builtIns)
        {
            byName[name] = (name, type, null);
        }

        for (int i = 0; i < own.Length; i++)
        {
            T? item = own[i];
            if (item is null)
            {
                throw new ArgumentException($"{paramName} contains a null {kind} (at index {i}); pass only {kind} instances, or null for none.", paramName);
            }

            string? name = nameOf(item);
            if (string.IsNullOrWhiteSpace(name))
            {
                throw new ArgumentException($"The {kind} at index {i} of {paramName} ({item.GetType().FullName}) has an empty name; give it a unique, non-empty name.", paramName);
            }

            if (byName.TryGetValue(name, out (string Name, Type Type, T? Item) taken) && !ReferenceEquals(taken.Item, item) && taken.Type != item.GetType())
            {
                throw new ArgumentException($"Two {kinds} are named '{taken.Name}' ({taken.Type.FullName} and {item.GetType().FullName}); names must be unique (case-insensitive).", paramName);
            }

            byName.TryAdd(name, (name, item.GetType(), item));
        }

        return own;
    }
}
