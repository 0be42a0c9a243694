using System.Collections.Frozen;
using System.Diagnostics.Metrics;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Options;
using RoutingCore.Engine;

namespace RoutingCore.DependencyInjection;

/// <summary>
/// The built-in <see cref="IRoutingEngineFactory"/>: finds strategies and capacity models by case-insensitive name (a
/// built-in model is made for each engine from its options); engines record their metrics on meters of the registered
/// <see cref="IMeterFactory"/>, when there is one, tagged with their names. Each engine gets its own parts
/// (<see cref="EngineParts"/>); a workload splitter handed to one engine is refused to another.
/// </summary>
internal sealed class RoutingEngineFactory : IRoutingEngineFactory
{
    private static readonly Func<string, RoutingOptions, EngineParts> BuiltInParts = static (_, _) => default;

    private readonly FrozenDictionary<string, IRoutingStrategy> _strategies;
    private readonly CapacityModelCatalog _capacityModels;
    private readonly TimeProvider _timeProvider;
    private readonly IMeterFactory? _meterFactory;
    private readonly Func<string, RoutingOptions, EngineParts> _parts;

    // Which engine each splitter went to (held weakly): a splitter keeps one engine's counters and must not serve two.
    private readonly ConditionalWeakTable<WorkloadSplitter, string> _splitters = new();

    /// <summary>A factory without dependency injection: every engine gets <paramref name="ordering"/> and built-in parts otherwise.</summary>
    public RoutingEngineFactory(
        IEnumerable<IRoutingStrategy> strategies,
        CapacityModelCatalog capacityModels,
        TimeProvider timeProvider,
        IWaitingQueueOrdering? ordering = null,
        IMeterFactory? meterFactory = null)
        : this(strategies, capacityModels, timeProvider, meterFactory, ordering is null ? BuiltInParts : (_, _) => new EngineParts(ordering, null, null))
    {
    }

    /// <summary>A factory whose engines get the parts <paramref name="parts"/> makes for each (by engine name and options).</summary>
    public RoutingEngineFactory(
        IEnumerable<IRoutingStrategy> strategies,
        CapacityModelCatalog capacityModels,
        TimeProvider timeProvider,
        IMeterFactory? meterFactory,
        Func<string, RoutingOptions, EngineParts> parts)
    {
        _strategies = ByName(strategies, s => s.Name, "strategy");
        _capacityModels = capacityModels;
        _timeProvider = timeProvider;
        _meterFactory = meterFactory;
        _parts = parts;
    }

    public IRoutingEngine Create(RoutingOptions options) => Create(RoutingDefaults.EngineName, options);

    public IRoutingEngine Create(string name, RoutingOptions options) => Create(name, options, _timeProvider);

    public IRoutingEngine Create(string name, RoutingOptions options, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        EngineNames.Check(name, nameof(name));
        List<string> errors = RoutingOptionsValidator.Collect(options, _strategies.Keys, _capacityModels.Names);
        if (errors.Count > 0)
        {
            throw new OptionsValidationException(EngineNames.OptionsName(name), typeof(RoutingOptions), EngineNames.Label(name, errors));
        }

        EngineParts parts = _parts(name, options);
        if (parts.Splitter is { } splitter)
        {
            Claim(splitter, name);
        }

        try
        {
            return new DefaultRoutingEngine(options, _strategies, _capacityModels.For(name, options), timeProvider, parts.Ordering, parts.Pacing, parts.Splitter, _meterFactory, name);
        }
        catch
        {
            if (parts.Splitter is { } claimed)
            {
                lock (_splitters)
                {
                    _splitters.Remove(claimed);
                }
            }

            throw;
        }
    }

    private void Claim(WorkloadSplitter splitter, string engine)
    {
        lock (_splitters)
        {
            if (_splitters.TryGetValue(splitter, out string? owner))
            {
                throw new InvalidOperationException(
                    $"The workload splitter factory gave routing engine {IdValidation.Show(engine)} the splitter ({splitter.GetType().FullName}) it already gave routing engine {IdValidation.Show(owner)}; a splitter keeps one engine's distributions and counters, so return a new instance each time (UseWorkloadSplitter(_ => new MySplitter())).");
            }

            _splitters.Add(splitter, engine);
        }
    }

    private static FrozenDictionary<string, T> ByName<T>(IEnumerable<T> items, Func<T, string> name, string kind)
    {
        var result = new Dictionary<string, T>(StringComparer.OrdinalIgnoreCase);
        foreach (T item in items)
        {
            string key = name(item);
            if (string.IsNullOrWhiteSpace(key))
            {
                throw new InvalidOperationException($"A registered {kind} ({item!.GetType().FullName}) has an empty name; give it a unique, non-empty name.");
            }

            if (!result.TryAdd(key, item) && !ReferenceEquals(result[key], item) && result[key]!.GetType() != item!.GetType())
            {
                throw new InvalidOperationException($"Two registered {kind}s are named '{key}' ({result[key]!.GetType().FullName} and {item!.GetType().FullName}); names must be unique (case-insensitive).");
            }
        }

        return result.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);
    }
}
