namespace RoutingCore.Tests.Distribution;

/// <summary>Grouping scores into steps, with seed 004's least-loaded example (loads 0%, 25%, 25%, 50%, 75%).</summary>
public class StepPlanningTests
{
    private static RoutingPlan SeedExample(int steps, TimeSpan? delay = null)
    {
        var (engine, _) = TestEngine.Create(o =>
        {
            o.Strategy = RoutingStrategyNames.LeastLoaded;
            o.Steps = steps;
            o.StepDelay = delay ?? TimeSpan.FromSeconds(6);
        });
        int[] chats = [0, 1, 1, 2, 3];
        for (int i = 0; i < chats.Length; i++)
        {
            engine.AddAgent(TestEngine.Agent($"A{i + 1}"), AgentState.Online);
            TestEngine.Load(engine, $"A{i + 1}", chats[i]);
        }

        return engine.Plan(TestEngine.Chat("contact"));
    }

    [Test]
    public void Plan_SeedExampleFourSteps_EachDistinctLoadIsAStep()
    {
        RoutingPlan plan = SeedExample(4);
        TestEngine.StepAgents(plan).ShouldBe([["A1"], ["A2", "A3"], ["A4"], ["A5"]]);
        plan.Steps.Select(s => s.OfferAfter).ShouldBe([TimeSpan.Zero, TimeSpan.FromSeconds(6), TimeSpan.FromSeconds(12), TimeSpan.FromSeconds(18)]);
    }

    [Test]
    public void Plan_SeedExampleThreeSteps_LastStepTakesTheRest()
    {
        TestEngine.StepAgents(SeedExample(3)).ShouldBe([["A1"], ["A2", "A3"], ["A4", "A5"]]);
    }

    [Test]
    public void Plan_SeedExampleTwoSteps_AllButTheBestInTheSecond()
    {
        TestEngine.StepAgents(SeedExample(2)).ShouldBe([["A1"], ["A2", "A3", "A4", "A5"]]);
    }

    [Test]
    public void Plan_SeedExampleOneStep_OffersEveryoneAtOnceLikeBroadcast()
    {
        RoutingPlan plan = SeedExample(1);
        TestEngine.StepAgents(plan).ShouldBe([["A1", "A2", "A3", "A4", "A5"]]);
        plan.Steps[0].OfferAfter.ShouldBe(TimeSpan.Zero);
    }

    [Test]
    public void Plan_MoreStepsThanDistinctScores_UsesOneStepPerScore()
    {
        TestEngine.StepAgents(SeedExample(10)).ShouldBe([["A1"], ["A2", "A3"], ["A4"], ["A5"]]);
    }

    [Test]
    public void Plan_DefaultSettings_ThreeStepsTwelveSecondsApart()
    {
        var (engine, _) = TestEngine.Create(o => o.Strategy = RoutingStrategyNames.LeastLoaded);
        for (int i = 0; i < 5; i++)
        {
            engine.AddAgent(TestEngine.Agent($"A{i}"), AgentState.Online);
            TestEngine.Load(engine, $"A{i}", i % 4);
        }

        RoutingPlan plan = engine.Plan(TestEngine.Chat("x"));
        plan.StepDelay.ShouldBe(TimeSpan.FromSeconds(12));
        plan.Steps.Length.ShouldBe(3);
        plan.Steps[2].OfferAfter.ShouldBe(TimeSpan.FromSeconds(24));
    }

    [Test]
    public void Plan_ScoresWithinTolerance_AreTied()
    {
        var (engine, _) = TestEngine.Create(o => o.Strategy = "noisy", new NoisyStrategy());
        engine.AddAgent(TestEngine.Agent("a"), AgentState.Online);
        engine.AddAgent(TestEngine.Agent("b"), AgentState.Online);
        engine.AddAgent(TestEngine.Agent("c"), AgentState.Online);
        TestEngine.StepAgents(engine.Plan(TestEngine.Chat("x"))).ShouldBe([["a", "b"], ["c"]]);
    }

    [Test]
    public void Plan_ManyRandomScores_StepsAreOrderedAndComplete()
    {
        var random = new Random(3);
        for (int round = 0; round < 50; round++)
        {
            int steps = random.Next(1, 6);
            double[] values = Enumerable.Range(0, random.Next(1, 30)).Select(_ => Math.Round(random.NextDouble(), 1)).ToArray();
            var (engine, _) = TestEngine.Create(o => { o.Strategy = "fixed"; o.Steps = steps; }, new FixedStrategy(values));
            for (int i = 0; i < values.Length; i++)
            {
                engine.AddAgent(TestEngine.Agent($"a{i}"), AgentState.Online);
            }

            RoutingPlan plan = engine.Plan(TestEngine.Chat("x"));
            plan.AgentCount.ShouldBe(values.Length);
            plan.Steps.Sum(s => s.Agents.Length).ShouldBe(values.Length);
            double[] distinct = values.Distinct().OrderByDescending(v => v).ToArray();
            plan.Steps.Length.ShouldBe(Math.Min(steps, distinct.Length));
            for (int s = 0; s < plan.Steps.Length - 1; s++)
            {
                plan.Steps[s].Agents.ShouldAllBe(a => a.Score == distinct[s]); // each of the first steps is one distinct score
            }

            plan.Steps[^1].Agents.ShouldAllBe(a => a.Score <= distinct[plan.Steps.Length - 1]);
        }
    }

    private sealed class NoisyStrategy : IRoutingStrategy
    {
        public string Name => "noisy";

        public void Score(in ScoringContext context, in ScoringColumns candidates, Span<double> scores)
        {
            scores[0] = 0.3;
            scores[1] = 0.1 + 0.2; // 0.30000000000000004: rounding noise, not a different score
            scores[2] = 0.2;
        }
    }

    private sealed class FixedStrategy(double[] values) : IRoutingStrategy
    {
        public string Name => "fixed";

        public void Score(in ScoringContext context, in ScoringColumns candidates, Span<double> scores)
        {
            for (int i = 0; i < candidates.Count; i++)
            {
                scores[i] = values[int.Parse(candidates.AgentAt(i).Value[1..], System.Globalization.CultureInfo.InvariantCulture)];
            }
        }
    }
}
