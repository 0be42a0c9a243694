using RoutingCore.Capacity;
using RoutingCore.Strategies;

namespace RoutingCore.DependencyInjection;

/// <summary>The built-in strategies and capacity models: adding one touches this list, its class and its name constant.</summary>
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
}
