using System.Text;
using System.Text.Json.Nodes;
using RoutingCore.Tests.Lifecycle;

namespace RoutingCore.Tests.State;

/// <summary>
/// The memories — consumer history and recently closed conversations — saved apart from the state (issue 18: "store the
/// closed-conversation memory and the consumer history compactly or apart"), so the state document costs in proportion to
/// the open work.
/// </summary>
public sealed class MemoriesApartTests
{
    /// <summary>Two agents; c1 and c2 served and closed (consumers k1, k2), c3 assigned to a1, c4 waiting for a1's skill.</summary>
    private static Center Served()
    {
        var center = new Center(o => o.ForcedPause.Enabled = false);
        center.Agent("a1", max: 1).Agent("a2", max: 1);
        for (int i = 1; i <= 2; i++)
        {
            center.Engine.Submit(new ConversationRequest(new ConversationId($"c{i}")) { Skill = new SkillId("sales"), Consumer = new ConsumerId($"k{i}") });
            center.Engine.Accept(new ConversationId($"c{i}"), center.Engine.GetConversation(new ConversationId($"c{i}")).OfferedTo[0]);
            center.Engine.Close(new ConversationId($"c{i}"));
        }

        center.Engine.Submit(new ConversationRequest(new ConversationId("c3")) { Skill = new SkillId("sales"), Consumer = new ConsumerId("k1") });
        center.Engine.Accept(new ConversationId("c3"), new AgentId("a1"));
        center.Submit("c4");
        center.Submit("c5");
        return center;
    }

    private static (byte[] State, byte[] Memories) SaveApart(IRoutingEngine engine)
    {
        using var state = new MemoryStream();
        using var memories = new MemoryStream();
        engine.SaveState(state, memories);
        return (state.ToArray(), memories.ToArray());
    }

    [Test]
    public void SaveApart_RestoreApart_IsTheSameEngineAsAWholeDocumentGives()
    {
        using Center center = Served();
        string whole = StateKit.Save(center.Engine);
        (byte[] state, byte[] memories) = SaveApart(center.Engine);

        JsonNode document = JsonNode.Parse(state)!;
        document["history"].ShouldBeNull();
        document["closed"].ShouldBeNull();
        document["memoriesApart"]!.GetValue<bool>().ShouldBeTrue();
        JsonNode apart = JsonNode.Parse(memories)!;
        apart["history"].ShouldNotBeNull();
        apart["closed"]!["requests"]!.AsArray().Count.ShouldBe(2);

        using var copy = new EngineKit(logEvents: false);
        copy.AdvanceTo(center.Clock.GetUtcNow());
        copy.Engine.RestoreState(new MemoryStream(state), new MemoryStream(memories));

        StateKit.Save(copy.Engine).ShouldBe(whole); // the same state, memories included
        copy.Engine.GetConversation(new ConversationId("c1")).State.ShouldBe(ConversationState.Closed); // the closed memory came back
    }

    [Test]
    public void SaveApart_StateDocumentDoesNotGrowWithTheMemories()
    {
        using Center small = Served();
        small.Agent("a3", max: 5);
        Serve(small, 0); // a3's own state (last accepted, load timer) is open work: it is in the document before and after
        int before = SaveApart(small.Engine).State.Length;
        for (int i = 1; i <= 300; i++)
        {
            Serve(small, i);
        }

        (byte[] state, byte[] memories) = SaveApart(small.Engine);
        state.Length.ShouldBeInRange(before - 16, before + 16); // counters move; the 300 closed conversations and consumers are not here
        memories.Length.ShouldBeGreaterThan(300 * 20);
    }

    private static void Serve(Center center, int i)
    {
        var id = new ConversationId($"h{i}");
        center.Engine.Assign(new ConversationRequest(id) { Skill = new SkillId("sales"), Consumer = new ConsumerId($"consumer-{i}") }, new AgentId("a3"));
        center.Engine.Close(id);
    }

    [Test]
    public void RestoreApart_RefusesEveryMismatchedPairAndKeepsTheEngineEmpty()
    {
        using Center center = Served();
        (byte[] state, byte[] memories) = SaveApart(center.Engine);
        byte[] whole = Encoding.UTF8.GetBytes(StateKit.Save(center.Engine));
        center.Clock.Advance(TimeSpan.FromSeconds(1));
        center.Engine.Close(new ConversationId("c4"));
        byte[] laterMemories = SaveApart(center.Engine).Memories;

        using var copy = new EngineKit(logEvents: false);
        copy.AdvanceTo(center.Clock.GetUtcNow());

        Should.Throw<RoutingStateException>(() => copy.Engine.RestoreState(new MemoryStream(state))).Message
            .ShouldBe("The routing state document was refused at $.memoriesApart: the document's consumer history and closed conversations were saved apart, by SaveState(Stream, Stream); restore it with RestoreState(Stream, Stream), giving the memories document written with it.");
        Should.Throw<RoutingStateException>(() => copy.Engine.RestoreState(new MemoryStream(whole), new MemoryStream(memories))).Path.ShouldBe("$.memoriesApart");
        Should.Throw<RoutingStateException>(() => copy.Engine.RestoreState(new MemoryStream(state), new MemoryStream(laterMemories))).Message
            .ShouldContain("give the pair written by the same SaveState(Stream, Stream) call");
        Should.Throw<RoutingStateException>(() => copy.Engine.RestoreState(new MemoryStream(state), new MemoryStream("{\"formatVersion\": 2, \"savedAt\": 3}"u8.ToArray()))).Message
            .ShouldStartWith("The routing memories document was refused at $.savedAt: it is not a valid memories document");
        Should.Throw<RoutingStateException>(() => copy.Engine.RestoreState(new MemoryStream(state), new MemoryStream([0xC3, 0x28]))).Message
            .ShouldStartWith("The routing memories document was refused at $: the document is not valid UTF-8");

        copy.Engine.GetAgents().ShouldBeEmpty(); // nothing taken from the refused pairs
        copy.Engine.RestoreState(new MemoryStream(state), new MemoryStream(memories)); // and the right pair still restores
        copy.Engine.GetAgents().Count().ShouldBe(2);
    }

    [Test]
    public void SaveAndRestoreApart_NullOrWrongWayStreams_AreRefusedNamingTheParameter()
    {
        using Center center = Served();
        using var readOnly = new MemoryStream(new byte[4], writable: false);

        Should.Throw<ArgumentNullException>(() => center.Engine.SaveState(new MemoryStream(), null!)).ParamName.ShouldBe("memories");
        Should.Throw<ArgumentException>(() => center.Engine.SaveState(new MemoryStream(), readOnly)).Message.ShouldStartWith("The memories stream is not writable");
        Should.Throw<ArgumentNullException>(() => center.Engine.RestoreState(new MemoryStream(), (Stream)null!)).ParamName.ShouldBe("memories");
        Should.Throw<ArgumentNullException>(() => center.Engine.RestoreState(new MemoryStream(), new MemoryStream(), null!)).ParamName.ShouldBe("replay");
    }
}
