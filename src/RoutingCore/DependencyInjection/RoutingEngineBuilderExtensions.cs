using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.DependencyInjection.Extensions;
using RoutingCore;
using RoutingCore.DependencyInjection;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Configures a routing engine registered with <c>services.AddRoutingEngine(...)</c>.</summary>
public static class RoutingEngineBuilderExtensions
{
    /// <summary>
    /// Configures the engine's options (after earlier configuration, before validation). To bind a configuration section
    /// without a dependency here: <c>builder.Configure(o => configuration.GetSection("RoutingCore").Bind(o))</c>.
    /// </summary>
    /// <param name="builder">The engine's builder.</param>
    /// <param name="configure">Changes the options.</param>
    /// <returns>The builder, for chaining.</returns>
    public static IRoutingEngineBuilder Configure(this IRoutingEngineBuilder builder, Action<RoutingOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        builder.Services.Configure(EngineNames.OptionsName(builder.Name), configure);
        return builder;
    }

    /// <summary>
    /// Configures the engine's options with a service, for example
    /// <c>builder.Configure&lt;IConfiguration&gt;((o, c) => c.GetSection("RoutingCore").Bind(o))</c>.
    /// </summary>
    /// <typeparam name="TDependency">The service the configuration needs.</typeparam>
    /// <param name="builder">The engine's builder.</param>
    /// <param name="configure">Changes the options, given the service.</param>
    /// <returns>The builder, for chaining.</returns>
    public static IRoutingEngineBuilder Configure<TDependency>(this IRoutingEngineBuilder builder, Action<RoutingOptions, TDependency> configure)
        where TDependency : class
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        builder.Services.AddOptions<RoutingOptions>(EngineNames.OptionsName(builder.Name)).Configure(configure);
        return builder;
    }

    /// <summary>
    /// Registers a scoring strategy of your own, to be named in <see cref="RoutingOptions.Strategy"/> or a skill's options.
    /// Strategies are shared: one singleton, found by name by every engine of the service provider (so it must be
    /// thread-safe and keep no per-engine state, as the built-in ones).
    /// </summary>
    /// <typeparam name="TStrategy">The strategy; its <see cref="IRoutingStrategy.Name"/> must be unique (case-insensitive).</typeparam>
    /// <param name="builder">The engine's builder.</param>
    /// <returns>The builder, for chaining.</returns>
    public static IRoutingEngineBuilder AddStrategy<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TStrategy>(this IRoutingEngineBuilder builder)
        where TStrategy : class, IRoutingStrategy
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IRoutingStrategy, TStrategy>());
        return builder;
    }

    /// <summary>
    /// Registers a capacity model of your own, to be named in <see cref="RoutingOptions.CapacityModel"/>. The model is shared:
    /// one singleton, found by name by every engine of the service provider (thread-safe, the same settings for every
    /// engine). For settings per engine, register a factory instead
    /// (<see cref="AddCapacityModel(IRoutingEngineBuilder, string, Func{IServiceProvider, string, ICapacityModel})"/>).
    /// </summary>
    /// <typeparam name="TModel">The model; its <see cref="ICapacityModel.Name"/> must be unique (case-insensitive).</typeparam>
    /// <param name="builder">The engine's builder.</param>
    /// <returns>The builder, for chaining.</returns>
    public static IRoutingEngineBuilder AddCapacityModel<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TModel>(this IRoutingEngineBuilder builder)
        where TModel : class, ICapacityModel
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<ICapacityModel, TModel>());
        return builder;
    }

    /// <summary>
    /// Registers a capacity model of your own that is made for each engine, to be named in
    /// <see cref="RoutingOptions.CapacityModel"/>: <paramref name="factory"/> is called once for every engine whose options
    /// name <paramref name="name"/> (registered engines and those <see cref="IRoutingEngineFactory"/> creates), with the
    /// services and the engine's name, so the model can read settings of its own for that engine, for example
    /// <c>AddCapacityModel("weighted", (services, engine) =&gt; new WeightedModel(services.GetRequiredService&lt;IOptionsMonitor&lt;WeightedOptions&gt;&gt;().Get(engine)))</c>.
    /// As with <see cref="AddCapacityModel{TModel}(IRoutingEngineBuilder)"/>, the name is known to every engine of the service provider.
    /// </summary>
    /// <param name="builder">The engine's builder.</param>
    /// <param name="name">The model's name, unique among capacity models (case-insensitive); the models made must have this <see cref="ICapacityModel.Name"/>.</param>
    /// <param name="factory">Makes one engine's model, given the services and the engine's name (<see cref="RoutingDefaults.EngineName"/>, "default", for the default engine).</param>
    /// <returns>The builder, for chaining.</returns>
    /// <exception cref="ArgumentException"><paramref name="name"/> is empty or white space, names a built-in model, or is already registered with a factory.</exception>
    public static IRoutingEngineBuilder AddCapacityModel(this IRoutingEngineBuilder builder, string name, Func<IServiceProvider, string, ICapacityModel> factory)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(factory);
        if (BuiltIns.CapacityModels.Any(m => string.Equals(m.Name, name, StringComparison.OrdinalIgnoreCase)))
        {
            throw new ArgumentException($"'{name}' is the name of a built-in capacity model; give your model a name of its own.", nameof(name));
        }

        foreach (ServiceDescriptor descriptor in builder.Services)
        {
            if (descriptor.ServiceType == typeof(CapacityModelRegistration) && !descriptor.IsKeyedService
                && descriptor.ImplementationInstance is CapacityModelRegistration registered && string.Equals(registered.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                throw new ArgumentException($"A capacity model factory is already registered as '{registered.Name}'; names must be unique (case-insensitive), and one factory serves every engine.", nameof(name));
            }
        }

        builder.Services.AddSingleton(new CapacityModelRegistration(name, factory));
        return builder;
    }

    /// <summary>
    /// Orders this engine's waiting queue with <typeparamref name="TOrdering"/> instead of the built-in ordering
    /// <see cref="RoutingOptions.QueueOrdering"/> names: the registered service <typeparamref name="TOrdering"/>
    /// when there is one, otherwise an instance made for the engine (constructor parameters from the services).
    /// </summary>
    /// <typeparam name="TOrdering">The ordering.</typeparam>
    /// <param name="builder">The engine's builder.</param>
    /// <returns>The builder, for chaining.</returns>
    public static IRoutingEngineBuilder UseQueueOrdering<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TOrdering>(this IRoutingEngineBuilder builder)
        where TOrdering : class, IWaitingQueueOrdering
    {
        Registration(builder).Ordering = static services => ActivatorUtilities.GetServiceOrCreateInstance<TOrdering>(services);
        return builder;
    }

    /// <summary>Orders this engine's waiting queue with <paramref name="ordering"/> instead of the built-in ordering <see cref="RoutingOptions.QueueOrdering"/> names.</summary>
    /// <param name="builder">The engine's builder.</param>
    /// <param name="ordering">The ordering.</param>
    /// <returns>The builder, for chaining.</returns>
    public static IRoutingEngineBuilder UseQueueOrdering(this IRoutingEngineBuilder builder, IWaitingQueueOrdering ordering)
    {
        ArgumentNullException.ThrowIfNull(ordering);
        Registration(builder).Ordering = _ => ordering;
        return builder;
    }

    /// <summary>
    /// Splits this engine's workload with splitters from <paramref name="factory"/> instead of the built-in one
    /// (<see cref="WorkloadSplitter.Create"/>, the default). The factory is called once for each engine made with this
    /// registration (this engine, and engines <see cref="IRoutingEngineFactory"/> creates with its parts) and must return a
    /// new splitter each time: a splitter already given to another engine is refused. Only the built-in splitter's state
    /// can be saved (<see cref="IRoutingEngine.SaveState(Stream)"/>).
    /// </summary>
    /// <param name="builder">The engine's builder.</param>
    /// <param name="factory">Makes one engine's splitter, given the services.</param>
    /// <returns>The builder, for chaining.</returns>
    public static IRoutingEngineBuilder UseWorkloadSplitter(this IRoutingEngineBuilder builder, Func<IServiceProvider, WorkloadSplitter> factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        Registration(builder).Splitter = factory;
        return builder;
    }

    /// <summary>
    /// Makes this engine's pacing calculator (<see cref="IRoutingEngine.Pace"/>) with <paramref name="factory"/> instead of
    /// the built-in one from the engine's <see cref="RoutingOptions.Pacing"/> (the default). Called once for each engine
    /// made with this registration, with that engine's validated pacing options.
    /// </summary>
    /// <param name="builder">The engine's builder.</param>
    /// <param name="factory">Makes one engine's calculator, given the services and the engine's pacing options.</param>
    /// <returns>The builder, for chaining.</returns>
    public static IRoutingEngineBuilder UsePacingCalculator(this IRoutingEngineBuilder builder, Func<IServiceProvider, PacingOptions, IPacingCalculator> factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        Registration(builder).Pacing = factory;
        return builder;
    }

    private static EngineRegistration Registration(IRoutingEngineBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder is RoutingEngineBuilder own
            ? own.Registration
            : RoutingEngineServices.Find(builder.Services)?.Find(builder.Name)
                ?? throw new InvalidOperationException($"No routing engine named {IdValidation.Show(builder.Name)} is registered in the builder's services; use the builder services.AddRoutingEngine(...) returns.");
    }
}
