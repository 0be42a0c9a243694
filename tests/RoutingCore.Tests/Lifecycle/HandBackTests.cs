namespace RoutingCore.Tests.Lifecycle;

/// <summary>Conversations that leave their agent: transfer, return to queue, absent agents, auto-close and wake-up.</summary>
public sealed class HandBackTests
{
    [Test]
    public void Transfer_ReroutesToTheNewSkillsAgents()
    {
        using var center = new Center();
        center.Agent("s", AgentState.Online, null, "sales", "support").Agent("t", AgentState.Online, null, "support");
        center.Submit("c1");
        center.Engine.Accept(new ConversationId("c1"), new AgentId("s"));

        center.Engine.Transfer(new ConversationId("c1"), new SkillId("support"));

        ConversationSnapshot moved = center.Get("c1");
        moved.Skill.ShouldBe(new SkillId("support"));
        moved.OfferedTo.ShouldBe([new AgentId("t")]); // the transferring agent is not offered it back
        center.Engine.GetAgent(new AgentId("s")).Conversations.ShouldBe(0);
        RoutingEvent transferred = center.Log.Of(RoutingEventKind.Transferred, "c1").Single();
        transferred.Agent.ShouldBe(new AgentId("s"));
        transferred.Skill.ShouldBe(new SkillId("support"));
        center.Engine.Accept(new ConversationId("c1"), new AgentId("t"));
        center.Get("c1").Agent.ShouldBe(new AgentId("t"));
    }

    [Test]
    public void Transfer_ToASkillWithNobodyAvailable_WaitsInThatSkillsQueue()
    {
        // "legal" is held by an agent who is away: nobody available, yet the skill is held (a skill nobody holds follows the
        // unassigned-skill policy: TransferToUnassignedSkillTests).
        using var center = new Center(o => o.Skills["legal"] = new SkillOptions());
        center.Agent("s").Agent("l", AgentState.Away, null, "legal");
        center.Submit("c1");
        center.Engine.Accept(new ConversationId("c1"), new AgentId("s"));
        center.Engine.Transfer(new ConversationId("c1"), new SkillId("legal"));
        center.Waiting("legal").ShouldBe(["c1"]);
        center.Log.Of(RoutingEventKind.Queued, "c1").Single().Reason.ShouldBe(RoutingEventReason.Transferred);
    }

    [Test]
    public void Transfer_OfAConversationNotAssignedOrUnknown_IsRefused_AndChangesNothing()
    {
        using var center = new Center();
        center.Agent("s").Agent("other", AgentState.Away, null, "support");

        center.Submit("c2");
        Should.Throw<RoutingOperationException>(() => center.Engine.Transfer(new ConversationId("c2"), new SkillId("support"))).Code.ShouldBe(RoutingErrorCode.NotAssigned);
        center.OfferedTo("c2").ShouldBe(["s"]);
        center.Get("c2").Skill.ShouldBe(new SkillId("sales"));
        Should.Throw<RoutingOperationException>(() => center.Engine.Transfer(new ConversationId("ghost"), new SkillId("astrology"))).Code.ShouldBe(RoutingErrorCode.UnknownConversation);
    }

    [Test]
    public void ReturnToQueue_ReroutesToADifferentAgent()
    {
        using var center = new Center();
        center.Agent("a").Agent("b");
        center.Submit("c1");
        center.Engine.Accept(new ConversationId("c1"), new AgentId("a"));

        center.Engine.ReturnToQueue(new ConversationId("c1"));

        center.OfferedTo("c1").ShouldBe(["b"]);
        center.Log.Of(RoutingEventKind.ReturnedToQueue, "c1").Single().Reason.ShouldBe(RoutingEventReason.ReturnedByAgent);
        center.Engine.GetAgent(new AgentId("a")).Conversations.ShouldBe(0);
    }

    [Test]
    public void ReturnToQueue_WithNoOtherAgent_Waits_AndIsNotOfferedBackToTheSameAgent()
    {
        using var center = new Center();
        center.Agent("a");
        center.Submit("c1");
        center.Engine.Accept(new ConversationId("c1"), new AgentId("a"));
        center.Engine.ReturnToQueue(new ConversationId("c1"));
        center.State("c1").ShouldBe(ConversationState.Waiting);

        center.Submit("c2");
        center.Engine.Accept(new ConversationId("c2"), new AgentId("a"));
        center.Engine.Close(new ConversationId("c2")); // frees capacity at 'a'
        center.Advance(600);
        center.State("c1").ShouldBe(ConversationState.Waiting);

        center.Agent("b");
        center.OfferedTo("c1").ShouldBe(["b"]);
        Should.Throw<RoutingOperationException>(() => center.Engine.ReturnToQueue(new ConversationId("c1"))).Code.ShouldBe(RoutingErrorCode.NotAssigned);
    }

    [Test]
    public void AgentGoingAway_LosesItsOffersAtOnce_AndItsConversationsAfterTheGracePeriod()
    {
        using var center = new Center(o =>
        {
            o.AbsenceGracePeriod = TimeSpan.FromSeconds(60);
            o.ForcedPause.Enabled = false; // b leaves its offer pending for a minute
        });
        center.Agent("a").Agent("b", AgentState.Away);
        center.Submit("held");
        center.Engine.Accept(new ConversationId("held"), new AgentId("a"));
        center.Submit("offered");
        center.OfferedTo("offered").ShouldBe(["a"]);

        center.Engine.SetAgentState(new AgentId("a"), AgentState.Away);

        center.State("offered").ShouldBe(ConversationState.Waiting);
        center.Log.Of(RoutingEventKind.OfferWithdrawn, "offered").Single().Reason.ShouldBe(RoutingEventReason.AgentUnavailable);
        center.Get("held").Agent.ShouldBe(new AgentId("a"));
        center.Engine.SetAgentState(new AgentId("b"), AgentState.Online);
        center.OfferedTo("offered").ShouldBe(["b"]);

        center.Advance(59.9);
        center.Get("held").Agent.ShouldBe(new AgentId("a"));
        center.Advance(0.1);

        center.Engine.GetAgent(new AgentId("a")).Conversations.ShouldBe(0);
        center.OfferedTo("held").ShouldBe(["b"]);
        center.Log.Of(RoutingEventKind.ReturnedToQueue, "held").Single().Reason.ShouldBe(RoutingEventReason.AgentAbsent);
    }

    [Test]
    public void AgentBackWithinTheGracePeriod_KeepsItsConversations()
    {
        using var center = new Center();
        center.Agent("a");
        center.Submit("held");
        center.Engine.Accept(new ConversationId("held"), new AgentId("a"));
        center.Engine.SetAgentState(new AgentId("a"), AgentState.Offline);
        center.Advance(30);
        center.Engine.SetAgentState(new AgentId("a"), AgentState.Online);
        center.Advance(120);
        center.Get("held").Agent.ShouldBe(new AgentId("a"));
        center.Log.Of(RoutingEventKind.ReturnedToQueue).ShouldBeEmpty();
    }

    [Test]
    public void AutoClose_MovesASilentConversationToDormant_AndAConsumerMessageRoutesItAgain()
    {
        using var center = new Center(o =>
        {
            o.AutoCloseAfter = TimeSpan.FromMinutes(10);
            o.MaxConcurrent.IdleChatTimeout = TimeSpan.Zero; // idle chats would free the capacity first
        });
        center.Agent("a", max: 1).Agent("b", AgentState.Away, max: 1);
        center.Submit("c1");
        center.Engine.Accept(new ConversationId("c1"), new AgentId("a"));
        center.Advance(300);
        center.Engine.ReportMessage(new ConversationId("c1"), MessageAuthor.Consumer); // the silence restarts
        center.Engine.ReportMessage(new ConversationId("c1"), MessageAuthor.Agent);
        center.Submit("c2").State.ShouldBe(ConversationState.Waiting);

        center.Advance(599);
        center.State("c1").ShouldBe(ConversationState.Assigned);
        center.Advance(1);

        center.State("c1").ShouldBe(ConversationState.Dormant);
        center.Engine.GetAgent(new AgentId("a")).Conversations.ShouldBe(0);
        center.Log.Of(RoutingEventKind.Dormant, "c1").Single().Agent.ShouldBe(new AgentId("a"));
        center.OfferedTo("c2").ShouldBe(["a"]); // the freed capacity went to the waiting conversation
        center.Engine.Accept(new ConversationId("c2"), new AgentId("a"));

        center.Engine.ReportMessage(new ConversationId("c1"), MessageAuthor.Agent);
        center.State("c1").ShouldBe(ConversationState.Dormant); // only the consumer wakes it
        center.Engine.SetAgentState(new AgentId("b"), AgentState.Online);
        center.Engine.ReportMessage(new ConversationId("c1"), MessageAuthor.Consumer);

        center.Log.Of(RoutingEventKind.Woken, "c1").ShouldHaveSingleItem();
        center.OfferedTo("c1").ShouldBe(["b"]);
        center.Get("c1").SlaDue.ShouldBe(center.Clock.GetUtcNow() + RoutingDefaults.ResponseSla);
    }

    [Test]
    public void RemovedAgent_ItsConversationsAreRoutedAgain()
    {
        using var center = new Center();
        center.Agent("a").Agent("b");
        center.Submit("c1");
        center.Engine.Accept(new ConversationId("c1"), new AgentId("a"));
        center.Engine.RemoveAgent(new AgentId("a"));
        center.OfferedTo("c1").ShouldBe(["b"]);
        center.Log.Of(RoutingEventKind.ReturnedToQueue, "c1").Single().Reason.ShouldBe(RoutingEventReason.AgentRemoved);
    }
}
