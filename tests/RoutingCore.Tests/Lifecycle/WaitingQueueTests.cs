namespace RoutingCore.Tests.Lifecycle;

/// <summary>The waiting queue: order by priority and SLA, pluggable ordering, dispatch the moment capacity frees.</summary>
public sealed class WaitingQueueTests
{
    [Test]
    public void Queue_IsOrderedByPriority_ThenByTimeLeftBeforeTheSla()
    {
        using var center = new Center(o =>
        {
            o.ResponseSla.Default = TimeSpan.FromMinutes(2);
            o.ResponseSla.ByConversationType[ConversationTypes.Urgent] = TimeSpan.FromSeconds(30);
            o.ResponseSla.ByConversationType[ConversationTypes.FirstTime] = TimeSpan.FromMinutes(1);
        });
        center.Agent("a", AgentState.Away);

        center.Submit("old", priority: 0);                                  // due at +120 s
        center.Advance(10);
        center.Submit("vip", priority: 5);                                  // due at +130 s, higher priority
        center.Submit("first", priority: 0, type: ConversationTypes.FirstTime); // due at +70 s
        center.Submit("urgent", priority: 0, type: ConversationTypes.Urgent);   // due at +40 s
        center.Submit("late", priority: 0);                                 // due at +130 s

        center.Waiting().ShouldBe(["vip", "urgent", "first", "old", "late"]);
        center.Get("urgent").SlaDue.ShouldBe(TestEngine.Start.AddSeconds(40));
        center.Log.Of(RoutingEventKind.Queued).ShouldAllBe(e => e.Reason == RoutingEventReason.NoAgentAvailable);
    }

    [Test]
    public void FreedAgent_TakesWaitingConversations_InQueueOrder_AsFarAsItsCapacityGoes()
    {
        using var center = new Center(o => o.ForcedPause.Enabled = false);
        center.Agent("a", AgentState.Away, max: 2);
        center.Submit("low", priority: 0);
        center.Submit("high", priority: 3);
        center.Submit("mid", priority: 1);

        center.Engine.SetAgentState(new AgentId("a"), AgentState.Online);

        center.OfferedTo("high").ShouldBe(["a"]);
        center.OfferedTo("mid").ShouldBe(["a"]);
        center.State("low").ShouldBe(ConversationState.Waiting);
        center.Log.Of(RoutingEventKind.Dispatched).Select(e => e.Conversation.Value).ShouldBe(["high", "mid"]);
    }

    [Test]
    public void CreationTime_SetsTheSlaClock()
    {
        using var center = new Center();
        center.Agent("a", AgentState.Away);
        center.Engine.Submit(new ConversationRequest(new ConversationId("fresh")) { Skill = new SkillId("sales") });
        center.Engine.Submit(new ConversationRequest(new ConversationId("from-ivr")) { Skill = new SkillId("sales"), CreatedAt = TestEngine.Start.AddMinutes(-1) });
        center.Waiting().ShouldBe(["from-ivr", "fresh"]);
    }

    [Test]
    public void Ordering_IsPluggable()
    {
        // Importance times the likelihood that the consumer still answers, which halves every minute of waiting.
        using var center = new Center(ordering: new LikelihoodOrdering());
        center.Agent("a", AgentState.Away, max: 1);
        center.Submit("important-but-old", priority: 4);
        center.Advance(180); // 4 * 0.125 = 0.5
        center.Submit("fresh", priority: 1); // 1 * 1 = 1

        center.Waiting().ShouldBe(["fresh", "important-but-old"]);
        center.Engine.SetAgentState(new AgentId("a"), AgentState.Online);
        center.OfferedTo("fresh").ShouldBe(["a"]);
        center.State("important-but-old").ShouldBe(ConversationState.Waiting);
    }

    [Test]
    public void MultiSkillAgent_GetsTheHighestPriorityAcrossItsSkills_ThenTheClosestToBreaching()
    {
        using var center = new Center(o => o.ForcedPause.Enabled = false);
        center.Agent("both", AgentState.Away, 1, "sales", "support");
        center.Submit("sales-old", "sales");
        center.Advance(30);
        center.Submit("support-urgent", "support", priority: 2);
        center.Submit("support-new", "support");

        center.Engine.SetAgentState(new AgentId("both"), AgentState.Online);
        center.OfferedTo("support-urgent").ShouldBe(["both"]);
        center.Engine.Accept(new ConversationId("support-urgent"), new AgentId("both"));
        center.Engine.Close(new ConversationId("support-urgent"));

        // Same priority: the sales conversation has waited longer, so its SLA is closer to breaching.
        center.OfferedTo("sales-old").ShouldBe(["both"]);
        center.State("support-new").ShouldBe(ConversationState.Waiting);
        center.Waiting("support").ShouldBe(["support-new"]);
        center.Waiting("sales").ShouldBeEmpty();
    }

    [Test]
    public void Dispatch_WhenAConversationCloses()
    {
        using var center = new Center();
        center.Agent("a", max: 1);
        center.Engine.Assign(TestEngine.Chat("busy"), new AgentId("a"));
        center.Submit("next").State.ShouldBe(ConversationState.Waiting);

        center.Engine.Close(new ConversationId("busy"));

        center.OfferedTo("next").ShouldBe(["a"]);
        center.Log.Of(RoutingEventKind.Dispatched, "next").Single().Reason.ShouldBe(RoutingEventReason.ConversationEnded);
    }

    [Test]
    public void Dispatch_WhenAConversationTurnsInactive_OnTheClockAlone()
    {
        using var center = new Center(o =>
        {
            o.CapacityModel = CapacityModelNames.Intensity;
            o.Intensity.InactiveWeight = 0;
            o.Intensity.TimeToInactive = TimeSpan.FromMinutes(4);
        });
        center.Agent("a", max: 1);
        center.Engine.Assign(TestEngine.Chat("busy"), new AgentId("a"));
        center.Engine.ReportMessage(new ConversationId("busy"), MessageAuthor.Agent);
        center.Submit("next").State.ShouldBe(ConversationState.Waiting);

        center.Advance(239);
        center.State("next").ShouldBe(ConversationState.Waiting);
        center.Advance(1);

        center.OfferedTo("next").ShouldBe(["a"]);
        center.Log.Of(RoutingEventKind.Dispatched, "next").Single().Reason.ShouldBe(RoutingEventReason.ConversationInactive);
    }

    [Test]
    public void Dispatch_WhenAChatTurnsIdle_UnderMaxConcurrent()
    {
        using var center = new Center(o => o.MaxConcurrent.IdleChatTimeout = TimeSpan.FromSeconds(60));
        center.Agent("a", max: 1);
        center.Engine.Assign(TestEngine.Chat("busy"), new AgentId("a"));
        center.Engine.ReportMessage(new ConversationId("busy"), MessageAuthor.Agent);
        center.Submit("next").State.ShouldBe(ConversationState.Waiting);
        center.Advance(60);
        center.State("next").ShouldBe(ConversationState.Waiting); // issue 17: idle for MORE than the timeout (seed 004)
        center.Clock.Advance(TimeSpan.FromTicks(1));
        center.OfferedTo("next").ShouldBe(["a"]);
    }

    [Test]
    public void Dispatch_WhenAPauseEnds_AndWhenAnAgentIsAdded()
    {
        using var center = new Center();
        center.Agent("a", AgentState.Paused);
        center.Submit("c1").State.ShouldBe(ConversationState.Waiting);
        center.Engine.SetAgentState(new AgentId("a"), AgentState.Online);
        center.OfferedTo("c1").ShouldBe(["a"]);

        center.Log.Of(RoutingEventKind.Dispatched, "c1").Single().Reason.ShouldBe(RoutingEventReason.AgentOnline);

        center.Agent("s-away", AgentState.Away, null, "support");
        center.Submit("c3", "support").State.ShouldBe(ConversationState.Waiting);
        center.Agent("s", AgentState.Online, null, "support");
        center.OfferedTo("c3").ShouldBe(["s"]);
        center.Log.Of(RoutingEventKind.Dispatched, "c3").Single().Reason.ShouldBe(RoutingEventReason.RosterChanged);
    }

    [Test]
    public void Dispatch_WhenAnExclusiveOfferIsReleased()
    {
        using var center = new Center();
        center.Agent("a", max: 1);
        center.Submit("c1");
        center.Submit("c2").State.ShouldBe(ConversationState.Waiting);
        center.Engine.Close(new ConversationId("c1"));
        center.OfferedTo("c2").ShouldBe(["a"]);
    }

    private sealed class LikelihoodOrdering : IWaitingQueueOrdering
    {
        public int Compare(WaitingConversation x, WaitingConversation y, DateTimeOffset now)
        {
            int byValue = Value(y, now).CompareTo(Value(x, now));
            return byValue != 0 ? byValue : x.Sequence.CompareTo(y.Sequence);
        }

        private static double Value(WaitingConversation conversation, DateTimeOffset now) =>
            conversation.Priority * Math.Pow(0.5, (now - (conversation.Request.CreatedAt ?? conversation.QueuedAt)).TotalMinutes);
    }
}
