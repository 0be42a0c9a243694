using System.Text;
using System.Text.Json.Nodes;
using RoutingCore.Engine;
using RoutingCore.Tests.State;

namespace RoutingCore.Tests.Agents;

/// <summary>
/// Nothing is retained without bound (issue 15): a skill's queue goes when its last conversation leaves it, a skill's
/// index when its last agent leaves, and a tag, medium or agent group when no agent holds it any more — in memory and in
/// the state document — while the engine keeps routing correctly.
/// </summary>
public sealed class RetentionTests
{
    private const int Churn = 5_000;

    [Test]
    public void SaveState_AfterAgentsAndOneOffSkillsCameAndWent_HoldsNoDeadNames()
    {
        using var kit = new EngineKit(Configure, logEvents: false);
        IRoutingEngine engine = kit.Engine;
        engine.AddAgent(Stay(), AgentState.Online);
        for (int i = 0; i < Churn; i++)
        {
            engine.AddAgent(Temporary(i, $"medium-{i}"), AgentState.Online); // more media than the 64 an engine holds at once
            engine.Submit(new ConversationRequest(new ConversationId($"served-{i}")) { Skill = new SkillId($"skill-{i}") }).OfferedTo.ShouldBe([new AgentId($"temp-{i}")]);
            engine.Accept(new ConversationId($"served-{i}"), new AgentId($"temp-{i}"));
            if (i % 10 != 0)
            {
                engine.Close(new ConversationId($"served-{i}"));
            }

            engine.Submit(new ConversationRequest(new ConversationId($"one-off-{i}")) { Skill = new SkillId($"one-off-{i}") }).State.ShouldBe(ConversationState.Waiting);
            engine.Close(new ConversationId($"one-off-{i}"));
            engine.RemoveAgent(new AgentId($"temp-{i}"));
            if (i % 10 == 0)
            {
                // Its agent left: the conversation waits on its skill, keeping the skill's queue (and name) while it waits.
                engine.GetConversation(new ConversationId($"served-{i}")).State.ShouldBe(ConversationState.Waiting);
                engine.Close(new ConversationId($"served-{i}"));
            }
        }

        var retained = ((DefaultRoutingEngine)engine).Retained();
        retained.ShouldBe((Skills: 1, SkillQueues: 0, Media: 1, Tags: 1, TagIdBound: 1, Groups: 1));
        JsonObject document = JsonNode.Parse(StateKit.Save(engine))!.AsObject();
        Names(document["skills"]).ShouldBe(["support"]);
        Names(document["tags"]).ShouldBe(["en"]);
        Names(document["media"]).ShouldBe(["chat"]);
        document["queues"]!.AsArray().Select(q => q!.ToJsonString()).ShouldBe(["{\"conversations\":[]}"]);
        document["agents"]!.AsArray().Count.ShouldBe(1);
        document["conversations"]!.AsArray().Count.ShouldBe(0);
        document["timers"]!.AsArray().Count.ShouldBe(0);

        // Closed conversations are remembered (and name their skills) up to the documented bound; the rest is tiny.
        document["closed"]!["order"]!.AsArray().Count.ShouldBe(RoutingDefaults.ClosedConversationMemory);
        document.Remove("closed");

        // Removed agents are remembered (issue 18: a repeated RemoveAgent succeeds without effect) up to their documented bound.
        RoutingDefaults.RemovedAgentMemory.ShouldBeGreaterThan(Churn);
        Names(document["retries"]!["removedAgents"]).ShouldBe([.. Enumerable.Range(0, Churn).Select(i => $"temp-{i}")]);
        document.Remove("retries");
        Encoding.UTF8.GetByteCount(document.ToJsonString()).ShouldBeLessThan(1_500);

        ((DefaultRoutingEngine)engine).FindStaleIndexEntry().ShouldBeNull();
        RoutesByTagsMediaAndGroups(engine);
    }

    [Test]
    public void RemoveAgent_OfMostOf5000AgentsWithUniqueNames_CompactsTheTagsAndKeepsEveryoneRoutable()
    {
        using var kit = new EngineKit(Configure, logEvents: false);
        IRoutingEngine engine = kit.Engine;
        engine.AddAgent(Stay(), AgentState.Online);
        for (int i = 0; i < Churn; i++)
        {
            engine.AddAgent(Temporary(i, $"medium-{i % 50}"), AgentState.Online);
        }

        for (int i = 0; i < Churn; i++)
        {
            if (i % 500 != 7)
            {
                engine.RemoveAgent(new AgentId($"temp-{i}"));
            }
        }

        var retained = ((DefaultRoutingEngine)engine).Retained();
        retained.Tags.ShouldBe(11); // "en" and ten agents' own
        retained.TagIdBound.ShouldBeLessThanOrEqualTo((2 * retained.Tags) + InternTable.CompactionSlack);
        retained.Groups.ShouldBe(11);
        retained.Skills.ShouldBe(11);
        ((DefaultRoutingEngine)engine).FindStaleIndexEntry().ShouldBeNull();
        for (int i = 7; i < Churn; i += 500)
        {
            var request = new ConversationRequest(new ConversationId($"needs-tag-{i}")) { RequiredTags = [$"tag-{i}"], Media = [MediaType.Chat, new MediaType($"medium-{i % 50}")] };
            engine.Plan(request).Steps.SelectMany(s => s.Agents).Select(a => a.Agent.Value).ShouldBe([$"temp-{i}"]);
        }

        RoutesByTagsMediaAndGroups(engine);
    }

    [Test]
    public void RestoreState_OfADocumentListingDeadNames_DropsThemAndSavesTheRestUnchanged()
    {
        using var kit = new EngineKit(Configure, logEvents: false);
        kit.Engine.AddAgent(Stay(), AgentState.Online);
        kit.Engine.AddAgent(new AgentProfile(new AgentId("other")) { Skills = [new AgentSkill(new SkillId("sales"))], Tags = ["fr"] }, AgentState.Away);
        kit.Engine.Submit(new ConversationRequest(new ConversationId("waits")) { Skill = new SkillId("sales") }).State.ShouldBe(ConversationState.Waiting);
        string saved = StateKit.Save(kit.Engine);

        // As an earlier engine wrote it: names nobody holds, and the empty queue of a skill nothing waits on.
        JsonObject old = JsonNode.Parse(saved)!.AsObject();
        old["tags"]!.AsArray().Insert(0, "ghost-tag");
        old["media"]!.AsArray().Add("ghost-medium");
        old["skills"]!.AsArray().Insert(1, "ghost-skill");
        old["queues"]!.AsArray().Insert(1, new JsonObject { ["skill"] = "ghost-skill", ["conversations"] = new JsonArray() });

        using var restored = new EngineKit(Configure, logEvents: false);
        restored.Clock.Advance(kit.Elapsed);
        StateKit.Restore(restored.Engine, old.ToJsonString());

        StateKit.Save(restored.Engine).ShouldBe(saved);
        ((DefaultRoutingEngine)restored.Engine).Retained().ShouldBe((Skills: 2, SkillQueues: 1, Media: 1, Tags: 2, TagIdBound: 3, Groups: 1));
        restored.Engine.SetAgentState(new AgentId("other"), AgentState.Online);
        restored.Engine.GetConversation(new ConversationId("waits")).OfferedTo.ShouldBe([new AgentId("other")]);
    }

    /// <summary>The engine still routes by tags, media and agent groups: new names get bits, held ones keep theirs.</summary>
    private static void RoutesByTagsMediaAndGroups(IRoutingEngine engine)
    {
        engine.AddAgent(new AgentProfile(new AgentId("late-a")) { Skills = [new AgentSkill(new SkillId("sales"))], Tags = ["fr"], Groups = [new AgentGroupId("g-late-a")] }, AgentState.Online);
        engine.AddAgent(new AgentProfile(new AgentId("late-b")) { Skills = [new AgentSkill(new SkillId("sales"))], Tags = ["fr", "de"], Groups = [new AgentGroupId("g-late-b")], Media = [MediaType.Chat, MediaType.Video] }, AgentState.Online);

        engine.Plan(new ConversationRequest(new ConversationId("fr")) { Skill = new SkillId("sales"), RequiredTags = ["fr"] }).Steps.SelectMany(s => s.Agents).Select(a => a.Agent.Value).Order().ShouldBe(["late-a", "late-b"]);
        engine.Plan(new ConversationRequest(new ConversationId("de")) { Skill = new SkillId("sales"), RequiredTags = ["DE"] }).Steps.SelectMany(s => s.Agents).Select(a => a.Agent.Value).ShouldBe(["late-b"]);
        engine.Plan(new ConversationRequest(new ConversationId("video")) { Skill = new SkillId("sales"), Media = [MediaType.Video] }).Steps.SelectMany(s => s.Agents).Select(a => a.Agent.Value).ShouldBe(["late-b"]);
        engine.Plan(new ConversationRequest(new ConversationId("en")) { Skill = new SkillId("support"), RequiredTags = ["en"] }).Steps.SelectMany(s => s.Agents).Select(a => a.Agent.Value).ShouldBe(["stay"]);

        AgentGroupShare a = new(new AgentGroupId("g-late-a"), 100);
        AgentGroupShare b = new(new AgentGroupId("g-late-b"), 100);
        engine.ConfigureWorkload(new SkillId("sales"), WorkloadDistribution.Create([b], [a]));
        engine.Submit(new ConversationRequest(new ConversationId("to-group-b")) { Skill = new SkillId("sales") }).OfferedTo.ShouldBe([new AgentId("late-b")]);
        engine.ConfigureWorkload(new SkillId("sales"), WorkloadDistribution.Create([a], [b]));
        engine.Submit(new ConversationRequest(new ConversationId("to-group-a")) { Skill = new SkillId("sales") }).OfferedTo.ShouldBe([new AgentId("late-a")]);
    }

    private static void Configure(RoutingOptions options)
    {
        options.UnassignedSkillPolicy = UnassignedSkillPolicy.KeepOnSkill;
        options.ForcedPause.Enabled = false;
    }

    private static AgentProfile Stay() => new(new AgentId("stay")) { Skills = [new AgentSkill(new SkillId("support"))], Tags = ["en"], Groups = [new AgentGroupId("g-stay")], MaxConcurrent = 4 };

    /// <summary>An agent with a skill, tag and group of its own, and a medium besides chat.</summary>
    private static AgentProfile Temporary(int i, string medium) => new(new AgentId($"temp-{i}"))
    {
        Skills = [new AgentSkill(new SkillId($"skill-{i}"))],
        Tags = [$"tag-{i}", "en"],
        Groups = [new AgentGroupId($"group-{i}")],
        Media = [MediaType.Chat, new MediaType(medium)],
    };

    private static string[] Names(JsonNode? array) => [.. array!.AsArray().Select(n => n!.GetValue<string>())];
}
