namespace RoutingCore.Tests.Filtering;

/// <summary>Who may receive a conversation, and the reason for everyone left out.</summary>
public class AgentFilteringTests
{
    [Test]
    public void Plan_OnlyOnlineAgentsWithSkillMediaTagsAndCapacity_AreEligible()
    {
        var (engine, _) = TestEngine.Create();
        engine.AddAgent(new AgentProfile(new AgentId("ok")) { Skills = [new SkillId("sales")], Tags = ["es", "vip"] }, AgentState.Online);
        engine.AddAgent(new AgentProfile(new AgentId("away")) { Skills = [new SkillId("sales")], Tags = ["es"] }, AgentState.Away);
        engine.AddAgent(new AgentProfile(new AgentId("soon")) { Skills = [new SkillId("sales")], Tags = ["es"] }, AgentState.BackSoon);
        engine.AddAgent(new AgentProfile(new AgentId("paused")) { Skills = [new SkillId("sales")], Tags = ["es"] }, AgentState.Paused);
        engine.AddAgent(new AgentProfile(new AgentId("offline")) { Skills = [new SkillId("sales")], Tags = ["es"] });
        engine.AddAgent(new AgentProfile(new AgentId("voice-only")) { Skills = [new SkillId("sales")], Tags = ["es"], Media = [MediaType.Voice] }, AgentState.Online);
        engine.AddAgent(new AgentProfile(new AgentId("english")) { Skills = [new SkillId("sales")], Tags = ["en"] }, AgentState.Online);
        engine.AddAgent(new AgentProfile(new AgentId("support")) { Skills = [new SkillId("support")], Tags = ["es"] }, AgentState.Online);
        engine.AddAgent(new AgentProfile(new AgentId("full")) { Skills = [new SkillId("sales")], Tags = ["es"], MaxConcurrent = 1 }, AgentState.Online);
        TestEngine.Load(engine, "full", 1);

        var request = new ConversationRequest(new ConversationId("c")) { Skill = new SkillId("sales"), RequiredTags = ["es"] };
        RoutingPlan plan = engine.Plan(request);
        plan.Steps.SelectMany(s => s.Agents).Select(a => a.Agent.Value).ShouldBe(["ok"]);
        plan.Exclusions.ShouldBe(
        [
            new ExclusionCount(ExclusionReason.Offline, 1),
            new ExclusionCount(ExclusionReason.Away, 1),
            new ExclusionCount(ExclusionReason.BackSoon, 1),
            new ExclusionCount(ExclusionReason.Paused, 1),
            new ExclusionCount(ExclusionReason.MissingSkill, 1),
            new ExclusionCount(ExclusionReason.WrongMedia, 1),
            new ExclusionCount(ExclusionReason.MissingTag, 1),
            new ExclusionCount(ExclusionReason.AtCapacity, 1),
        ]);

        RoutingExplanation explanation = engine.Explain(request);
        explanation.Plan.Steps.SelectMany(s => s.Agents).Select(a => a.Agent.Value).ShouldBe(["ok"]);
        explanation.For(new AgentId("away")).Detail.ShouldBe("away");
        explanation.For(new AgentId("soon")).Exclusion.ShouldBe(ExclusionReason.BackSoon);
        explanation.For(new AgentId("paused")).Detail.ShouldBe("paused");
        explanation.For(new AgentId("offline")).Detail.ShouldBe("offline");
        explanation.For(new AgentId("voice-only")).Detail.ShouldBe("does not handle media 'chat'");
        explanation.For(new AgentId("english")).Detail.ShouldBe("missing tag 'es'");
        explanation.For(new AgentId("support")).Detail.ShouldBe("does not hold skill 'sales'");
        explanation.For(new AgentId("full")).Detail!.ShouldContain("at capacity: load 100%");
        explanation.For(new AgentId("ok")).IsEligible.ShouldBeTrue();
        explanation.Agents.Length.ShouldBe(9);
    }

    [Test]
    public void Plan_ConversationForAnyAgent_IgnoresSkills()
    {
        var (engine, _) = TestEngine.Create();
        engine.AddAgent(TestEngine.Agent("sales-agent", "sales"), AgentState.Online);
        engine.AddAgent(TestEngine.Agent("support-agent", "support"), AgentState.Online);
        engine.AddAgent(new AgentProfile(new AgentId("no-skill")), AgentState.Online);
        RoutingPlan plan = engine.Plan(TestEngine.Chat("c", skill: null));
        plan.Skill.ShouldBeNull();
        plan.AgentCount.ShouldBe(3);
    }

    [Test]
    public void Plan_SkillNobodyHas_LeavesEveryoneOutForMissingSkill()
    {
        var (engine, _) = TestEngine.Create();
        engine.AddAgent(TestEngine.Agent("a"), AgentState.Online);
        RoutingPlan plan = engine.Plan(TestEngine.Chat("c", "billing"));
        plan.HasAgents.ShouldBeFalse();
        plan.Exclusions.ShouldBe([new ExclusionCount(ExclusionReason.MissingSkill, 1)]);
        plan.ToString().ShouldContain("nobody can take it now");
    }

    [Test]
    public void Plan_RequiredTagNoAgentHas_LeavesEveryoneOut()
    {
        var (engine, _) = TestEngine.Create();
        engine.AddAgent(TestEngine.Agent("a", tags: ["en"]), AgentState.Online);
        RoutingPlan plan = engine.Plan(new ConversationRequest(new ConversationId("c")) { Skill = new SkillId("sales"), RequiredTags = ["klingon"] });
        plan.HasAgents.ShouldBeFalse();
        engine.Explain(new ConversationRequest(new ConversationId("c")) { Skill = new SkillId("sales"), RequiredTags = ["klingon"] }).For(new AgentId("a")).Detail.ShouldBe("missing tag 'klingon'");
    }

    [Test]
    public void Plan_MediaNoAgentHandles_LeavesEveryoneOutForWrongMedia()
    {
        var (engine, _) = TestEngine.Create();
        engine.AddAgent(TestEngine.Agent("a"), AgentState.Online);
        RoutingPlan plan = engine.Plan(new ConversationRequest(new ConversationId("c")) { Skill = new SkillId("sales"), Media = [new MediaType("cobrowse")] });
        plan.Exclusions.ShouldBe([new ExclusionCount(ExclusionReason.WrongMedia, 1)]);
    }

    [Test]
    public void Plan_AgentComesBackOnline_IsEligibleAgain()
    {
        var (engine, _) = TestEngine.Create();
        engine.AddAgent(TestEngine.Agent("a"), AgentState.Away);
        engine.Plan(TestEngine.Chat("c")).HasAgents.ShouldBeFalse();
        engine.SetAgentState(new AgentId("a"), AgentState.Online);
        engine.Plan(TestEngine.Chat("c")).HasAgents.ShouldBeTrue();
    }

    [Test]
    public void UpdateAgent_NewSkillsAndTags_TakeEffectAndKeepWorkload()
    {
        var (engine, _) = TestEngine.Create();
        engine.AddAgent(TestEngine.Agent("a"), AgentState.Online);
        TestEngine.Load(engine, "a", 2);
        engine.UpdateAgent(new AgentProfile(new AgentId("a")) { Skills = [new SkillId("support")], Tags = ["fr"] });
        engine.Plan(TestEngine.Chat("c", "sales")).HasAgents.ShouldBeFalse();
        engine.Plan(new ConversationRequest(new ConversationId("c")) { Skill = new SkillId("support"), RequiredTags = ["fr"] }).HasAgents.ShouldBeTrue();
        AgentSnapshot snapshot = engine.GetAgent(new AgentId("a"));
        snapshot.Conversations.ShouldBe(2);
        snapshot.State.ShouldBe(AgentState.Online);
        snapshot.Load.ShouldBe(0.5, 1e-12);
    }

    [Test]
    public void RemoveAgent_LeavesThePlan()
    {
        var (engine, _) = TestEngine.Create();
        engine.AddAgent(TestEngine.Agent("a"), AgentState.Online);
        engine.AddAgent(TestEngine.Agent("b"), AgentState.Online);
        engine.RemoveAgent(new AgentId("a"));
        engine.Plan(TestEngine.Chat("c")).Steps.SelectMany(s => s.Agents).Select(a => a.Agent.Value).ShouldBe(["b"]);
        engine.GetAgents().Select(a => a.Id.Value).ShouldBe(["b"]);
    }
}
