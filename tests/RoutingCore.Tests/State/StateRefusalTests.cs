using System.Text;
using System.Text.Json.Nodes;
using RoutingCore.Tests.Lifecycle;

namespace RoutingCore.Tests.State;

/// <summary>A refused document changes nothing: corrupt, truncated, ill-typed, incomplete, inconsistent or newer documents.</summary>
public sealed class StateRefusalTests
{
    private static readonly StateScenario Scenario = new(RoutingStrategyNames.SkillBased, CapacityModelNames.MaxConcurrent, Workload: true, ForcedPause: true, AutoClose: true);

    private static readonly Lazy<string> Document = new(() =>
    {
        using Center source = StateKit.NewCenter(Scenario);
        new RandomDriver(3, Scenario).Run(120, source, source);
        source.Engine.RemoveAgent(source.Engine.GetAgents()[0].Profile.Id);
        source.Engine.AddAgent(new AgentProfile(new AgentId("fixed-a")) { Skills = [new AgentSkill(new SkillId("fixed"))], Groups = [new AgentGroupId("g2")], MaxConcurrent = 2, Media = [new MediaType("email")] }, AgentState.Online);
        source.Engine.Assign(new ConversationRequest(new ConversationId("fixed-1")) { Skill = new SkillId("fixed"), Media = [new MediaType("email")] }, new AgentId("fixed-a"));
        source.Engine.Submit(new ConversationRequest(new ConversationId("fixed-2")) { Skill = new SkillId("fixed"), Media = [new MediaType("email")] }).State.ShouldBe(ConversationState.Offered);
        source.Engine.Submit(new ConversationRequest(new ConversationId("fixed-3")) { Skill = new SkillId("fixed"), RequiredTags = ["none"], Media = [new MediaType("email")] }).State.ShouldBe(ConversationState.Waiting);
        return StateKit.Save(source.Engine);
    });

    /// <summary>A target with no agents and no conversations, but state of its own: closed conversations, counters, split counts.</summary>
    private static Center Target()
    {
        Center target = StateKit.NewCenter(Scenario);
        target.Engine.AddAgent(new AgentProfile(new AgentId("old")) { Skills = [new AgentSkill(new SkillId("sales"))], Groups = [new AgentGroupId("g1")], Tags = ["gold"] }, AgentState.Online);
        target.Engine.Submit(new ConversationRequest(new ConversationId("old-1")) { Skill = new SkillId("sales"), Consumer = new ConsumerId("someone") });
        target.Engine.Accept(new ConversationId("old-1"), new AgentId("old"));
        target.Engine.Close(new ConversationId("old-1"));
        target.Engine.RemoveAgent(new AgentId("old"));
        return target;
    }

    private static void ShouldRefuse(string document, string? path, params string[] message) =>
        ShouldRefuse(Encoding.UTF8.GetBytes(document), path, message);

    private static void ShouldRefuse(byte[] document, string? path, params string[] message)
    {
        using Center target = Target();
        string before = StateKit.Save(target.Engine);
        var error = Should.Throw<RoutingStateException>(() => StateKit.Restore(target.Engine, document));
        error.Message.ShouldStartWith("The routing state document was refused at ");
        if (path is not null)
        {
            error.Path.ShouldBe(path);
        }

        foreach (string part in message)
        {
            error.Message.ShouldContain(part, Case.Insensitive);
        }

        target.Engine.GetAgents().ShouldBeEmpty();
        target.Engine.GetWaitingConversations().ShouldBeEmpty();
        target.Engine.GetConversation(new ConversationId("old-1")).State.ShouldBe(ConversationState.Closed);
        StateKit.Save(target.Engine).ShouldBe(before);
        target.Log.Events.Count(e => e.Timestamp > target.Clock.GetUtcNow()).ShouldBe(0);
    }

    private static string Mutate(Action<JsonObject> change)
    {
        JsonObject root = JsonNode.Parse(Document.Value)!.AsObject();
        change(root);
        return root.ToJsonString();
    }

    private static JsonObject First(JsonObject root, string array, Func<JsonObject, bool> where) =>
        root[array]!.AsArray().Select(n => n!.AsObject()).First(where);

    private static int IndexOf(JsonObject root, string array, Func<JsonObject, bool> where) =>
        root[array]!.AsArray().Select(n => n!.AsObject()).ToList().FindIndex(o => where(o));

    [Test]
    public void Document_HasEverythingTheRefusalsMutate()
    {
        JsonObject root = JsonNode.Parse(Document.Value)!.AsObject();
        root["formatVersion"]!.GetValue<int>().ShouldBe(2);
        IndexOf(root, "conversations", c => (string?)c["state"] == "Assigned").ShouldBeGreaterThanOrEqualTo(0);
        root["queues"]!.AsArray().Sum(q => q!["conversations"]!.AsArray().Count).ShouldBeGreaterThan(0);
        root["timers"]!.AsArray().Count.ShouldBeGreaterThan(0);
        root["workload"]!.AsArray().Count.ShouldBe(1);
    }

    [TestCase("")]
    [TestCase("   ")]
    [TestCase("{not json")]
    [TestCase("[1, 2]")]
    [TestCase("null")]
    [TestCase("\"formatVersion\"")]
    [TestCase("{\"formatVersion\": 1} trailing")]
    public void Restore_NotAJsonObject_IsRefused(string document) => ShouldRefuse(document, null);

    [Test]
    public void Restore_TruncatedAnywhere_IsRefused()
    {
        byte[] bytes = Encoding.UTF8.GetBytes(Document.Value);
        int step = Math.Max(1, bytes.Length / 150);
        for (int length = 0; length < bytes.Length - 1; length += length < 40 ? 1 : step)
        {
            ShouldRefuse(bytes[..length], null);
        }

        ShouldRefuse(bytes[..^1], null);
    }

    [Test]
    public void Restore_NewerFormatVersion_IsRefusedNamingBothVersions() =>
        ShouldRefuse(Mutate(r => r["formatVersion"] = 3), "$.formatVersion", "written by format version 3", "reads up to format version 2");

    [Test]
    public void Restore_NewerFormatVersionOfAnotherShape_IsRefusedAsNewer() =>
        ShouldRefuse("{\"formatVersion\": 7, \"agents\": \"a new shape\"}", "$.formatVersion", "format version 7");

    [TestCase("0", "does not exist", "reads format versions 1 to 2")]
    [TestCase("\"2\"", "must be an integer")]
    [TestCase("1.5", "must be an integer")]
    public void Restore_BadFormatVersion_IsRefused(string version, params string[] message) =>
        ShouldRefuse(Document.Value.Replace("\"formatVersion\":2", $"\"formatVersion\":{version}", StringComparison.Ordinal), "$.formatVersion", message);

    [Test]
    public void Restore_NoFormatVersion_IsRefused() =>
        ShouldRefuse(Mutate(r => r.Remove("formatVersion")), "$.formatVersion", "has no formatVersion");

    [Test]
    public void Restore_WrongType_IsRefusedWithPath() =>
        ShouldRefuse(Mutate(r => r["agents"]![0]!["order"] = "first"), "$.agents[0].order", "not a valid state document");

    [Test]
    public void Restore_ArrayWhereObjectExpected_IsRefusedWithPath() =>
        ShouldRefuse(Mutate(r => r["counters"] = new JsonArray()), "$.counters", "not a valid state document");

    [Test]
    public void Restore_MissingRequiredField_IsRefused() =>
        ShouldRefuse(Mutate(r => r["agents"]![0]!.AsObject().Remove("state")), "$.agents[0]", "missing required properties", "state");

    [Test]
    public void Restore_NullRequiredField_IsRefused() =>
        ShouldRefuse(Mutate(r => r["timers"] = null), "$.timers", "null or missing");

    [Test]
    public void Restore_NullItem_IsRefused() =>
        ShouldRefuse(Mutate(r => r["conversations"]!.AsArray().Add(null)), null, "null or missing");

    [Test]
    public void Restore_UnknownEnumName_IsRefused() =>
        ShouldRefuse(Mutate(r => r["agents"]![0]!["state"] = "Sleeping"), "$.agents[0].state", "not a valid state document");

    [Test]
    public void Restore_UnknownEnumNumber_IsRefusedNamingValidValues() =>
        ShouldRefuse(Mutate(r => r["agents"]![1]!["state"] = 42), "$.agents[1].state", "'42' is not a AgentState", "Online");

    [Test]
    public void Restore_UnknownTimerKind_IsRefused() =>
        ShouldRefuse(Mutate(r => r["timers"]![0]!["kind"] = "Alarm"), "$.timers[0].kind", "not a valid state document");

    [Test]
    public void Restore_DuplicateAgent_IsRefused() =>
        ShouldRefuse(Mutate(r => r["agents"]!.AsArray().Add(r["agents"]![0]!.DeepClone())), null, "is listed twice");

    [Test]
    public void Restore_DuplicateConversation_IsRefused()
    {
        string document = Mutate(r => r["conversations"]!.AsArray().Add(r["conversations"]![0]!.DeepClone()));
        ShouldRefuse(document, null, "listed twice");
    }

    [Test]
    public void Restore_AssignmentToUnknownAgent_IsRefused()
    {
        string document = Mutate(r => First(r, "conversations", c => (string?)c["state"] == "Assigned")["agent"] = "nobody");
        ShouldRefuse(document, null, "agent 'nobody' is not on the document's roster");
    }

    [Test]
    public void Restore_QueueOfUnknownConversation_IsRefused()
    {
        string document = Mutate(r => r["queues"]![0]!["conversations"]!.AsArray().Add("conv-unknown"));
        ShouldRefuse(document, null, "conversation 'conv-unknown' is not among the document's conversations");
    }

    [Test]
    public void Restore_TimerOfUnknownConversation_IsRefused()
    {
        string document = Mutate(r => r["timers"]!.AsArray().Add(new JsonObject
        {
            ["kind"] = "Retry", ["conversation"] = "conv-unknown", ["token"] = 1, ["due"] = "2026-01-05T09:00:00+00:00", ["sequence"] = 0,
        }));
        ShouldRefuse(document, null, "conversation 'conv-unknown' is not among");
    }

    [Test]
    public void Restore_AgentListsConversationNotAssignedToIt_IsRefused()
    {
        string document = Mutate(r =>
        {
            string waiting = (string)First(r, "conversations", c => (string?)c["state"] == "Waiting")["request"]!["id"]!;
            r["agents"]![0]!["conversations"]!.AsArray().Add(waiting);
        });
        ShouldRefuse(document, null, "not assigned to it");
    }

    [Test]
    public void Restore_WaitingConversationInNoQueue_IsRefused()
    {
        string document = Mutate(r =>
        {
            foreach (JsonNode? queue in r["queues"]!.AsArray())
            {
                queue!["conversations"] = new JsonArray();
            }
        });
        ShouldRefuse(document, null, "is Waiting but no queue lists it");
    }

    [Test]
    public void Restore_WorkloadGroupTheEngineDoesNotKnow_IsRefused()
    {
        string document = Mutate(r => r["workload"]![0]!["primary"]![0]!["group"] = "vendor-x");
        ShouldRefuse(document, "$.workload[0].primary[0].group", "agent group 'vendor-x'", "RoutingOptions.AgentGroups");
    }

    [Test]
    public void Restore_InvalidPercentages_IsRefused()
    {
        string document = Mutate(r => r["workload"]![0]!["primary"]![0]!["percentage"] = 130);
        ShouldRefuse(document, "$.workload[0]", "130");
    }

    [Test]
    public void Restore_InvalidProfile_IsRefused()
    {
        string document = Mutate(r => r["agents"]![0]!["profile"]!["maxConcurrent"] = 0);
        ShouldRefuse(document, "$.agents[0].profile", "MaxConcurrent 0");
    }

    [Test]
    public void Restore_EmptyId_IsRefused()
    {
        string document = Mutate(r => r["agents"]![0]!["profile"]!["id"] = "");
        ShouldRefuse(document, "$.agents[0].profile.id", "AgentId");
    }

    [Test]
    public void Restore_IdWithSurroundingWhiteSpace_IsRefusedNamingItsPath()
    {
        string document = Mutate(r => r["agents"]![0]!["profile"]!["id"] = " " + (string)r["agents"]![0]!["profile"]!["id"]!);
        ShouldRefuse(document, "$.agents[0].profile.id", "An AgentId must not start or end with white space", "trim it");
    }

    [Test]
    public void Restore_TagWithSurroundingWhiteSpace_IsRefused()
    {
        string document = Mutate(r => r["agents"]![0]!["profile"]!["tags"] = new JsonArray("gold\u00A0"));
        ShouldRefuse(document, "$.agents[0].profile", "tag 'gold\\u00a0' (Tags[0]), which starts or ends with white space; trim it");
    }

    [Test]
    public void Restore_NegativeCount_IsRefused()
    {
        string document = Mutate(r => r["agents"]![0]!["declines"] = -1);
        ShouldRefuse(document, "$.agents[0].declines", "must not be negative");
    }

    [Test]
    public void Restore_StaleTimerToken_IsRefused()
    {
        string document = Mutate(r => r["timers"]![0]!["token"] = 987654321);
        ShouldRefuse(document, "$.timers[0].token", "a timer carries its target's current token");
    }

    [Test]
    public void Restore_OfferedConversationWithoutStepTimer_IsRefused()
    {
        string document = Mutate(r =>
        {
            JsonArray timers = r["timers"]!.AsArray();
            for (int i = timers.Count - 1; i >= 0; i--)
            {
                if ((string?)timers[i]!["kind"] == "Step")
                {
                    timers.RemoveAt(i);
                }
            }
        });
        ShouldRefuse(document, null, "is Offered but no Step timer is pending");
    }

    [Test]
    public void Restore_IntoEngineWithAgents_IsRefusedAndChangesNothing()
    {
        using Center target = StateKit.NewCenter(Scenario);
        target.Agent("busy");
        target.Submit("c1");
        string before = StateKit.Save(target.Engine);
        var error = Should.Throw<RoutingOperationException>(() => StateKit.Restore(target.Engine, Document.Value));
        error.Code.ShouldBe(RoutingErrorCode.EngineNotEmpty);
        error.Message.ShouldContain("no agents and no conversations");
        error.Message.ShouldContain("1 agent(s) and 1 open conversation(s)");
        StateKit.Save(target.Engine).ShouldBe(before);
    }

    [Test]
    public void Restore_IntoEngineWithOnlyAConversation_IsRefused()
    {
        using Center target = StateKit.NewCenter(Scenario);
        target.Submit("c1");
        RoutingOperationException error = Should.Throw<RoutingOperationException>(() => StateKit.Restore(target.Engine, Document.Value));
        error.Code.ShouldBe(RoutingErrorCode.EngineNotEmpty);
        error.Message.ShouldContain("0 agent(s) and 1 open conversation(s)");
        target.Waiting().ShouldBe(["c1"]);
    }

    [Test]
    public void SaveAndRestore_BadStreams_AreRejected()
    {
        using Center center = StateKit.NewCenter(Scenario);
        Should.Throw<ArgumentNullException>(() => center.Engine.SaveState(null!)).ParamName.ShouldBe("destination");
        Should.Throw<ArgumentNullException>(() => center.Engine.RestoreState(null!)).ParamName.ShouldBe("source");
        using var readOnly = new MemoryStream([], writable: false);
        Should.Throw<ArgumentException>(() => center.Engine.SaveState(readOnly)).Message.ShouldContain("not writable");
    }

    [Test]
    public void SaveAndRestore_DisposedEngine_Throw()
    {
        Center center = StateKit.NewCenter(Scenario);
        center.Dispose();
        Should.Throw<ObjectDisposedException>(() => StateKit.Save(center.Engine));
        Should.Throw<ObjectDisposedException>(() => StateKit.Restore(center.Engine, Document.Value));
    }
}
