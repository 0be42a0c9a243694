using System.Text.Json.Nodes;
using RoutingCore.Tests.Lifecycle;

namespace RoutingCore.Tests.Offers;

/// <summary>
/// Exclusive ("starred") offers, issue 17. 004_61c15d49d99ff3a7.txt: "A **starred contact** is a contact that is exclusive to
/// the agent: it could either be a contact that was transferred directly to the agent by another agent, or distributed only
/// to the agent (no other agent is currently eligible to handle it)." An offer is exclusive when the conversation's plan
/// held its agent alone; an offer that is alone only because the later steps are still to come, or because the other
/// agents declined or were withdrawn, is not.
/// </summary>
public sealed class ExclusiveOfferTests
{
    private static readonly AgentId A = new("a");
    private static readonly AgentId B = new("b");

    /// <summary>Least-loaded with three steps, forced pause on: a (idle) alone in step 1, b (one chat) and c (two) eligible later.</summary>
    private static Center BestAgentFirst() => OfferStepTests.ThreeSteps(o => o.ForcedPause.Enabled = true);

    [Test]
    public void BestAgentAloneInStepOne_WhileOthersAreEligibleLater_IsNotExclusive_ReservesNothing_AndIsNotPaused()
    {
        // "distributed only to the agent (no other agent is currently eligible to handle it)" (004_61c15d49d99ff3a7.txt):
        // b and c are eligible (for steps 2 and 3), so a's step-1 offer is not starred.
        using Center center = BestAgentFirst();

        ConversationSnapshot c1 = center.Submit("c1");

        c1.OfferedTo.ShouldBe([A]);
        c1.Exclusive.ShouldBeFalse();
        center.Log.Of(RoutingEventKind.Offered, "c1").Single().Exclusive.ShouldBeFalse();
        center.Engine.GetAgent(A).Reserved.ShouldBe(0);

        center.Advance(12); // a ignores its offer for a whole step

        AgentSnapshot a = center.Engine.GetAgent(A);
        a.State.ShouldBe(AgentState.Online);
        a.Timeouts.ShouldBe(1);
        center.Log.Of(RoutingEventKind.OfferTimedOut, "c1").Single().Exclusive.ShouldBeFalse();
        center.Log.Of(RoutingEventKind.AgentPaused).ShouldBeEmpty();
        center.OfferedTo("c1").ShouldBe(["a", "b"]);
    }

    [Test]
    public void SoleEligibleAgent_GetsAnExclusiveOffer_ThatReservesItsCost_AndIsFlaggedOnTheEventAndTheSnapshot()
    {
        // "distributed only to the agent (no other agent is currently eligible to handle it)" and the agent's load adds
        // "the load of all pending **starred** contacts" (004_61c15d49d99ff3a7.txt).
        using var center = new Center();
        center.Agent("a").Agent("b", AgentState.Away);

        ConversationSnapshot c1 = center.Submit("c1");

        c1.OfferedTo.ShouldBe([A]);
        c1.Exclusive.ShouldBeTrue();
        c1.ToString().ShouldContain("(exclusive)");
        RoutingEvent offered = center.Log.Of(RoutingEventKind.Offered, "c1").Single();
        offered.Exclusive.ShouldBeTrue();
        offered.ToString().ShouldContain("step 1 exclusive");
        AgentSnapshot a = center.Engine.GetAgent(A);
        a.Reserved.ShouldBe(0.25);
        a.Utilization.ShouldBe(0.25);

        center.Engine.Accept(new ConversationId("c1"), A);

        center.Get("c1").Exclusive.ShouldBeFalse();
        center.Engine.GetAgent(A).Reserved.ShouldBe(0);
        center.Engine.GetAgent(A).Load.ShouldBe(0.25);
    }

    [Test]
    public void RetryWhenTheOthersLeft_IsExclusive_BecauseNobodyElseIsEligibleNow()
    {
        // "no other agent is currently eligible" (004_61c15d49d99ff3a7.txt): exclusivity is judged when the conversation is
        // planned, each time it is.
        using var center = new Center(o => { o.Steps = 1; o.ForcedPause.Enabled = false; });
        center.Agent("a").Agent("b");
        center.Submit("c1").Exclusive.ShouldBeFalse();
        center.Advance(12); // both ignore it: it waits for its retry
        center.State("c1").ShouldBe(ConversationState.Waiting);
        center.Engine.SetAgentState(B, AgentState.Away);

        center.Advance(12); // the retry plans it again: only a is eligible now

        center.OfferedTo("c1").ShouldBe(["a"]);
        center.Get("c1").Exclusive.ShouldBeTrue();
        center.Engine.GetAgent(A).Reserved.ShouldBe(0.25);
    }

    [Test]
    public void SaveAndRestore_KeepAPendingExclusiveOffer_AndItsReservation()
    {
        using var center = new Center();
        center.Agent("a");
        center.Submit("c1").Exclusive.ShouldBeTrue();
        using var document = new MemoryStream();
        center.Engine.SaveState(document);
        document.Position = 0;

        using var restored = new EngineKit(clock: center.Clock);
        restored.Engine.RestoreState(document);

        restored.Engine.GetConversation(new ConversationId("c1")).Exclusive.ShouldBeTrue();
        restored.Engine.GetAgent(A).Reserved.ShouldBe(0.25);
        center.Advance(12); // both engines run on the one clock: the restored exclusive offer still pauses when ignored
        restored.Engine.GetAgent(A).State.ShouldBe(AgentState.Paused);
    }

    [Test]
    public void RestoreState_OfAnEarlierEnginesDocument_MarkingAnOfferAloneOnlyForTheMoment_RestoresItNotExclusive()
    {
        // Engines before issue 17 wrote exclusiveSince on every conversation's only pending offer. Exclusivity is derived
        // from the plan on restore, so such an offer of a plan with other agents restores as not exclusive.
        using Center center = BestAgentFirst();
        center.Submit("c1").Exclusive.ShouldBeFalse();
        using var saved = new MemoryStream();
        center.Engine.SaveState(saved);
        JsonNode document = JsonNode.Parse(saved.ToArray())!;
        JsonObject offer = document["conversations"]!.AsArray()
            .Single(c => (string?)c!["request"]!["id"] == "c1")!["offers"]!.AsArray().Single()!.AsObject();
        offer.ContainsKey("exclusiveSince").ShouldBeFalse("this engine marks only exclusive offers");
        offer["exclusiveSince"] = offer["offeredAt"]!.DeepClone();

        using var restored = new EngineKit(clock: center.Clock);
        restored.Engine.RestoreState(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(document.ToJsonString())));

        restored.Engine.GetConversation(new ConversationId("c1")).Exclusive.ShouldBeFalse();
        restored.Engine.GetAgent(A).Reserved.ShouldBe(0);
    }
}
