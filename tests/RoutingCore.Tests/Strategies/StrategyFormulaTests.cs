namespace RoutingCore.Tests.Strategies;

/// <summary>Each built-in strategy's formula, through the engine.</summary>
public class StrategyFormulaTests
{
    private static double ScoreOf(RoutingPlan plan, string agent) =>
        plan.Steps.SelectMany(s => s.Agents).Single(a => a.Agent == new AgentId(agent)).Score;

    [Test]
    public void Broadcast_EveryoneScoresZero_InOneStep()
    {
        var (engine, _) = TestEngine.Create();
        for (int i = 1; i <= 5; i++)
        {
            engine.AddAgent(TestEngine.Agent($"A{i}"), AgentState.Online);
        }

        TestEngine.Load(engine, "A2", 2);
        RoutingPlan plan = engine.Plan(TestEngine.Chat("c"));
        plan.Steps.Length.ShouldBe(1);
        plan.Steps[0].Agents.Select(a => a.Score).ShouldAllBe(s => s == 0);
        plan.AgentCount.ShouldBe(5);
    }

    [Test]
    public void SkillBased_ShareOfOptionalTagsTimesProficiency()
    {
        var (engine, _) = TestEngine.Create(o => o.Strategy = RoutingStrategyNames.SkillBased);
        engine.AddAgent(new AgentProfile(new AgentId("both")) { Skills = [new SkillId("sales")], Tags = ["es", "vip"] }, AgentState.Online);
        engine.AddAgent(new AgentProfile(new AgentId("one")) { Skills = [new SkillId("sales")], Tags = ["ES"] }, AgentState.Online);
        engine.AddAgent(new AgentProfile(new AgentId("half-skilled")) { Skills = [new AgentSkill(new SkillId("sales"), 0.5)], Tags = ["es", "vip"] }, AgentState.Online);
        engine.AddAgent(new AgentProfile(new AgentId("none")) { Skills = [new SkillId("sales")] }, AgentState.Online);

        RoutingPlan plan = engine.Plan(new ConversationRequest(new ConversationId("c")) { Skill = new SkillId("sales"), OptionalTags = ["es", "vip"] });
        ScoreOf(plan, "both").ShouldBe(1.0);
        ScoreOf(plan, "one").ShouldBe(0.5); // tags compare case-insensitively
        ScoreOf(plan, "half-skilled").ShouldBe(0.5);
        ScoreOf(plan, "none").ShouldBe(0.0);
        TestEngine.StepAgents(plan).ShouldBe([["both"], ["one", "half-skilled"], ["none"]]);
    }

    [Test]
    public void SkillBased_NoOptionalTags_ScoresProficiency()
    {
        var (engine, _) = TestEngine.Create(o => o.Strategy = RoutingStrategyNames.SkillBased);
        engine.AddAgent(new AgentProfile(new AgentId("expert")) { Skills = [new AgentSkill(new SkillId("sales"), 0.9)] }, AgentState.Online);
        engine.AddAgent(new AgentProfile(new AgentId("novice")) { Skills = [new AgentSkill(new SkillId("sales"), 0.2)] }, AgentState.Online);
        RoutingPlan plan = engine.Plan(TestEngine.Chat("c"));
        ScoreOf(plan, "expert").ShouldBe(0.9);
        ScoreOf(plan, "novice").ShouldBe(0.2);
    }

    [Test]
    public void RoundRobin_LongestIdleSinceLastAcceptScoresHighest()
    {
        var (engine, clock) = TestEngine.Create(o => o.Strategy = RoutingStrategyNames.RoundRobin);
        engine.AddAgent(TestEngine.Agent("a"), AgentState.Online);
        engine.AddAgent(TestEngine.Agent("b"), AgentState.Online);
        engine.AddAgent(TestEngine.Agent("c"), AgentState.Online);
        TestEngine.Load(engine, "a", 1); // a accepts at t0
        clock.Advance(TimeSpan.FromSeconds(30));
        TestEngine.Load(engine, "b", 1); // b accepts at t0+30
        clock.Advance(TimeSpan.FromSeconds(30));
        TestEngine.Load(engine, "c", 1); // c accepts at t0+60
        clock.Advance(TimeSpan.FromSeconds(60));

        RoutingPlan plan = engine.Plan(TestEngine.Chat("x"));
        ScoreOf(plan, "a").ShouldBe(1.0);          // idle 120 s
        ScoreOf(plan, "b").ShouldBe(0.75, 1e-12);  // idle 90 s
        ScoreOf(plan, "c").ShouldBe(0.5, 1e-12);   // idle 60 s
        TestEngine.StepAgents(plan).ShouldBe([["a"], ["b"], ["c"]]);
    }

    [Test]
    public void RoundRobin_AgentThatNeverAccepted_IsIdleSinceItCameOnline()
    {
        var (engine, clock) = TestEngine.Create(o => o.Strategy = RoutingStrategyNames.RoundRobin);
        engine.AddAgent(TestEngine.Agent("veteran"), AgentState.Online);
        TestEngine.Load(engine, "veteran", 1);
        clock.Advance(TimeSpan.FromSeconds(40));
        engine.AddAgent(TestEngine.Agent("newcomer"), AgentState.Offline);
        clock.Advance(TimeSpan.FromSeconds(20));
        engine.SetAgentState(new AgentId("newcomer"), AgentState.Online);
        clock.Advance(TimeSpan.FromSeconds(20));
        RoutingPlan plan = engine.Plan(TestEngine.Chat("x"));
        ScoreOf(plan, "veteran").ShouldBe(1.0);        // 80 s since it accepted
        ScoreOf(plan, "newcomer").ShouldBe(0.25, 1e-12); // 20 s since it came online
    }

    [Test]
    public void LeastLoaded_IsOneMinusUtilization()
    {
        var (engine, _) = TestEngine.Create(o => o.Strategy = RoutingStrategyNames.LeastLoaded);
        engine.AddAgent(TestEngine.Agent("a"), AgentState.Online);
        engine.AddAgent(TestEngine.Agent("b"), AgentState.Online);
        TestEngine.Load(engine, "b", 3);
        RoutingPlan plan = engine.Plan(TestEngine.Chat("x"));
        ScoreOf(plan, "a").ShouldBe(1.0);
        ScoreOf(plan, "b").ShouldBe(0.25, 1e-12);
    }

    [Test]
    public void Dynamic_IsTheMeanOfSkillRoundRobinAndLeastLoaded()
    {
        var (engine, clock) = TestEngine.Create(o =>
        {
            o.Strategy = RoutingStrategyNames.Dynamic;
            o.MaxConcurrent.IdleChatTimeout = TimeSpan.Zero; // keep the chats counting while time passes
        });
        engine.AddAgent(new AgentProfile(new AgentId("a")) { Skills = [new SkillId("sales")], Tags = ["es"] }, AgentState.Online);
        engine.AddAgent(new AgentProfile(new AgentId("b")) { Skills = [new SkillId("sales")] }, AgentState.Online);
        TestEngine.Load(engine, "a", 2); // a: 50% loaded, accepted at t0
        clock.Advance(TimeSpan.FromSeconds(60));
        TestEngine.Load(engine, "b", 1); // b: 25% loaded, accepted at t0+60
        clock.Advance(TimeSpan.FromSeconds(60));

        RoutingPlan plan = engine.Plan(new ConversationRequest(new ConversationId("x")) { Skill = new SkillId("sales"), OptionalTags = ["es"] });
        ScoreOf(plan, "a").ShouldBe((1.0 + 1.0 + 0.5) / 3, 1e-12);
        ScoreOf(plan, "b").ShouldBe((0.0 + 0.5 + 0.75) / 3, 1e-12);
    }

    [Test]
    public void CustomWeighted_WeightedMeanOfComponents_ZeroWeightIgnoresComponent()
    {
        var (engine, clock) = TestEngine.Create(o =>
        {
            o.Strategy = RoutingStrategyNames.CustomWeighted;
            o.MaxConcurrent.IdleChatTimeout = TimeSpan.Zero;
            o.CustomWeights.Load = 1;
            o.CustomWeights.Idle = 0;
            o.CustomWeights.Tags = 0.5;
            o.CustomWeights.Affinity = 0.5;
        });
        engine.AddAgent(new AgentProfile(new AgentId("friend")) { Skills = [new SkillId("sales")] }, AgentState.Online);
        engine.AddAgent(new AgentProfile(new AgentId("stranger")) { Skills = [new SkillId("sales")], Tags = ["es"] }, AgentState.Online);
        engine.Assign(new ConversationRequest(new ConversationId("earlier")) { Skill = new SkillId("sales"), Consumer = new ConsumerId("alice") }, new AgentId("friend"));
        clock.Advance(TimeSpan.FromMinutes(10));

        RoutingPlan plan = engine.Plan(new ConversationRequest(new ConversationId("x")) { Skill = new SkillId("sales"), OptionalTags = ["es"], Consumer = new ConsumerId("alice") });
        // friend: load 1 - 0.25, tags 0, affinity 1 → (0.75 + 0 + 0.5) / 2
        ScoreOf(plan, "friend").ShouldBe((1 * 0.75 + 0.5 * 0 + 0.5 * 1) / 2.0, 1e-12);
        // stranger: load 1, tags 1, affinity 0 → (1 + 0.5) / 2
        ScoreOf(plan, "stranger").ShouldBe((1 * 1.0 + 0.5 * 1 + 0.5 * 0) / 2.0, 1e-12);
    }

    [Test]
    public void CustomWeighted_AllWeightsZero_BehavesLikeBroadcast()
    {
        var (engine, _) = TestEngine.Create(o =>
        {
            o.Strategy = RoutingStrategyNames.CustomWeighted;
            o.CustomWeights = new ScoringWeightsOptions { Load = 0, Idle = 0, Tags = 0, Affinity = 0 };
        });
        engine.AddAgent(TestEngine.Agent("a"), AgentState.Online);
        engine.AddAgent(TestEngine.Agent("b"), AgentState.Online);
        TestEngine.Load(engine, "a", 3);
        RoutingPlan plan = engine.Plan(TestEngine.Chat("x"));
        plan.Steps.Length.ShouldBe(1);
        plan.Steps[0].Agents.ShouldAllBe(a => a.Score == 0);
    }

    [Test]
    public void Strategy_PerSkillOverride_IsUsedForThatSkillOnly()
    {
        var (engine, _) = TestEngine.Create(o => o.Skills["support"] = new SkillOptions { Strategy = "LEAST-LOADED", Steps = 2, StepDelay = TimeSpan.FromSeconds(5) });
        engine.AddAgent(new AgentProfile(new AgentId("a")) { Skills = [new SkillId("sales"), new SkillId("support")] }, AgentState.Online);
        engine.AddAgent(new AgentProfile(new AgentId("b")) { Skills = [new SkillId("sales"), new SkillId("support")] }, AgentState.Online);
        TestEngine.Load(engine, "a", 1);

        RoutingPlan support = engine.Plan(TestEngine.Chat("x", "support"));
        support.Strategy.ShouldBe(RoutingStrategyNames.LeastLoaded);
        support.StepDelay.ShouldBe(TimeSpan.FromSeconds(5));
        TestEngine.StepAgents(support).ShouldBe([["b"], ["a"]]);
        support.Steps[1].OfferAfter.ShouldBe(TimeSpan.FromSeconds(5));

        RoutingPlan sales = engine.Plan(TestEngine.Chat("y", "sales"));
        sales.Strategy.ShouldBe(RoutingStrategyNames.Broadcast);
        sales.Steps.Length.ShouldBe(1);
    }

    [Test]
    public void Strategy_ReturningOutOfRangeScores_IsClamped()
    {
        var (engine, _) = TestEngine.Create(o => o.Strategy = "wild", new WildStrategy());
        engine.AddAgent(TestEngine.Agent("a"), AgentState.Online);
        engine.AddAgent(TestEngine.Agent("b"), AgentState.Online);
        engine.AddAgent(TestEngine.Agent("c"), AgentState.Online);
        RoutingPlan plan = engine.Plan(TestEngine.Chat("x"));
        plan.Steps.SelectMany(s => s.Agents).Select(a => a.Score).ShouldBe([1.0, 0.0, 0.0]);
    }

    private sealed class WildStrategy : IRoutingStrategy
    {
        public string Name => "wild";

        public void Score(in ScoringContext context, in ScoringColumns candidates, Span<double> scores)
        {
            double[] values = [7.5, -3, double.NaN];
            for (int i = 0; i < candidates.Count; i++)
            {
                scores[i] = values[i % values.Length];
            }
        }
    }
}
