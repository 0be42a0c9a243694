using Microsoft.Extensions.Options;

namespace RoutingCore.Tests.Lifecycle;

/// <summary>Messages and capacity, the event stream, and bad input to the lifecycle.</summary>
public sealed class EventsAndInputTests
{
    [Test]
    public void ConsumerMessage_TurnsAnInactiveConversationActive_AndOffersThatNoLongerFitAreWithdrawn()
    {
        using var center = new Center(o =>
        {
            o.CapacityModel = CapacityModelNames.Intensity;
            o.Intensity.InactiveWeight = 0;
            o.ForcedPause.Enabled = false;
        });
        center.Agent("a", max: 1).Agent("b", max: 1);
        center.Engine.Assign(TestEngine.Chat("busy"), new AgentId("a"));
        center.Engine.ReportMessage(new ConversationId("busy"), MessageAuthor.Agent);
        center.Advance(240); // 'busy' is inactive: 'a' is free
        center.Submit("c1");
        center.OfferedTo("c1").ShouldBe(["a", "b"]);

        center.Engine.ReportMessage(new ConversationId("busy"), MessageAuthor.Consumer);

        center.Engine.GetAgent(new AgentId("a")).Load.ShouldBe(1.0);
        center.OfferedTo("c1").ShouldBe(["b"]);
        center.Log.Of(RoutingEventKind.OfferWithdrawn, "c1").Single().Reason.ShouldBe(RoutingEventReason.AgentAtCapacity);
    }

    [Test]
    public void Events_CarryConversationAgentSkillAndReason_InOrder()
    {
        using var center = new Center();
        center.Agent("a");
        center.Submit("c1");
        center.Engine.Accept(new ConversationId("c1"), new AgentId("a"));
        center.Engine.Close(new ConversationId("c1"));

        center.Log.Events.Select(e => e.Kind).ShouldBe([RoutingEventKind.Submitted, RoutingEventKind.Offered, RoutingEventKind.Accepted, RoutingEventKind.Closed]);
        center.Log.Events.ShouldAllBe(e => e.Conversation == new ConversationId("c1") && e.Skill == new SkillId("sales"));
        center.Log.Events.Skip(1).ShouldAllBe(e => e.Agent == new AgentId("a"));
        center.Log.Events[0].Reason.ShouldBe(RoutingEventReason.ExplicitSkill);
        center.Log.Events[1].ToString().ShouldContain("Offered c1 agent a skill sales step 1");
    }

    [Test]
    public void ObserverThatThrows_DoesNotBreakTheEngine_NorOtherObservers_AndUnsubscribeStopsDelivery()
    {
        using var center = new Center();
        var extra = new EventLog();
        IDisposable throwing = center.Engine.Subscribe(new ThrowingObserver());
        IDisposable second = center.Engine.Subscribe(extra);
        center.Agent("a");

        center.Submit("c1").State.ShouldBe(ConversationState.Offered);
        extra.Events.Count.ShouldBe(2);

        second.Dispose();
        throwing.Dispose();
        center.Engine.Accept(new ConversationId("c1"), new AgentId("a"));
        extra.Events.Count.ShouldBe(2);
        center.Log.Of(RoutingEventKind.Accepted).ShouldHaveSingleItem();
    }

    [Test]
    public void ObserverMayCallTheEngine_ItsEventsFollowTheCurrentOne()
    {
        using var center = new Center();
        center.Agent("a");
        center.Engine.Subscribe(new AutoAccept(center.Engine));
        center.Submit("c1");
        center.Get("c1").Agent.ShouldBe(new AgentId("a"));
        center.Log.Events.Select(e => e.Kind).ShouldBe([RoutingEventKind.Submitted, RoutingEventKind.Offered, RoutingEventKind.Accepted]);
    }

    [Test]
    public void NonsenseOperations_GetClearErrors_AndChangeNothing()
    {
        using var center = new Center();
        center.Agent("a");
        center.Submit("c1");

        // Issue 18: the same request again is a repeat (answered with the conversation's snapshot); another request under the id is refused.
        RoutingOperationException known = Should.Throw<RoutingOperationException>(() => center.Submit("c1", priority: 1));
        known.Code.ShouldBe(RoutingErrorCode.ConversationAlreadyExists);
        known.Message.ShouldContain("already known");
        known.Message.ShouldContain("different priority (1 given, 0 known)");
        Should.Throw<ArgumentNullException>(() => center.Engine.Submit(null!));
        RoutingOperationException ghost = Should.Throw<RoutingOperationException>(() => center.Engine.Close(new ConversationId("ghost")));
        ghost.Code.ShouldBe(RoutingErrorCode.UnknownConversation);
        ghost.Message.ShouldContain("'ghost' is not known");
        Should.Throw<RoutingOperationException>(() => center.Engine.Decline(new ConversationId("ghost"), new AgentId("a"))).Code.ShouldBe(RoutingErrorCode.UnknownConversation);
        Should.Throw<RoutingOperationException>(() => center.Engine.ReturnToQueue(new ConversationId("c1"))).Message.ShouldContain("is Offered, not assigned");

        center.Engine.Close(new ConversationId("c1"));
        center.State("c1").ShouldBe(ConversationState.Closed);
        int events = center.Log.Events.Count;
        center.Engine.Close(new ConversationId("c1")); // issue 18: a close of a closed conversation returns without effect (it was refused)
        center.Log.Events.Count.ShouldBe(events);
        RoutingOperationException acceptClosed = Should.Throw<RoutingOperationException>(() => center.Engine.Accept(new ConversationId("c1"), new AgentId("a")));
        acceptClosed.Code.ShouldBe(RoutingErrorCode.ConversationClosed);
        acceptClosed.Message.ShouldContain("already closed");
        center.Engine.GetAgent(new AgentId("a")).PendingOffers.ShouldBe(0);

        // Issue 18: a closed conversation's id is not used again while the engine remembers it (it started a new conversation
        // before): the same request is a repeat, answered with the closed snapshot; another request is refused.
        center.Submit("c1").State.ShouldBe(ConversationState.Closed);
        center.Log.Events.Count.ShouldBe(events);
        RoutingOperationException reused = Should.Throw<RoutingOperationException>(() => center.Submit("c1", priority: 2));
        reused.Code.ShouldBe(RoutingErrorCode.ConversationClosed);
        reused.Message.ShouldContain("different priority (2 given, 0 known)");
    }

    [Test]
    public void LifecycleOptions_EveryBadValue_IsReportedTogether()
    {
        var options = new RoutingOptions
        {
            DefaultSkill = " ",
            FallbackSkill = "",
            UnassignedSkillPolicy = (UnassignedSkillPolicy)9,
            AbsenceGracePeriod = TimeSpan.FromSeconds(-1),
            AutoCloseAfter = TimeSpan.Zero,
        };
        options.SkillRules.Add(new SkillRuleOptions { Skill = "vip" });
        options.ForcedPause.IgnoredOffersThreshold = 0;
        options.ResponseSla.Default = TimeSpan.Zero;
        options.ResponseSla.ByConversationType["urgent"] = TimeSpan.FromSeconds(-5);
        options.Skills["sales"] = new SkillOptions { FallbackSkill = "sales" };

        OptionsValidationException error = Should.Throw<OptionsValidationException>(() => RoutingEngine.Create(options));

        error.Failures.Count().ShouldBe(10);
        error.Message.ShouldContain("RoutingOptions.SkillRules[0].Attributes is empty");
        error.Message.ShouldContain("RoutingOptions.DefaultSkill is ' '");
        error.Message.ShouldContain("RoutingOptions.FallbackSkill is ''");
        error.Message.ShouldContain("RoutingOptions.UnassignedSkillPolicy is 9; use Unassigned, KeepOnSkill or Fallback");
        error.Message.ShouldContain("IgnoredOffersThreshold is 0; it must be at least 1");
        error.Message.ShouldContain("RoutingOptions.ResponseSla.Default is 00:00:00; it must be greater than zero");
        error.Message.ShouldContain("ByConversationType['urgent'] is -00:00:05");
        error.Message.ShouldContain("AbsenceGracePeriod is -00:00:01; it must not be negative");
        error.Message.ShouldContain("AutoCloseAfter is 00:00:00");
        error.Message.ShouldContain("RoutingOptions.Skills['sales'].FallbackSkill is 'sales', the skill itself");
    }

    [Test]
    public void Timers_StopWhenTheEngineIsDisposed()
    {
        var center = new Center(o => o.ForcedPause.Enabled = false);
        center.Agent("a").Agent("b");
        center.Submit("c1");
        center.Dispose();
        center.Advance(100);
        center.Log.Of(RoutingEventKind.OfferTimedOut).ShouldBeEmpty();
    }

    private sealed class ThrowingObserver : IRoutingObserver
    {
        public void OnEvent(RoutingEvent routingEvent) => throw new InvalidOperationException("observer bug");
    }

    private sealed class AutoAccept(IRoutingEngine engine) : IRoutingObserver
    {
        public void OnEvent(RoutingEvent routingEvent)
        {
            if (routingEvent.Kind == RoutingEventKind.Offered)
            {
                engine.Accept(routingEvent.Conversation, routingEvent.Agent!.Value);
            }
        }
    }
}
