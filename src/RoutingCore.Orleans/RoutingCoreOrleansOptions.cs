namespace RoutingCore.Orleans;

/// <summary>Options of RoutingCore on Orleans (<see cref="global::Orleans.Hosting.RoutingCoreOrleansSiloBuilderExtensions.AddRoutingCoreOrleans"/>).</summary>
/// <remarks>
/// The engine options of each tenant are the named <see cref="RoutingOptions"/> whose name is the tenant's id, read
/// through <c>IOptionsMonitor&lt;RoutingOptions&gt;</c> when the tenant's grain activates: configure every tenant with
/// <c>services.ConfigureAll&lt;RoutingOptions&gt;(...)</c> and one tenant with
/// <c>services.Configure&lt;RoutingOptions&gt;("tenant-id", ...)</c>.
/// </remarks>
public sealed class RoutingCoreOrleansOptions
{
    /// <summary>The default <see cref="StorageName"/>.</summary>
    public const string DefaultStorageName = "routing-core";

    /// <summary>Gets or sets the name of the grain storage provider that keeps each tenant's engine snapshot.</summary>
    /// <value>Default <see cref="DefaultStorageName"/> ("routing-core"). Register durable storage under this name (for example Redis); in-memory storage dies with its silo.</value>
    public string StorageName { get; set; } = DefaultStorageName;

    /// <summary>Gets or sets how long an observer's subscription lasts after its last <see cref="IRoutingTenantGrain.Subscribe(IRoutingEventObserver)"/>.</summary>
    /// <value>Default 10 minutes; must be positive.</value>
    public TimeSpan ObserverExpiry { get; set; } = TimeSpan.FromMinutes(10);
}
