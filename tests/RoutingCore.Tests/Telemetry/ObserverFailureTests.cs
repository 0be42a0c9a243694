namespace RoutingCore.Tests.Telemetry;

/// <summary>
/// An observer that throws is never silent and never stops the others: the failure is counted on the meter and handed
/// to <see cref="RoutingOptions.OnObserverFailure"/>, and every observer keeps receiving every event, in order.
/// </summary>
public sealed class ObserverFailureTests
{
    [Test]
    public void Deliver_MiddleObserverThrowsOnEveryEvent_TheOthersReceiveEveryEventInOrder()
    {
        using var kit = new EngineKit(logEvents: false);
        var first = new EventLog();
        var throwing = new ThrowingObserver();
        var last = new EventLog();
        using IDisposable a = kit.Engine.Subscribe(first);
        using IDisposable b = kit.Engine.Subscribe(throwing);
        using IDisposable c = kit.Engine.Subscribe(last);

        RunDay(kit.Engine);

        RoutingEvent[] seen = [.. first.Events];
        seen.Select(e => e.Kind).ShouldBe(
            [RoutingEventKind.Submitted, RoutingEventKind.Offered, RoutingEventKind.Accepted, RoutingEventKind.Closed, RoutingEventKind.Submitted, RoutingEventKind.Offered],
            ignoreOrder: false);
        last.Events.ShouldBe(seen, "the observer after the throwing one receives every event, in the same order");
        throwing.Received.ToArray().ShouldBe(seen, "the throwing observer stays subscribed and is given every event");
    }

    [Test]
    public void Deliver_ObserverThrows_CountsEachFailureWithEngineEventKindAndErrorType()
    {
        using var center = new MeteredCenter(name: "tenant-x");
        using IDisposable subscription = center.Engine.Subscribe(new ThrowingObserver());

        RunDay(center.Engine);

        IReadOnlyList<Recorded> failures = center.Metrics.Of(RoutingMetricNames.ObserverFailures);
        failures.Count.ShouldBe(6);
        failures.ShouldAllBe(f => f.Value == 1);
        failures.ShouldAllBe(f => f.Tag(RoutingMetricNames.EngineTag) == "tenant-x");
        failures.ShouldAllBe(f => f.Tag(RoutingMetricNames.ErrorTypeTag) == typeof(InvalidOperationException).FullName);
        failures.Select(f => f.Tag(RoutingMetricNames.EventKindTag)).ShouldBe(
            ["Submitted", "Offered", "Accepted", "Closed", "Submitted", "Offered"],
            ignoreOrder: false);
        center.Metrics.Of(RoutingMetricNames.ObserverHookFailures).ShouldBeEmpty();
    }

    [Test]
    public void Deliver_ObserverThrows_HookReceivesEngineEventObserverAndException()
    {
        var failures = new List<ObserverFailure>();
        using var kit = new EngineKit(o => o.OnObserverFailure = failures.Add, logEvents: false, name: "tenant-y");
        var throwing = new ThrowingObserver();
        var after = new EventLog();
        using IDisposable a = kit.Engine.Subscribe(throwing);
        using IDisposable b = kit.Engine.Subscribe(after);

        RunDay(kit.Engine);

        failures.Count.ShouldBe(6);
        failures.Select(f => f.Event).ShouldBe(throwing.Received, "one failure per event, in order");
        failures.ShouldAllBe(f => f.EngineName == "tenant-y" && ReferenceEquals(f.Observer, throwing));
        failures.Select(f => f.Exception).ShouldBe(throwing.Thrown, "the hook gets the very exception thrown");
        after.Events.ShouldBe(throwing.Received);
        failures[0].ToString().ShouldContain("tenant-y");
        failures[0].ToString().ShouldContain(nameof(InvalidOperationException));
    }

    [Test]
    public void Deliver_HookThrowsToo_DeliveryGoesOnAndTheHookFailureIsCounted()
    {
        int hookCalls = 0;
        using var center = new MeteredCenter(o => o.OnObserverFailure = _ =>
        {
            hookCalls++;
            throw new FormatException("the hook is broken as well");
        }, name: "tenant-z");
        var after = new EventLog();
        using IDisposable a = center.Engine.Subscribe(new ThrowingObserver());
        using IDisposable b = center.Engine.Subscribe(after);

        Should.NotThrow(() => RunDay(center.Engine));

        hookCalls.ShouldBe(6);
        after.Events.Count.ShouldBe(6);
        center.Metrics.Of(RoutingMetricNames.ObserverFailures).Count.ShouldBe(6);
        IReadOnlyList<Recorded> hookFailures = center.Metrics.Of(RoutingMetricNames.ObserverHookFailures);
        hookFailures.Count.ShouldBe(6);
        hookFailures.ShouldAllBe(f => f.Tag(RoutingMetricNames.EngineTag) == "tenant-z" && f.Tag(RoutingMetricNames.ErrorTypeTag) == typeof(FormatException).FullName);
    }

    [Test]
    public void Deliver_NoObserverThrows_CountsNothingAndCallsNoHook()
    {
        bool called = false;
        using var center = new MeteredCenter(o => o.OnObserverFailure = _ => called = true);
        var log = new EventLog();
        using IDisposable subscription = center.Engine.Subscribe(log);

        RunDay(center.Engine);

        log.Events.Count.ShouldBe(6);
        called.ShouldBeFalse();
        center.Metrics.Of(RoutingMetricNames.ObserverFailures).ShouldBeEmpty();
    }

    [Test]
    public void ObserverFailure_NullArgument_Throws()
    {
        var routingEvent = new RoutingEvent(RoutingEventKind.Submitted, EngineKit.Start, new ConversationId("c1"), null, null, RoutingEventReason.None);
        var observer = new ThrowingObserver();
        var exception = new InvalidOperationException();
        Should.Throw<ArgumentNullException>(() => new ObserverFailure(null!, routingEvent, observer, exception));
        Should.Throw<ArgumentNullException>(() => new ObserverFailure("default", null!, observer, exception));
        Should.Throw<ArgumentNullException>(() => new ObserverFailure("default", routingEvent, null!, exception));
        Should.Throw<ArgumentNullException>(() => new ObserverFailure("default", routingEvent, observer, null!));
    }

    /// <summary>Six events: c1 is submitted, offered, accepted and closed; c2 is submitted and offered.</summary>
    private static void RunDay(IRoutingEngine engine)
    {
        engine.AddAgent(new AgentProfile(new AgentId("alice")) { Skills = [new AgentSkill(new SkillId("sales"))] });
        engine.SetAgentState(new AgentId("alice"), AgentState.Online);
        engine.Submit(new ConversationRequest(new ConversationId("c1")) { Skill = new SkillId("sales") });
        engine.Accept(new ConversationId("c1"), new AgentId("alice"));
        engine.Close(new ConversationId("c1"));
        engine.Submit(new ConversationRequest(new ConversationId("c2")) { Skill = new SkillId("sales") });
    }

    /// <summary>Throws on every event, after noting it and the exception it throws.</summary>
    private sealed class ThrowingObserver : IRoutingObserver
    {
        public List<RoutingEvent> Received { get; } = [];

        public List<Exception> Thrown { get; } = [];

        public void OnEvent(RoutingEvent routingEvent)
        {
            Received.Add(routingEvent);
            var exception = new InvalidOperationException($"observer failed on {routingEvent.Kind}");
            Thrown.Add(exception);
            throw exception;
        }
    }
}
