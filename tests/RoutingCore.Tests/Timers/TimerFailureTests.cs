using RoutingCore.Engine;

namespace RoutingCore.Tests.Timers;

/// <summary>
/// Failures around timers never reach the host's threads nor fail a call whose work succeeded: a platform timer that refuses
/// to be armed, and timer work that throws, are reported as <see cref="RoutingEventKind.TimerFailed"/> events, and the
/// engine stays consistent and goes on.
/// </summary>
public sealed class TimerFailureTests
{
    private static readonly DateTimeOffset T0 = EngineKit.Start;
    private static readonly TimeSpan Delay = TimeSpan.FromSeconds(10);

    [Test]
    public void Submit_PlatformTimerRefusesToBeArmed_AppliesTheWorkAndReportsTheFailureOnce()
    {
        LimitedTimerClock clock = null!;
        using var kit = new EngineKit(Configure, time: fake => clock = new LimitedTimerClock(fake));
        kit.Engine.AddAgent(TestEngine.Agent("a1"), AgentState.Online);
        clock.FailChange = new InvalidOperationException("the timer service is down");

        ConversationSnapshot c1 = kit.Engine.Submit(TestEngine.Chat("c1"));
        ConversationSnapshot c2 = kit.Engine.Submit(TestEngine.Chat("c2"));

        c1.State.ShouldBe(ConversationState.Offered);
        c2.State.ShouldBe(ConversationState.Offered);
        RoutingEvent failure = kit.Log.Of(RoutingEventKind.TimerFailed).ShouldHaveSingleItem("reported once while arming keeps failing");
        failure.Timestamp.ShouldBe(T0);
        failure.Conversation.IsEmpty.ShouldBeTrue();
        failure.Detail.ShouldNotBeNull().ShouldContain("the platform timer refused to be armed");
        failure.Detail.ShouldContain("System.InvalidOperationException: the timer service is down");

        clock.FailChange = null;
        kit.Engine.AddAgent(TestEngine.Agent("a2", "support"), AgentState.Online); // the next change arms the timer again
        kit.AdvanceTo(T0 + Delay);

        kit.Log.Of(RoutingEventKind.OfferTimedOut).Select(e => (e.Conversation.Value, e.Timestamp)).ShouldBe([("c1", T0 + Delay), ("c2", T0 + Delay)]);
        kit.Log.Of(RoutingEventKind.TimerFailed).Length.ShouldBe(1);
        clock.Escaped.ShouldBeEmpty();
    }

    [Test]
    public void TimerCallback_PlatformTimerRefusesToBeReArmed_NothingEscapesAndTheFailureIsReported()
    {
        LimitedTimerClock clock = null!;
        using var kit = new EngineKit(Configure, time: fake => clock = new LimitedTimerClock(fake));
        kit.Engine.AddAgent(TestEngine.Agent("a1"), AgentState.Online);
        kit.Engine.Submit(TestEngine.Chat("c1"));
        kit.Engine.Accept(new ConversationId("c1"), new AgentId("a1")); // auto-close due at 60 s, the step timer of c1 is stale
        clock.FailChange = new InvalidOperationException("refused");

        kit.AdvanceTo(T0 + Delay); // the step timer fires (nothing to do) and re-arming for the auto-close fails

        clock.Escaped.ShouldBeEmpty();
        RoutingEvent failure = kit.Log.Of(RoutingEventKind.TimerFailed).ShouldHaveSingleItem("reported once, though the run armed twice");
        failure.Timestamp.ShouldBe(T0 + Delay);
        failure.Detail.ShouldNotBeNull().ShouldContain("the platform timer refused to be armed");
        failure.Detail.ShouldContain("System.InvalidOperationException: refused");
        clock.FailChange = null;
        kit.Engine.ReportMessage(new ConversationId("c1"), MessageAuthor.Agent); // any change arms again
        kit.AdvanceTo(T0 + TimeSpan.FromSeconds(60));
        kit.Log.Of(RoutingEventKind.Dormant, "c1").ShouldHaveSingleItem().Timestamp.ShouldBe(T0 + TimeSpan.FromSeconds(60));
    }

    [Test]
    public void TimerCallback_StrategyThrowsDuringARetry_ReportsTheTimerDropsItAndRunsTheOtherTimers()
    {
        var strategy = new FailingStrategy();
        LimitedTimerClock clock = null!;
        using var kit = new EngineKit(
            o =>
            {
                Configure(o);
                o.Strategy = FailingStrategy.StrategyName;
            },
            strategies: [strategy],
            time: fake => clock = new LimitedTimerClock(fake));
        IRoutingEngine engine = kit.Engine;
        engine.AddAgent(TestEngine.Agent("a1"), AgentState.Online);
        engine.AddAgent(TestEngine.Agent("a2", "support"), AgentState.Online);
        engine.Submit(TestEngine.Chat("c1"));
        kit.AdvanceTo(T0 + Delay); // c1's only step passes: it waits, and retries at 20 s
        engine.GetConversation(new ConversationId("c1")).State.ShouldBe(ConversationState.Waiting);
        kit.AdvanceTo(T0 + TimeSpan.FromSeconds(15));
        engine.Submit(TestEngine.Chat("c2", "support")); // its step passes at 25 s
        strategy.FailFor = "c1";

        kit.AdvanceTo(T0 + TimeSpan.FromSeconds(30)); // one jump over c1's retry (throws) and c2's step

        clock.Escaped.ShouldBeEmpty();
        RoutingEvent failure = kit.Log.Of(RoutingEventKind.TimerFailed).ShouldHaveSingleItem();
        failure.Conversation.ShouldBe(new ConversationId("c1"));
        failure.Timestamp.ShouldBe(T0 + TimeSpan.FromSeconds(20));
        failure.Detail.ShouldNotBeNull().ShouldContain("the Retry timer of conversation 'c1' threw System.InvalidOperationException: scoring c1 failed");
        engine.GetConversation(new ConversationId("c1")).State.ShouldBe(ConversationState.Waiting, "the failed timer changed nothing");
        kit.Log.Of(RoutingEventKind.OfferTimedOut, "c2").ShouldHaveSingleItem().Timestamp.ShouldBe(T0 + TimeSpan.FromSeconds(25));

        strategy.FailFor = null;
        engine.AddAgent(TestEngine.Agent("a3"), AgentState.Online); // the engine goes on: the newcomer takes c1
        engine.GetConversation(new ConversationId("c1")).OfferedTo.ShouldContain(new AgentId("a3"));
        ((DefaultRoutingEngine)engine).FindStaleIndexEntry().ShouldBeNull();
    }

    private static void Configure(RoutingOptions options)
    {
        options.StepDelay = Delay;
        options.Steps = 1;
        options.ForcedPause.Enabled = false;
        options.AutoCloseAfter = TimeSpan.FromSeconds(60);
    }

    /// <summary>Scores every candidate 1, or throws while scoring the conversation named by <see cref="FailFor"/>.</summary>
    private sealed class FailingStrategy : IRoutingStrategy
    {
        public const string StrategyName = "failing";

        public string? FailFor { get; set; }

        public string Name => StrategyName;

        public void Score(in ScoringContext context, in ScoringColumns candidates, Span<double> scores)
        {
            if (context.Conversation.Id.Value == FailFor)
            {
                throw new InvalidOperationException($"scoring {FailFor} failed");
            }

            scores[..candidates.Count].Fill(1);
        }
    }
}
