using RoutingCore.Capacity;
using RoutingCore.Engine;
using RoutingCore.Strategies;

namespace RoutingCore.DependencyInjection;

/// <summary>The built-in strategies, capacity models and queue orderings: adding one touches this list, its class and its name constant.</summary>
internal static class BuiltIns
{
    public static readonly IRoutingStrategy[] Strategies =
    [
        new BroadcastStrategy(),
        new SkillBasedStrategy(),
        new RoundRobinStrategy(),
        new LeastLoadedStrategy(),
        new DynamicStrategy(),
        new CustomWeightedStrategy(),
    ];

    /// <summary>The built-in capacity models, each made for one engine from that engine's options.</summary>
    public static readonly BuiltInCapacityModel[] CapacityModels =
    [
        new(CapacityModelNames.MaxConcurrent, typeof(MaxConcurrentCapacityModel), static options => new MaxConcurrentCapacityModel(options.MaxConcurrent)),
        new(CapacityModelNames.Intensity, typeof(IntensityCapacityModel), static options => new IntensityCapacityModel(options.Intensity, options.MaxConcurrent.DefaultMaxConcurrent)),
    ];

    /// <summary>The built-in waiting-queue orderings, each made for one engine from its options (<see cref="RoutingOptions.QueueOrdering"/> names one).</summary>
    public static readonly (string Name, Func<RoutingOptions, IWaitingQueueOrdering> Create)[] QueueOrderings =
    [
        (QueueOrderingNames.PriorityThenSla, static _ => WaitingQueueOrderings.PriorityThenSla),
        (QueueOrderingNames.Responsiveness, static options => new ResponsivenessOrdering(options.Responsiveness)),
    ];

    /// <summary>The names <see cref="RoutingOptions.QueueOrdering"/> may take.</summary>
    public static readonly string[] OrderingNames = [.. QueueOrderings.Select(o => o.Name)];

    /// <summary>The ordering the validated options name (case-insensitive).</summary>
    public static IWaitingQueueOrdering QueueOrderingFor(RoutingOptions options) =>
        Array.Find(QueueOrderings, o => string.Equals(o.Name, options.QueueOrdering, StringComparison.OrdinalIgnoreCase)).Create(options);
}
