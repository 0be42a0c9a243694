using System.Diagnostics;
using static RoutingCore.RoutingActivityNames;

namespace RoutingCore.Tests.Telemetry;

/// <summary>
/// The "RoutingCore" activity source: one activity per routing decision, tagged with what was decided, and nothing
/// started or tagged for a listener that does not record.
/// </summary>
public sealed class DecisionTracingTests
{
    private static readonly SkillId Sales = new("sales");

    [Test]
    public void Submit_ThreeAgentsOneWithoutTheMedia_OneActivityOfferedToTwoWithOneExcluded()
    {
        using var recorder = new DecisionRecorder("trace-media");
        using var kit = new EngineKit(name: "trace-media");
        AddAgent(kit.Engine, "alice");
        AddAgent(kit.Engine, "bob");
        kit.Engine.AddAgent(new AgentProfile(new AgentId("carol")) { Skills = [new AgentSkill(Sales)], Media = [new MediaCapacity(MediaType.Voice)] }, AgentState.Online);

        kit.Engine.Submit(new ConversationRequest(new ConversationId("c1")) { Skill = Sales });

        Activity decision = recorder.Decisions.ShouldHaveSingleItem();
        decision.OperationName.ShouldBe(Decision);
        decision.Kind.ShouldBe(ActivityKind.Internal);
        decision.Source.Name.ShouldBe(SourceName);
        decision.Source.Version.ShouldBe(RoutingMetricNames.MeterVersion);
        ShouldHaveTags(
            decision,
            (EngineTag, "trace-media"),
            (ConversationTag, "c1"),
            (ReasonTag, "Submitted"),
            (SkillTag, "sales"),
            (StrategyTag, RoutingDefaults.Strategy),
            (CandidatesTag, 2),
            (ExclusionsTag, 1),
            (ExcludedTag(ExclusionReason.WrongMedia), 1),
            (OutcomeTag, Offered),
            (AgentGroupTag, null));
        decision.Status.ShouldBe(ActivityStatusCode.Unset);
    }

    [Test]
    public void Submit_NobodyOnline_OneActivityWaitingWithEveryoneExcluded()
    {
        using var recorder = new DecisionRecorder("trace-offline");
        using var kit = new EngineKit(name: "trace-offline");
        AddAgent(kit.Engine, "alice", AgentState.Offline);
        AddAgent(kit.Engine, "bob", AgentState.Offline);

        kit.Engine.Submit(new ConversationRequest(new ConversationId("c1")) { Skill = Sales });

        Activity decision = recorder.Decisions.ShouldHaveSingleItem();
        ShouldHaveTags(
            decision,
            (CandidatesTag, 0),
            (ExclusionsTag, 2),
            (ExcludedTag(ExclusionReason.Offline), 2),
            (OutcomeTag, Waiting));
    }

    [Test]
    public void Submit_UnderTheCallersActivity_TheDecisionIsItsChild()
    {
        using var recorder = new DecisionRecorder("trace-parent");
        using var kit = new EngineKit(name: "trace-parent");
        AddAgent(kit.Engine, "alice");
        using var request = new Activity("http request");
        request.SetIdFormat(ActivityIdFormat.W3C);
        request.Start();

        kit.Engine.Submit(new ConversationRequest(new ConversationId("c1")) { Skill = Sales });

        Activity.Current.ShouldBeSameAs(request, "the decision's activity is stopped and the caller's is current again");
        Activity decision = recorder.Decisions.ShouldHaveSingleItem();
        decision.TraceId.ShouldBe(request.TraceId);
        decision.ParentSpanId.ShouldBe(request.SpanId);
    }

    [Test]
    public void SetAgentState_AWaitingConversationIsDispatched_OneMoreActivityForTheDispatch()
    {
        using var recorder = new DecisionRecorder("trace-dispatch");
        using var kit = new EngineKit(name: "trace-dispatch");
        AddAgent(kit.Engine, "alice", AgentState.Offline);
        kit.Engine.Submit(new ConversationRequest(new ConversationId("c1")) { Skill = Sales });

        kit.Engine.SetAgentState(new AgentId("alice"), AgentState.Online);

        recorder.Decisions.Count.ShouldBe(2);
        Activity dispatch = recorder.Decisions[1];
        ShouldHaveTags(
            dispatch,
            (ConversationTag, "c1"),
            (ReasonTag, nameof(RoutingEventReason.AgentOnline)),
            (CandidatesTag, 1),
            (OutcomeTag, Offered));
    }

    [Test]
    public void ReturnToQueue_TheAgentHandsItBack_OneActivityExcludingThatAgent()
    {
        using var recorder = new DecisionRecorder("trace-return");
        using var kit = new EngineKit(name: "trace-return");
        AddAgent(kit.Engine, "alice");
        AddAgent(kit.Engine, "bob");
        kit.Engine.Submit(new ConversationRequest(new ConversationId("c1")) { Skill = Sales });
        kit.Engine.Accept(new ConversationId("c1"), new AgentId("alice"));

        kit.Engine.ReturnToQueue(new ConversationId("c1"));

        recorder.Decisions.Count.ShouldBe(2);
        Activity returned = recorder.Decisions[1];
        ShouldHaveTags(
            returned,
            (ReasonTag, nameof(RoutingEventReason.ReturnedByAgent)),
            (CandidatesTag, 1),
            (ExcludedTag(ExclusionReason.Declined), 1),
            (OutcomeTag, Offered));
    }

    [TestCase(AgentState.Online, "north", ExclusionReason.OtherGroup, TestName = "Submit_PrimaryGroupAvailable_OneActivityNamingThePrimaryGroup")]
    [TestCase(AgentState.Away, "south", ExclusionReason.Away, TestName = "Submit_PrimaryGroupUnavailable_OneActivityForTheCascadeWithThePlanOffered")]
    public void Submit_SkillWithAWorkloadSplit_OneActivityNamingTheGroupOffered(AgentState north, string group, ExclusionReason excluded)
    {
        using var recorder = new DecisionRecorder("trace-workload");
        using EngineKit kit = NorthAndSouth("trace-workload", north);

        kit.Engine.Submit(new ConversationRequest(new ConversationId("c1")) { Skill = Sales });

        Activity decision = recorder.Decisions.ShouldHaveSingleItem("planning the primary group, then a secondary one, is one decision");
        ShouldHaveTags(
            decision,
            (AgentGroupTag, group),
            (CandidatesTag, 1),
            (ExcludedTag(excluded), 1),
            (OutcomeTag, Offered));
    }

    [Test]
    public void Assign_DirectAssignment_OneActivityAssignedWithoutAPlan()
    {
        using var recorder = new DecisionRecorder("trace-assign");
        using var kit = new EngineKit(name: "trace-assign");
        AddAgent(kit.Engine, "alice");

        kit.Engine.Assign(new ConversationRequest(new ConversationId("c1")) { Skill = Sales }, new AgentId("alice"));

        Activity decision = recorder.Decisions.ShouldHaveSingleItem();
        ShouldHaveTags(
            decision,
            (ReasonTag, nameof(RoutingEventKind.Assigned)),
            (OutcomeTag, Assigned),
            (SkillTag, "sales"),
            (CandidatesTag, null),
            (StrategyTag, null));
    }

    [Test]
    public void Submit_ListenerSamplesNothing_NoActivityIsStarted()
    {
        using var recorder = new DecisionRecorder(engine: null, ActivitySamplingResult.None);
        using var kit = new EngineKit(name: "trace-none");
        AddAgent(kit.Engine, "alice");

        kit.Engine.Submit(new ConversationRequest(new ConversationId("c1")) { Skill = Sales }).State.ShouldBe(ConversationState.Offered);

        recorder.SampleRequests.ShouldBe(1, "the engine asked once, for its one decision");
        recorder.Started.ShouldBe(0);
        Activity.Current.ShouldBeNull();
    }

    [Test]
    public void Submit_ListenerOnlyPropagates_TheActivityCarriesNoTags()
    {
        using var recorder = new DecisionRecorder(engine: null, ActivitySamplingResult.PropagationData);
        using var kit = new EngineKit(name: "trace-propagate");
        AddAgent(kit.Engine, "alice");

        kit.Engine.Submit(new ConversationRequest(new ConversationId("c1")) { Skill = Sales });

        Activity decision = recorder.Decisions.ShouldHaveSingleItem();
        decision.IsAllDataRequested.ShouldBeFalse();
        decision.TagObjects.ShouldBeEmpty();
    }

    [Test]
    public void Submit_NobodyListens_NoActivityAndTheCallersActivityStaysCurrent()
    {
        using var kit = new EngineKit(name: "trace-nobody");
        AddAgent(kit.Engine, "alice");
        global::RoutingCore.Telemetry.DecisionTracer.Source.HasListeners().ShouldBeFalse("no other test leaves a listener behind");
        using var request = new Activity("http request").Start();

        kit.Engine.Submit(new ConversationRequest(new ConversationId("c1")) { Skill = Sales });

        Activity.Current.ShouldBeSameAs(request);
    }

    [TestCase(true, TestName = "Submit_ListenerThrowsWhenADecisionStarts_RoutingGoesOnAndTheCallersActivityStaysCurrent")]
    [TestCase(false, TestName = "Submit_ListenerThrowsWhenADecisionStops_RoutingGoesOnAndTheCallersActivityStaysCurrent")]
    public void Submit_ListenerThrows_RoutingGoesOn(bool onStart)
    {
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == SourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStarted = _ => ThrowIf(onStart),
            ActivityStopped = _ => ThrowIf(!onStart),
        };
        ActivitySource.AddActivityListener(listener);
        using var kit = new EngineKit(name: "trace-broken");
        AddAgent(kit.Engine, "alice");
        using var request = new Activity("http request").Start();

        kit.Engine.Submit(new ConversationRequest(new ConversationId("c1")) { Skill = Sales }).State.ShouldBe(ConversationState.Offered);
        kit.Engine.Submit(new ConversationRequest(new ConversationId("c2")) { Skill = Sales }).State.ShouldBe(ConversationState.Offered);

        Activity.Current.ShouldBeSameAs(request);
        kit.Log.Of(RoutingEventKind.Offered).Length.ShouldBe(2);
    }

    [Test]
    public void ExcludedTag_EveryReason_HasItsOwnSnakeCaseName()
    {
        ExclusionReason[] reasons = Enum.GetValues<ExclusionReason>();
        string[] names = [.. reasons.Select(ExcludedTag)];

        names.ShouldAllBe(n => n.StartsWith(ExcludedTagPrefix, StringComparison.Ordinal));
        names.ShouldBeUnique();
        names.ShouldAllBe(n => n == n.ToLowerInvariant() && !n.Any(char.IsDigit));
        ExcludedTag(ExclusionReason.MissingSkill).ShouldBe("routingcore.excluded.missing_skill");
    }

    /// <summary>Skill "sales" split to group "north" first, "south" second; one agent in each, north's in <paramref name="north"/>.</summary>
    private static EngineKit NorthAndSouth(string name, AgentState north)
    {
        var kit = new EngineKit(
            o =>
            {
                o.AgentGroups.AddRange(["north", "south"]);
                o.Skills["sales"] = new SkillOptions
                {
                    Workload = new WorkloadDistributionOptions
                    {
                        PrimaryGroups = [new AgentGroupShareOptions { Group = "north", Percentage = 100 }],
                        SecondaryGroups = [new AgentGroupShareOptions { Group = "south", Percentage = 100 }],
                    },
                };
            },
            name: name);
        kit.Engine.AddAgent(new AgentProfile(new AgentId("n1")) { Skills = [new AgentSkill(Sales)], Groups = [new AgentGroupId("north")] }, north);
        kit.Engine.AddAgent(new AgentProfile(new AgentId("s1")) { Skills = [new AgentSkill(Sales)], Groups = [new AgentGroupId("south")] }, AgentState.Online);
        return kit;
    }

    private static void ThrowIf(bool broken)
    {
        if (broken)
        {
            throw new InvalidOperationException("a broken listener");
        }
    }

    /// <summary>Asserts each tag's value, naming the tag that differs.</summary>
    private static void ShouldHaveTags(Activity decision, params (string Tag, object? Value)[] expected)
    {
        foreach ((string tag, object? value) in expected)
        {
            decision.GetTagItem(tag).ShouldBe(value, $"tag {tag}");
        }
    }

    private static void AddAgent(IRoutingEngine engine, string id, AgentState state = AgentState.Online) =>
        engine.AddAgent(new AgentProfile(new AgentId(id)) { Skills = [new AgentSkill(Sales)] }, state);

    /// <summary>Listens to the "RoutingCore" source; keeps the stopped decisions of one engine (or of any, when none is named).</summary>
    private sealed class DecisionRecorder : IDisposable
    {
        private readonly ActivityListener _listener;
        private readonly List<Activity> _decisions = [];

        public DecisionRecorder(string? engine, ActivitySamplingResult sampling = ActivitySamplingResult.AllDataAndRecorded)
        {
            _listener = new ActivityListener
            {
                ShouldListenTo = source => source.Name == SourceName,
                Sample = (ref ActivityCreationOptions<ActivityContext> _) =>
                {
                    SampleRequests++;
                    return sampling;
                },
                ActivityStarted = _ => Started++,
                ActivityStopped = activity =>
                {
                    if (engine is null || (string?)activity.GetTagItem(EngineTag) == engine)
                    {
                        _decisions.Add(activity);
                    }
                },
            };
            ActivitySource.AddActivityListener(_listener);
        }

        public IReadOnlyList<Activity> Decisions => _decisions;

        public int SampleRequests { get; private set; }

        public int Started { get; private set; }

        public void Dispose() => _listener.Dispose();
    }
}
