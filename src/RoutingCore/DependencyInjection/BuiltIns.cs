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

    public static readonly ICapacityModel[] CapacityModels =
    [
        new MaxConcurrentCapacityModel(),
        new IntensityCapacityModel(),
    ];
}
