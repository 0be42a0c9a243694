namespace RoutingCore.Tests.Lifecycle;

/// <summary>Offers step by step: timing, first accept wins, exclusive reservations, declines, timeouts, exhaustion.</summary>
public sealed class OfferStepTests
{
    /// <summary>Least-loaded over loads 0, 1 and 2 chats of 4: one agent per step (forced pause off unless configured on).</summary>
    internal static Center ThreeSteps(Action<RoutingOptions>? configure = null)
    {
        var center = new Center(o =>
        {
            o.Strategy = RoutingStrategyNames.LeastLoaded;
            o.ForcedPause.Enabled = false;
            configure?.Invoke(o);
        });
        center.Agent("a").Agent("b").Agent("c");
        TestEngine.Load(center.Engine, "b", 1);
        TestEngine.Load(center.Engine, "c", 2);
        return center;
    }

    [Test]
    public void Steps_AreAddedOneDelayApart_EarlierOffersStand_ThenTheConversationWaits()
    {
        using Center center = ThreeSteps();
        ConversationSnapshot submitted = center.Submit("c1");
        submitted.State.ShouldBe(ConversationState.Offered);
        submitted.Step.ShouldBe(0);
        center.OfferedTo("c1").ShouldBe(["a"]);

        center.Advance(11.999);
        center.OfferedTo("c1").ShouldBe(["a"]);
        center.Advance(0.001);
        center.OfferedTo("c1").ShouldBe(["a", "b"]);
        center.Get("c1").Step.ShouldBe(1);
        center.Advance(12);
        center.OfferedTo("c1").ShouldBe(["a", "b", "c"]);
        center.Advance(11.999);
        center.State("c1").ShouldBe(ConversationState.Offered);
        center.Advance(0.001);

        center.State("c1").ShouldBe(ConversationState.Waiting);
        center.Waiting().ShouldBe(["c1"]);
        RoutingEvent[] offers = center.Log.Of(RoutingEventKind.Offered, "c1");
        offers.Select(e => (e.Agent!.Value.Value, e.Step, (e.Timestamp - TestEngine.Start).TotalSeconds))
            .ShouldBe([("a", (int?)0, 0d), ("b", 1, 12d), ("c", 2, 24d)]);
        center.Log.Of(RoutingEventKind.OfferTimedOut, "c1").Select(e => (e.Agent!.Value.Value, (e.Timestamp - TestEngine.Start).TotalSeconds))
            .ShouldBe([("a", 12d), ("b", 24d), ("c", 36d)]);
        center.Log.Of(RoutingEventKind.OfferWithdrawn, "c1").ShouldAllBe(e => e.Reason == RoutingEventReason.StepsExhausted);
        center.Log.Of(RoutingEventKind.Queued, "c1").Single().Reason.ShouldBe(RoutingEventReason.StepsExhausted);
        center.Engine.GetAgent(new AgentId("a")).Timeouts.ShouldBe(1);
    }

    [Test]
    public void ExhaustedConversation_IsRetriedOneDelayLater_NeverDropped()
    {
        using Center center = ThreeSteps(o => o.Steps = 1);
        center.Submit("c1");
        center.Advance(12);
        center.State("c1").ShouldBe(ConversationState.Waiting);
        center.Advance(11.9);
        center.State("c1").ShouldBe(ConversationState.Waiting);
        center.Advance(0.1);
        center.State("c1").ShouldBe(ConversationState.Offered);
        center.Log.Of(RoutingEventKind.Dispatched, "c1").Single().Reason.ShouldBe(RoutingEventReason.Retry);
        center.Engine.Accept(new ConversationId("c1"), new AgentId("b"));
        center.Get("c1").Agent.ShouldBe(new AgentId("b"));
    }

    [Test]
    public void FirstAcceptWins_OtherOffersAreWithdrawn_LateAcceptIsRefused()
    {
        using var center = new Center();
        center.Agent("a").Agent("b").Agent("c");
        center.Submit("c1");
        center.OfferedTo("c1").ShouldBe(["a", "b", "c"]);

        center.Engine.Accept(new ConversationId("c1"), new AgentId("b"));

        ConversationSnapshot assigned = center.Get("c1");
        assigned.State.ShouldBe(ConversationState.Assigned);
        assigned.Agent.ShouldBe(new AgentId("b"));
        assigned.OfferedTo.ShouldBeEmpty();
        center.Engine.GetAgent(new AgentId("b")).Conversations.ShouldBe(1);
        center.Engine.GetAgents().Sum(a => a.PendingOffers).ShouldBe(0);
        center.Log.AgentsOf(RoutingEventKind.OfferWithdrawn, "c1").Order().ShouldBe(["a", "c"]);
        center.Log.Of(RoutingEventKind.OfferWithdrawn, "c1").ShouldAllBe(e => e.Reason == RoutingEventReason.AcceptedByAnother);

        RoutingOperationException late = Should.Throw<RoutingOperationException>(() => center.Engine.Accept(new ConversationId("c1"), new AgentId("a")));
        late.Code.ShouldBe(RoutingErrorCode.OfferWithdrawn);
        late.Message.ShouldContain("assigned to 'b'");
        center.Get("c1").Agent.ShouldBe(new AgentId("b"));
        center.Engine.GetAgent(new AgentId("a")).Conversations.ShouldBe(0);
    }

    [Test]
    public void ExclusiveOffer_CountsTowardsTheAgentsLoad_WhileOnlyOneAgentHoldsIt()
    {
        using var center = new Center(o => o.ForcedPause.Enabled = false);
        center.Agent("a", max: 1);
        center.Submit("c1");
        AgentSnapshot a = center.Engine.GetAgent(new AgentId("a"));
        a.Reserved.ShouldBe(1.0);
        a.Load.ShouldBe(0);
        a.Utilization.ShouldBe(1.0);

        // The starred offer fills the agent: the next conversation waits instead of being offered too.
        center.Submit("c2").State.ShouldBe(ConversationState.Waiting);
        center.Engine.Plan(TestEngine.Chat("probe")).Exclusions.Single().Reason.ShouldBe(ExclusionReason.AtCapacity);

        // Declining releases the reservation; the waiting conversation is dispatched to the agent at once.
        center.Engine.Decline(new ConversationId("c1"), new AgentId("a"));
        center.OfferedTo("c2").ShouldBe(["a"]);
        center.Log.Of(RoutingEventKind.Dispatched, "c2").Single().Reason.ShouldBe(RoutingEventReason.OfferReleased);
        center.State("c1").ShouldBe(ConversationState.Waiting);
    }

    [Test]
    public void OfferToSeveralAgents_ReservesNothing_NorDoesTheLastOneStanding()
    {
        // Issue 17 changed this test: the last agent standing after a decline used to reserve the conversation's cost. It
        // was distributed to both, not "distributed only to the agent (no other agent is currently eligible to handle
        // it)" (004_61c15d49d99ff3a7.txt): not starred, so nothing is reserved.
        using var center = new Center(o => o.ForcedPause.Enabled = false);
        center.Agent("a", max: 2).Agent("b", max: 2);
        center.Submit("c1");
        center.Engine.GetAgents().Select(x => x.Reserved).ShouldBe([0d, 0d]);
        center.Engine.Decline(new ConversationId("c1"), new AgentId("a"));
        center.OfferedTo("c1").ShouldBe(["b"]);
        center.Engine.GetAgent(new AgentId("b")).Reserved.ShouldBe(0);
        center.Engine.GetAgent(new AgentId("a")).Reserved.ShouldBe(0);
    }

    [Test]
    public void Decline_IsRecorded_AdvancesAtOnce_AndTheAgentIsNeverOfferedItAgain()
    {
        using Center center = ThreeSteps();
        center.Submit("c1");
        center.Advance(1);
        center.Engine.Decline(new ConversationId("c1"), new AgentId("a"));

        center.OfferedTo("c1").ShouldBe(["b"]);
        center.Log.Of(RoutingEventKind.Offered, "c1").Last().Timestamp.ShouldBe(TestEngine.Start.AddSeconds(1));
        center.Engine.GetAgent(new AgentId("a")).Declines.ShouldBe(1);
        center.Get("c1").Excluded.ShouldBe([new AgentId("a")]);

        int events = center.Log.Events.Count;
        center.Engine.Decline(new ConversationId("c1"), new AgentId("a")); // issue 18: a repeated decline answers as the first did (it was AlreadyDeclined), and changes nothing
        center.Log.Events.Count.ShouldBe(events);
        center.Engine.GetAgent(new AgentId("a")).Declines.ShouldBe(1);
        Should.Throw<RoutingOperationException>(() => center.Engine.Accept(new ConversationId("c1"), new AgentId("a"))).Code.ShouldBe(RoutingErrorCode.AlreadyDeclined);

        // Through the remaining steps, exhaustion and several retries, 'a' (the least loaded) never gets it back.
        center.Advance(200);
        center.Log.AgentsOf(RoutingEventKind.Offered, "c1").Count(x => x == "a").ShouldBe(1, customMessage: "a declined c1");
        center.Log.Of(RoutingEventKind.Dispatched, "c1").ShouldNotBeEmpty();
        center.Log.AgentsOf(RoutingEventKind.Offered, "c1").ShouldContain("c");
    }

    [Test]
    public void AllOffersDeclined_OnTheLastStep_TheConversationWaits()
    {
        using var center = new Center();
        center.Agent("a").Agent("b");
        center.Submit("c1");
        center.Engine.Decline(new ConversationId("c1"), new AgentId("a"));
        center.State("c1").ShouldBe(ConversationState.Offered);
        center.Engine.Decline(new ConversationId("c1"), new AgentId("b"));
        center.State("c1").ShouldBe(ConversationState.Waiting);
        center.Waiting().ShouldBe(["c1"]);

        // A new agent coming online takes it; the decliners do not.
        center.Agent("c");
        center.OfferedTo("c1").ShouldBe(["c"]);
        center.Log.Of(RoutingEventKind.Dispatched, "c1").Single().Reason.ShouldBe(RoutingEventReason.RosterChanged);
    }

    [Test]
    public void AcceptWithoutAnOffer_AndUnknownIds_AreRefused_AndChangeNothing()
    {
        using var center = new Center();
        center.Agent("a", max: 1).Agent("b", AgentState.Away);
        center.Submit("c1");

        RoutingOperationException never = Should.Throw<RoutingOperationException>(() => center.Engine.Accept(new ConversationId("c1"), new AgentId("b")));
        never.Code.ShouldBe(RoutingErrorCode.NotOffered);
        never.Message.ShouldContain("'b'");
        never.Message.ShouldContain("offered to a");
        RoutingOperationException ghost = Should.Throw<RoutingOperationException>(() => center.Engine.Accept(new ConversationId("ghost"), new AgentId("a")));
        ghost.Code.ShouldBe(RoutingErrorCode.UnknownConversation);
        ghost.Message.ShouldContain("'ghost'");
        RoutingOperationException nobody = Should.Throw<RoutingOperationException>(() => center.Engine.Accept(new ConversationId("c1"), new AgentId("nobody")));
        nobody.Code.ShouldBe(RoutingErrorCode.UnknownAgent);
        nobody.Message.ShouldContain("'nobody'");
        Should.Throw<ArgumentException>(() => center.Engine.Accept(default, new AgentId("a")));

        center.OfferedTo("c1").ShouldBe(["a"]);
        center.Engine.Accept(new ConversationId("c1"), new AgentId("a"));
        center.Get("c1").Agent.ShouldBe(new AgentId("a"));
    }

    [Test]
    public void OffersThatNoLongerFit_AreWithdrawn_WhenTheAgentAcceptsAnother()
    {
        using var center = new Center(o => o.ForcedPause.Enabled = false);
        center.Agent("a", max: 1).Agent("b", max: 1);
        center.Submit("c1");
        center.Submit("c2");
        center.OfferedTo("c2").ShouldBe(["a", "b"]);

        center.Engine.Accept(new ConversationId("c1"), new AgentId("a"));

        center.OfferedTo("c2").ShouldBe(["b"]);
        center.Log.Of(RoutingEventKind.OfferWithdrawn, "c2").Single().Reason.ShouldBe(RoutingEventReason.AgentAtCapacity);
        center.Engine.GetAgent(new AgentId("b")).Reserved.ShouldBe(0); // left alone by the withdrawal, not starred (issue 17; it was 1.0)
        Should.Throw<RoutingOperationException>(() => center.Engine.Accept(new ConversationId("c2"), new AgentId("a"))).Code.ShouldBe(RoutingErrorCode.OfferWithdrawn);
    }

    [Test]
    public void OneLargeClockStep_GivesTheSameEventsAsManySmallOnes()
    {
        static string[] Run(double step)
        {
            using Center center = ThreeSteps(o => o.ForcedPause.Enabled = true);
            center.Agent("d", AgentState.Online, null, "vip"); // the only agent of skill vip: its offers are exclusive (issue 17)
            center.Submit("c1");
            center.Submit("c2");
            center.Submit("c3", "vip");
            for (double elapsed = 0; elapsed < 100; elapsed += step)
            {
                center.Advance(step);
            }

            return [.. center.Log.Events.Where(e => e.Kind != RoutingEventKind.Assigned).Select(e => e.ToString())];
        }

        string[] oneJump = Run(100);
        oneJump.ShouldBe(Run(0.5));
        oneJump.ShouldContain(e => e.Contains("AgentPaused agent d") && e.StartsWith("09:00:12.000", StringComparison.Ordinal));
    }
}
