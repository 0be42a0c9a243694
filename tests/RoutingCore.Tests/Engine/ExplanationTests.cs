namespace RoutingCore.Tests.Engine;

public class ExplanationTests
{
    [Test]
    public void Explain_EligibleAgents_CarryScoreStepAndComponents()
    {
        var (engine, _) = TestEngine.Create(o => o.Strategy = RoutingStrategyNames.Dynamic);
        engine.AddAgent(new AgentProfile(new AgentId("a")) { Skills = [new SkillId("sales")], Tags = ["es"] }, AgentState.Online);
        engine.AddAgent(new AgentProfile(new AgentId("b")) { Skills = [new SkillId("sales")] }, AgentState.Online);
        TestEngine.Load(engine, "b", 2);

        RoutingExplanation explanation = engine.Explain(new ConversationRequest(new ConversationId("c")) { Skill = new SkillId("sales"), OptionalTags = ["es"] });
        AgentExplanation a = explanation.For(new AgentId("a"));
        a.IsEligible.ShouldBeTrue();
        a.Step.ShouldBe(0);
        a.Components.Select(c => c.Name).ShouldBe(["tags", "idle", "load"]);
        a.Components.Sum(c => c.Value * c.Weight).ShouldBe(a.Score!.Value, 1e-12);
        AgentExplanation b = explanation.For(new AgentId("b"));
        b.Step.ShouldBe(1);
        b.Components.Single(c => c.Name == "load").Value.ShouldBe(0.5, 1e-12);
        explanation.ToString().ShouldContain("a: step 1");
        RoutingOperationException zed = Should.Throw<RoutingOperationException>(() => explanation.For(new AgentId("zed")));
        zed.Code.ShouldBe(RoutingErrorCode.UnknownAgent);
        zed.Message.ShouldContain("'zed'");
    }

    [Test]
    public void Explain_GivesTheSamePlanAsPlan()
    {
        var (engine, _) = TestEngine.Create(o => o.Strategy = RoutingStrategyNames.LeastLoaded);
        for (int i = 0; i < 12; i++)
        {
            engine.AddAgent(TestEngine.Agent($"a{i}", i % 3 == 0 ? "support" : "sales"), i % 4 == 0 ? AgentState.Away : AgentState.Online);
            if (i % 4 != 0 && i % 3 != 0)
            {
                TestEngine.Load(engine, $"a{i}", i % 4);
            }
        }

        ConversationRequest request = TestEngine.Chat("c");
        RoutingPlan plan = engine.Plan(request);
        RoutingExplanation explanation = engine.Explain(request);
        TestEngine.StepAgents(explanation.Plan).ShouldBe(TestEngine.StepAgents(plan));
        explanation.Plan.Exclusions.ShouldBe(plan.Exclusions);
        explanation.Agents.Count(a => !a.IsEligible).ShouldBe(plan.Exclusions.Sum(e => e.Agents));
    }
}
