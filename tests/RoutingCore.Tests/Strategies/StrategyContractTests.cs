namespace RoutingCore.Tests.Strategies;

/// <summary>
/// What every scoring strategy must do, whatever its formula: an empty roster gives no agent, one agent is offered alone,
/// capacity is respected, scores stay within 0..1, and the same clock gives the same plan.
/// </summary>
public abstract class StrategyContractTests
{
    protected abstract string StrategyName { get; }

    protected virtual IRoutingStrategy[] ExtraStrategies => [];

    private (IRoutingEngine Engine, Microsoft.Extensions.Time.Testing.FakeTimeProvider Clock) Create() =>
        TestEngine.Create(o => o.Strategy = StrategyName, ExtraStrategies);

    [Test]
    public void Plan_EmptyRoster_HasNoAgents()
    {
        var (engine, _) = Create();
        RoutingPlan plan = engine.Plan(TestEngine.Chat("c1"));
        plan.HasAgents.ShouldBeFalse();
        plan.Steps.ShouldBeEmpty();
        plan.Strategy.ShouldBe(StrategyName, StringCompareShould.IgnoreCase);
    }

    [Test]
    public void Plan_OneAgent_OffersItAloneInTheFirstStep()
    {
        var (engine, _) = Create();
        engine.AddAgent(TestEngine.Agent("solo"), AgentState.Online);
        RoutingPlan plan = engine.Plan(TestEngine.Chat("c1"));
        plan.AgentCount.ShouldBe(1);
        plan.Steps.Length.ShouldBe(1);
        plan.Steps[0].OfferAfter.ShouldBe(TimeSpan.Zero);
        plan.First!.Value.Agent.ShouldBe(new AgentId("solo"));
    }

    [Test]
    public void Plan_AgentAtCapacity_IsLeftOut()
    {
        var (engine, _) = Create();
        engine.AddAgent(TestEngine.Agent("full", max: 2), AgentState.Online);
        engine.AddAgent(TestEngine.Agent("free", max: 2), AgentState.Online);
        TestEngine.Load(engine, "full", 2);
        RoutingPlan plan = engine.Plan(TestEngine.Chat("c1"));
        plan.Steps.SelectMany(s => s.Agents).Select(a => a.Agent.Value).ShouldBe(["free"]);
        plan.Exclusions.ShouldContain(new ExclusionCount(ExclusionReason.AtCapacity, 1));
    }

    [Test]
    public void Plan_VariedRoster_ScoresStayWithinZeroAndOne()
    {
        var (engine, clock) = Create();
        var random = new Random(42);
        for (int i = 0; i < 40; i++)
        {
            string[] tags = i % 3 == 0 ? ["es", "vip"] : i % 3 == 1 ? ["en"] : [];
            engine.AddAgent(new AgentProfile(new AgentId($"a{i}")) { Skills = [new AgentSkill(new SkillId("sales"), random.NextDouble())], Tags = [.. tags], MaxConcurrent = 4 }, AgentState.Online);
        }

        for (int i = 0; i < 40; i++)
        {
            clock.Advance(TimeSpan.FromSeconds(random.Next(1, 30)));
            var id = new ConversationId($"load{i}");
            var agent = new AgentId($"a{random.Next(40)}");
            if (engine.GetAgent(agent).Conversations < 3)
            {
                engine.Assign(new ConversationRequest(id) { Skill = new SkillId("sales"), Consumer = new ConsumerId($"consumer{i % 5}") }, agent);
            }
        }

        var request = new ConversationRequest(new ConversationId("c1")) { Skill = new SkillId("sales"), OptionalTags = ["es", "vip", "fr"], Consumer = new ConsumerId("consumer1") };
        RoutingPlan plan = engine.Plan(request);
        plan.AgentCount.ShouldBeGreaterThan(0);
        foreach (PlannedAgent agent in plan.Steps.SelectMany(s => s.Agents))
        {
            agent.Score.ShouldBeInRange(0.0, 1.0);
        }

        // Steps hold strictly decreasing scores: every score in a step is above every score in the next one.
        for (int s = 1; s < plan.Steps.Length; s++)
        {
            plan.Steps[s - 1].Agents.Min(a => a.Score).ShouldBeGreaterThan(plan.Steps[s].Agents.Max(a => a.Score));
        }
    }

    [Test]
    public void Plan_SameClockAndRoster_GivesTheSamePlan()
    {
        static RoutingPlan Run(Func<(IRoutingEngine, Microsoft.Extensions.Time.Testing.FakeTimeProvider)> create)
        {
            var (engine, clock) = create();
            var random = new Random(7);
            for (int i = 0; i < 25; i++)
            {
                engine.AddAgent(new AgentProfile(new AgentId($"a{i}")) { Skills = [new AgentSkill(new SkillId("sales"), Math.Round(random.NextDouble(), 2))], Tags = i % 2 == 0 ? ["es"] : [] }, AgentState.Online);
                clock.Advance(TimeSpan.FromSeconds(random.Next(1, 10)));
                if (i % 3 == 0)
                {
                    engine.Assign(new ConversationRequest(new ConversationId($"busy{i}")) { Skill = new SkillId("sales") }, new AgentId($"a{i}"));
                }
            }

            return engine.Plan(new ConversationRequest(new ConversationId("c1")) { Skill = new SkillId("sales"), OptionalTags = ["es"] });
        }

        RoutingPlan first = Run(Create);
        RoutingPlan second = Run(Create);
        TestEngine.StepAgents(first).ShouldBe(TestEngine.StepAgents(second));
        first.Steps.SelectMany(s => s.Agents).Select(a => a.Score).ShouldBe(second.Steps.SelectMany(s => s.Agents).Select(a => a.Score));
    }
}

public sealed class BroadcastStrategyContractTests : StrategyContractTests
{
    protected override string StrategyName => RoutingStrategyNames.Broadcast;
}

public sealed class SkillBasedStrategyContractTests : StrategyContractTests
{
    protected override string StrategyName => RoutingStrategyNames.SkillBased;
}

public sealed class RoundRobinStrategyContractTests : StrategyContractTests
{
    protected override string StrategyName => RoutingStrategyNames.RoundRobin;
}

public sealed class LeastLoadedStrategyContractTests : StrategyContractTests
{
    protected override string StrategyName => RoutingStrategyNames.LeastLoaded;
}

public sealed class DynamicStrategyContractTests : StrategyContractTests
{
    protected override string StrategyName => RoutingStrategyNames.Dynamic;
}

public sealed class CustomWeightedStrategyContractTests : StrategyContractTests
{
    protected override string StrategyName => RoutingStrategyNames.CustomWeighted;
}

public sealed class UserStrategyContractTests : StrategyContractTests
{
    protected override string StrategyName => "fewest-conversations";

    protected override IRoutingStrategy[] ExtraStrategies => [new FewestConversationsStrategy()];
}

/// <summary>A strategy a user could register: fewer conversations scores higher.</summary>
internal sealed class FewestConversationsStrategy : IRoutingStrategy
{
    public string Name => "fewest-conversations";

    public void Score(in ScoringContext context, in ScoringColumns candidates, Span<double> scores)
    {
        ReadOnlySpan<int> active = candidates.ActiveConversations;
        for (int i = 0; i < active.Length; i++)
        {
            scores[i] = 1.0 / (1 + active[i]);
        }
    }
}
