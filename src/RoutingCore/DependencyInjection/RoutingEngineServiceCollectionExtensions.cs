using Microsoft.Extensions.DependencyInjection.Extensions;
using RoutingCore;
using RoutingCore.DependencyInjection;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// Registers routing engines in a service collection. In the <c>Microsoft.Extensions.DependencyInjection</c> namespace, as
/// the Microsoft.Extensions libraries' own registrations are, so it is found without a <c>using</c>; named
/// <c>AddRoutingEngine</c> so that it cannot be mistaken for ASP.NET Core's <c>AddRouting</c>/<c>AddRoutingCore</c> (URL routing).
/// </summary>
public static class RoutingEngineServiceCollectionExtensions
{
    /// <summary>
    /// Registers the default routing engine (<see cref="RoutingDefaults.EngineName"/>, "default") as the singleton
    /// <see cref="IRoutingEngine"/>, with the unnamed <see cref="RoutingOptions"/> (defaults unless configured).
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <returns>The engine's builder, to configure it further.</returns>
    /// <remarks>
    /// Also registers, once per collection: the built-in strategies and capacity models, an <see cref="IRoutingEngineFactory"/>
    /// for engines created at run time, an <see cref="IRoutingEngineProvider"/>, validation of the options when the host
    /// starts (every error reported together) and <see cref="TimeProvider.System"/> unless a <see cref="TimeProvider"/> is
    /// registered. The engine is created on first use, records its metrics on the registered <c>IMeterFactory</c> when there
    /// is one, and is disposed with the service provider. Calling this again configures the same engine.
    /// </remarks>
    public static IRoutingEngineBuilder AddRoutingEngine(this IServiceCollection services) =>
        Add(services, RoutingDefaults.EngineName, null);

    /// <summary>Registers the default routing engine (see <see cref="AddRoutingEngine(IServiceCollection)"/>) and configures its options.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Configures the options, for example <c>o => configuration.GetSection("RoutingCore").Bind(o)</c>.</param>
    /// <returns>The engine's builder, to configure it further.</returns>
    public static IRoutingEngineBuilder AddRoutingEngine(this IServiceCollection services, Action<RoutingOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        return Add(services, RoutingDefaults.EngineName, configure);
    }

    /// <summary>
    /// Registers a named routing engine — one of several contact centers in the process — with the <see cref="RoutingOptions"/>
    /// of its name, its own workload splitter, pacing calculator and metric series
    /// (<see cref="RoutingMetricNames.EngineTag"/>). Resolve it as the keyed service
    /// <c>GetRequiredKeyedService&lt;IRoutingEngine&gt;(name)</c> (<c>[FromKeyedServices(name)]</c>) or with
    /// <see cref="IRoutingEngineProvider.GetEngine"/>. Its options are validated when the host starts, each error naming the engine.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="name">The engine's name (compared ordinally): non-empty printable text of at most
    /// 256 characters; <see cref="RoutingDefaults.EngineName"/> is the default engine.</param>
    /// <param name="configure">Configures the engine's options; <see langword="null"/> (the default) leaves them to other configuration.</param>
    /// <returns>The engine's builder, to configure it further.</returns>
    /// <exception cref="ArgumentException"><paramref name="name"/> is empty, white space or not printable text.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> or <paramref name="name"/> is <see langword="null"/>.</exception>
    public static IRoutingEngineBuilder AddRoutingEngine(this IServiceCollection services, string name, Action<RoutingOptions>? configure = null) =>
        Add(services, name, configure);

    private static RoutingEngineBuilder Add(IServiceCollection services, string name, Action<RoutingOptions>? configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        EngineNames.Check(name, nameof(name));
        RoutingEngineRegistry registry = RoutingEngineServices.AddCore(services);
        string optionsName = EngineNames.OptionsName(name);
        if (registry.TryAdd(name, out EngineRegistration registration))
        {
            services.AddOptions<RoutingOptions>(optionsName).ValidateOnStart();
            services.AddKeyedSingleton<IRoutingEngine>(name, static (provider, key) => provider.GetRequiredService<IRoutingEngineProvider>().GetEngine((string)key!));
            if (EngineNames.IsDefault(name))
            {
                services.TryAddSingleton<IRoutingEngine>(static provider => provider.GetRequiredService<IRoutingEngineProvider>().GetEngine(RoutingDefaults.EngineName));
            }
        }

        if (configure is not null)
        {
            services.Configure(optionsName, configure);
        }

        return new RoutingEngineBuilder(services, registration);
    }
}
