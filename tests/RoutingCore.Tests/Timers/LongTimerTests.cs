using RoutingCore.DependencyInjection;
using RoutingCore.Tests.State;

namespace RoutingCore.Tests.Timers;

/// <summary>
/// Every duration the options allow, up to <see cref="RoutingOptionsValidator.MaxDuration"/>, on a clock whose timers refuse
/// what <see cref="TimeProvider.System"/> refuses (more than 4,294,967,294 ms, about 49.7 days): nothing escapes a timer
/// callback, the platform timer is never asked for more than it accepts, every timer fires at its due time (the events'
/// timestamps), whether the clock moves in many small steps or one jump, and a call that throws changes nothing.
/// </summary>
public sealed class LongTimerTests
{
    private static readonly DateTimeOffset T0 = EngineKit.Start;

    private static readonly TimeSpan[] Durations =
    [
        TimeSpan.FromMinutes(1),
        TimeSpan.FromDays(25),
        LimitedTimerClock.MaxDelay,
        LimitedTimerClock.MaxDelay + TimeSpan.FromMilliseconds(1),
        TimeSpan.FromDays(100),
        RoutingOptionsValidator.MaxDuration,
    ];

    public static IEnumerable<TestCaseData> DurationsAndMoves() =>
        from duration in Durations
        from oneJump in new[] { false, true }
        select new TestCaseData(duration, oneJump).SetArgDisplayNames($"{duration.TotalMilliseconds:0}ms", oneJump ? "one jump" : "in steps");

    [TestCaseSource(nameof(DurationsAndMoves))]
    public void StepDelay_AnyAllowedDuration_TimesOutAndRetriesAtTheDueTimes(TimeSpan d, bool oneJump)
    {
        using var world = new World(d);
        world.Engine.AddAgent(TestEngine.Agent("a1"), AgentState.Online);
        world.Engine.Submit(TestEngine.Chat("c1")).OfferedTo.ShouldBe([new AgentId("a1")]);
        world.RefusedCallChangesNothing(e => e.Submit(TestEngine.Chat("c1", "support")), "already known"); // issue 18: the same request would be a repeat, answered without effect

        world.AdvanceTo(T0 + d - TimeSpan.FromMilliseconds(1), oneJump);
        world.Log.Of(RoutingEventKind.OfferTimedOut).ShouldBeEmpty();
        world.AdvanceTo(T0 + d, oneJump);
        world.Times(RoutingEventKind.OfferTimedOut, "c1").ShouldBe([T0 + d]);
        world.Times(RoutingEventKind.Queued, "c1").ShouldBe([T0 + d]); // the only step passed: queued, retried one step delay later
        world.Engine.GetConversation(new ConversationId("c1")).State.ShouldBe(ConversationState.Waiting);

        world.AdvanceTo(T0 + d + d, oneJump);
        world.Times(RoutingEventKind.Offered, "c1").ShouldBe([T0, T0 + d + d]);
        world.ShouldHaveKeptThePlatformLimits();
    }

    [TestCaseSource(nameof(DurationsAndMoves))]
    public void AbsenceGracePeriod_AnyAllowedDuration_ReturnsTheConversationsAtTheDueTime(TimeSpan d, bool oneJump)
    {
        using var world = new World(d, o => o.AutoCloseAfter = null);
        world.Engine.AddAgent(TestEngine.Agent("a1"), AgentState.Online);
        world.Engine.Submit(TestEngine.Chat("c1"));
        world.Engine.Accept(new ConversationId("c1"), new AgentId("a1"));
        world.Engine.SetAgentState(new AgentId("a1"), AgentState.Away);
        world.RefusedCallChangesNothing(e => e.Decline(new ConversationId("c1"), new AgentId("a1")), "cannot decline"); // issue 18: a repeated accept succeeds without effect

        world.AdvanceTo(T0 + d - TimeSpan.FromMilliseconds(1), oneJump);
        world.Engine.GetConversation(new ConversationId("c1")).State.ShouldBe(ConversationState.Assigned);
        world.AdvanceTo(T0 + d, oneJump);

        world.Times(RoutingEventKind.ReturnedToQueue, "c1").ShouldBe([T0 + d]);
        world.Log.Of(RoutingEventKind.ReturnedToQueue, "c1").Single().Reason.ShouldBe(RoutingEventReason.AgentAbsent);
        world.Engine.GetConversation(new ConversationId("c1")).State.ShouldBe(ConversationState.Waiting);
        world.ShouldHaveKeptThePlatformLimits();
    }

    [TestCaseSource(nameof(DurationsAndMoves))]
    public void AutoCloseAfter_AnyAllowedDuration_TurnsTheSilentConversationDormantAtTheDueTime(TimeSpan d, bool oneJump)
    {
        using var world = new World(d);
        world.Engine.AddAgent(TestEngine.Agent("a1"), AgentState.Online);
        world.Engine.Submit(TestEngine.Chat("c1"));
        world.Engine.Accept(new ConversationId("c1"), new AgentId("a1"));
        world.RefusedCallChangesNothing(e => e.Assign(TestEngine.Chat("c1", "support"), new AgentId("a1")), "already known"); // issue 18: the same request would be a repeat

        world.AdvanceTo(T0 + d - TimeSpan.FromMilliseconds(1), oneJump);
        world.Engine.GetConversation(new ConversationId("c1")).State.ShouldBe(ConversationState.Assigned);
        world.AdvanceTo(T0 + d, oneJump);

        world.Times(RoutingEventKind.Dormant, "c1").ShouldBe([T0 + d]);
        world.Engine.GetConversation(new ConversationId("c1")).State.ShouldBe(ConversationState.Dormant);
        world.ShouldHaveKeptThePlatformLimits();
    }

    [TestCaseSource(nameof(DurationsAndMoves))]
    public void IdleChatTimeout_AnyAllowedDuration_FreesTheAgentForTheWaitingConversationAtTheDueTime(TimeSpan d, bool oneJump)
    {
        using var world = new World(d, o => o.AutoCloseAfter = null);
        world.Engine.AddAgent(TestEngine.Agent("a1", max: 1), AgentState.Online);
        world.Engine.Assign(TestEngine.Chat("c1"), new AgentId("a1"));
        world.Engine.Submit(TestEngine.Chat("c2")).State.ShouldBe(ConversationState.Waiting);
        world.RefusedCallChangesNothing(e => e.Assign(TestEngine.Chat("c3"), new AgentId("a1")), "has no capacity");

        // Issue 17 changed this test, which freed the agent at exactly T0 + d: seed 004's idle chat is idle "for more than
        // the configurable time out", so the agent frees one tick later.
        world.AdvanceTo(T0 + d, oneJump);
        world.Engine.GetConversation(new ConversationId("c2")).State.ShouldBe(ConversationState.Waiting);
        DateTimeOffset idle = T0 + d + TimeSpan.FromTicks(1);
        world.AdvanceTo(idle, oneJump);

        world.Times(RoutingEventKind.Dispatched, "c2").ShouldBe([idle]);
        world.Log.Of(RoutingEventKind.Dispatched, "c2").Single().Reason.ShouldBe(RoutingEventReason.ConversationInactive);
        world.Times(RoutingEventKind.Offered, "c2").ShouldBe([idle]);
        world.ShouldHaveKeptThePlatformLimits();
    }

    [TestCaseSource(nameof(DurationsAndMoves))]
    public void WorkloadMaxWait_AnyAllowedDuration_CascadesAtTheDueTime(TimeSpan d, bool oneJump)
    {
        using var world = new World(d);
        world.Engine.AddAgent(new AgentProfile(new AgentId("n1")) { Skills = [new SkillId("split")], Groups = [new AgentGroupId("north")] }, AgentState.Offline);
        world.Engine.AddAgent(new AgentProfile(new AgentId("s1")) { Skills = [new SkillId("split")], Groups = [new AgentGroupId("south")] }, AgentState.Paused);
        world.Engine.Submit(TestEngine.Chat("c1", "split")).State.ShouldBe(ConversationState.Waiting);
        world.Engine.SetAgentState(new AgentId("s1"), AgentState.Online); // the secondary group could take it, but it waits for north
        world.Engine.GetConversation(new ConversationId("c1")).State.ShouldBe(ConversationState.Waiting);
        world.RefusedCallChangesNothing(e => e.SetAgentState(new AgentId("ghost"), AgentState.Online), "not on the roster");

        world.AdvanceTo(T0 + d - TimeSpan.FromMilliseconds(1), oneJump);
        world.Log.Of(RoutingEventKind.Cascaded).ShouldBeEmpty();
        world.AdvanceTo(T0 + d, oneJump);

        world.Times(RoutingEventKind.Cascaded, "c1").ShouldBe([T0 + d]);
        world.Log.Of(RoutingEventKind.Cascaded, "c1").Single().Reason.ShouldBe(RoutingEventReason.MaxWaitPassed);
        world.Times(RoutingEventKind.Offered, "c1").ShouldBe([T0 + d]);
        world.Engine.GetConversation(new ConversationId("c1")).OfferedTo.ShouldBe([new AgentId("s1")]);
        world.ShouldHaveKeptThePlatformLimits();
    }

    [Test]
    public void SetAgentState_AbsenceGraceOf100DaysAndAutoCloseOf2Seconds_AnEarlierTimerFiresWithoutEscapingTheCallback()
    {
        // Issue 15: the auto-close timer fired first, and re-arming for the absence 100 days ahead threw on a pool thread.
        using var world = new World(TimeSpan.FromDays(100), o => o.AutoCloseAfter = TimeSpan.FromSeconds(2));
        world.Engine.AddAgent(TestEngine.Agent("a1"), AgentState.Online);
        world.Engine.Submit(TestEngine.Chat("c1"));
        world.Engine.Accept(new ConversationId("c1"), new AgentId("a1"));
        world.Engine.SetAgentState(new AgentId("a1"), AgentState.Away);

        world.AdvanceTo(T0 + TimeSpan.FromSeconds(2), oneJump: true);

        world.Times(RoutingEventKind.Dormant, "c1").ShouldBe([T0 + TimeSpan.FromSeconds(2)]);
        world.AdvanceTo(T0 + TimeSpan.FromDays(100), oneJump: false); // the absence timer fires too, with nothing left to return
        world.Log.Of(RoutingEventKind.ReturnedToQueue).ShouldBeEmpty();
        world.Engine.GetAgent(new AgentId("a1")).State.ShouldBe(AgentState.Away);
        world.ShouldHaveKeptThePlatformLimits();
    }

    [Test]
    public void Submit_StepDelayOf60Days_OffersWithoutThrowingAndTimesOutAfter60Days()
    {
        // Issue 15: Submit threw after offering, so the conversation stayed Offered and a second Submit said "already known".
        TimeSpan d = TimeSpan.FromDays(60);
        using var world = new World(d);
        world.Engine.AddAgent(TestEngine.Agent("a1"), AgentState.Online);

        ConversationSnapshot submitted = world.Engine.Submit(TestEngine.Chat("c1"));

        submitted.State.ShouldBe(ConversationState.Offered);
        world.Times(RoutingEventKind.Offered, "c1").ShouldBe([T0]);
        world.AdvanceTo(T0 + d, oneJump: false);
        world.Times(RoutingEventKind.OfferTimedOut, "c1").ShouldBe([T0 + d]);
        world.ShouldHaveKeptThePlatformLimits();
    }

    [TestCase(4_294_967_295d)]
    [TestCase(8_640_000_000d)]
    [TestCase(315_360_000_000d)]
    public void RestoreState_TimersDueBeyondThePlatformLimit_SucceedsAndTheTimersFireAtTheirDueTimes(double milliseconds)
    {
        TimeSpan d = TimeSpan.FromMilliseconds(milliseconds);
        string document;
        using (var saved = new World(d, o => o.AutoCloseAfter = null))
        {
            saved.Engine.AddAgent(TestEngine.Agent("a1"), AgentState.Online);
            saved.Engine.AddAgent(TestEngine.Agent("a2", "support"), AgentState.Online);
            saved.Engine.Submit(TestEngine.Chat("c1"));
            saved.Engine.Submit(TestEngine.Chat("c2", "support"));
            saved.Engine.Accept(new ConversationId("c2"), new AgentId("a2"));
            saved.Engine.SetAgentState(new AgentId("a2"), AgentState.Away);
            document = StateKit.Save(saved.Engine);
        }

        using var world = new World(d, o => o.AutoCloseAfter = null);
        StateKit.Restore(world.Engine, document);

        world.Engine.GetConversation(new ConversationId("c1")).State.ShouldBe(ConversationState.Offered);
        world.AdvanceTo(T0 + d - TimeSpan.FromMilliseconds(1), oneJump: false);
        world.Log.Events.ShouldBeEmpty();
        world.AdvanceTo(T0 + d, oneJump: false);
        world.Times(RoutingEventKind.OfferTimedOut, "c1").ShouldBe([T0 + d]);
        world.Times(RoutingEventKind.ReturnedToQueue, "c2").ShouldBe([T0 + d]);
        world.Engine.Submit(TestEngine.Chat("c3")).State.ShouldBe(ConversationState.Offered); // the restored engine works on
        world.ShouldHaveKeptThePlatformLimits();
    }

    /// <summary>An engine on a <see cref="LimitedTimerClock"/> whose every duration option is <c>d</c> (a test may change some).</summary>
    private sealed class World : IDisposable
    {
        private readonly EngineKit _kit;

        public World(TimeSpan d, Action<RoutingOptions>? configure = null)
        {
            _kit = new EngineKit(
                o =>
                {
                    o.StepDelay = d;
                    o.Steps = 1;
                    o.ForcedPause.Enabled = false;
                    o.AbsenceGracePeriod = d;
                    o.AutoCloseAfter = d;
                    o.ResponseSla.Default = d;
                    o.ResponseSla.ByConversationType["urgent"] = d;
                    o.MaxConcurrent.IdleChatTimeout = d;
                    o.Intensity.TimeToInactive = d;
                    o.AgentGroups = ["north", "south"];
                    o.Skills["split"] = new SkillOptions
                    {
                        StepDelay = d,
                        Workload = new WorkloadDistributionOptions
                        {
                            PrimaryGroups = [new() { Group = "north", Percentage = 100 }],
                            SecondaryGroups = [new() { Group = "south", Percentage = 100 }],
                            MaxWait = d,
                        },
                    };
                    configure?.Invoke(o);
                },
                time: fake => Clock = new LimitedTimerClock(fake));
        }

        public LimitedTimerClock Clock { get; private set; } = null!;

        public IRoutingEngine Engine => _kit.Engine;

        public EventLog Log => _kit.Log;

        /// <summary>
        /// Moves the clock to <paramref name="at"/>: in one jump, or in steps of at most 9 days (shorter than the engine's
        /// longest platform arm, so the platform timer fires early, finds nothing due and is armed again for the rest).
        /// </summary>
        public void AdvanceTo(DateTimeOffset at, bool oneJump)
        {
            TimeSpan step = oneJump ? TimeSpan.MaxValue : TimeSpan.FromDays(9);
            for (DateTimeOffset now = _kit.Clock.GetUtcNow(); now < at; now = _kit.Clock.GetUtcNow())
            {
                _kit.AdvanceTo(at - now > step ? now + step : at);
            }
        }

        /// <summary>The timestamps of the events of a kind for a conversation, in order.</summary>
        public DateTimeOffset[] Times(RoutingEventKind kind, string conversation) => [.. Log.Of(kind, conversation).Select(e => e.Timestamp)];

        /// <summary>The call throws an <see cref="ArgumentException"/> or a <see cref="RoutingOperationException"/> saying <paramref name="message"/>, and changes nothing.</summary>
        public void RefusedCallChangesNothing(Action<IRoutingEngine> call, string message)
        {
            string before = StateKit.Save(Engine);
            int events = Log.Events.Count;

            Exception error = Should.Throw<Exception>(() => call(Engine));

            (error is ArgumentException or RoutingOperationException).ShouldBeTrue(error.ToString());
            error.Message.ShouldContain(message);
            StateKit.Save(Engine).ShouldBe(before);
            Log.Events.Count.ShouldBe(events);
        }

        /// <summary>Nothing escaped a timer callback, no timer was refused or failed, and no arm went beyond the platform's limit.</summary>
        public void ShouldHaveKeptThePlatformLimits()
        {
            Clock.Escaped.ShouldBeEmpty();
            Clock.Refused.ShouldBeEmpty();
            Clock.LongestArmed.ShouldBeLessThanOrEqualTo(LimitedTimerClock.MaxDelay);
            Log.Of(RoutingEventKind.TimerFailed).ShouldBeEmpty();
        }

        public void Dispose() => _kit.Dispose();
    }
}
