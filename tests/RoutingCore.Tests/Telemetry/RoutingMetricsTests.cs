using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace RoutingCore.Tests.Telemetry;

/// <summary>The engine's "RoutingCore" meter: each instrument's values for a scripted scenario on a fake clock.</summary>
public sealed class RoutingMetricsTests
{
    [Test]
    public void OffersAndRouted_CountEachOfferAndEachAcceptWithSkillAndStrategy()
    {
        using var center = new MeteredCenter(o => o.Strategy = RoutingStrategyNames.LeastLoaded);
        center.Agent("alice");
        center.Agent("bob");
        center.Agent("carol", skill: "vip");

        center.Submit("c1").OfferedTo.Length.ShouldBe(2); // least-loaded, both idle: one step of two agents
        center.Engine.Accept(new ConversationId("c1"), new AgentId("alice"));
        center.Submit("c2", "vip");

        IReadOnlyList<Recorded> offers = center.Metrics.Of(RoutingMetricNames.Offers);
        offers.Count.ShouldBe(3);
        offers.Count(o => o.Tag(RoutingMetricNames.SkillTag) == "sales").ShouldBe(2);
        offers.Count(o => o.Tag(RoutingMetricNames.SkillTag) == "vip").ShouldBe(1);
        offers.ShouldAllBe(o => o.Tag(RoutingMetricNames.StrategyTag) == RoutingStrategyNames.LeastLoaded);

        IReadOnlyList<Recorded> routed = center.Metrics.Of(RoutingMetricNames.ConversationsRouted);
        routed.Count.ShouldBe(1);
        routed[0].Value.ShouldBe(1);
        routed[0].Tag(RoutingMetricNames.SkillTag).ShouldBe("sales");
        routed[0].Tag(RoutingMetricNames.StrategyTag).ShouldBe(RoutingStrategyNames.LeastLoaded);
    }

    [Test]
    public void Routed_UsesTheSkillsOwnStrategy_AndNotDirectAssignments()
    {
        using var center = new MeteredCenter(o => o.Skills["vip"] = new SkillOptions { Strategy = RoutingStrategyNames.RoundRobin });
        center.Agent("alice", skill: "vip");
        center.Submit("c1", "vip");
        center.Engine.Accept(new ConversationId("c1"), new AgentId("alice"));
        center.Engine.Assign(new ConversationRequest(new ConversationId("c2")) { Skill = new SkillId("vip") }, new AgentId("alice"));

        IReadOnlyList<Recorded> routed = center.Metrics.Of(RoutingMetricNames.ConversationsRouted);
        routed.Count.ShouldBe(1);
        routed[0].Tag(RoutingMetricNames.StrategyTag).ShouldBe(RoutingStrategyNames.RoundRobin);
    }

    [Test]
    public void TimeoutsAndForcedPauses_AreCountedWhenAnExclusiveOfferIsIgnored()
    {
        using var center = new MeteredCenter(o => o.StepDelay = TimeSpan.FromSeconds(10));
        center.Agent("alice");
        center.Submit("c1");
        center.Metrics.Sum(RoutingMetricNames.OffersTimedOut).ShouldBe(0);

        center.Advance(10);

        IReadOnlyList<Recorded> timedOut = center.Metrics.Of(RoutingMetricNames.OffersTimedOut);
        timedOut.Count.ShouldBe(1);
        timedOut[0].Tag(RoutingMetricNames.SkillTag).ShouldBe("sales");
        center.Metrics.Sum(RoutingMetricNames.ForcedPauses).ShouldBe(1);
        center.Engine.GetAgent(new AgentId("alice")).State.ShouldBe(AgentState.Paused);
    }

    [Test]
    public void ForcedPauses_AreNotCountedWhenForcedPauseIsOff()
    {
        using var center = new MeteredCenter(o =>
        {
            o.StepDelay = TimeSpan.FromSeconds(10);
            o.ForcedPause.Enabled = false;
        });
        center.Agent("alice");
        center.Submit("c1");
        center.Advance(10);

        center.Metrics.Sum(RoutingMetricNames.OffersTimedOut).ShouldBe(1);
        center.Metrics.Of(RoutingMetricNames.ForcedPauses).ShouldBeEmpty();
    }

    [Test]
    public void QueueLengthAndWaitTime_FollowTheQueue()
    {
        using var center = new MeteredCenter();
        center.Agent("alice", AgentState.Offline, max: 1);
        center.Metrics.QueueLength().ShouldBe(0);
        center.Submit("c1");
        center.Submit("c2");
        center.Metrics.QueueLength().ShouldBe(2);

        center.Advance(30);
        center.Engine.SetAgentState(new AgentId("alice"), AgentState.Online); // c1 is dispatched to alice, c2 still waits
        center.Metrics.QueueLength().ShouldBe(1);

        center.Advance(5);
        center.Engine.Close(new ConversationId("c2"));
        center.Metrics.QueueLength().ShouldBe(0);

        IReadOnlyList<Recorded> waits = center.Metrics.Of(RoutingMetricNames.QueueWaitTime);
        waits.Count.ShouldBe(2);
        waits[0].Value.ShouldBe(30, 1e-9);
        waits[0].Tag(RoutingMetricNames.ReasonTag).ShouldBe(nameof(RoutingEventKind.Dispatched));
        waits[0].Tag(RoutingMetricNames.SkillTag).ShouldBe("sales");
        waits[1].Value.ShouldBe(35, 1e-9);
        waits[1].Tag(RoutingMetricNames.ReasonTag).ShouldBe(nameof(RoutingEventKind.Closed));
    }

    [Test]
    public void QueueWaitTime_TagsConversationsForAnyAgent()
    {
        using var center = new MeteredCenter();
        center.Agent("alice", AgentState.Offline);
        center.Engine.Submit(new ConversationRequest(new ConversationId("c1")));
        center.Advance(4);
        center.Engine.SetAgentState(new AgentId("alice"), AgentState.Online);

        Recorded wait = center.Metrics.Of(RoutingMetricNames.QueueWaitTime).ShouldHaveSingleItem();
        wait.Tag(RoutingMetricNames.SkillTag).ShouldBe(RoutingMetricNames.AnySkill);
        wait.Value.ShouldBe(4, 1e-9);
    }

    [Test]
    public void Cascades_AreCountedWithTheirReason()
    {
        using var center = new MeteredCenter(o =>
        {
            o.AgentGroups.AddRange(["A", "B"]);
            o.Skills["brand"] = new SkillOptions
            {
                Workload = new WorkloadDistributionOptions
                {
                    PrimaryGroups = [new AgentGroupShareOptions { Group = "A", Percentage = 100 }],
                    SecondaryGroups = [new AgentGroupShareOptions { Group = "B", Percentage = 100 }],
                },
            };
        });
        center.Agent("a1", AgentState.Offline, skill: "brand", group: "A");
        center.Agent("b1", skill: "brand", group: "B");

        center.Submit("c1", "brand").OfferedTo.ShouldBe([new AgentId("b1")]);

        Recorded cascade = center.Metrics.Of(RoutingMetricNames.Cascades).ShouldHaveSingleItem();
        cascade.Value.ShouldBe(1);
        cascade.Tag(RoutingMetricNames.SkillTag).ShouldBe("brand");
        cascade.Tag(RoutingMetricNames.ReasonTag).ShouldBe(nameof(RoutingEventReason.PrimaryGroupUnavailable));
    }

    [Test]
    public void PacingInvitations_AddWhatEachDecisionAllowed()
    {
        using var center = new MeteredCenter();
        for (int i = 1; i <= 3; i++)
        {
            center.Engine.AddAgent(new AgentProfile(new AgentId($"a{i}")) { Skills = [new AgentSkill(new SkillId("sales"))], Groups = [new AgentGroupId("vendor-a")] }, AgentState.Online);
        }

        var statistics = new PacingStatistics
        {
            AcceptanceRate = 0.5,
            AcceptDelay = TimeSpan.FromSeconds(10),
            AverageHandleTime = TimeSpan.FromMinutes(5),
            AveragePatience = TimeSpan.FromMinutes(2),
        };
        PacingDecision first = center.Engine.Pace(new AgentGroupId("vendor-a"), statistics);
        PacingDecision none = center.Engine.Pace(new AgentGroupId("nobody"), statistics);

        first.Invitations.ShouldBeGreaterThan(0);
        none.Invitations.ShouldBe(0);
        IReadOnlyList<Recorded> invitations = center.Metrics.Of(RoutingMetricNames.PacingInvitations);
        invitations.Count.ShouldBe(2);
        invitations[0].Value.ShouldBe(first.Invitations);
        invitations[0].Tag(RoutingMetricNames.AgentGroupTag).ShouldBe("vendor-a");
        invitations[0].Tag(RoutingMetricNames.ReasonTag).ShouldBe(first.Reason.ToString());
        invitations[1].Tag(RoutingMetricNames.ReasonTag).ShouldBe(nameof(PacingReason.NoReadyAgents));
        center.Metrics.Sum(RoutingMetricNames.PacingInvitations).ShouldBe(first.Invitations);
    }

    [Test]
    public void Instruments_HaveUnitsAndDescriptions()
    {
        using var center = new MeteredCenter();
        var units = new Dictionary<string, string?>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, _) =>
            {
                if (instrument.Meter.Scope == center.Factory)
                {
                    units[instrument.Name] = instrument.Unit;
                    instrument.Description.ShouldNotBeNullOrWhiteSpace();
                }
            },
        };
        listener.Start();

        units.Keys.Order(StringComparer.Ordinal).ShouldBe(
        [
            RoutingMetricNames.ForcedPauses, RoutingMetricNames.ConversationsRouted, RoutingMetricNames.ObserverFailures,
            RoutingMetricNames.ObserverHookFailures, RoutingMetricNames.Offers, RoutingMetricNames.OffersTimedOut, RoutingMetricNames.PacingInvitations, RoutingMetricNames.QueueLength,
            RoutingMetricNames.QueueWaitTime, RoutingMetricNames.Cascades,
        ]);
        units[RoutingMetricNames.QueueWaitTime].ShouldBe("s");
        units[RoutingMetricNames.Offers].ShouldBe("{offer}");
        units[RoutingMetricNames.ObserverFailures].ShouldBe("{failure}");
        units[RoutingMetricNames.ObserverHookFailures].ShouldBe("{failure}");
    }

    [Test]
    public void WithoutAFactory_TheEngineRecordsOnItsOwnMeter_UntilDisposed()
    {
        string skill = $"own-meter-{Guid.NewGuid():N}";
        IRoutingEngine engine = new EngineKit(logEvents: false).Engine;
        using var metrics = new MetricsRecorder(meter => meter.Scope is null);
        engine.AddAgent(new AgentProfile(new AgentId("alice")) { Skills = [new AgentSkill(new SkillId(skill))] }, AgentState.Online);
        engine.Submit(new ConversationRequest(new ConversationId("c1")) { Skill = new SkillId(skill) });
        metrics.Of(RoutingMetricNames.Offers).Count(o => o.Tag(RoutingMetricNames.SkillTag) == skill).ShouldBe(1);

        engine.Dispose();
        engine.Submit(new ConversationRequest(new ConversationId("c2")) { Skill = new SkillId(skill) });
        metrics.Of(RoutingMetricNames.Offers).Count(o => o.Tag(RoutingMetricNames.SkillTag) == skill).ShouldBe(1, "the engine's own meter is disposed with it");
    }

    [Test]
    public void AddRoutingEngine_UsesTheRegisteredMeterFactory()
    {
        using var factory = new TestMeterFactory();
        using var metrics = new MetricsRecorder(meter => meter.Scope == factory);
        IServiceCollection collection = new ServiceCollection()
            .AddSingleton<IMeterFactory>(factory)
            .AddSingleton<TimeProvider>(new FakeTimeProvider(TestEngine.Start));
        collection.AddRoutingEngine();
        using ServiceProvider services = collection.BuildServiceProvider();
        IRoutingEngine engine = services.GetRequiredService<IRoutingEngine>();
        engine.AddAgent(new AgentProfile(new AgentId("alice")) { Skills = [new AgentSkill(new SkillId("sales"))] }, AgentState.Online);
        engine.Submit(new ConversationRequest(new ConversationId("c1")) { Skill = new SkillId("sales") });
        engine.Accept(new ConversationId("c1"), new AgentId("alice"));

        metrics.Sum(RoutingMetricNames.Offers).ShouldBe(1);
        metrics.Sum(RoutingMetricNames.ConversationsRouted).ShouldBe(1);
        metrics.Of(RoutingMetricNames.Offers)[0].Tag(RoutingMetricNames.EngineTag).ShouldBe(RoutingDefaults.EngineName);
    }

    [Test]
    public void EveryInstrument_TagsEachMeasurementWithTheEnginesName()
    {
        using var center = new MeteredCenter(
            o =>
            {
                o.StepDelay = TimeSpan.FromSeconds(10);
                o.AgentGroups.AddRange(["A", "B"]);
                o.Skills["brand"] = new SkillOptions
                {
                    Workload = new WorkloadDistributionOptions
                    {
                        PrimaryGroups = [new AgentGroupShareOptions { Group = "A", Percentage = 100 }],
                        SecondaryGroups = [new AgentGroupShareOptions { Group = "B", Percentage = 100 }],
                    },
                };
            },
            name: "tenant-a");
        center.Agent("alice");
        center.Agent("a1", AgentState.Offline, skill: "brand", group: "A");
        center.Agent("b1", skill: "brand", group: "B");
        center.Agent("carol", AgentState.Offline, skill: "support");
        center.Submit("c1");
        center.Engine.Accept(new ConversationId("c1"), new AgentId("alice"));
        center.Submit("c2", "brand"); // cascades to B
        center.Submit("c3", "support"); // waits for carol
        center.Advance(10); // b1 ignores c2: timeout, forced pause
        center.Engine.SetAgentState(new AgentId("carol"), AgentState.Online);
        center.Engine.Pace(new AgentGroupId("A"), new PacingStatistics { AcceptanceRate = 0.5, AverageHandleTime = TimeSpan.FromMinutes(5) });
        center.Metrics.QueueLength();

        string[] instruments =
        [
            RoutingMetricNames.ConversationsRouted, RoutingMetricNames.Offers, RoutingMetricNames.OffersTimedOut,
            RoutingMetricNames.ForcedPauses, RoutingMetricNames.QueueLength, RoutingMetricNames.QueueWaitTime,
            RoutingMetricNames.Cascades, RoutingMetricNames.PacingInvitations,
        ];
        foreach (string instrument in instruments)
        {
            IReadOnlyList<Recorded> recorded = center.Metrics.Of(instrument);
            recorded.ShouldNotBeEmpty(instrument);
            recorded.ShouldAllBe(r => r.Tag(RoutingMetricNames.EngineTag) == "tenant-a", instrument);
        }
    }

    [Test]
    public void Meter_CarriesTheLibrarysVersion()
    {
        using var center = new MeteredCenter();
        var versions = new List<string?>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, _) =>
            {
                if (instrument.Meter.Scope == center.Factory)
                {
                    versions.Add(instrument.Meter.Version);
                }
            },
        };
        listener.Start();

        string assemblyVersion = typeof(IRoutingEngine).Assembly.GetName().Version!.ToString(3);
        RoutingMetricNames.MeterVersion.ShouldStartWith(assemblyVersion);
        RoutingMetricNames.MeterVersion.ShouldNotContain('+', customMessage: "no build metadata (commit id) in the meter's version");
        versions.Count.ShouldBe(10);
        versions.ShouldAllBe(v => v == RoutingMetricNames.MeterVersion);
    }

    [Test]
    public void WithoutAListener_NothingIsRecordedAndRoutingIsUnchanged()
    {
        using var center = new MeteredCenter();
        center.Metrics.Dispose(); // nobody listens from here on
        center.Agent("alice");
        center.Submit("c1").State.ShouldBe(ConversationState.Offered);
        center.Engine.Accept(new ConversationId("c1"), new AgentId("alice"));
        center.Metrics.Of(RoutingMetricNames.Offers).ShouldBeEmpty();
        center.Engine.GetConversation(new ConversationId("c1")).State.ShouldBe(ConversationState.Assigned);
    }
}
