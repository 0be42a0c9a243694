namespace RoutingCore.Tests.Lifecycle;

/// <summary>Forced pause: an agent who lets exclusive offers time out is paused until it returns to online.</summary>
public sealed class ForcedPauseTests
{
    private static Center TwoSteps(Action<RoutingOptions>? configure = null)
    {
        var center = new Center(o =>
        {
            o.Strategy = RoutingStrategyNames.LeastLoaded;
            o.Steps = 2;
            configure?.Invoke(o);
        });
        center.Agent("a").Agent("b");
        TestEngine.Load(center.Engine, "b", 1);
        return center;
    }

    [Test]
    public void IgnoredExclusiveOffer_PausesTheAgent_WithdrawsItsOffers_AndTheNextStepGoesOn()
    {
        using Center center = TwoSteps();
        center.Submit("c1");
        center.OfferedTo("c1").ShouldBe(["a"]);

        center.Advance(12);

        AgentSnapshot a = center.Engine.GetAgent(new AgentId("a"));
        a.State.ShouldBe(AgentState.Paused);
        a.PendingOffers.ShouldBe(0);
        a.Timeouts.ShouldBe(1);
        center.OfferedTo("c1").ShouldBe(["b"]);
        RoutingEvent paused = center.Log.Of(RoutingEventKind.AgentPaused).Single();
        paused.Agent.ShouldBe(new AgentId("a"));
        paused.Reason.ShouldBe(RoutingEventReason.ForcedPause);
        center.Log.Of(RoutingEventKind.OfferWithdrawn, "c1").Single().Reason.ShouldBe(RoutingEventReason.ForcedPause);
    }

    [Test]
    public void PausedAgent_GetsNoNewOffers_UntilItReturnsOnline_ThenWaitingWorkIsDispatchedToIt()
    {
        using Center center = TwoSteps();
        center.Submit("c1");
        center.Advance(12);
        center.Engine.GetAgent(new AgentId("a")).State.ShouldBe(AgentState.Paused);

        center.Submit("c2").State.ShouldBe(ConversationState.Offered);
        center.OfferedTo("c2").ShouldBe(["b"]);
        center.Engine.Decline(new ConversationId("c2"), new AgentId("b"));
        center.State("c2").ShouldBe(ConversationState.Waiting);
        center.Advance(60);
        center.State("c2").ShouldBe(ConversationState.Waiting); // retries find nobody: 'a' is still paused

        center.Engine.SetAgentState(new AgentId("a"), AgentState.Online);

        center.OfferedTo("c2").ShouldBe(["a"]);
        center.Log.Of(RoutingEventKind.Dispatched, "c2").Single().Reason.ShouldBe(RoutingEventReason.AgentOnline);
    }

    [Test]
    public void Threshold_CountsIgnoredExclusiveOffersInARow_AnAnswerResetsTheCount()
    {
        using var center = new Center(o => { o.Steps = 1; o.ForcedPause.IgnoredOffersThreshold = 2; });
        center.Agent("a");

        center.Submit("c1");
        center.Advance(12); // ignored 1
        center.Engine.GetAgent(new AgentId("a")).State.ShouldBe(AgentState.Online);
        center.Submit("c2");
        center.Engine.Decline(new ConversationId("c2"), new AgentId("a")); // an answer: the run is broken
        center.Submit("c3");
        center.Advance(12); // c3 ignored: 1 in a row again (c1's retry is offered to a at the same moment)
        center.Engine.GetAgent(new AgentId("a")).State.ShouldBe(AgentState.Online);

        center.Engine.Close(new ConversationId("c1"));
        center.Engine.Close(new ConversationId("c3"));
        center.Submit("c4");
        center.Advance(12); // a second exclusive offer ignored in a row
        center.Engine.GetAgent(new AgentId("a")).State.ShouldBe(AgentState.Paused);
    }

    [Test]
    public void Disabled_NobodyIsPaused()
    {
        using Center center = TwoSteps(o => o.ForcedPause.Enabled = false);
        center.Submit("c1");
        center.Advance(12);
        center.Engine.GetAgent(new AgentId("a")).State.ShouldBe(AgentState.Online);
        center.OfferedTo("c1").ShouldBe(["a", "b"]);
        center.Log.Of(RoutingEventKind.AgentPaused).ShouldBeEmpty();
    }

    [Test]
    public void IgnoredOfferSharedWithOthers_IsATimeoutButNoForcedPause()
    {
        using var center = new Center(o => o.Steps = 1);
        center.Agent("a").Agent("b");
        center.Submit("c1");
        center.Advance(12);
        center.Engine.GetAgents().ShouldAllBe(x => x.State == AgentState.Online && x.Timeouts == 1);
        center.State("c1").ShouldBe(ConversationState.Waiting);
    }

    [Test]
    public void OfferLeftAloneOnlyAMomentBeforeItsTimeout_DoesNotCount()
    {
        using var center = new Center(o => o.Steps = 1);
        center.Agent("a").Agent("b");
        center.Submit("c1");
        center.Advance(1);
        center.Engine.Decline(new ConversationId("c1"), new AgentId("a")); // b now holds c1 alone, but only for 11 of its 12 seconds
        center.Engine.GetAgent(new AgentId("b")).Reserved.ShouldBe(0.25);
        center.Advance(11);
        AgentSnapshot b = center.Engine.GetAgent(new AgentId("b"));
        b.Timeouts.ShouldBe(1);
        b.State.ShouldBe(AgentState.Online);
    }
}
