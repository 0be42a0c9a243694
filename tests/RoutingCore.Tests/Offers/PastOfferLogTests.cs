using RoutingCore.Engine;

namespace RoutingCore.Tests.Offers;

/// <summary>
/// The past offers of a conversation are an append-only log with an index built on the first lookup of a long log: both
/// ways of answering must agree, and a decline must outlast a withdrawal of the same agent.
/// </summary>
public sealed class PastOfferLogTests
{
    [TestCase(3)]
    [TestCase(32)]
    [TestCase(33)]
    [TestCase(500)]
    public void TryGet_ShortAndLongLogs_AnswerEveryAgentAlike(int agents)
    {
        var log = new PastOfferLog();
        for (int i = 0; i < agents; i++)
        {
            log.Record(new AgentId($"agent-{i}"), i % 3 == 0 ? RoutingErrorCode.AlreadyDeclined : RoutingErrorCode.OfferWithdrawn);
        }

        for (int i = 0; i < agents; i++)
        {
            log.TryGet(new AgentId($"agent-{i}"), out RoutingErrorCode code).ShouldBeTrue();
            code.ShouldBe(i % 3 == 0 ? RoutingErrorCode.AlreadyDeclined : RoutingErrorCode.OfferWithdrawn);
        }

        log.Contains(new AgentId("never-offered")).ShouldBeFalse();
        log.Count.ShouldBe(agents);
    }

    [TestCase(2)]
    [TestCase(40)]
    public void Record_DeclineAfterWithdrawal_OutlastsLaterWithdrawals(int others)
    {
        var log = new PastOfferLog();
        var alice = new AgentId("alice");
        log.Record(alice, RoutingErrorCode.OfferWithdrawn);
        for (int i = 0; i < others; i++)
        {
            log.Record(new AgentId($"other-{i}"), RoutingErrorCode.OfferWithdrawn);
        }

        log.Record(alice, RoutingErrorCode.AlreadyDeclined);
        log.TryGet(alice, out RoutingErrorCode afterDecline).ShouldBeTrue(); // a long log is indexed here
        log.Record(alice, RoutingErrorCode.OfferWithdrawn); // the index is kept up to date from now on

        log.TryGet(alice, out RoutingErrorCode code).ShouldBeTrue();
        afterDecline.ShouldBe(RoutingErrorCode.AlreadyDeclined);
        code.ShouldBe(RoutingErrorCode.AlreadyDeclined);
    }

    [Test]
    public void Distinct_RepeatedAgents_OneEntryEachInFirstRecordedOrder()
    {
        var log = new PastOfferLog();
        string[] order = ["carol", "alice", "bob", "alice", "carol"];
        RoutingErrorCode[] codes = [RoutingErrorCode.OfferWithdrawn, RoutingErrorCode.OfferWithdrawn, RoutingErrorCode.OfferWithdrawn, RoutingErrorCode.AlreadyDeclined, RoutingErrorCode.OfferWithdrawn];
        for (int i = 0; i < order.Length; i++)
        {
            log.Record(new AgentId(order[i]), codes[i]);
        }

        Dictionary<AgentId, RoutingErrorCode> distinct = log.Distinct();

        distinct.Keys.Select(k => k.Value).ShouldBe(["carol", "alice", "bob"]);
        distinct[new AgentId("alice")].ShouldBe(RoutingErrorCode.AlreadyDeclined);
        distinct[new AgentId("carol")].ShouldBe(RoutingErrorCode.OfferWithdrawn);
    }

    [Test]
    public void Accept_LateAfterBroadcastToManyAgents_RefusedAsWithdrawnNotAsNeverOffered()
    {
        // 40 agents: more than a log scans, so the late answers go through the index.
        using var kit = new EngineKit(o => o.Strategy = RoutingStrategyNames.Broadcast, logEvents: false);
        for (int i = 0; i < 40; i++)
        {
            kit.Engine.AddAgent(TestEngine.Agent($"agent-{i:00}"), AgentState.Online);
        }

        kit.Engine.AddAgent(TestEngine.Agent("late-joiner", skill: "billing"), AgentState.Online);
        var conversation = new ConversationId("c-1");
        kit.Engine.Submit(TestEngine.Chat("c-1")).State.ShouldBe(ConversationState.Offered);
        kit.Engine.Accept(conversation, new AgentId("agent-07"));

        var late = Should.Throw<RoutingOperationException>(() => kit.Engine.Accept(conversation, new AgentId("agent-31")));
        var never = Should.Throw<RoutingOperationException>(() => kit.Engine.Accept(conversation, new AgentId("late-joiner")));

        late.Code.ShouldBe(RoutingErrorCode.OfferWithdrawn);
        never.Code.ShouldBe(RoutingErrorCode.NotOffered);
        kit.Engine.GetConversation(conversation).Agent.ShouldBe(new AgentId("agent-07"));
    }

    [TestCase(3)]
    [TestCase(40)]
    public void ForgetWithdrawn_KeepsEachDeclineOnce_AndMarksTheLogAccepted(int others)
    {
        var log = new PastOfferLog();
        var alice = new AgentId("alice");
        log.Record(alice, RoutingErrorCode.OfferWithdrawn);
        log.Record(alice, RoutingErrorCode.AlreadyDeclined);
        for (int i = 0; i < others; i++)
        {
            log.Record(new AgentId($"other-{i}"), RoutingErrorCode.OfferWithdrawn);
        }

        log.Contains(new AgentId("other-1")).ShouldBeTrue(); // a long log is indexed here; the index must go with the entries
        log.Record(alice, RoutingErrorCode.AlreadyDeclined);

        log.ForgetWithdrawn();

        log.Accepted.ShouldBeTrue();
        log.Count.ShouldBe(1);
        log.TryGet(alice, out RoutingErrorCode code).ShouldBeTrue();
        code.ShouldBe(RoutingErrorCode.AlreadyDeclined);
        log.Contains(new AgentId("other-1")).ShouldBeFalse();
    }

    /// <summary>
    /// Issue 18: "Keep, per conversation, only what a rule needs (for example the compact set of agents who declined or
    /// ignored it), not every withdrawn offer". Accepted after a broadcast to 300 agents, a conversation keeps its decline
    /// and the fact that it was accepted; the document does not grow with the agents it was offered to, and the restored
    /// engine answers late answers as the first did.
    /// </summary>
    [Test]
    public void Accept_AfterBroadcastToManyAgents_TheDocumentKeepsTheDeclinesOnly_AndTheRestoredEngineAnswersAlike()
    {
        using var kit = new EngineKit(o => o.Strategy = RoutingStrategyNames.Broadcast, logEvents: false);
        for (int i = 0; i < 300; i++)
        {
            kit.Engine.AddAgent(TestEngine.Agent($"agent-{i:000}"), AgentState.Online);
        }

        kit.Engine.AddAgent(TestEngine.Agent("biller", skill: "billing"), AgentState.Online);
        var conversation = new ConversationId("c-1");
        kit.Engine.Submit(TestEngine.Chat("c-1")).OfferedTo.Length.ShouldBe(300);
        kit.Engine.Decline(conversation, new AgentId("agent-003"));
        kit.Engine.Accept(conversation, new AgentId("agent-007"));

        string document = State.StateKit.Save(kit.Engine);
        System.Text.Json.Nodes.JsonNode past = System.Text.Json.Nodes.JsonNode.Parse(document)!["conversations"]![0]!["past"]!;
        past.ToJsonString().ShouldBe("{\"declined\":[3],\"accepted\":true}");

        using var restored = new EngineKit(o => o.Strategy = RoutingStrategyNames.Broadcast, logEvents: false);
        State.StateKit.Restore(restored.Engine, document);
        foreach (IRoutingEngine engine in new[] { kit.Engine, restored.Engine })
        {
            Should.Throw<RoutingOperationException>(() => engine.Accept(conversation, new AgentId("agent-031"))).Code.ShouldBe(RoutingErrorCode.OfferWithdrawn);
            Should.Throw<RoutingOperationException>(() => engine.Accept(conversation, new AgentId("agent-003"))).Code.ShouldBe(RoutingErrorCode.AlreadyDeclined);
            Should.Throw<RoutingOperationException>(() => engine.Accept(conversation, new AgentId("biller"))).Code.ShouldBe(RoutingErrorCode.NotOffered);
            engine.TryAccept(conversation, new AgentId("agent-007")).Succeeded.ShouldBeTrue(); // issue 18: the holder's repeat answers the same
        }
    }

    [Test]
    public void Accept_OfAConversationOfferedToItsAgentAlone_RemembersNothing()
    {
        using var kit = new EngineKit(logEvents: false);
        kit.Engine.AddAgent(TestEngine.Agent("a"), AgentState.Online);
        kit.Engine.AddAgent(TestEngine.Agent("b"), AgentState.Offline);
        kit.Engine.Submit(TestEngine.Chat("c-1"));
        kit.Engine.Accept(new ConversationId("c-1"), new AgentId("a"));
        kit.Engine.SetAgentState(new AgentId("b"), AgentState.Online);

        // Nobody else was offered it: another agent's late accept is answered as never offered, as before.
        Should.Throw<RoutingOperationException>(() => kit.Engine.Accept(new ConversationId("c-1"), new AgentId("b"))).Code.ShouldBe(RoutingErrorCode.NotOffered);
        System.Text.Json.Nodes.JsonNode.Parse(State.StateKit.Save(kit.Engine))!["conversations"]![0]!.AsObject().ContainsKey("past").ShouldBeFalse();
    }
}
