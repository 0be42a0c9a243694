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
}
