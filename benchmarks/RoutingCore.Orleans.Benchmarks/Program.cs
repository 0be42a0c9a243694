// Throughput of RoutingCore on Orleans (issue 19): an in-process cluster of two silos, Redis (append-only persistence) for
// the tenants' journals, snapshots and reminders, and state-changing calls through the cluster's client:
//   - one tenant at a time of 10, 1,000 and 5,000 agents, its closed-conversation and consumer memories full (seeded
//     through its journal, so its first activation is a long replay and a snapshot), driven with Submit + Accept + Close
//     of new consumers; then the time to rebuild it (deactivated; the next call restores snapshot + journal tail);
//   - 1,000 tenants of 100 agents at once (fresh memories), the same cycle spread over them.
// Each reports state-changing calls per second and the calls' p50/p99 latency.
// Usage: dotnet run -c Release --project benchmarks/RoutingCore.Orleans.Benchmarks -- [--sizes 10,1000,5000]
//        [--served 100000] [--tenants 1000] [--tenant-agents 100] [--seconds 20] [--in-flight 4] [--concurrency 64]
using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Orleans;
using Orleans.Hosting;
using Orleans.Core.Internal;
using Orleans.Runtime;
using Orleans.Serialization;
using Orleans.TestingHost;
using RoutingCore;
using RoutingCore.Orleans;
using RoutingCore.Orleans.Benchmarks;
using RoutingCore.Orleans.Tests;
using StackExchange.Redis;

string sizes = Text(args, "--sizes", "10,1000,5000");
int served = Option(args, "--served", 100_000);
int tenants = Option(args, "--tenants", 1_000);
int tenantAgents = Option(args, "--tenant-agents", 100);
int seconds = Option(args, "--seconds", 20);
int inFlight = Option(args, "--in-flight", 4);
int concurrency = Option(args, "--concurrency", 64);

using RedisServer redisServer = RedisServer.Start();
Environment.SetEnvironmentVariable("ROUTINGCORE_BENCH_REDIS", redisServer.Endpoint);
using ConnectionMultiplexer redisConnection = await ConnectionMultiplexer.ConnectAsync(redisServer.Endpoint);
IDatabase redis = redisConnection.GetDatabase();
var builder = new TestClusterBuilder(2);
builder.AddSiloBuilderConfigurator<SiloConfigurator>();
TestCluster cluster = builder.Build();
await cluster.DeployAsync();
Serializer serializer = cluster.Client.ServiceProvider.GetRequiredService<Serializer>();
Print($"machine: {Environment.ProcessorCount} cores; 2 silos + client + redis-server (appendonly yes, fsync every second) in one process tree; {seconds} s per run");
Print("");
Print("| tenant | memories | first activation (replay of the seeded journal) | state-changing calls/s | p50 | p99 | rebuild (snapshot + tail) | state document |");
Print("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |");
var rebuilds = new Dictionary<int, TimeSpan>();
string largest = "";
try
{
    foreach (int agents in sizes.Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)))
    {
        string tenant = largest = $"single-{agents}";
        (long records, long documentBytes) = await TenantSeed.WriteAsync(redis, serializer, tenant, agents, served);
        IRoutingTenantGrain grain = cluster.Client.GetGrain<IRoutingTenantGrain>(tenant);
        var activation = Stopwatch.StartNew();
        (await grain.GetLastCommandSequence()).ShouldBeAtLeast(records);
        activation.Stop();

        Result run = await Drive([tenant], agents, inFlight, seconds);

        // Rebuild: the activation is dropped; the next call restores the snapshot and replays the journal after it.
        await Task.Delay(TimeSpan.FromSeconds(3)); // let a snapshot that is being written finish
        await grain.AsReference<IGrainManagementExtension>().DeactivateOnIdle();
        await Task.Delay(TimeSpan.FromMilliseconds(500));
        var rebuild = Stopwatch.StartNew();
        await grain.GetLastCommandSequence();
        rebuild.Stop();
        rebuilds[agents] = rebuild.Elapsed;
        Print($"| 1 × {agents:N0} agents | {served:N0} consumers served, {Math.Min(served, 10_000):N0} closed remembered | {activation.Elapsed.TotalSeconds:0.0} s ({records:N0} records) | {run.CallsPerSecond:N0} | {run.P50:0.0} ms | {run.P99:0.0} ms | {rebuild.Elapsed.TotalSeconds:0.00} s | {documentBytes / 1e6:0.0} MB |");
    }

    // Many tenants: seeded with their agents only, activated, then driven together.
    string[] many = [.. Enumerable.Range(0, tenants).Select(i => $"many-{i:D4}")];
    await ForEach(tenants, 16, i => TenantSeed.WriteAsync(redis, serializer, many[i], tenantAgents, 0));
    await ForEach(tenants, concurrency, i => cluster.Client.GetGrain<IRoutingTenantGrain>(many[i]).GetLastCommandSequence());
    Result all = await Drive(many, tenantAgents, concurrency, seconds);
    Print($"| {tenants:N0} × {tenantAgents} agents | fresh | (each tenant: {tenantAgents} records) | {all.CallsPerSecond:N0} in total ({all.CallsPerSecond / tenants:0.0} per tenant) | {all.P50:0.0} ms | {all.P99:0.0} ms | | |");

    // Failover of the largest tenant: its silo is killed (moved off the primary first, which holds the test membership);
    // the time from the kill to the first answer is failure detection plus the rebuild on the other silo.
    IRoutingTenantGrain big = cluster.Client.GetGrain<IRoutingTenantGrain>(largest);
    for (int i = 0; i < 20 && (await big.GetSiloAddress()).Equals(cluster.Primary!.SiloAddress); i++)
    {
        await big.AsReference<IGrainManagementExtension>().DeactivateOnIdle();
        await Task.Delay(200);
    }

    SiloAddress host = await big.GetSiloAddress();
    if (!host.Equals(cluster.Primary!.SiloAddress))
    {
        long before = await big.GetLastCommandSequence();
        var failover = Stopwatch.StartNew();
        await cluster.KillSiloAsync(cluster.Silos.Single(s => s.SiloAddress.Equals(host)));
        long after = await Eventually(() => big.GetLastCommandSequence());
        failover.Stop();
        Print("");
        Print($"Failover of {largest} (its silo killed; journal at record {before:N0} before, {after:N0} after): first answer {failover.Elapsed.TotalSeconds:0.0} s after the kill = failure detection (Orleans' default membership settings) + rebuild ({rebuilds.Values.Last().TotalSeconds:0.00} s measured above).");
    }
}
finally
{
    await cluster.StopAllSilosAsync();
    await cluster.DisposeAsync();
}

// Workers: each takes the next tenant in turn and runs one conversation of a new consumer through it: Submit, Accept, Close.
async Task<Result> Drive(string[] names, int agents, int workers, int runSeconds)
{
    long next = 0;
    var latencies = new List<double>[workers];
    var clock = Stopwatch.StartNew();
    TimeSpan duration = TimeSpan.FromSeconds(runSeconds);
    await Task.WhenAll(Enumerable.Range(0, workers).Select(async w =>
    {
        var mine = latencies[w] = new List<double>(100_000);
        while (clock.Elapsed < duration)
        {
            long n = Interlocked.Increment(ref next);
            IRoutingTenantGrain grain = cluster.Client.GetGrain<IRoutingTenantGrain>(names[n % names.Length]);
            var id = new ConversationId($"live-{n}");
            long start = Stopwatch.GetTimestamp();
            ConversationSnapshot offered = await grain.Submit(new ConversationRequest(id) { Skill = new SkillId("sales"), Consumer = new ConsumerId($"live-consumer-{n}") });
            mine.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            start = Stopwatch.GetTimestamp();
            await grain.Accept(id, offered.OfferedTo[0]);
            mine.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            start = Stopwatch.GetTimestamp();
            await grain.Close(id);
            mine.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }
    }));
    clock.Stop();
    double[] sorted = [.. latencies.SelectMany(l => l).Order()];
    return new Result(sorted.Length / clock.Elapsed.TotalSeconds, Percentile(sorted, 0.50), Percentile(sorted, 0.99));
}

static async Task<T> Eventually<T>(Func<Task<T>> call)
{
    var patience = Stopwatch.StartNew();
    while (true)
    {
        try
        {
            return await call();
        }
        catch (Exception) when (patience.Elapsed < TimeSpan.FromMinutes(3))
        {
            await Task.Delay(100);
        }
    }
}

static double Percentile(double[] sorted, double p) => sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)(p * sorted.Length))];

static void Print(string line) => Console.WriteLine(line);

static int Option(string[] args, string name, int fallback) => int.Parse(Text(args, name, fallback.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);

static string Text(string[] args, string name, string fallback)
{
    int index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length ? args[index + 1] : fallback;
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

internal readonly record struct Result(double CallsPerSecond, double P50, double P99);

internal static class Checks
{
    public static void ShouldBeAtLeast(this long actual, long expected)
    {
        if (actual < expected)
        {
            throw new InvalidOperationException($"The tenant holds {actual} records; {expected} were seeded.");
        }
    }
}

internal sealed class SiloConfigurator : ISiloConfigurator
{
    public void Configure(ISiloBuilder siloBuilder)
    {
        string redis = Environment.GetEnvironmentVariable("ROUTINGCORE_BENCH_REDIS")!;
        siloBuilder.AddRedisGrainStorage(RoutingCoreOrleansOptions.DefaultStorageName, options => options.ConfigurationOptions = ConfigurationOptions.Parse(redis));
        siloBuilder.UseRedisReminderService(options => options.ConfigurationOptions = ConfigurationOptions.Parse(redis));
        siloBuilder.AddRoutingCoreOrleans(options => options.Redis = redis);
        siloBuilder.Services.ConfigureAll<RoutingOptions>(TenantSeed.Configure);
    }
}
