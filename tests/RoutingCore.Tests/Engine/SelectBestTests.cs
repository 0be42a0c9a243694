namespace RoutingCore.Tests.Engine;

/// <summary>SelectBest: the agent a plan offers first, without the plan.</summary>
public sealed class SelectBestTests
{
    private static readonly string[] Strategies =
    [
        RoutingStrategyNames.Broadcast, RoutingStrategyNames.SkillBased, RoutingStrategyNames.RoundRobin,
        RoutingStrategyNames.LeastLoaded, RoutingStrategyNames.Dynamic, RoutingStrategyNames.CustomWeighted,
    ];

    [Test]
    public void IsThePlansFirstAgent_ForEveryStrategy_OnRandomRosters([ValueSource(nameof(Strategies))] string strategy, [Values(1, 2, 3)] int seed)
    {
        var (engine, clock) = TestEngine.Create(o => { o.Strategy = strategy; o.MaxConcurrent.IdleChatTimeout = TimeSpan.Zero; });
        var random = new Random(seed);
        string[] tags = ["en", "es", "vip"];
        for (int i = 0; i < 40; i++)
        {
            engine.AddAgent(TestEngine.Agent($"a{i}", random.Next(3) == 0 ? "support" : "sales", 4, [.. tags.Where(_ => random.Next(2) == 0)]),
                random.Next(5) == 0 ? AgentState.Away : AgentState.Online);
            clock.Advance(TimeSpan.FromSeconds(random.Next(5)));
        }

        for (int i = 0; i < 40; i++)
        {
            if (engine.GetAgent(new AgentId($"a{i}")).State == AgentState.Online)
            {
                TestEngine.Load(engine, $"a{i}", random.Next(4), engine.GetAgent(new AgentId($"a{i}")).Profile.Skills[0].Skill.Value);
            }
        }

        var request = new ConversationRequest(new ConversationId("c")) { Skill = new SkillId("sales"), OptionalTags = ["es", "vip"], Consumer = new ConsumerId("x") };
        RoutingPlan plan = engine.Plan(request);
        PlannedAgent? best = engine.SelectBest(request);

        plan.HasAgents.ShouldBeTrue();
        best.ShouldNotBeNull();
        PlannedAgent first = plan.Steps[0].Agents[0];
        best.Value.Agent.ShouldBe(first.Agent);
        best.Value.Score.ShouldBe(first.Score, 1e-12);

        // Explain walks the whole roster record by record, the plan walks the skill's index: they must agree exactly.
        RoutingPlan explained = engine.Explain(request).Plan;
        explained.Steps.Select(s => s.Agents.Select(a => (a.Agent.Value, a.Score)).ToArray()).ToArray()
            .ShouldBe(plan.Steps.Select(s => s.Agents.Select(a => (a.Agent.Value, a.Score)).ToArray()).ToArray());
        explained.Exclusions.ShouldBe(plan.Exclusions);
    }

    [Test]
    public void NobodyCanTakeIt_GivesNull_AndABadRequestIsRefused()
    {
        var (engine, _) = TestEngine.Create();
        engine.AddAgent(TestEngine.Agent("a"), AgentState.Away);
        engine.SelectBest(TestEngine.Chat("c")).ShouldBeNull();
        Should.Throw<ArgumentNullException>(() => engine.SelectBest(null!));
        Should.Throw<ArgumentException>(() => engine.SelectBest(new ConversationRequest(new ConversationId("c")) { RequiredTags = [" "] })).Message.ShouldContain("required tag");
    }

    [Test]
    public void AllocatesNothing_OnceWarm()
    {
        var (engine, _) = TestEngine.Create(o => o.Strategy = RoutingStrategyNames.Dynamic);
        for (int i = 0; i < 100; i++)
        {
            engine.AddAgent(TestEngine.Agent($"a{i}", "sales", 4, "es"), AgentState.Online);
        }

        var request = new ConversationRequest(new ConversationId("c")) { Skill = new SkillId("sales"), OptionalTags = ["es"], RequiredTags = ["es"], Consumer = new ConsumerId("x") };
        engine.SelectBest(request); // warm the scratch buffers
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100; i++)
        {
            engine.SelectBest(request);
        }

        (GC.GetAllocatedBytesForCurrentThread() - before).ShouldBe(0);
    }
}
