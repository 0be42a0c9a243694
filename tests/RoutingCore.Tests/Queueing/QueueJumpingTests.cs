using RoutingCore.Tests.Lifecycle;

namespace RoutingCore.Tests.Queueing;

/// <summary>
/// No queue jumping (issue 17). The rule, as docs/architecture.md states it ("No queue jumping"): "When capacity frees at
/// an agent — and when an agent comes online or is unpaused — the waiting conversations it can take go to it at once, in
/// queue order. An agent is passed over only for a conversation it declined or handed back (never offered to it again) and,
/// while it stays online, for one it let time out whose retry is pending: the next conversation in order goes to it, and
/// the skipped one goes to the next agent that frees (or to its retry). An agent that comes online or is unpaused starts
/// afresh: conversations it let time out before are offered to it in their turn."
/// </summary>
public sealed class QueueJumpingTests
{
    private static readonly AgentId A = new("a");
    private static readonly AgentId B = new("b");

    [Test]
    public void UnpausedAgent_GetsTheConversationItIgnoredBefore_AheadOfANewerOneSubmittedWithIt()
    {
        // "An agent that comes online or is unpaused starts afresh: conversations it let time out before are offered to it
        // in their turn." (docs/architecture.md, "No queue jumping")
        using var center = new Center(o => o.Steps = 1);
        center.Agent("a", max: 1);
        center.Submit("c1").OfferedTo.ShouldBe([A]); // exclusive: a is full with it
        center.Submit("c2").State.ShouldBe(ConversationState.Waiting);
        center.Advance(12); // a ignores c1: forced pause; c1 waits for its retry, behind nobody
        center.Engine.GetAgent(A).State.ShouldBe(AgentState.Paused);
        center.Waiting().ShouldBe(["c1", "c2"]);
        center.Advance(3);

        center.Engine.SetAgentState(A, AgentState.Online);

        center.OfferedTo("c1").ShouldBe(["a"], "c1 is first in the queue; it does not wait for its retry while c2 jumps ahead");
        center.State("c2").ShouldBe(ConversationState.Waiting);
        center.Log.Of(RoutingEventKind.Dispatched, "c1").Single().Reason.ShouldBe(RoutingEventReason.AgentOnline);
        center.Log.Of(RoutingEventKind.Dispatched, "c2").ShouldBeEmpty();
    }

    [Test]
    public void AgentThatIgnoredAConversationWhileOnline_IsGivenTheNextOne_AndTheSkippedOneGoesToTheNextAgentThatFrees()
    {
        // "while it stays online, for one it let time out whose retry is pending: the next conversation in order goes to
        // it, and the skipped one goes to the next agent that frees" (docs/architecture.md, "No queue jumping")
        using var center = new Center(o => { o.Steps = 1; o.ForcedPause.Enabled = false; });
        center.Agent("a", max: 1).Agent("b", max: 1);
        center.Engine.Assign(TestEngine.Chat("busy"), B); // b is full
        center.Submit("c1").OfferedTo.ShouldBe([A]);
        center.Submit("c2").State.ShouldBe(ConversationState.Waiting);

        center.Advance(12); // a lets c1 time out: c1 waits for its retry and a is free again

        center.OfferedTo("c2").ShouldBe(["a"]);
        center.State("c1").ShouldBe(ConversationState.Waiting);

        center.Advance(1);
        center.Engine.Close(new ConversationId("busy")); // b frees first

        center.OfferedTo("c1").ShouldBe(["b"]);
        center.Log.Of(RoutingEventKind.Dispatched, "c1").Single().Reason.ShouldBe(RoutingEventReason.ConversationEnded);
    }

    [Test]
    public void AgentThatDeclinedAConversation_IsGivenTheNextOne_AndTheDeclinedOneWaitsForAnotherAgent()
    {
        // "An agent is passed over only for a conversation it declined or handed back (never offered to it again)"
        // (docs/architecture.md, "No queue jumping")
        using var center = new Center(o => o.Steps = 1);
        center.Agent("a", max: 1);
        center.Submit("c1");
        center.Submit("c2").State.ShouldBe(ConversationState.Waiting);

        center.Engine.Decline(new ConversationId("c1"), A);

        center.OfferedTo("c2").ShouldBe(["a"]);
        center.State("c1").ShouldBe(ConversationState.Waiting);
        center.Agent("b", max: 1);
        center.OfferedTo("c1").ShouldBe(["b"]);
    }
}
