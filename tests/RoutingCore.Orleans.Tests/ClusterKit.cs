using System.Collections.Concurrent;
using System.Collections.Immutable;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Configuration;
using Orleans.Hosting;
using Orleans.TestingHost;
using Orleans.TestingHost.Logging;
using StackExchange.Redis;

namespace RoutingCore.Orleans.Tests;

/// <summary>An in-process Orleans cluster with Redis grain storage and RoutingCore's tenant grains.</summary>
internal static class ClusterKit
{
    /// <summary>Tenants whose id starts with this prefix run with short step delays (timer tests).</summary>
    public const string FastPrefix = "fast-";

    /// <summary>A tenant with short step delays.</summary>
    public const string FastTenant = FastPrefix + "steps";

    /// <summary>The step delay of every other tenant: long, so offers are still pending after a failover.</summary>
    public static readonly TimeSpan StepDelay = TimeSpan.FromSeconds(60);

    public static readonly TimeSpan FastStepDelay = TimeSpan.FromMilliseconds(400);

    /// <summary>Tenants whose id starts with this prefix step after <see cref="OutageStepDelay"/>: a step falls due while their silo is dead.</summary>
    public const string OutagePrefix = "outage-";

    public static readonly TimeSpan OutageStepDelay = TimeSpan.FromSeconds(4);

    /// <summary>Tenants whose id starts with this prefix step after <see cref="LateStepDelay"/>: shorter than failure detection, so their steps fall due while their silo is dead.</summary>
    public const string LatePrefix = "late-";

    public static readonly TimeSpan LateStepDelay = TimeSpan.FromSeconds(1);

    /// <summary>The tenants' wake-up reminder period in the test cluster (short, so failover tests stay quick).</summary>
    public static readonly TimeSpan WakeUpPeriod = TimeSpan.FromSeconds(2);

    /// <summary>
    /// How long the test cluster takes, at most, to declare a killed silo dead: probes time out after at most 2 s
    /// (<c>MaxProbeTimeout</c>), two missed probes suspect it and one vote declares it; then the membership table is read.
    /// </summary>
    public static readonly TimeSpan FailureDetection = TimeSpan.FromSeconds(8);

    /// <summary>
    /// The documented bound on how late a timer runs when its silo died and nobody calls: the wake-up period plus the
    /// failure detection (plus 2 s for the reminder service to take over the dead silo's reminders and activate the tenant).
    /// </summary>
    public static TimeSpan WakeUpBound => WakeUpPeriod + FailureDetection + TimeSpan.FromSeconds(2);

    /// <summary>Snapshots in the test cluster: after this many records (small, so tests cross snapshots and trims).</summary>
    public const int SnapshotAfterRecords = 8;

    /// <summary>The Redis connection the tests use to look into the tenants' journals and feeds.</summary>
    public static IDatabase Redis => LazyRedis.Value.GetDatabase();

    private static readonly Lazy<ConnectionMultiplexer> LazyRedis = new(() => ConnectionMultiplexer.Connect(AssemblySetup.RedisEndpoint));

    /// <summary>The Redis key of a tenant's journal, ownership version or event feed (see RedisTenantLog).</summary>
    public static RedisKey TenantKey(string tenant, string part) => $"routingcore:{{{tenant}}}:{part}";

    /// <summary>
    /// Where the silos and the client write their log files: a folder under the system's temporary folder.
    /// TestingHost's own file logger (<see cref="TestClusterOptions.ConfigureFileLogging"/>) writes to a 'logs' folder
    /// relative to the working directory, that is into the repository when the tests run from its root; it is turned off.
    /// </summary>
    public static readonly string LogFolder = Path.Combine(Path.GetTempPath(), "RoutingCore.Orleans.Tests", "logs");

    /// <summary>How many workload splitters the silos' engine factory made (clusters started with <c>engineServices</c>).</summary>
    public static int SplittersMade;

    public static async Task<TestCluster> StartAsync(short silos, TimeSpan? observerExpiry = null, bool engineServices = false)
    {
        var builder = new TestClusterBuilder(silos);
        builder.Properties["engineServices"] = engineServices ? "true" : "false";
        builder.Options.ConfigureFileLogging = false;
        builder.Properties["redis"] = AssemblySetup.RedisEndpoint;
        builder.Properties["observerExpiry"] = (observerExpiry ?? new RoutingCoreOrleansOptions().ObserverExpiry).ToString("c", System.Globalization.CultureInfo.InvariantCulture);
        builder.AddSiloBuilderConfigurator<SiloConfigurator>();
        builder.AddClientBuilderConfigurator<ClientConfigurator>();
        TestCluster cluster = builder.Build();
        await cluster.DeployAsync();
        return cluster;
    }

    /// <summary>
    /// Subscribes <paramref name="collector"/>, adds 'idle' and 'busy' (one conversation assigned), and submits
    /// <paramref name="conversation"/>: least-loaded offers it to 'idle' in step 1 and to 'busy' one step delay later.
    /// </summary>
    public static async Task<ConversationSnapshot> SubmitToIdleThenBusy(TestCluster cluster, IRoutingTenantGrain grain, EventCollector collector, string conversation)
    {
        await grain.Subscribe(cluster.Client.CreateObjectReference<IRoutingEventObserver>(collector));
        await grain.AddAgent(Agent("idle"), AgentState.Online);
        await grain.AddAgent(Agent("busy"), AgentState.Online);
        await grain.Assign(Conversation("c-load"), new AgentId("busy"));
        ConversationSnapshot offered = await grain.Submit(Conversation(conversation));
        offered.OfferedTo.ShouldBe([new AgentId("idle")]);
        return offered;
    }

    public static AgentProfile Agent(string id, string skill = "sales", int maxConcurrent = 2, params string[] groups) => new(new AgentId(id))
    {
        Skills = [new AgentSkill(new SkillId(skill))],
        MaxConcurrent = maxConcurrent,
        Groups = [.. groups.Select(g => new AgentGroupId(g))],
    };

    public static ConversationRequest Conversation(string id, string skill = "sales", int priority = 0) => new(new ConversationId(id))
    {
        Skill = new SkillId(skill),
        Priority = priority,
    };

    /// <summary>The log file of one silo or client of a test cluster, in <see cref="LogFolder"/>.</summary>
    private static string LogFile(IConfiguration configuration, string node)
    {
        Directory.CreateDirectory(LogFolder);
        string cluster = configuration["Orleans:ClusterId"] ?? "testcluster";
        return Path.Combine(LogFolder, $"{cluster}_{node}.log");
    }

    private sealed class ClientConfigurator : IClientBuilderConfigurator
    {
        public void Configure(IConfiguration configuration, IClientBuilder clientBuilder)
        {
            clientBuilder.Services.AddLogging(logging => logging.AddFile(LogFile(configuration, "Client")));

            // A call whose reply is lost with its silo fails after this (not Orleans' 30 s), so failover tests stay short.
            clientBuilder.Configure<global::Orleans.Configuration.ClientMessagingOptions>(options => options.ResponseTimeout = TimeSpan.FromSeconds(10));
        }
    }

    private sealed class SiloConfigurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder)
        {
            string silo = siloBuilder.Configuration["Orleans:Name"] ?? "Silo";
            siloBuilder.Services.AddLogging(logging => logging.AddFile(LogFile(siloBuilder.Configuration, silo)));
            string redis = siloBuilder.Configuration["redis"] ?? throw new InvalidOperationException("The test cluster has no 'redis' property.");
            TimeSpan expiry = TimeSpan.Parse(siloBuilder.Configuration["observerExpiry"]!, System.Globalization.CultureInfo.InvariantCulture);
            siloBuilder.AddRedisGrainStorage(RoutingCoreOrleansOptions.DefaultStorageName, options => options.ConfigurationOptions = ConfigurationOptions.Parse(redis));
            siloBuilder.AddRoutingCoreOrleans(options =>
            {
                options.ObserverExpiry = expiry;
                options.Redis = redis;
                options.WakeUpPeriod = WakeUpPeriod;
                options.SnapshotAfterRecords = SnapshotAfterRecords;
                options.SnapshotInterval = TimeSpan.FromSeconds(2);
            });
            siloBuilder.UseRedisReminderService(options => options.ConfigurationOptions = ConfigurationOptions.Parse(redis));
            siloBuilder.Configure<ReminderOptions>(options => options.MinimumReminderPeriod = TimeSpan.FromSeconds(1));
            siloBuilder.Configure<global::Orleans.Configuration.ClusterMembershipOptions>(options =>
            {
                options.ProbeTimeout = TimeSpan.FromSeconds(1);
                options.MaxProbeTimeout = TimeSpan.FromSeconds(2);
                options.NumMissedProbesLimit = 2;
                options.NumVotesForDeathDeclaration = 1;
            });
            siloBuilder.Services.AddSingleton<global::RoutingCore.Orleans.Journal.ITenantLog>(static services =>
                new HookedTenantLog(new global::RoutingCore.Orleans.Journal.RedisTenantLog(services.GetRequiredService<Microsoft.Extensions.Options.IOptions<RoutingCoreOrleansOptions>>().Value.Redis!, 100_000)));

            // Spread tenants over the silos at random (the default placement may keep a small test's grains on one silo).
            siloBuilder.Services.AddSingleton<global::Orleans.Runtime.PlacementStrategy, global::Orleans.Runtime.RandomPlacement>();
            siloBuilder.Services.ConfigureAll<RoutingOptions>(options =>
            {
                options.Strategy = RoutingStrategyNames.LeastLoaded;
                options.Steps = 3;
                options.StepDelay = StepDelay;
                options.MaxConcurrent.IdleChatTimeout = TimeSpan.Zero; // loads stay put while a test runs
                options.AgentGroups.Add("vendor-a");
                options.AgentGroups.Add("vendor-b");
            });
            siloBuilder.Services.AddSingleton<Microsoft.Extensions.Options.IConfigureOptions<RoutingOptions>, StepDelayByTenant>();
            if (siloBuilder.Configuration["engineServices"] == "true")
            {
                // The host registers engines: each tenant's engine comes from that factory, with a splitter made for it.
                siloBuilder.Services.AddRoutingEngine().UseWorkloadSplitter(_ =>
                {
                    Interlocked.Increment(ref SplittersMade);
                    return WorkloadSplitter.Create();
                });
            }
        }
    }
}

/// <summary>Named options by tenant id: <see cref="ClusterKit.FastPrefix"/>, <see cref="ClusterKit.OutagePrefix"/> and <see cref="ClusterKit.LatePrefix"/> tenants get their step delays.</summary>
internal sealed class StepDelayByTenant : Microsoft.Extensions.Options.IConfigureNamedOptions<RoutingOptions>
{
    public void Configure(string? name, RoutingOptions options)
    {
        if (name is not null && name.StartsWith(ClusterKit.FastPrefix, StringComparison.Ordinal))
        {
            options.StepDelay = ClusterKit.FastStepDelay;
        }
        else if (name is not null && name.StartsWith(ClusterKit.OutagePrefix, StringComparison.Ordinal))
        {
            options.StepDelay = ClusterKit.OutageStepDelay;
        }
        else if (name is not null && name.StartsWith(ClusterKit.LatePrefix, StringComparison.Ordinal))
        {
            options.StepDelay = ClusterKit.LateStepDelay;
        }
    }

    public void Configure(RoutingOptions options) => Configure(Microsoft.Extensions.Options.Options.DefaultName, options);
}

/// <summary>Collects the events pushed to a host observer.</summary>
internal sealed class EventCollector : IRoutingEventObserver
{
    private readonly ConcurrentQueue<(string Tenant, RoutingEvent Event)> _events = new();
    private readonly ConcurrentDictionary<RoutingEvent, DateTimeOffset> _received = new(ReferenceEqualityComparer.Instance);

    public IReadOnlyList<(string Tenant, RoutingEvent Event)> Events => [.. _events];

    public Task OnEvents(string tenant, ImmutableArray<RoutingEvent> events)
    {
        foreach (RoutingEvent routingEvent in events)
        {
            _received.TryAdd(routingEvent, DateTimeOffset.UtcNow);
            _events.Enqueue((tenant, routingEvent));
        }

        return Task.CompletedTask;
    }

    /// <summary>When the event reached this observer (wall clock): a timer that ran late still stamps its event with its due time.</summary>
    public DateTimeOffset ReceivedAt(RoutingEvent routingEvent) => _received[routingEvent];

    /// <summary>Waits until an event matching <paramref name="match"/> arrived, at most <paramref name="patience"/> (10 s by default).</summary>
    public async Task<RoutingEvent> WaitFor(Func<string, RoutingEvent, bool> match, TimeSpan? patience = null)
    {
        DateTime deadline = DateTime.UtcNow + (patience ?? TimeSpan.FromSeconds(10));
        while (DateTime.UtcNow < deadline)
        {
            foreach ((string tenant, RoutingEvent routingEvent) in _events)
            {
                if (match(tenant, routingEvent))
                {
                    return routingEvent;
                }
            }

            await Task.Delay(20);
        }

        throw new TimeoutException($"No matching event arrived within {(patience ?? TimeSpan.FromSeconds(10)).TotalSeconds} s; received: " + string.Join("; ", _events.Select(e => $"{e.Tenant}: {e.Event}")));
    }
}
