namespace RoutingCore.Tests.Properties;

/// <summary>
/// Counterexamples the properties found (shrunk by CsCheck), kept as plain tests with their concrete values, named after what
/// went wrong.
/// </summary>
public sealed class RegressionTests
{
    /// <summary>
    /// Found by <see cref="LifecyclePropertyTests"/> (custom-weighted, one step): a plan of one step lists every agent in roster
    /// order, and <see cref="RoutingPlan.First"/> returned the first of them (score 0.575) while SelectBest returned the best
    /// (0.8). First is documented as "the best agent"; it now is.
    /// </summary>
    [Test]
    public void PlanFirst_OneStepWithDifferentScores_IsTheBestAgentLikeSelectBest()
    {
        var (engine, _) = TestEngine.Create(o => { o.Steps = 1; o.Strategy = RoutingStrategyNames.LeastLoaded; o.MaxConcurrent.IdleChatTimeout = TimeSpan.Zero; });
        engine.AddAgent(TestEngine.Agent("a0", max: 2), AgentState.Online);
        engine.AddAgent(TestEngine.Agent("a1", max: 2), AgentState.Online);
        TestEngine.Load(engine, "a0", 1);

        RoutingPlan plan = engine.Plan(TestEngine.Chat("c"));

        TestEngine.StepAgents(plan).ShouldBe([["a0", "a1"]]);
        plan.First.ShouldBe(new PlannedAgent("a1", 1.0));
        engine.SelectBest(TestEngine.Chat("c")).ShouldBe(plan.First);
    }

    [Test]
    public void PlanFirst_TiesWithinTheFirstStep_IsTheEarliestOnTheRoster()
    {
        var (engine, _) = TestEngine.Create(o => { o.Steps = 1; o.Strategy = RoutingStrategyNames.LeastLoaded; o.MaxConcurrent.IdleChatTimeout = TimeSpan.Zero; });
        engine.AddAgent(TestEngine.Agent("a0", max: 2), AgentState.Online);
        engine.AddAgent(TestEngine.Agent("a1", max: 2), AgentState.Online);
        engine.AddAgent(TestEngine.Agent("a2", max: 2), AgentState.Online);
        TestEngine.Load(engine, "a0", 1);

        RoutingPlan plan = engine.Plan(TestEngine.Chat("c"));

        plan.First.ShouldBe(new PlannedAgent("a1", 1.0));
        engine.SelectBest(TestEngine.Chat("c")).ShouldBe(plan.First);
    }
}
