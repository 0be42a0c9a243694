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

    /// <summary>Gets or sets the name of the grain storage provider that keeps each tenant's snapshot and its observers.</summary>
    /// <value>Default <see cref="DefaultStorageName"/> ("routing-core"). Register durable storage under this name (for example Redis); in-memory storage dies with its silo.</value>
    public string StorageName { get; set; } = DefaultStorageName;

    /// <summary>
    /// Gets or sets the Redis server (a StackExchange.Redis configuration string, for example <c>"redis:6379"</c>) that keeps
    /// each tenant's journal of command records and its event feed. Run it with append-only persistence
    /// (<c>appendonly yes</c>): a record is appended before the call that made it returns.
    /// </summary>
    /// <value>
    /// Default <see langword="null"/>: journals and feeds are kept in the silo's memory, for a one-silo development host;
    /// they die with the silo, so set this in production.
    /// </value>
    public string? Redis { get; set; }

    /// <summary>Gets or sets how many records a tenant's journal may gather before the grain takes a snapshot (off the request path) and trims the journal.</summary>
    /// <value>Default 10,000; from 1 to 10,000,000. Activation replays at most about this many records after the snapshot.</value>
    public int SnapshotAfterRecords { get; set; } = 10_000;

    /// <summary>Gets or sets how often an active tenant with records after its snapshot takes a new one.</summary>
    /// <value>Default 1 minute; from 1 second to 1 day.</value>
    public TimeSpan SnapshotInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Gets or sets the period of the reminder that wakes a tenant while its engine has a timer armed (a step, an offer
    /// timeout, a grace period...), so that after its silo dies the timer runs without any call. A timer that falls due
    /// while its silo is dead runs at most this period plus the cluster's failure detection late.
    /// </summary>
    /// <value>
    /// Default 1 minute (Orleans' default minimum reminder period); at least 1 second and at least the silo's
    /// <c>ReminderOptions.MinimumReminderPeriod</c>.
    /// </value>
    public TimeSpan WakeUpPeriod { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Gets or sets how many of its latest events each tenant's feed keeps (<see cref="IRoutingTenantGrain.GetEvents"/>).</summary>
    /// <value>Default 100,000; from 100 to 100,000,000. Redis trims approximately: it may keep somewhat more.</value>
    public int EventRetention { get; set; } = 100_000;

    /// <summary>Gets or sets how long an observer's subscription lasts after its last <see cref="IRoutingTenantGrain.Subscribe(IRoutingEventObserver)"/>.</summary>
    /// <value>Default 10 minutes; must be positive.</value>
    public TimeSpan ObserverExpiry { get; set; } = TimeSpan.FromMinutes(10);
}
