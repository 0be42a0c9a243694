namespace RoutingCore.DependencyInjection;

/// <summary>A built-in capacity model: its name, its type (named in errors) and how one engine's instance is made from its options.</summary>
internal sealed record BuiltInCapacityModel(string Name, Type Type, Func<RoutingOptions, ICapacityModel> Create);
