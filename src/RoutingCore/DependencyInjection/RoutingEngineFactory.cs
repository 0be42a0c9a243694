using System.Collections.Frozen;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Options;
using RoutingCore.Engine;

namespace RoutingCore.DependencyInjection;

/// <summary>
/// The built-in <see cref="IRoutingEngineFactory"/>: finds strategies and models by case-insensitive name; engines record
/// their metrics on meters of the registered <see cref="IMeterFactory"/>, when there is one.
/// </summary>
internal sealed class RoutingEngineFactory : IRoutingEngineFactory
{
    private readonly FrozenDictionary<string, IRoutingStrategy> _strategies;
    private readonly FrozenDictionary<string, ICapacityModel> _capacityModels;
    private readonly TimeProvider _timeProvider;
    private readonly IWaitingQueueOrdering? _ordering;
    private readonly Pacing.IPacingCalculator? _pacing;
    private readonly Workload.IWorkloadSplitter? _splitter;
    private readonly IMeterFactory? _meterFactory;

    public RoutingEngineFactory(
        IEnumerable<IRoutingStrategy> strategies,
        IEnumerable<ICapacityModel> capacityModels,
        TimeProvider timeProvider,
        IWaitingQueueOrdering? ordering = null,
        Pacing.IPacingCalculator? pacing = null,
        Workload.IWorkloadSplitter? splitter = null,
        IMeterFactory? meterFactory = null)
    {
        _meterFactory = meterFactory;
        _splitter = splitter;
        _ordering = ordering;
        _pacing = pacing;
        _strategies = ByName(strategies, s => s.Name, "strategy");
        _capacityModels = ByName(capacityModels, m => m.Name, "capacity model");
        _timeProvider = timeProvider;
    }

    public IRoutingEngine Create(RoutingOptions options)
    {
        List<string> errors = RoutingOptionsValidator.Collect(options, _strategies.Keys, _capacityModels.Keys);
        if (errors.Count > 0)
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(RoutingOptions), errors);
        }

        return new DefaultRoutingEngine(options, _strategies, _capacityModels, _timeProvider, _ordering, _pacing, _splitter, _meterFactory);
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
