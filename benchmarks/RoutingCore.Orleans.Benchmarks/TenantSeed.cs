using Orleans.Serialization;
using RoutingCore;
using StackExchange.Redis;

namespace RoutingCore.Orleans.Benchmarks;

/// <summary>
/// Fills a tenant before its grain first activates, without a hundred thousand calls through the cluster: the same changes
/// run on a local engine with the silos' options, and its command records are written into the tenant's journal in Redis
/// (the stream <c>routingcore:{tenant}:journal</c>, entry ids = sequences), with its last event as the feed's start. The
/// grain's activation then replays them, exactly as after a failover with a long journal, and takes a snapshot.
/// </summary>
internal static class TenantSeed
{
    /// <summary>The engine options of every benchmark tenant (silos and seeding alike: a replay needs the same options).</summary>
    public static void Configure(RoutingOptions options)
    {
        options.Strategy = RoutingStrategyNames.RoundRobin; // the longest-idle agent: one agent per step (least-loaded ties every idle agent)
        options.Steps = 3;
        options.StepDelay = TimeSpan.FromSeconds(60);
    }

    public static AgentProfile Agent(int i) => new(new AgentId($"agent-{i}")) { Skills = [new AgentSkill(new SkillId("sales"))], MaxConcurrent = 4 };

    /// <summary>
    /// Seeds <paramref name="tenant"/>: <paramref name="agents"/> online agents, then <paramref name="served"/> conversations
    /// of distinct consumers assigned and closed (filling the consumer memory, 100,000, and the closed memory, 10,000).
    /// </summary>
    /// <returns>The records written and the size of the state document they build.</returns>
    public static async Task<(long Records, long DocumentBytes)> WriteAsync(IDatabase redis, Serializer serializer, string tenant, int agents, int served)
    {
        var journal = new Collected();
        var options = new RoutingOptions();
        Configure(options);
        using IRoutingEngine engine = RoutingEngine.Create(options, TimeProvider.System, name: tenant);
        using IDisposable attached = engine.AttachJournal(journal);
        using IDisposable subscribed = engine.Subscribe(journal);
        for (int i = 0; i < agents; i++)
        {
            engine.AddAgent(Agent(i), AgentState.Online);
        }

        for (int i = 0; i < served; i++)
        {
            var id = new ConversationId($"seed-{i}");
            engine.Assign(new ConversationRequest(id) { Skill = new SkillId("sales"), Consumer = new ConsumerId($"seed-consumer-{i}") }, new AgentId($"agent-{i % agents}"));
            engine.Close(id);
        }

        using var document = new MemoryStream();
        engine.SaveState(document);

        RedisKey key = $"routingcore:{{{tenant}}}:journal";
        var pending = new List<Task>(1_000);
        foreach (RoutingCommand record in journal.Records)
        {
            pending.Add(redis.StreamAddAsync(key, "d", record.ToUtf8Json(), messageId: $"{record.Sequence}-0"));
            if (pending.Count == 1_000)
            {
                await Task.WhenAll(pending);
                pending.Clear();
            }
        }

        if (journal.Last is { } last)
        {
            pending.Add(redis.StreamAddAsync($"routingcore:{{{tenant}}}:events", "d", serializer.SerializeToArray(last), messageId: $"{last.Sequence}-0"));
        }

        await Task.WhenAll(pending);
        return (journal.Records.Count, document.Length);
    }

    private sealed class Collected : IRoutingJournal, IRoutingObserver
    {
        public List<RoutingCommand> Records { get; } = [];

        public RoutingEvent? Last { get; private set; }

        public void Append(RoutingCommand command) => Records.Add(command);

        public void OnEvent(RoutingEvent routingEvent) => Last = routingEvent;
    }
}
