using System.Text.Json.Nodes;

namespace RoutingCore.Tests.State;

/// <summary>
/// The compact sections of format version 2 (docs/state-format.md): past offers by roster position, the consumer history
/// and the closed conversations in columns. What a saved document holds, and the refusals of a damaged one (each names the
/// JSON path and what would be valid).
/// </summary>
public sealed class StateColumnsTests
{
    /// <summary>
    /// a1 declined c1, a2's offer was withdrawn (it went away) and a3 left the roster after its offer was withdrawn; c0 was
    /// closed, and consumers u1 and u2 were served.
    /// </summary>
    private static readonly Lazy<string> Document = new(() =>
    {
        using var kit = new EngineKit(o => o.Strategy = RoutingStrategyNames.Broadcast, logEvents: false);
        IRoutingEngine e = kit.Engine;
        foreach (string agent in new[] { "a1", "a2", "a3", "a4" })
        {
            e.AddAgent(TestEngine.Agent(agent), AgentState.Online);
        }

        e.Assign(new ConversationRequest(new ConversationId("c0")) { Skill = new SkillId("sales"), Consumer = new ConsumerId("u1") }, new AgentId("a4"));
        e.Close(new ConversationId("c0"));
        e.Assign(new ConversationRequest(new ConversationId("c9")) { Skill = new SkillId("sales"), Consumer = new ConsumerId("u2") }, new AgentId("a4"));
        e.SetAgentState(new AgentId("a4"), AgentState.Paused);
        e.Submit(TestEngine.Chat("c1")).OfferedTo.Length.ShouldBe(3);
        e.Decline(new ConversationId("c1"), new AgentId("a1"));
        e.SetAgentState(new AgentId("a2"), AgentState.Away);
        e.RemoveAgent(new AgentId("a3"));
        return StateKit.Save(e);
    });

    private static JsonObject Root() => JsonNode.Parse(Document.Value)!.AsObject();

    private static JsonObject Past(JsonObject root) =>
        root["conversations"]!.AsArray().Single(c => (string?)c!["request"]!["id"] == "c1")!["past"]!.AsObject();

    [Test]
    public void SaveState_WritesThePastOffersByRosterPosition_AndTheHistoryInColumns()
    {
        JsonObject root = Root();
        root["agents"]!.AsArray().Select(a => (string?)a!["profile"]!["id"]).ShouldBe(["a1", "a2", "a4"]);
        Past(root).ToJsonString().ShouldBe("{\"withdrawn\":[1],\"declined\":[0],\"withdrawnOffRoster\":[\"a3\"]}");
        root["history"]!.ToJsonString().ShouldBe("{\"agents\":[\"a4\"],\"consumers\":[\"u2\",\"u1\"],\"counts\":[1,1],\"served\":[0,0]}");
        JsonObject closed = root["closed"]!.AsObject();
        closed["order"]!.ToJsonString().ShouldBe("[\"c0\"]");
        closed["requests"]!.AsArray().Select(r => (string?)r!["id"]).ShouldBe(["c0"]);
        closed["skills"]!.ToJsonString().ShouldBe("[\"sales\"]");
        closed["groups"]!.ToJsonString().ShouldBe("[null]");
    }

    [Test]
    public void RestoreThenSave_GivesTheSameBytes_AndTheSameAnswers()
    {
        using var kit = new EngineKit(o => o.Strategy = RoutingStrategyNames.Broadcast, logEvents: false);
        StateKit.Restore(kit.Engine, Document.Value);
        StateKit.Save(kit.Engine).ShouldBe(Document.Value);
        var c1 = new ConversationId("c1");
        kit.Engine.SetAgentState(new AgentId("a2"), AgentState.Online);
        Should.Throw<RoutingOperationException>(() => kit.Engine.Accept(c1, new AgentId("a1"))).Code.ShouldBe(RoutingErrorCode.AlreadyDeclined);
        kit.Engine.GetConversation(new ConversationId("c0")).State.ShouldBe(ConversationState.Closed);
    }

    [TestCase("withdrawn", "[3]", "$.conversations[1].past.withdrawn[0]", "agent position 3", "0 to 2")]
    [TestCase("withdrawn", "[-1]", "$.conversations[1].past.withdrawn[0]", "agent position -1")]
    [TestCase("withdrawn", "[2, 1]", "$.conversations[1].past.withdrawn[1]", "ascending order")]
    [TestCase("withdrawn", "[1, 1]", "$.conversations[1].past.withdrawn[1]", "ascending order")]
    [TestCase("withdrawn", "[0, 1]", "$.conversations[1].past.declined[0]", "agent 'a1' is listed twice")]
    [TestCase("declined", "[0, 2]", "$.conversations[1].past.declined[1]", "agent 'a4' declined the conversation but is not in its excluded list")]
    [TestCase("withdrawnOffRoster", "[\"a2\"]", "$.conversations[1].past.withdrawnOffRoster[0]", "agent 'a2' is on the document's roster", "by its position")]
    [TestCase("declinedOffRoster", "[\"a3\"]", "$.conversations[1].past.declinedOffRoster[0]", "agent 'a3' is listed twice")]
    [TestCase("withdrawnOffRoster", "[\"\"]", "$.conversations[1].past.withdrawnOffRoster[0]", "")]
    public void Restore_DamagedPastOffers_IsRefused(string field, string value, string path, params string[] message)
    {
        JsonObject root = Root();
        Past(root)[field] = JsonNode.Parse(value);
        ShouldRefuse(root, path, message);
    }

    [TestCase("counts", "[1]", "$.history.counts", "2 consumers but 1 counts")]
    [TestCase("counts", "[1, 2]", "$.history.counts[1]", "consumer 1 counts 2 agents, but $.history.served has 1 entries left")]
    [TestCase("counts", "[1, -1]", "$.history.counts[1]", "counts -1 agents")]
    [TestCase("counts", "[1, 0]", "$.history.served", "has 2 entries but the counts add up to 1")]
    [TestCase("served", "[0, 1]", "$.history.served[1]", "agent position 1 is not in $.history.agents (0 to 0)")]
    [TestCase("consumers", "[\"u2\", \"u2\"]", "$.history.consumers[1]", "consumer 'u2' is listed twice")]
    [TestCase("consumers", "[\"u2\", \" u1\"]", "$.history.consumers[1]", "white space")]
    public void Restore_DamagedHistory_IsRefused(string field, string value, string path, params string[] message)
    {
        JsonObject root = Root();
        root["history"]![field] = JsonNode.Parse(value);
        ShouldRefuse(root, path, message);
    }

    [TestCase("skills", "[]", "$.closed.skills", "the column has 0 entries but there are 1 requests")]
    [TestCase("slaDue", "[\"2026-01-05T09:00:00+00:00\", \"2026-01-05T09:00:00+00:00\"]", "$.closed.slaDue", "2 entries")]
    [TestCase("order", "[\"c7\"]", "$.closed.requests[0].id", "closed conversation 'c0'", "missing from $.closed.order")]
    [TestCase("groups", "[\"\"]", "$.closed.groups[0]", "")]
    public void Restore_DamagedClosedColumns_IsRefused(string field, string value, string path, params string[] message)
    {
        JsonObject root = Root();
        root["closed"]![field] = JsonNode.Parse(value);
        ShouldRefuse(root, path, message);
    }

    [TestCase("history")]
    [TestCase("past")]
    public void Restore_Version2WithTheSectionsOfVersion1_IsRefusedOrIgnoresThem(string section)
    {
        // A document of version 2 is read as version 2: the history of version 1 does not stand in for the columns.
        JsonObject root = StateVersion1.From(Document.Value);
        root["formatVersion"] = 2;
        if (section == "history")
        {
            ShouldRefuse(root, "$.history", "history");
            return;
        }

        root.Remove("consumerHistory");
        root.Remove("recentlyClosed");
        root["history"] = Root()["history"]!.DeepClone();
        using var kit = new EngineKit(o => o.Strategy = RoutingStrategyNames.Broadcast, logEvents: false);
        StateKit.Restore(kit.Engine, root.ToJsonString());
        kit.Engine.SetAgentState(new AgentId("a2"), AgentState.Online);
        Should.Throw<RoutingOperationException>(() => kit.Engine.Accept(new ConversationId("c1"), new AgentId("a1"))).Code.ShouldBe(RoutingErrorCode.NotOffered, "version 2 reads no pastOffers");
    }

    [Test]
    public void Restore_HistoryDeeperThanTheEngineKeeps_IsRefused()
    {
        JsonObject root = Root();
        root["history"]!["counts"] = JsonNode.Parse("[1, 5]");
        root["history"]!["served"] = JsonNode.Parse("[0, 0, 0, 0, 0, 0]");
        ShouldRefuse(root, "$.history.counts[1]", "consumer 'u1' lists 5 agents", "1 to 4");
    }

    [Test]
    public void Restore_Version1OfTheSameState_RestoresTheSameEngine()
    {
        using var kit = new EngineKit(o => o.Strategy = RoutingStrategyNames.Broadcast, logEvents: false);
        StateKit.Restore(kit.Engine, StateVersion1.From(Document.Value).ToJsonString());
        StateKit.Save(kit.Engine).ShouldBe(Document.Value);
    }

    private static void ShouldRefuse(JsonObject root, string path, params string[] message)
    {
        using var kit = new EngineKit(o => o.Strategy = RoutingStrategyNames.Broadcast, logEvents: false);
        RoutingStateException refused = Should.Throw<RoutingStateException>(() => StateKit.Restore(kit.Engine, root.ToJsonString()));
        refused.Path.ShouldBe(path, refused.Message);
        foreach (string part in message)
        {
            refused.Message.ShouldContain(part);
        }

        kit.Engine.GetAgents().ShouldBeEmpty("a refused document leaves the engine as it was");
    }
}
