// Throughput of RoutingCore on Orleans: an in-process cluster of two silos with Redis grain storage, 1,000 tenants
// (one grain each) with a few agents, and calls per second through the cluster's client for
//   - lifecycle cycles (Submit + Accept + Close, each call storing the tenant's snapshot in Redis before it returns),
//   - read-only calls (GetConversation, GetAgent, SelectBest: nothing stored).
// Usage: dotnet run -c Release --project benchmarks/RoutingCore.Orleans.Benchmarks -- [--tenants N] [--agents N] [--seconds N] [--concurrency N]
using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Hosting;
using Orleans.TestingHost;
using RoutingCore;
using RoutingCore.Orleans;
using RoutingCore.Orleans.Tests;
using StackExchange.Redis;

int tenants = Option(args, "--tenants", 1000);
int agents = Option(args, "--agents", 3);
int seconds = Option(args, "--seconds", 15);
int concurrency = Option(args, "--concurrency", 64);

using RedisServer redis = RedisServer.Start();
Environment.SetEnvironmentVariable("ROUTINGCORE_BENCH_REDIS", redis.Endpoint);
var builder = new TestClusterBuilder(2);
builder.AddSiloBuilderConfigurator<SiloConfigurator>();
TestCluster cluster = builder.Build();
await cluster.DeployAsync();
try
{
    IRoutingTenantGrain Tenant(int i) => cluster.Client.GetGrain<IRoutingTenantGrain>($"tenant-{i:D4}");

    var setup = Stopwatch.StartNew();
    await ForEach(tenants, concurrency, async i =>
    {
        for (int a = 0; a < agents; a++)
        {
            await Tenant(i).AddAgent(new AgentProfile(new AgentId($"agent-{a}")) { Skills = [new AgentSkill(new SkillId("sales"))], MaxConcurrent = 4 }, AgentState.Online);
        }
    });
    setup.Stop();
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"setup: {tenants} tenants x {agents} agents = {tenants * agents} AddAgent calls in {setup.Elapsed.TotalSeconds:0.0} s ({tenants * agents / setup.Elapsed.TotalSeconds:0} calls/s)"));

    // Lifecycle: each worker takes the next tenant in turn and runs one conversation through it.
    long cycles = 0;
    long next = 0;
    var lifecycle = Stopwatch.StartNew();
    TimeSpan duration = TimeSpan.FromSeconds(seconds);
    await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
    {
        while (lifecycle.Elapsed < duration)
        {
            long n = Interlocked.Increment(ref next);
            IRoutingTenantGrain grain = Tenant((int)(n % tenants));
            string id = $"c-{n}";
            ConversationSnapshot offered = await grain.Submit(new ConversationRequest(new ConversationId(id)) { Skill = new SkillId("sales") });
            await grain.Accept(new ConversationId(id), offered.OfferedTo[0]);
            await grain.Close(new ConversationId(id));
            Interlocked.Increment(ref cycles);
        }
    }));
    lifecycle.Stop();
    double cyclesPerSecond = cycles / lifecycle.Elapsed.TotalSeconds;
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"lifecycle: {cycles} Submit+Accept+Close cycles in {lifecycle.Elapsed.TotalSeconds:0.0} s = {cyclesPerSecond:0} cycles/s = {3 * cyclesPerSecond:0} state-changing calls/s"));

    // Reads: a conversation kept assigned in every tenant, read back with three kinds of read.
    await ForEach(tenants, concurrency, async i =>
    {
        ConversationSnapshot offered = await Tenant(i).Submit(new ConversationRequest(new ConversationId("kept")) { Skill = new SkillId("sales") });
        await Tenant(i).Accept(new ConversationId("kept"), offered.OfferedTo[0]);
    });
    long reads = 0;
    next = 0;
    var probe = new ConversationRequest(new ConversationId("probe")) { Skill = new SkillId("sales") };
    var reading = Stopwatch.StartNew();
    await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
    {
        while (reading.Elapsed < duration)
        {
            long n = Interlocked.Increment(ref next);
            IRoutingTenantGrain grain = Tenant((int)(n % tenants));
            switch (n % 3)
            {
                case 0: await grain.GetConversation(new ConversationId("kept")); break;
                case 1: await grain.GetAgent(new AgentId("agent-0")); break;
                default: await grain.SelectBest(probe); break;
            }

            Interlocked.Increment(ref reads);
        }
    }));
    reading.Stop();
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"reads: {reads} calls in {reading.Elapsed.TotalSeconds:0.0} s = {reads / reading.Elapsed.TotalSeconds:0} calls/s"));
    byte[] document = await Tenant(0).ExportState();
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"state document of one tenant ({agents} agents, 1 assigned conversation, recent closes): {document.Length} bytes"));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"machine: {Environment.ProcessorCount} cores, concurrency {concurrency}, 2 silos + client + redis-server in one process tree"));
}
finally
{
    await cluster.StopAllSilosAsync();
    await cluster.DisposeAsync();
}

static int Option(string[] args, string name, int fallback)
{
    int index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length ? int.Parse(args[index + 1], CultureInfo.InvariantCulture) : fallback;
}

static async Task ForEach(int count, int concurrency, Func<int, Task> body)
{
    int next = -1;
    await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
    {
        int i;
        while ((i = Interlocked.Increment(ref next)) < count)
        {
            await body(i);
        }
    }));
}

internal sealed class SiloConfigurator : ISiloConfigurator
{
    public void Configure(ISiloBuilder siloBuilder)
    {
        string redis = Environment.GetEnvironmentVariable("ROUTINGCORE_BENCH_REDIS")!;
        siloBuilder.AddRedisGrainStorage(RoutingCoreOrleansOptions.DefaultStorageName, options => options.ConfigurationOptions = ConfigurationOptions.Parse(redis));
        siloBuilder.AddRoutingCoreOrleans();
        siloBuilder.Services.ConfigureAll<RoutingOptions>(options => options.Strategy = RoutingStrategyNames.LeastLoaded);
    }
}
