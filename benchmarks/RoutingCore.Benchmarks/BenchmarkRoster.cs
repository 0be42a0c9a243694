using Microsoft.Extensions.Time.Testing;

namespace RoutingCore.Benchmarks;

/// <summary>
/// A reproducible roster for benchmarks: <c>eligible</c> online agents hold the target skill, with loads, tags and idle
/// times drawn from a fixed seed; nine times as many agents hold the 49 other skills, so finding the skill's agents
/// matters.
/// </summary>
internal static class BenchmarkRoster
{
    public const string TargetSkill = "skill-0";
    public const int Skills = 50;
    public const int DefaultSeed = 20261123;

    /// <summary>The conversations that give agents their load are named <c>load-0</c>, <c>load-1</c>... in the order they were assigned.</summary>
    public const string LoadConversationPrefix = "load-";

    private static readonly string[] TagPool = ["en", "es", "fr", "de", "vip", "billing", "tech", "sales", "retention", "mobile"];

    public static DateTimeOffset Start { get; } = new(2026, 1, 5, 8, 0, 0, TimeSpan.Zero);

    public static (IRoutingEngine Engine, FakeTimeProvider Clock) Build(int eligible, RoutingOptions options, int seed = DefaultSeed)
    {
        var clock = new FakeTimeProvider(Start);
        options.MaxConcurrent.IdleChatTimeout = TimeSpan.Zero; // loads stay as drawn while the benchmark runs
        IRoutingEngine engine = RoutingEngine.Create(options, clock);
        var random = new Random(seed);
        foreach ((AgentProfile profile, AgentState state) in CreateAgents(eligible, random))
        {
            engine.AddAgent(profile, state);
        }

        AssignLoads(engine, clock, random, eligible * 10);
        clock.Advance(TimeSpan.FromMinutes(1));
        return (engine, clock);
    }

    /// <summary>
    /// The roster's profiles and initial states, <paramref name="eligible"/> × 10 of them: every tenth agent holds
    /// <see cref="TargetSkill"/> and is online. Draws from <paramref name="random"/> in the same order as always, so
    /// <see cref="Build"/> stays reproducible.
    /// </summary>
    public static List<(AgentProfile Profile, AgentState State)> CreateAgents(int eligible, Random random)
    {
        int total = eligible * 10;
        var agents = new List<(AgentProfile, AgentState)>(total);
        for (int i = 0; i < total; i++)
        {
            bool target = i % 10 == 0;
            string skill = target ? TargetSkill : $"skill-{1 + random.Next(Skills - 1)}";
            var tags = new List<string>();
            foreach (string tag in TagPool)
            {
                if (random.NextDouble() < 0.3)
                {
                    tags.Add(tag);
                }
            }

            var profile = new AgentProfile(new AgentId($"agent-{i}"))
            {
                Skills = [new AgentSkill(new SkillId(skill), Math.Round(0.5 + random.NextDouble() / 2, 2))],
                Tags = [.. tags],
                MaxConcurrent = 4,
            };
            AgentState state = target || random.NextDouble() < 0.7 ? AgentState.Online : AgentState.Away;
            agents.Add((profile, state));
        }

        return agents;
    }

    /// <summary>
    /// Loads and idle times: online agents accept 0..3 conversations (<see cref="LoadConversationPrefix"/>n, each from a
    /// random consumer) at staggered times. Returns how many conversations were assigned.
    /// </summary>
    public static int AssignLoads(IRoutingEngine engine, FakeTimeProvider clock, Random random, int total)
    {
        int conversation = 0;
        for (int i = 0; i < total; i++)
        {
            var agent = new AgentId($"agent-{i}");
            if (engine.GetAgent(agent).State != AgentState.Online)
            {
                continue;
            }

            int chats = random.Next(4);
            for (int c = 0; c < chats; c++)
            {
                engine.Assign(new ConversationRequest(new ConversationId($"{LoadConversationPrefix}{conversation++}")) { Consumer = new ConsumerId($"consumer-{random.Next(total)}") }, agent);
            }

            if (i % 97 == 0)
            {
                clock.Advance(TimeSpan.FromSeconds(1));
            }
        }

        return conversation;
    }

    public static ConversationRequest Request(int n) => new(new ConversationId($"bench-{n}"))
    {
        Skill = new SkillId(TargetSkill),
        OptionalTags = ["es", "vip"],
        Consumer = new ConsumerId("consumer-7"),
    };
}
