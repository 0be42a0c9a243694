namespace RoutingCore.Tests.Lifecycle;

/// <summary>
/// A transfer to a skill no agent holds follows <see cref="RoutingOptions.UnassignedSkillPolicy"/> as a submission does.
/// 003_638653d90710cac9.txt, "Unassigned skill": "As an example, consider a conversation which is transferred to skill
/// "Sales", which no agents in the system are assigned to. By default, the conversation would be routed to "unassigned
/// skill". However, in case the default behavior has been changed, the conversation could be routed in one of the below
/// methods: 1. If no fallback skill has been defined for the account or for the skill "Sales" - it will remain on skill
/// "Sales" until an agent is assigned with this skill. 2. If a fallback skill was defined for the account or for the skill
/// "Sales" - it will be routed to the fallback skill."
/// </summary>
public sealed class TransferToUnassignedSkillTests
{
    private static readonly ConversationId C1 = new("c1");

    /// <summary>An agent "s" holding support has taken c1 (on support); "free" holds support and billing and is online.</summary>
    private static Center Assigned(Action<RoutingOptions>? configure = null)
    {
        var center = new Center(configure);
        center.Agent("s", AgentState.Online, null, "support");
        center.Submit("c1", "support");
        center.Engine.Accept(C1, new AgentId("s"));
        center.Agent("free", AgentState.Online, null, "support", "billing");
        return center;
    }

    [Test]
    public void Transfer_ToASkillNobodyHolds_ByDefault_GoesToTheUnassignedSkill_LikeASubmission()
    {
        // 003: "By default, the conversation would be routed to "unassigned skill"" — "As a result, it may be routed to any available agent."
        using Center center = Assigned(o => o.Skills["sales"] = new SkillOptions());

        center.Engine.Transfer(C1, new SkillId("sales"));

        ConversationSnapshot moved = center.Get("c1");
        moved.Skill.ShouldBeNull("the unassigned skill: any available agent may take it");
        moved.OfferedTo.ShouldBe([new AgentId("free")], "any agent but the one who transferred it");
        RoutingEvent transferred = center.Log.Of(RoutingEventKind.Transferred, "c1").Last();
        transferred.Reason.ShouldBe(RoutingEventReason.UnassignedSkill);
        transferred.Skill.ShouldBeNull();
        center.Submit("c2", "sales").Skill.ShouldBeNull("a new conversation on the same skill goes the same way: Transfer and Submit agree");
        center.Log.Of(RoutingEventKind.Submitted, "c2").Single().Reason.ShouldBe(RoutingEventReason.UnassignedSkill);
    }

    [Test]
    public void Transfer_ToASkillNeitherHeldNorConfigured_FollowsThePolicy_InsteadOfThrowing()
    {
        using Center center = Assigned();

        center.Engine.Transfer(C1, new SkillId("astrology"));

        center.Get("c1").Skill.ShouldBeNull();
        center.OfferedTo("c1").ShouldBe(["free"]);
        center.Engine.GetAgent(new AgentId("s")).Conversations.ShouldBe(0);
    }

    [Test]
    public void Transfer_ToASkillNobodyHolds_KeepOnSkill_StaysOnItUntilAnAgentIsAssignedTheSkill()
    {
        // 003: "If no fallback skill has been defined for the account or for the skill "Sales" - it will remain on skill "Sales" until an agent is assigned with this skill."
        using Center center = Assigned(o => o.UnassignedSkillPolicy = UnassignedSkillPolicy.KeepOnSkill);

        center.Engine.Transfer(C1, new SkillId("sales"));

        center.Get("c1").Skill.ShouldBe(new SkillId("sales"));
        center.Waiting("sales").ShouldBe(["c1"], "nobody holds sales, and \"free\" is online");
        center.Log.Of(RoutingEventKind.Transferred, "c1").Last().Reason.ShouldBe(RoutingEventReason.None);
        center.Engine.UpdateAgent(new AgentProfile(new AgentId("free")) { Skills = [new AgentSkill(new SkillId("support")), new AgentSkill(new SkillId("sales"))] });
        center.OfferedTo("c1").ShouldBe(["free"]);
    }

    [Test]
    public void Transfer_ToASkillNobodyHolds_FallbackPolicyWithoutAFallbackSkill_StaysOnIt()
    {
        // 003, method 1: no fallback skill defined for the account or for the skill — it remains on the skill.
        using Center center = Assigned(o => o.UnassignedSkillPolicy = UnassignedSkillPolicy.Fallback);

        center.Engine.Transfer(C1, new SkillId("sales"));

        center.Get("c1").Skill.ShouldBe(new SkillId("sales"));
        center.Waiting("sales").ShouldBe(["c1"]);
        center.Log.Of(RoutingEventKind.FellBack, "c1").ShouldBeEmpty();
    }

    [TestCase(true)]
    [TestCase(false)]
    public void Transfer_ToASkillNobodyHolds_FallbackPolicy_GoesToTheSkillsOrTheAccountsFallbackSkill(bool skillsOwn)
    {
        // 003, method 2: "If a fallback skill was defined for the account or for the skill "Sales" - it will be routed to the fallback skill."
        using Center center = Assigned(o =>
        {
            o.UnassignedSkillPolicy = UnassignedSkillPolicy.Fallback;
            if (skillsOwn)
            {
                o.Skills["sales"] = new SkillOptions { FallbackSkill = "billing" };
            }
            else
            {
                o.FallbackSkill = "billing";
            }
        });

        center.Engine.Transfer(C1, new SkillId("sales"));

        ConversationSnapshot moved = center.Get("c1");
        moved.Skill.ShouldBe(new SkillId("billing"));
        moved.OfferedTo.ShouldBe([new AgentId("free")]);
        RoutingEvent fellBack = center.Log.Of(RoutingEventKind.FellBack, "c1").Single();
        fellBack.Reason.ShouldBe(RoutingEventReason.FallbackSkill);
        fellBack.Detail.ShouldBe("from skill 'sales'");
        center.Log.Of(RoutingEventKind.Transferred, "c1").Last().Skill.ShouldBe(new SkillId("billing"));
    }

    [Test]
    public void Transfer_ToAHeldSkillWithNobodyOnline_WaitsOnIt_TheFallbackDoesNotApplyAfterATransfer()
    {
        // 003: "Note: Fallback logic only applies to new incoming conversations until they are first assigned to an agent. It
        // does not apply after the agent selects 'back to queue' or 'transfer to skill'."
        using Center center = Assigned(o =>
        {
            o.UnassignedSkillPolicy = UnassignedSkillPolicy.Fallback;
            o.FallbackSkill = "billing";
        });
        center.Agent("away", AgentState.Away, null, "sales");

        center.Engine.Transfer(C1, new SkillId("sales"));

        center.Get("c1").Skill.ShouldBe(new SkillId("sales"), "an agent holds sales, so the unassigned-skill policy does not apply");
        center.Waiting("sales").ShouldBe(["c1"]);
        center.Log.Of(RoutingEventKind.FellBack, "c1").ShouldBeEmpty();
        center.Submit("c2", "sales").Skill.ShouldBe(new SkillId("billing"), "a new conversation does fall back");
    }
}
