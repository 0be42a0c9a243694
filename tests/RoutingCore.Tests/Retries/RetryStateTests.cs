using System.Text.Json.Nodes;
using RoutingCore.Engine;
using RoutingCore.Tests.State;

namespace RoutingCore.Tests.Retries;

/// <summary>
/// What makes a repeat recognizable is part of the state document (its <c>retries</c> section, docs/state-format.md) and of
/// the journal's records (optional fields, docs/journal-format.md), so that a repeat that reaches an engine rebuilt after a
/// failover is still recognized; the memories are bounded; a bad section is refused naming where.
/// </summary>
public sealed class RetryStateTests
{
    [Test]
    public void Document_HoldsTheRetriesSection_Compactly_AndARestoredEngineSavesItAlike()
    {
        using EngineKit kit = Remembering();
        string document = StateKit.Save(kit.Engine);

        JsonNode retries = JsonNode.Parse(document)!["retries"]!;
        retries.ToJsonString().ShouldBe("""{"removedAgents":["cid"],"operations":[{"id":"op-1","kind":"Transfer","conversation":"c1","skill":"support"},{"id":"op-2","kind":"ReturnToQueue","conversation":"c2"}],"messages":[{"conversation":"c2","ids":["m1","m2"]}]}""");
        using EngineKit copy = RetryCases.NewKit(new Microsoft.Extensions.Time.Testing.FakeTimeProvider(kit.Clock.GetUtcNow()));
        StateKit.Restore(copy.Engine, document);
        StateKit.Save(copy.Engine).ShouldBe(document);
    }

    [Test]
    public void Document_OfAnEngineThatRemembersNothing_HasNoRetriesSection()
    {
        using EngineKit kit = RetryCases.NewKit();
        kit.Engine.AddAgent(TestEngine.Agent("ann"), AgentState.Online);
        kit.Engine.Assign(TestEngine.Chat("c1"), new AgentId("ann"));
        kit.Engine.ReportMessage(new ConversationId("c1"), MessageAuthor.Consumer);

        JsonNode.Parse(StateKit.Save(kit.Engine))!.AsObject().ContainsKey("retries").ShouldBeFalse();
    }

    [TestCaseSource(nameof(BadSections))]
    public void Restore_OfABadRetriesSection_IsRefused_NamingWhere(Action<JsonNode> spoil, string path, string message)
    {
        using EngineKit kit = Remembering();
        JsonNode document = JsonNode.Parse(StateKit.Save(kit.Engine))!;
        spoil(document["retries"]!);
        using EngineKit target = RetryCases.NewKit(new Microsoft.Extensions.Time.Testing.FakeTimeProvider(kit.Clock.GetUtcNow()));
        string before = StateKit.Save(target.Engine);

        RoutingStateException refused = Should.Throw<RoutingStateException>(() => StateKit.Restore(target.Engine, document.ToJsonString()));

        refused.Path.ShouldBe(path);
        refused.Message.ShouldContain(message);
        StateKit.Save(target.Engine).ShouldBe(before);
    }

    public static IEnumerable<TestCaseData> BadSections()
    {
        yield return Case("RemovedAgentOnTheRoster", r => r["removedAgents"]!.AsArray().Add("ann"), "$.retries.removedAgents[1]", "agent 'ann' is listed twice, or is on the document's roster");
        yield return Case("RemovedAgentBadId", r => r["removedAgents"]![0] = " cid", "$.retries.removedAgents[0]", "must not start or end with white space");
        yield return Case("OperationListedTwice", r => r["operations"]![1]!["id"] = "op-1", "$.retries.operations[1].id", "operation 'op-1' is listed twice");
        yield return Case("OperationOfAnotherKind", r => r["operations"]![1]!["kind"] = "Close", "$.retries.operations[1].kind", "'Close' is not a kind of call that takes an operation id; valid kinds are ReturnToQueue and Transfer");
        yield return Case("TransferWithoutSkill", r => r["operations"]![0]!.AsObject().Remove("skill"), "$.retries.operations[0].skill", "a Transfer names its skill, a ReturnToQueue none");
        yield return Case("MessagesOfAClosedConversation", r => r["messages"]![0]!["conversation"] = "c9", "$.retries.messages[0].conversation", "conversation 'c9' is not open in the document");
        yield return Case("MessageListedTwice", r => r["messages"]![0]!["ids"]!.AsArray().Add("m1"), "$.retries.messages[0].ids[2]", "message 'm1' is listed twice for conversation 'c2'");
        yield return Case("NoMessageIds", r => r["messages"]![0]!["ids"] = new JsonArray(), "$.retries.messages[0].ids", "lists no message ids");
        yield return Case("TooManyMessageIds", r => r["messages"]![0]!["ids"] = new JsonArray([.. Enumerable.Range(0, 17).Select(i => (JsonNode)$"m{i}")]), "$.retries.messages[0].ids", "the engine remembers at most 16 message ids per conversation");

        static TestCaseData Case(string name, Action<JsonNode> spoil, string path, string message) => new TestCaseData(spoil, path, message).SetArgDisplayNames(name);
    }

    [Test]
    public void JournalRecords_CarryTheOperationAndMessageIds_AndRecordsWithoutThemStillRead()
    {
        using EngineKit kit = RetryCases.NewKit();
        var journal = new Journal.JsonJournal();
        using (kit.Engine.AttachJournal(journal))
        {
            Remember(kit.Engine);
        }

        string[] lines = [.. journal.Lines.Select(line => System.Text.Encoding.UTF8.GetString(line))];
        lines.ShouldContain(line => line.EndsWith("\"kind\":\"Transfer\",\"conversation\":\"c1\",\"skill\":\"support\",\"operation\":\"op-1\"}", StringComparison.Ordinal));
        lines.ShouldContain(line => line.EndsWith("\"kind\":\"ReportMessage\",\"conversation\":\"c2\",\"author\":\"Consumer\",\"messageId\":\"m1\"}", StringComparison.Ordinal));
        journal.Read().Select(r => r.ToString()).ShouldBe(lines, "read back as written");

        // A format-1 record written before the fields existed reads as a call without an id.
        RoutingCommand old = RoutingCommand.Parse("""{"v":1,"seq":7,"at":"2026-01-05T09:00:00+00:00","kind":"ReturnToQueue","conversation":"c1"}""");
        old.ToString().ShouldBe("""{"v":1,"seq":7,"at":"2026-01-05T09:00:00+00:00","kind":"ReturnToQueue","conversation":"c1"}""");
        Should.Throw<RoutingStateException>(() => RoutingCommand.Parse("""{"v":1,"seq":7,"at":"2026-01-05T09:00:00+00:00","kind":"ReturnToQueue","conversation":"c1","operation":""}"""))
            .Path.ShouldBe("$.operation");
        Should.Throw<RoutingStateException>(() => RoutingCommand.Parse("""{"v":1,"seq":7,"at":"2026-01-05T09:00:00+00:00","kind":"ReportMessage","conversation":"c1","author":"Agent","messageId":" m"}"""))
            .Path.ShouldBe("$.messageId");
    }

    [Test]
    public void Replay_OfARecordTheEngineTakesForARepeat_IsAMismatch()
    {
        // A journal's record is of a call that took effect: an engine that finds it already applied does not fit the journal.
        using EngineKit kit = RetryCases.NewKit();
        kit.Engine.AddAgent(TestEngine.Agent("ann"), AgentState.Online);
        long next = kit.Engine.LastCommandSequence + 1;
        RoutingCommand addAgain = RoutingCommand.Parse($$"""{"v":1,"seq":{{next}},"at":"2026-01-05T09:00:00+00:00","kind":"AddAgent","profile":{"id":"ann","skills":[{"skill":"sales"}],"tags":[],"groups":[],"media":[{"media":"chat"}]},"state":"Online"}""");

        RoutingOperationException refused = Should.Throw<RoutingOperationException>(() => kit.Engine.Replay([addAgain]));

        refused.Code.ShouldBe(RoutingErrorCode.ReplayMismatch);
        refused.Message.ShouldContain("the engine took it for a repeat of a call it already applied");
        kit.Engine.LastCommandSequence.ShouldBe(next - 1);
    }

    [Test]
    public void RecentMemory_ForgetsTheOldestBeyondItsCapacity_AndARememberedKeyAgainBecomesTheNewest()
    {
        // The bound of the removed agents (RoutingDefaults.RemovedAgentMemory) and of the operation ids (OperationMemory).
        var memory = new RecentMemory<string, int>(3);
        memory.Remember("a", 1);
        memory.Remember("b", 2);
        memory.Remember("c", 3);
        memory.Remember("a", 4); // newest again
        memory.Remember("d", 5); // forgets b, the oldest

        memory.OldestFirst.Select(e => $"{e.Key}{e.Value}").ShouldBe(["c3", "a4", "d5"]);
        memory.Contains("b").ShouldBeFalse();
        memory.Forget("c");
        memory.OldestFirst.Select(e => e.Key).ShouldBe(["a", "d"]);
        RoutingDefaults.RemovedAgentMemory.ShouldBe(10_000);
        RoutingDefaults.OperationMemory.ShouldBe(10_000);
        RoutingDefaults.MessageIdMemory.ShouldBe(16);
    }

    /// <summary>An engine that remembers a removed agent, two operations and two message ids of an open conversation.</summary>
    private static EngineKit Remembering()
    {
        EngineKit kit = RetryCases.NewKit();
        Remember(kit.Engine);
        return kit;
    }

    private static void Remember(IRoutingEngine engine)
    {
        engine.AddAgent(TestEngine.Agent("ann", max: 4), AgentState.Online);
        engine.AddAgent(TestEngine.Agent("bob", "support"), AgentState.Online);
        engine.AddAgent(TestEngine.Agent("cid"), AgentState.Online);
        engine.RemoveAgent(new AgentId("cid"));
        engine.Assign(TestEngine.Chat("c1"), new AgentId("ann"));
        engine.Assign(TestEngine.Chat("c2"), new AgentId("ann"));
        engine.Transfer(new ConversationId("c1"), new SkillId("support"), new OperationId("op-1"));
        engine.ReportMessage(new ConversationId("c2"), MessageAuthor.Consumer, null, new MessageId("m1"));
        engine.ReportMessage(new ConversationId("c2"), MessageAuthor.Consumer, null, new MessageId("m2"));
        engine.ReturnToQueue(new ConversationId("c2"), new OperationId("op-2"));
    }
}
