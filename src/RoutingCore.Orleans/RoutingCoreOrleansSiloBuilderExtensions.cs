using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using RoutingCore.Orleans;

namespace RoutingCore;

/// <summary>Registers RoutingCore on an Orleans silo.</summary>
public static class RoutingCoreOrleansSiloBuilderExtensions
{
    /// <summary>
    /// Registers the tenant grain (<see cref="IRoutingTenantGrain"/>), RoutingCore's strategies, capacity models and
    /// options validation (<see cref="RoutingCoreServiceCollectionExtensions.AddRoutingCore"/>) and
    /// <see cref="RoutingCoreOrleansOptions"/>, validated when the silo starts. Register a durable grain storage under
    /// <see cref="RoutingCoreOrleansOptions.StorageName"/> (for example Redis, <c>AddRedisGrainStorage("routing-core", ...)</c>).
    /// Each tenant's engine options are the named <see cref="RoutingOptions"/> of the tenant's id (see <see cref="RoutingCoreOrleansOptions"/>).
    /// </summary>
    /// <param name="builder">The silo builder.</param>
    /// <param name="configure">Configures the options; may be <see langword="null"/>.</param>
    /// <returns>The silo builder, for chaining.</returns>
    public static ISiloBuilder AddRoutingCoreOrleans(this ISiloBuilder builder, Action<RoutingCoreOrleansOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddRoutingCore();
        OptionsBuilder<RoutingCoreOrleansOptions> options = builder.Services.AddOptions<RoutingCoreOrleansOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<RoutingCoreOrleansOptions>, RoutingCoreOrleansOptionsValidator>();
        return builder;
    }
}
