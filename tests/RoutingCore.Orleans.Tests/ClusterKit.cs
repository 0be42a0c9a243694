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

    /// <summary>
    /// Where the silos and the client write their log files: a folder under the system's temporary folder.
    /// TestingHost's own file logger (<see cref="TestClusterOptions.ConfigureFileLogging"/>) writes to a 'logs' folder
    /// relative to the working directory, that is into the repository when the tests run from its root; it is turned off.
    /// </summary>
    public static readonly string LogFolder = Path.Combine(Path.GetTempPath(), "RoutingCore.Orleans.Tests", "logs");

    public static async Task<TestCluster> StartAsync(short silos, TimeSpan? observerExpiry = null)
    {
        var builder = new TestClusterBuilder(silos);
        builder.Options.ConfigureFileLogging = false;
        builder.Properties["redis"] = AssemblySetup.RedisEndpoint;
        builder.Properties["observerExpiry"] = (observerExpiry ?? new RoutingCoreOrleansOptions().ObserverExpiry).ToString("c", System.Globalization.CultureInfo.InvariantCulture);
        builder.AddSiloBuilderConfigurator<SiloConfigurator>();
        builder.AddClientBuilderConfigurator<ClientConfigurator>();
        TestCluster cluster = builder.Build();
        await cluster.DeployAsync();
        return cluster;
    }

    /// <summary>A tenant's state document without its save time (the one field that differs between two saves of the same state).</summary>
    public static System.Text.Json.Nodes.JsonNode WithoutSaveTime(byte[] document)
    {
        var root = System.Text.Json.Nodes.JsonNode.Parse(System.Text.Encoding.UTF8.GetString(document))!.AsObject();
        root.Remove("savedAt").ShouldBeTrue();
        return root;
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
        public void Configure(IConfiguration configuration, IClientBuilder clientBuilder) =>
            clientBuilder.Services.AddLogging(logging => logging.AddFile(LogFile(configuration, "Client")));
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
            siloBuilder.AddRoutingCoreOrleans(options => options.ObserverExpiry = expiry);

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
        }
    }
}

/// <summary>Named options by tenant id: <see cref="ClusterKit.FastPrefix"/> and <see cref="ClusterKit.OutagePrefix"/> tenants get their step delays.</summary>
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
    }

    public void Configure(RoutingOptions options) => Configure(Microsoft.Extensions.Options.Options.DefaultName, options);
}

/// <summary>Collects the events pushed to a host observer.</summary>
internal sealed class EventCollector : IRoutingEventObserver
{
    private readonly ConcurrentQueue<(string Tenant, RoutingEvent Event)> _events = new();

    public IReadOnlyList<(string Tenant, RoutingEvent Event)> Events => [.. _events];

    public Task OnEvents(string tenant, ImmutableArray<RoutingEvent> events)
    {
        foreach (RoutingEvent routingEvent in events)
        {
            _events.Enqueue((tenant, routingEvent));
        }

        return Task.CompletedTask;
    }

    /// <summary>Waits until an event matching <paramref name="match"/> arrived, at most 10 s.</summary>
    public async Task<RoutingEvent> WaitFor(Func<string, RoutingEvent, bool> match)
    {
        DateTime deadline = DateTime.UtcNow.AddSeconds(10);
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

        throw new TimeoutException("No matching event arrived within 10 s; received: " + string.Join("; ", _events.Select(e => $"{e.Tenant}: {e.Event}")));
    }
}
