using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using RoutingCore.Capacity;
using RoutingCore.DependencyInjection;
using RoutingCore.Strategies;

namespace RoutingCore;

/// <summary>Registers RoutingCore in a service collection.</summary>
public static class RoutingCoreServiceCollectionExtensions
{
    /// <summary>
    /// Registers the routing engine (<see cref="IRoutingEngine"/>, a singleton), an <see cref="IRoutingEngineFactory"/>
    /// for further engines, the built-in strategies and capacity models, and validation of <see cref="RoutingOptions"/>
    /// when the host starts (every error reported together). A <see cref="TimeProvider"/> already registered is used;
    /// otherwise <see cref="TimeProvider.System"/>.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Configures the options; may be <see langword="null"/> when they are bound elsewhere.</param>
    /// <returns>The service collection, for chaining.</returns>
    /// <remarks>
    /// In an ASP.NET Core application, a bare <c>services.AddRoutingCore()</c> resolves to ASP.NET Core's own
    /// parameterless <c>AddRoutingCore()</c> (core URL routing services), which registers no engine: pass the configure
    /// delegate, for example <c>services.AddRoutingCore(o => section.Bind(o))</c>, or <c>configure: null</c>.
    /// </remarks>
    public static IServiceCollection AddRoutingCore(this IServiceCollection services, Action<RoutingOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        OptionsBuilder<RoutingOptions> options = services.AddOptions<RoutingOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RoutingOptions>, RoutingOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        AddBuiltIns(services);
        services.TryAddSingleton<IRoutingEngineFactory, RoutingEngineFactory>();
        services.TryAddSingleton(provider => provider.GetRequiredService<IRoutingEngineFactory>()
            .Create(provider.GetRequiredService<IOptions<RoutingOptions>>().Value));
        return services;
    }

    /// <summary>Registers a scoring strategy of your own; name it in <see cref="RoutingOptions.Strategy"/> or a skill's options.</summary>
    /// <typeparam name="TStrategy">The strategy; its <see cref="IRoutingStrategy.Name"/> must be unique.</typeparam>
    /// <param name="services">The service collection.</param>
    /// <returns>The service collection, for chaining.</returns>
    public static IServiceCollection AddRoutingStrategy<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TStrategy>(this IServiceCollection services)
        where TStrategy : class, IRoutingStrategy
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IRoutingStrategy, TStrategy>());
        return services;
    }

    /// <summary>Registers a capacity model of your own; name it in <see cref="RoutingOptions.CapacityModel"/>.</summary>
    /// <typeparam name="TModel">The model; its <see cref="ICapacityModel.Name"/> must be unique.</typeparam>
    /// <param name="services">The service collection.</param>
    /// <returns>The service collection, for chaining.</returns>
    public static IServiceCollection AddCapacityModel<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TModel>(this IServiceCollection services)
        where TModel : class, ICapacityModel
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ICapacityModel, TModel>());
        return services;
    }

    internal static void AddBuiltIns(IServiceCollection services)
    {
        foreach (IRoutingStrategy strategy in BuiltIns.Strategies)
        {
            services.TryAddEnumerable(ServiceDescriptor.Singleton(strategy));
        }

        foreach (ICapacityModel model in BuiltIns.CapacityModels)
        {
            services.TryAddEnumerable(ServiceDescriptor.Singleton(model));
        }
    }
}
