using System.Collections.Immutable;

namespace RoutingCore.Tests.Lifecycle;

/// <summary>Skill selection at submission: rules, default skill, fallback skill, unassigned-skill policy.</summary>
public sealed class SkillSelectionTests
{
    private static ConversationRequest WithAttributes(string id, params (string Key, string Value)[] attributes) => new(new ConversationId(id))
    {
        Attributes = attributes.ToImmutableDictionary(a => a.Key, a => a.Value),
    };

    private static Center WithRules(Action<RoutingOptions>? configure = null)
    {
        var center = new Center(o =>
        {
            o.SkillRules.Add(new SkillRuleOptions { Attributes = { ["ctype"] = "vip" }, Skill = "vip" });
            o.SkillRules.Add(new SkillRuleOptions { Attributes = { ["ctype"] = "vip", ["companyBranch"] = "north" }, Skill = "north" });
            o.SkillRules.Add(new SkillRuleOptions { Attributes = { ["companyBranch"] = "north" }, Skill = "north" });
            configure?.Invoke(o);
        });
        center.Agent("v", AgentState.Online, null, "vip").Agent("n", AgentState.Online, null, "north").Agent("s", AgentState.Online, null, "sales");
        return center;
    }

    [Test]
    public void FirstMatchingRuleWins_AttributesIgnoreCase()
    {
        using Center center = WithRules();
        center.Engine.Submit(WithAttributes("c1", ("ctype", "vip"), ("companyBranch", "north"))).Skill.ShouldBe(new SkillId("vip"));
        center.Engine.Submit(WithAttributes("c2", ("CType", "VIP"))).Skill.ShouldBe(new SkillId("vip"));
        center.Engine.Submit(WithAttributes("c3", ("companybranch", "North"), ("ctype", "regular"))).Skill.ShouldBe(new SkillId("north"));
        center.OfferedTo("c3").ShouldBe(["n"]);
        center.Log.Of(RoutingEventKind.Submitted, "c1").Single().Reason.ShouldBe(RoutingEventReason.SkillRule);
    }

    [Test]
    public void NoRuleMatches_TheDefaultSkill_ElseAnyAgent_AndAnExplicitSkillBeatsRules()
    {
        using (Center withDefault = WithRules(o => o.DefaultSkill = "sales"))
        {
            withDefault.Engine.Submit(WithAttributes("c1", ("ctype", "regular"))).Skill.ShouldBe(new SkillId("sales"));
            withDefault.Log.Of(RoutingEventKind.Submitted, "c1").Single().Reason.ShouldBe(RoutingEventReason.DefaultSkill);
            var named = new ConversationRequest(new ConversationId("c2")) { Skill = new SkillId("north"), Attributes = ImmutableDictionary<string, string>.Empty.Add("ctype", "vip") };
            withDefault.Engine.Submit(named).Skill.ShouldBe(new SkillId("north"));
            withDefault.Log.Of(RoutingEventKind.Submitted, "c2").Single().Reason.ShouldBe(RoutingEventReason.ExplicitSkill);
        }

        using Center anyAgent = WithRules();
        ConversationSnapshot any = anyAgent.Engine.Submit(WithAttributes("c1"));
        any.Skill.ShouldBeNull();
        anyAgent.OfferedTo("c1").ShouldBe(["v", "n", "s"]);
        anyAgent.Log.Of(RoutingEventKind.Submitted, "c1").Single().Reason.ShouldBe(RoutingEventReason.AnyAgent);
    }

    [Test]
    public void Fallback_WhenNoAgentOfTheSkillIsOnline_AndTheFallbackHasOnlineAgents()
    {
        using var center = new Center(o => o.FallbackSkill = "general");
        center.Agent("s", AgentState.Away, null, "sales").Agent("g", AgentState.Online, null, "general");

        ConversationSnapshot fell = center.Submit("c1");

        fell.Skill.ShouldBe(new SkillId("general"));
        center.OfferedTo("c1").ShouldBe(["g"]);
        RoutingEvent fellBack = center.Log.Of(RoutingEventKind.FellBack, "c1").Single();
        fellBack.Skill.ShouldBe(new SkillId("general"));
        fellBack.Detail!.ShouldContain("'sales'");

        center.Engine.SetAgentState(new AgentId("s"), AgentState.Online);
        center.Submit("c2").Skill.ShouldBe(new SkillId("sales"));
        center.Log.Of(RoutingEventKind.FellBack, "c2").ShouldBeEmpty();
    }

    [Test]
    public void Fallback_WithNobodyOnlineThere_TheConversationStaysInItsSkillsQueue()
    {
        using var center = new Center(o => o.FallbackSkill = "general");
        center.Agent("s", AgentState.Away, null, "sales").Agent("g", AgentState.Away, null, "general");
        ConversationSnapshot waiting = center.Submit("c1");
        waiting.Skill.ShouldBe(new SkillId("sales"));
        waiting.State.ShouldBe(ConversationState.Waiting);
        center.Waiting("sales").ShouldBe(["c1"]);

        // The fallback's agent coming online later does not take it: fallback is decided once, for new conversations.
        center.Engine.SetAgentState(new AgentId("g"), AgentState.Online);
        center.State("c1").ShouldBe(ConversationState.Waiting);
        center.Engine.SetAgentState(new AgentId("s"), AgentState.Online);
        center.OfferedTo("c1").ShouldBe(["s"]);
    }

    [Test]
    public void PerSkillFallback_TakesPrecedenceOverTheAccountFallback()
    {
        using var center = new Center(o =>
        {
            o.FallbackSkill = "general";
            o.Skills["sales"] = new SkillOptions { FallbackSkill = "sales-backup" };
        });
        center.Agent("s", AgentState.Away, null, "sales").Agent("g", AgentState.Online, null, "general").Agent("b", AgentState.Online, null, "sales-backup");
        center.Submit("c1").Skill.ShouldBe(new SkillId("sales-backup"));
    }

    [Test]
    public void Fallback_DoesNotApply_AfterReturnToQueueOrTransfer()
    {
        using var center = new Center(o => o.FallbackSkill = "general");
        center.Agent("s", AgentState.Online, null, "sales").Agent("g", AgentState.Online, null, "general").Agent("t", AgentState.Away, null, "tech");
        center.Submit("c1");
        center.Engine.Accept(new ConversationId("c1"), new AgentId("s"));
        center.Engine.ReturnToQueue(new ConversationId("c1"));
        ConversationSnapshot returned = center.Get("c1");
        returned.Skill.ShouldBe(new SkillId("sales"));
        returned.State.ShouldBe(ConversationState.Waiting);

        center.Submit("c2");
        center.Engine.Accept(new ConversationId("c2"), new AgentId("s"));
        center.Engine.Transfer(new ConversationId("c2"), new SkillId("tech"));
        center.Get("c2").Skill.ShouldBe(new SkillId("tech"));
        center.State("c2").ShouldBe(ConversationState.Waiting);
        center.Log.Of(RoutingEventKind.FellBack).ShouldBeEmpty();
    }

    [Test]
    public void SkillNobodyHolds_GoesToUnassigned_ByDefault()
    {
        using var center = new Center();
        center.Agent("a", AgentState.Online, null, "sales");
        ConversationSnapshot snapshot = center.Submit("c1", "billing");
        snapshot.Skill.ShouldBeNull();
        center.OfferedTo("c1").ShouldBe(["a"]);
        center.Log.Of(RoutingEventKind.Submitted, "c1").Single().Reason.ShouldBe(RoutingEventReason.UnassignedSkill);
    }

    [Test]
    public void SkillNobodyHolds_KeepOnSkill_WaitsUntilAnAgentHoldsIt()
    {
        using var center = new Center(o => o.UnassignedSkillPolicy = UnassignedSkillPolicy.KeepOnSkill);
        center.Agent("a", AgentState.Online, null, "sales");
        center.Submit("c1", "billing").State.ShouldBe(ConversationState.Waiting);
        center.Waiting("billing").ShouldBe(["c1"]);
        center.Engine.UpdateAgent(new AgentProfile(new AgentId("a")) { Skills = [new AgentSkill(new SkillId("sales")), new AgentSkill(new SkillId("billing"))] });
        center.OfferedTo("c1").ShouldBe(["a"]);
    }

    [Test]
    public void SkillNobodyHolds_FallbackPolicy_SendsItToTheFallbackSkill()
    {
        using var center = new Center(o =>
        {
            o.UnassignedSkillPolicy = UnassignedSkillPolicy.Fallback;
            o.FallbackSkill = "general";
        });
        center.Agent("a", AgentState.Online, null, "sales").Agent("g", AgentState.Away, null, "general");
        ConversationSnapshot snapshot = center.Submit("c1", "billing");
        snapshot.Skill.ShouldBe(new SkillId("general"));
        snapshot.State.ShouldBe(ConversationState.Waiting);
        center.Log.Of(RoutingEventKind.FellBack, "c1").Single().Reason.ShouldBe(RoutingEventReason.FallbackSkill);
    }
}
