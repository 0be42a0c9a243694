using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace RoutingCore.DependencyInjection;

/// <summary>
/// The services every registered engine shares: the built-in strategies, the catalog of capacity models (the built-in ones
/// are made per engine, from its options), options validation, the clock, the <see cref="IRoutingEngineFactory"/>, the
/// <see cref="IRoutingEngineProvider"/> and the registry of named engines.
/// Registered once per service collection (also by the Orleans package, which registers no engine of its own).
/// </summary>
internal static class RoutingEngineServices
{
    /// <summary>Registers the shared services unless they are registered; returns the collection's registry of engines.</summary>
    public static RoutingEngineRegistry AddCore(IServiceCollection services)
    {
        if (Find(services) is { } existing)
        {
            return existing;
        }

        var registry = new RoutingEngineRegistry();
        services.AddSingleton(registry);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RoutingOptions>, RoutingOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        foreach (IRoutingStrategy strategy in BuiltIns.Strategies)
        {
            services.TryAddEnumerable(ServiceDescriptor.Singleton(strategy));
        }

        services.TryAddSingleton(static provider => new CapacityModelCatalog(
            provider.GetServices<ICapacityModel>(), provider.GetServices<CapacityModelRegistration>(), provider));
        services.TryAddSingleton<IRoutingEngineFactory>(provider => new RoutingEngineFactory(
            provider.GetServices<IRoutingStrategy>(),
            provider.GetRequiredService<CapacityModelCatalog>(),
            provider.GetRequiredService<TimeProvider>(),
            provider.GetService<IMeterFactory>(),
            (engine, options) => registry.PartsFor(provider, engine, options)));
        services.TryAddSingleton<IRoutingEngineProvider>(provider => new RoutingEngineProvider(
            provider.GetRequiredService<IRoutingEngineFactory>(),
            provider.GetRequiredService<IOptionsMonitor<RoutingOptions>>(),
            registry.Names));
        return registry;
    }

    /// <summary>The collection's registry of engines, or <see langword="null"/> when no engine is registered.</summary>
    public static RoutingEngineRegistry? Find(IServiceCollection services)
    {
        foreach (ServiceDescriptor descriptor in services)
        {
            if (descriptor.ServiceType == typeof(RoutingEngineRegistry) && !descriptor.IsKeyedService
                && descriptor.ImplementationInstance is RoutingEngineRegistry registry)
            {
                return registry;
            }
        }

        return null;
    }
}
