using System.Text.Json.Nodes;
using RoutingCore.Tests.Lifecycle;

namespace RoutingCore.Tests.State;

/// <summary>Round trips of hand-made states, and restores after the clock moved on (failover).</summary>
public sealed class StateRestoreTests
{
    private static readonly StateScenario Scenario = new(RoutingStrategyNames.RoundRobin, CapacityModelNames.MaxConcurrent, Workload: true, ForcedPause: true, AutoClose: true);

    /// <summary>A state with every kind of record: offers mid-step, assignments, queues, a removed agent in exclusions, history, closed conversations, a changed distribution.</summary>
    private static Center Rich()
    {
        Center center = StateKit.NewCenter(Scenario);
        IRoutingEngine engine = center.Engine;
        engine.AddAgent(new AgentProfile(new AgentId("ann")) { Skills = [new AgentSkill(new SkillId("sales"), 0.9)], Groups = [new AgentGroupId("g1")], MaxConcurrent = 2, Tags = ["vip"] }, AgentState.Online);
        engine.AddAgent(new AgentProfile(new AgentId("bob")) { Skills = [new AgentSkill(new SkillId("sales")), new AgentSkill(new SkillId("support"))], Groups = [new AgentGroupId("g2")] }, AgentState.Online);
        engine.AddAgent(new AgentProfile(new AgentId("cid")) { Skills = [new AgentSkill(new SkillId("support"))], Groups = [new AgentGroupId("g3")], DisplayName = "Cid" }, AgentState.Online);
        engine.AddAgent(new AgentProfile(new AgentId("dee")) { Skills = [new AgentSkill(new SkillId("support"))], Groups = [new AgentGroupId("g3")] }, AgentState.Online);
        engine.Submit(new ConversationRequest(new ConversationId("s1")) { Skill = new SkillId("sales"), Consumer = new ConsumerId("alice"), Attributes = ImmutableDictionaryOf("lang", "en") });
        AcceptAny(engine, "s1");
        engine.Submit(new ConversationRequest(new ConversationId("t1")) { Skill = new SkillId("support"), Priority = 2, ConversationType = "vip" });
        engine.Decline(new ConversationId("t1"), engine.GetConversation(new ConversationId("t1")).OfferedTo[0]);
        engine.Submit(new ConversationRequest(new ConversationId("t2")) { Skill = new SkillId("support"), CreatedAt = TestEngine.Start.AddSeconds(-30) });
        AcceptAny(engine, "t2");
        engine.ReturnToQueue(new ConversationId("t2"));
        engine.RemoveAgent(new AgentId("dee")); // may still be excluded from t2 or t1
        engine.ConfigureWorkload(new SkillId("sales"), WorkloadDistribution.Create([new AgentGroupShare(new AgentGroupId("g1"), 70), new AgentGroupShare(new AgentGroupId("g2"), 30)], [new AgentGroupShare(new AgentGroupId("g3"), 100)]));
        engine.Submit(new ConversationRequest(new ConversationId("s2")) { Skill = new SkillId("sales"), RequiredTags = ["gold"] });
        engine.Submit(new ConversationRequest(new ConversationId("x1")) { Skill = new SkillId("sales") });
        engine.Close(new ConversationId("x1"));
        center.Advance(3);
        engine.ReportMessage(new ConversationId("s1"), MessageAuthor.Consumer);
        engine.Assign(new ConversationRequest(new ConversationId("b1")) { Skill = new SkillId("support") }, new AgentId("bob"));
        engine.SetAgentState(new AgentId("bob"), AgentState.Away);
        return center;
    }

    private static System.Collections.Immutable.ImmutableDictionary<string, string> ImmutableDictionaryOf(string key, string value) =>
        System.Collections.Immutable.ImmutableDictionary<string, string>.Empty.Add(key, value);

    private static void AcceptAny(IRoutingEngine engine, string conversation) =>
        engine.Accept(new ConversationId(conversation), engine.GetConversation(new ConversationId(conversation)).OfferedTo[0]);

    [Test]
    public void SaveRestoreSave_GivesTheSameDocument_AndTheSameViews()
    {
        using Center a = Rich();
        string document = StateKit.Save(a.Engine);
        using Center b = StateKit.NewCenter(Scenario, a.Clock.GetUtcNow());
        StateKit.Restore(b.Engine, document);

        StateKit.Save(b.Engine).ShouldBe(document);
        string Views(IRoutingEngine engine) => string.Join("\n", engine.GetAgents().Select(s => $"{s.Profile.Id} {s.State} {s.StateSince:O} {s.Load} {s.Limit} {s.Conversations} {s.PendingOffers} {s.Reserved} {s.Declines} {s.Timeouts} {s.LastAcceptedAt:O}")
            .Concat(engine.GetWaitingConversations().Select(w => $"{w.Id} {w.SlaDue:O} {w.QueuedAt:O} {w.Sequence}"))
            .Concat(new[] { "s1", "t1", "t2", "s2", "x1" }.Select(id => engine.GetConversation(new ConversationId(id)).ToString() + string.Join(",", engine.GetConversation(new ConversationId(id)).Excluded) + engine.GetConversation(new ConversationId(id)).AgentGroup))
            .Append(engine.GetWorkloadReport(new SkillId("sales")).Groups.Length.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        Views(b.Engine).ShouldBe(Views(a.Engine));
        b.Engine.GetConversation(new ConversationId("x1")).State.ShouldBe(ConversationState.Closed);
        b.Engine.GetWorkloadReport(new SkillId("sales")).Distribution.Primary[0].Percentage.ShouldBe(70);
    }

    [Test]
    public void Document_IsVersionedAndComplete()
    {
        using Center a = Rich();
        JsonObject root = JsonNode.Parse(StateKit.Save(a.Engine))!.AsObject();
        root["formatVersion"]!.GetValue<int>().ShouldBe(2);
        DateTimeOffset.Parse((string)root["savedAt"]!, System.Globalization.CultureInfo.InvariantCulture).ShouldBe(a.Clock.GetUtcNow());
        root.Select(p => p.Key).ShouldBe(
            ["formatVersion", "savedAt", "counters", "media", "tags", "skills", "agents", "conversations", "queues", "history", "workload", "timers", "retries", "closed"]);
        root["agents"]!.AsArray().Select(n => (string)n!["profile"]!["id"]!).ShouldBe(["ann", "bob", "cid"]);
        root["retries"]!["removedAgents"]!.AsArray().Select(n => (string)n!).ShouldBe(["dee"]); // issue 18: a repeated RemoveAgent is recognized after a restore
        root["history"]!["consumers"]![0]!.GetValue<string>().ShouldBe("alice");
        root["timers"]!.AsArray().Select(t => (string)t!["kind"]!).ShouldContain("Absence");
        root["timers"]!.AsArray().Select(t => (string)t!["kind"]!).ShouldContain("AutoClose");
    }

    [Test]
    public void Restore_AfterTheClockMovedOn_PendingOffersTimeOutAtOnce_InDueOrder()
    {
        using Center a = StateKit.NewCenter(Scenario with { Workload = false });
        a.Engine.AddAgent(new AgentProfile(new AgentId("ann")) { Skills = [new AgentSkill(new SkillId("support"))] }, AgentState.Online);
        a.Engine.AddAgent(new AgentProfile(new AgentId("bob")) { Skills = [new AgentSkill(new SkillId("support"))] }, AgentState.Online);
        a.Engine.Submit(new ConversationRequest(new ConversationId("c1")) { Skill = new SkillId("support") });
        a.Advance(2);
        a.Engine.Submit(new ConversationRequest(new ConversationId("c2")) { Skill = new SkillId("support") });
        string document = StateKit.Save(a.Engine);
        DateTimeOffset saved = a.Clock.GetUtcNow();

        using Center b = StateKit.NewCenter(Scenario with { Workload = false }, saved.AddMinutes(5));
        StateKit.Restore(b.Engine, document);

        // Nothing else happened on B: every event comes from timers that came due while the engine was away.
        RoutingEvent[] timedOut = b.Log.Of(RoutingEventKind.OfferTimedOut);
        timedOut.Length.ShouldBeGreaterThan(0);
        timedOut.Select(e => e.Conversation.Value).First().ShouldBe("c1");
        b.Log.Events.Select(e => e.Timestamp).ShouldBeInOrder(SortDirection.Ascending);
        b.Log.Events[0].Timestamp.ShouldBe(saved.AddSeconds(7 - 2), "c1 was offered 2 s before the save, with a 7 s step delay");
        b.Log.Events.ShouldAllBe(e => e.Timestamp <= saved.AddMinutes(5));

        // A, advanced to the same moment, made exactly the same decisions.
        int before = a.Log.Events.Count;
        a.Clock.Advance(TimeSpan.FromMinutes(5));
        b.Log.Events.Select(StateKit.Describe).ShouldBe(a.Log.Events.Skip(before).Select(StateKit.Describe));
        StateKit.Save(b.Engine).ShouldBe(StateKit.Save(a.Engine));
    }

    [Test]
    public void Restore_AfterTheGracePeriodPassed_ReturnsTheAbsentAgentsConversations()
    {
        using Center a = StateKit.NewCenter(Scenario with { Workload = false, AutoClose = false });
        a.Engine.AddAgent(new AgentProfile(new AgentId("ann")) { Skills = [new AgentSkill(new SkillId("support"))] }, AgentState.Online);
        a.Engine.Submit(new ConversationRequest(new ConversationId("c1")) { Skill = new SkillId("support") });
        a.Engine.Accept(new ConversationId("c1"), new AgentId("ann"));
        a.Engine.SetAgentState(new AgentId("ann"), AgentState.Away);
        string document = StateKit.Save(a.Engine);

        using Center b = StateKit.NewCenter(Scenario with { Workload = false, AutoClose = false }, a.Clock.GetUtcNow().AddMinutes(1));
        StateKit.Restore(b.Engine, document);

        b.Log.Of(RoutingEventKind.ReturnedToQueue, "c1").Single().Reason.ShouldBe(RoutingEventReason.AgentAbsent);
        b.Waiting().ShouldBe(["c1"]);
    }

    [Test]
    public void Restore_IntoAnEngineWhoseClockIsBehind_KeepsTheEnginesTimeMonotonic()
    {
        using Center a = Rich();
        a.Advance(30);
        string document = StateKit.Save(a.Engine);
        using Center b = StateKit.NewCenter(Scenario); // its clock is 33 s behind the document
        StateKit.Restore(b.Engine, document);
        b.Engine.Submit(new ConversationRequest(new ConversationId("late")) { Skill = new SkillId("support") });
        b.Log.Of(RoutingEventKind.Submitted, "late").Single().Timestamp.ShouldBe(a.Clock.GetUtcNow());
    }

    [Test]
    public void Restore_ReplacesTheDistributionsFromOptions()
    {
        using Center a = StateKit.NewCenter(Scenario with { Workload = false });
        a.Engine.AddAgent(new AgentProfile(new AgentId("ann")) { Skills = [new AgentSkill(new SkillId("sales"))], Groups = [new AgentGroupId("g1")] }, AgentState.Online);
        string document = StateKit.Save(a.Engine);
        using Center b = StateKit.NewCenter(Scenario);
        b.Engine.GetWorkloadReport(new SkillId("sales")).ShouldNotBeNull();
        StateKit.Restore(b.Engine, document);
        Should.Throw<RoutingOperationException>(() => b.Engine.GetWorkloadReport(new SkillId("sales"))).Code.ShouldBe(RoutingErrorCode.NoWorkloadDistribution);
    }
}
