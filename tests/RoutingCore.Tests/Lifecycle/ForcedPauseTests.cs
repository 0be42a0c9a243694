namespace RoutingCore.Tests.Lifecycle;

/// <summary>
/// Forced pause: an agent who lets exclusive offers time out is paused until it returns to online. 004_61c15d49d99ff3a7.txt:
/// "it automatically puts an agent into the **paused** state whenever she/he doesn't accept a starred contact", a starred
/// contact being one "distributed only to the agent (no other agent is currently eligible to handle it)".
/// </summary>
public sealed class ForcedPauseTests
{
    private static readonly AgentId A = new("a");

    /// <summary>a online and b away: a is the only eligible agent, so its offers are exclusive (issue 17).</summary>
    private static Center SoleAgent(Action<RoutingOptions>? configure = null)
    {
        var center = new Center(configure);
        center.Agent("a").Agent("b", AgentState.Away);
        return center;
    }

    /// <summary>One step, a threshold of 2; a has let one exclusive offer time out (c1, closed since): 1 in a row.</summary>
    private static Center OneIgnoredOfTwo()
    {
        Center center = SoleAgent(TwoInARow);
        center.Submit("c1").Exclusive.ShouldBeTrue();
        center.Advance(12);
        center.Engine.Close(new ConversationId("c1"));
        center.Engine.GetAgent(A).State.ShouldBe(AgentState.Online);
        return center;
    }

    private static void TwoInARow(RoutingOptions options)
    {
        options.Steps = 1;
        options.ForcedPause.IgnoredOffersThreshold = 2;
    }

    [Test]
    public void IgnoredExclusiveOffer_PausesTheAgent_AndWithdrawsItsOffers()
    {
        // Issue 17 changed this test: it used to pause the best agent of a least-loaded plan, alone in step 1 while the
        // other agent was eligible for step 2; that offer is not starred ("no other agent is currently eligible", seed 004),
        // so the pause is now shown on an offer to the only eligible agent.
        using Center center = SoleAgent();
        center.Submit("c1").Exclusive.ShouldBeTrue();

        center.Advance(12);

        AgentSnapshot a = center.Engine.GetAgent(A);
        a.State.ShouldBe(AgentState.Paused);
        a.PendingOffers.ShouldBe(0);
        a.Reserved.ShouldBe(0);
        a.Timeouts.ShouldBe(1);
        center.Log.Of(RoutingEventKind.OfferTimedOut, "c1").Single().Exclusive.ShouldBeTrue();
        RoutingEvent paused = center.Log.Of(RoutingEventKind.AgentPaused).Single();
        paused.Agent.ShouldBe(A);
        paused.Reason.ShouldBe(RoutingEventReason.ForcedPause);
        paused.Detail.ShouldBe("1 exclusive offer(s) ignored in a row");
        center.Log.Of(RoutingEventKind.OfferWithdrawn, "c1").Single().Reason.ShouldBe(RoutingEventReason.ForcedPause);
        center.State("c1").ShouldBe(ConversationState.Waiting);
    }

    [Test]
    public void PausedAgent_GetsNoNewOffers_UntilItReturnsOnline_ThenWaitingWorkIsDispatchedToItInQueueOrder()
    {
        // "The agent won't be included in any future contact distribution plan until she/he explicitly returns to the
        // **ready** state." (004_61c15d49d99ff3a7.txt)
        using Center center = SoleAgent();
        center.Submit("c1");
        center.Advance(12);
        center.Engine.GetAgent(A).State.ShouldBe(AgentState.Paused);

        center.Submit("c2").State.ShouldBe(ConversationState.Waiting);
        center.Advance(60);
        center.State("c1").ShouldBe(ConversationState.Waiting); // retries find nobody: 'a' is still paused
        center.State("c2").ShouldBe(ConversationState.Waiting);

        center.Engine.SetAgentState(A, AgentState.Online);

        center.OfferedTo("c1").ShouldBe(["a"]);
        center.OfferedTo("c2").ShouldBe(["a"]);
        center.Log.Of(RoutingEventKind.Dispatched).Select(e => e.Conversation.Value).ShouldBe(["c1", "c2"]);
        center.Log.Of(RoutingEventKind.Dispatched).ShouldAllBe(e => e.Reason == RoutingEventReason.AgentOnline);
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
        // "The feature can be disabled in the advanced routing settings." (004_61c15d49d99ff3a7.txt)
        using Center center = SoleAgent(o => o.ForcedPause.Enabled = false);
        center.Submit("c1").Exclusive.ShouldBeTrue();
        center.Advance(12);
        center.Engine.GetAgent(A).State.ShouldBe(AgentState.Online);
        center.Engine.GetAgent(A).Timeouts.ShouldBe(1);
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
    public void OfferLeftAloneByADecline_IsNotExclusive_AndDoesNotCount()
    {
        // Issue 17 changed this test: b holding c1 alone after a declined used to reserve (0.25) as if starred. It was
        // distributed to a and b together, not "distributed only to the agent" (004_61c15d49d99ff3a7.txt): no reservation.
        using var center = new Center(o => o.Steps = 1);
        center.Agent("a").Agent("b");
        center.Submit("c1");
        center.Advance(1);
        center.Engine.Decline(new ConversationId("c1"), A); // b now holds c1 alone
        center.Get("c1").Exclusive.ShouldBeFalse();
        center.Engine.GetAgent(new AgentId("b")).Reserved.ShouldBe(0);
        center.Advance(11);
        AgentSnapshot b = center.Engine.GetAgent(new AgentId("b"));
        b.Timeouts.ShouldBe(1);
        b.State.ShouldBe(AgentState.Online);
    }

    [Test]
    public void Threshold_AnIgnoredOfferSharedWithOthers_NeitherCountsNorBreaksTheRun()
    {
        using Center center = OneIgnoredOfTwo();
        center.Engine.SetAgentState(new AgentId("b"), AgentState.Online);
        center.Submit("c2").Exclusive.ShouldBeFalse();
        center.Advance(12); // shared with b: a timeout, not part of the run
        center.Engine.Close(new ConversationId("c2"));
        center.Engine.GetAgent(A).Timeouts.ShouldBe(2);
        center.Engine.GetAgent(A).State.ShouldBe(AgentState.Online);

        center.Engine.SetAgentState(new AgentId("b"), AgentState.Away);
        center.Submit("c3").Exclusive.ShouldBeTrue();
        center.Advance(12); // the second exclusive offer ignored in a row

        center.Engine.GetAgent(A).State.ShouldBe(AgentState.Paused);
        center.Log.Of(RoutingEventKind.AgentPaused).Single().Detail.ShouldBe("2 exclusive offer(s) ignored in a row");
    }

    [Test]
    public void Threshold_AnAcceptedExclusiveOffer_ResetsTheCount()
    {
        using Center center = OneIgnoredOfTwo();
        center.Submit("c2").Exclusive.ShouldBeTrue();
        center.Engine.Accept(new ConversationId("c2"), A); // accepted: the run ends

        center.Submit("c3");
        center.Advance(12); // 1 in a row again

        center.Engine.GetAgent(A).State.ShouldBe(AgentState.Online);
        center.Engine.Close(new ConversationId("c3"));
        center.Submit("c4");
        center.Advance(12); // 2 in a row
        center.Engine.GetAgent(A).State.ShouldBe(AgentState.Paused);
    }

    [Test]
    public void Threshold_AStateChangeOfTheAgent_ResetsTheCount()
    {
        using Center center = OneIgnoredOfTwo();
        center.Engine.SetAgentState(A, AgentState.BackSoon);
        center.Engine.SetAgentState(A, AgentState.Online); // back at the desk: a new run

        center.Submit("c2").Exclusive.ShouldBeTrue();
        center.Advance(12);

        center.Engine.GetAgent(A).State.ShouldBe(AgentState.Online);
        center.Engine.GetAgent(A).Timeouts.ShouldBe(2);
    }

    [Test]
    public void Threshold_TheCountInARow_IsKeptAcrossSaveAndRestore()
    {
        using Center center = OneIgnoredOfTwo();
        using var document = new MemoryStream();
        center.Engine.SaveState(document);
        document.Position = 0;

        using var restored = new EngineKit(TwoInARow, clock: center.Clock);
        restored.Engine.RestoreState(document);
        restored.Engine.Submit(new ConversationRequest(new ConversationId("c2")) { Skill = new SkillId("sales") }).Exclusive.ShouldBeTrue();
        center.Advance(12); // the second in a row, counted on from the saved first

        restored.Engine.GetAgent(A).State.ShouldBe(AgentState.Paused);
        restored.Log.Of(RoutingEventKind.AgentPaused).Single().Detail.ShouldBe("2 exclusive offer(s) ignored in a row");
    }
}
