using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using RoutingCore;
using RoutingCore.Orleans;
using RoutingCore.Orleans.Journal;

namespace Orleans.Hosting;

/// <summary>
/// Registers RoutingCore on an Orleans silo. In the <c>Orleans.Hosting</c> namespace, beside Orleans' own silo builder
/// extensions, so it is found where the silo is configured.
/// </summary>
public static class RoutingCoreOrleansSiloBuilderExtensions
{
    /// <summary>
    /// Registers the tenant grain (<see cref="IRoutingTenantGrain"/>), <see cref="TimeProvider.System"/> unless a
    /// <see cref="TimeProvider"/> is registered, and <see cref="RoutingCoreOrleansOptions"/>, validated when the silo starts.
    /// Each tenant's journal and event feed go to <see cref="RoutingCoreOrleansOptions.Redis"/> (in memory when it is not
    /// set: development only); its wake-ups are reminders, so register a reminder service (production:
    /// <c>UseRedisReminderService</c> from Microsoft.Orleans.Reminders.Redis; development: <c>UseInMemoryReminderService()</c>).
    /// Each tenant's engine is created through <see cref="RoutingEngine.Create"/> when its grain activates: with the built-in
    /// strategies and capacity models and those registered as services, and its <see cref="RoutingOptions"/> validated
    /// then (every error together, each naming the tenant). Register a durable grain storage (it keeps each tenant's snapshot and
    /// observers) under <see cref="RoutingCoreOrleansOptions.StorageName"/> (for example Redis, <c>AddRedisGrainStorage("routing-core", ...)</c>).
    /// Each tenant's engine is named by the tenant's id (its metrics carry it in <see cref="RoutingMetricNames.EngineTag"/>,
    /// its options errors begin with it) and takes the named <see cref="RoutingOptions"/> of that id (see
    /// <see cref="RoutingCoreOrleansOptions"/>). No engine of the silo's own is registered; strategies and capacity models of
    /// your own are registered as services (<c>services.AddSingleton&lt;IRoutingStrategy, MyStrategy&gt;()</c>), a waiting-queue
    /// ordering as <c>services.AddSingleton&lt;IWaitingQueueOrdering, MyOrdering&gt;()</c> (for one tenant: a keyed service
    /// whose key is the tenant's id). The engines record their metrics on the registered <c>IMeterFactory</c>. When the host
    /// registers engines (<c>services.AddRoutingEngine()</c>, with <c>UseWorkloadSplitter</c>, <c>UsePacingCalculator</c>,
    /// <c>UseQueueOrdering</c>...), each tenant's engine is made by that <see cref="IRoutingEngineFactory"/> instead, with the
    /// parts registered for the tenant's name or the default engine's (a splitter made for each tenant). A tenant whose engine
    /// has a splitter of the host's own is never snapshotted (its state cannot be saved): its journal is replayed whole.
    /// </summary>
    /// <param name="builder">The silo builder.</param>
    /// <param name="configure">Configures the options; may be <see langword="null"/>.</param>
    /// <returns>The silo builder, for chaining.</returns>
    public static ISiloBuilder AddRoutingCoreOrleans(this ISiloBuilder builder, Action<RoutingCoreOrleansOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        // RoutingEngine.Create (in the grain) brings the built-in strategies and models and validates the options: the silo
        // needs only a clock besides.
        builder.Services.TryAddSingleton(TimeProvider.System);
        OptionsBuilder<RoutingCoreOrleansOptions> options = builder.Services.AddOptions<RoutingCoreOrleansOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<RoutingCoreOrleansOptions>, RoutingCoreOrleansOptionsValidator>();
        builder.Services.TryAddSingleton<ITenantLog>(static services =>
        {
            RoutingCoreOrleansOptions options = services.GetRequiredService<IOptions<RoutingCoreOrleansOptions>>().Value;
            return options.Redis is { } redis ? new RedisTenantLog(redis, options.EventRetention) : new MemoryTenantLog(options.EventRetention);
        });
        return builder;
    }
}
