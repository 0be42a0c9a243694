using System.Text.Json.Nodes;
using RoutingCore.Tests.State;

namespace RoutingCore.Tests.Lifecycle;

/// <summary>
/// <see cref="RoutingEvent.Sequence"/>: every event an engine publishes takes the next number, from 1, contiguous, whether
/// or not an observer listens, and a restored engine numbers on from the saved one, so a host detects a gap.
/// </summary>
public sealed class EventSequenceTests
{
    [Test]
    public void Sequence_StartsAtOne_AndIsContiguousThroughOffersTimersAndClose()
    {
        using var center = new Center().Agent("ann").Agent("bob");
        center.Submit("c1");
        center.Advance(11); // the plan's next step falls due: events published by a timer
        string[] offeredTo = center.OfferedTo("c1");
        offeredTo.ShouldNotBeEmpty();
        center.Engine.Accept(new ConversationId("c1"), new AgentId(offeredTo[^1]));
        center.Engine.Close(new ConversationId("c1"));

        long[] sequences = [.. center.Log.Events.Select(e => e.Sequence)];
        sequences.Length.ShouldBeGreaterThan(4);
        sequences.ShouldBe(Enumerable.Range(1, sequences.Length).Select(i => (long)i).ToArray());
    }

    [Test]
    public void Sequence_IsTakenWithoutObservers_SoALateObserverSeesTheSameNumbersAsAnEarlyOne()
    {
        using var early = new Center().Agent("ann");
        using var kit = new EngineKit(logEvents: false); // no observer until after the first call
        kit.Engine.AddAgent(new AgentProfile(new AgentId("ann")) { Skills = [new AgentSkill(new SkillId("sales"))] }, AgentState.Online);

        early.Submit("c1");
        kit.Engine.Submit(new ConversationRequest(new ConversationId("c1")) { Skill = new SkillId("sales") });
        long before = early.Log.Events.Count;
        before.ShouldBeGreaterThan(0);

        kit.AttachLog();
        early.Engine.Accept(new ConversationId("c1"), new AgentId("ann"));
        kit.Engine.Accept(new ConversationId("c1"), new AgentId("ann"));

        RoutingEvent[] earlyAfter = [.. early.Log.Events.Skip((int)before)];
        kit.Log.Events.Select(e => (e.Sequence, e.Kind)).ShouldBe(earlyAfter.Select(e => (e.Sequence, e.Kind)));
        kit.Log.Events[0].Sequence.ShouldBe(before + 1);
    }

    [Test]
    public void Sequence_ContinuesAcrossSaveAndRestore_AsIfTheSavedEngineWentOn()
    {
        using var saved = new Center().Agent("ann").Agent("bob");
        saved.Submit("c1");
        saved.Advance(2);
        string document = StateKit.Save(saved.Engine);
        long last = saved.Log.Events[^1].Sequence;

        using var restored = new EngineKit(clock: saved.Clock);
        StateKit.Restore(restored.Engine, document);
        var offeredTo = new AgentId(saved.OfferedTo("c1")[0]);
        saved.Engine.Accept(new ConversationId("c1"), offeredTo);
        restored.Engine.Accept(new ConversationId("c1"), offeredTo);

        RoutingEvent[] went = [.. saved.Log.Events.Where(e => e.Sequence > last)];
        went.ShouldNotBeEmpty();
        restored.Log.Events.Select(e => (e.Sequence, e.Kind)).ShouldBe(went.Select(e => (e.Sequence, e.Kind)));
        restored.Log.Events[0].Sequence.ShouldBe(last + 1);
    }

    [Test]
    public void Restore_OfADocumentWithoutTheEventCounter_NumbersFromOne()
    {
        using var saved = new Center().Agent("ann").Agent("bob");
        saved.Submit("c1");
        JsonNode document = JsonNode.Parse(StateKit.Save(saved.Engine))!;
        document["counters"]!["lastEventSequence"]!.GetValue<long>().ShouldBe(saved.Log.Events[^1].Sequence);
        document["counters"]!.AsObject().Remove("lastEventSequence"); // as a document written before the counter existed

        using var restored = new EngineKit(clock: saved.Clock);
        StateKit.Restore(restored.Engine, document.ToJsonString());
        restored.Engine.Accept(new ConversationId("c1"), new AgentId(saved.OfferedTo("c1")[0]));

        restored.Log.Events[0].Sequence.ShouldBe(1);
    }

    [Test]
    public void Restore_OfANegativeEventCounter_IsRefusedNamingTheField()
    {
        using var saved = new Center().Agent("ann");
        saved.Submit("c1");
        JsonNode document = JsonNode.Parse(StateKit.Save(saved.Engine))!;
        document["counters"]!["lastEventSequence"] = -1;

        using var restored = new EngineKit(clock: saved.Clock);
        RoutingStateException error = Should.Throw<RoutingStateException>(() => StateKit.Restore(restored.Engine, document.ToJsonString()));
        error.Message.ShouldContain("$.counters.lastEventSequence");
        restored.Engine.GetAgents().ShouldBeEmpty(); // nothing taken in
    }
}
