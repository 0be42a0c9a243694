using Microsoft.Extensions.Options;
using RoutingCore.Tests.Lifecycle;

namespace RoutingCore.Tests.Pacing;

/// <summary>The engine builds pacing snapshots of agent groups from its live state and paces them.</summary>
public sealed class EnginePacingTests
{
    private static readonly PacingStatistics Statistics = new()
    {
        AcceptanceRate = 0.5,
        AcceptDelay = TimeSpan.FromSeconds(10),
        AverageHandleTime = TimeSpan.FromMinutes(5),
        AveragePatience = TimeSpan.FromMinutes(2),
        ReactiveArrivalsPerSecond = 0.01,
        PendingInvitationAges = [TimeSpan.FromSeconds(3)],
        InvitationsAnswered = 97,
        InvitationsAbandoned = 4,
    };

    private static Center VendorA()
    {
        var center = new Center(o => o.ForcedPause.Enabled = false);
        Add(center, "a1", AgentState.Online, 4, "sales");
        Add(center, "a2", AgentState.Online, 2, "sales");
        Add(center, "a3", AgentState.Online, 4, "sales-es");
        center.Engine.AddAgent(new AgentProfile(new AgentId("b1")) { Skills = [new AgentSkill(new SkillId("sales"))], Groups = [new AgentGroupId("vendor-b")] }, AgentState.Online);
        TestEngine.Load(center.Engine, "a1", 1);
        TestEngine.Load(center.Engine, "a2", 2);
        TestEngine.Load(center.Engine, "a3", 1, "sales-es");
        center.Engine.SetAgentState(new AgentId("a3"), AgentState.Away);
        center.Submit("wait-1", "sales-es");
        center.Submit("wait-2", "sales-es");
        return center;

        static void Add(Center center, string id, AgentState state, int max, string skill) =>
            center.Engine.AddAgent(new AgentProfile(new AgentId(id)) { Skills = [new AgentSkill(new SkillId(skill))], Groups = [new AgentGroupId("vendor-a")], MaxConcurrent = max }, state);
    }

    [Test]
    public void Snapshot_ComesFromTheGroupsLiveState()
    {
        using Center center = VendorA();
        PacingSnapshot snapshot = center.Engine.GetPacingSnapshot(new AgentGroupId("vendor-a"), Statistics);

        snapshot.AgentGroup.ShouldBe(new AgentGroupId("vendor-a"));
        snapshot.Capacity.ShouldBe(6, 1e-9);      // a1 (4) + a2 (2); a3 is away
        snapshot.Load.ShouldBe(3, 1e-9);          // a1 1 chat + a2 2 chats
        snapshot.ChatsInService.ShouldBe(3);      // a1 + a2: a3 (away) keeps its chat but not its slots, so its chat ending frees nothing paced
        snapshot.FreeSlots.ShouldBe(3);           // a1 has room for 3 more whole chats, a2 for none
        snapshot.ReadyAgents.ShouldBe(1);         // a2 is full
        snapshot.Waiting.ShouldBe(2);             // sales-es, which a3 of the group serves
        snapshot.Timestamp.ShouldBe(center.Clock.GetUtcNow());
        snapshot.AcceptanceRate.ShouldBe(0.5);
        snapshot.PendingInvitationAges.ShouldBe([TimeSpan.FromSeconds(3)]);
        snapshot.InvitationsAnswered.ShouldBe(97); // what the host measured, handed on
        snapshot.InvitationsAbandoned.ShouldBe(4);

        PacingSnapshot other = center.Engine.GetPacingSnapshot(new AgentGroupId("vendor-b"), Statistics);
        other.Capacity.ShouldBe(4, 1e-9);
        other.Waiting.ShouldBe(0);
    }

    [Test]
    public void Pace_IsTheCalculatorsDecisionOnTheLiveSnapshot()
    {
        using Center center = VendorA();
        var group = new AgentGroupId("vendor-a");
        PacingDecision decision = center.Engine.Pace(group, Statistics);
        PacingDecision expected = PacingCalculatorFactory.Create().Calculate(center.Engine.GetPacingSnapshot(group, Statistics), center.Clock.GetUtcNow());
        decision.ShouldBe(expected);

        // Freeing a slot in the group never lowers the answer.
        center.Engine.Close(center.Engine.GetWaitingConversations()[0].Id);
        center.Engine.Close(new ConversationId("wait-2"));
        center.Engine.Pace(group, Statistics).Invitations.ShouldBeGreaterThanOrEqualTo(decision.Invitations);
    }

    [Test]
    public void Pace_SaysWhyItSendsNothing()
    {
        using Center center = VendorA();
        center.Engine.Pace(new AgentGroupId("nobody"), Statistics).Reason.ShouldBe(PacingReason.NoReadyAgents);
        center.Engine.Pace(new AgentGroupId("vendor-a"), Statistics with { MeasuredAt = center.Clock.GetUtcNow().AddMinutes(-10) })
            .Reason.ShouldBe(PacingReason.StaleStatistics);
        center.Engine.Pace(new AgentGroupId("vendor-a"), Statistics with { AcceptanceRate = double.NaN })
            .Reason.ShouldBe(PacingReason.InvalidInput);
    }

    [Test]
    public void BadInput_IsRefused()
    {
        using Center center = VendorA();
        Should.Throw<ArgumentException>(() => center.Engine.Pace(default, Statistics)).Message.ShouldContain("agent group id is empty");
        Should.Throw<ArgumentNullException>(() => center.Engine.GetPacingSnapshot(new AgentGroupId("vendor-a"), null!));

        var options = new RoutingOptions();
        options.Pacing.Interval = TimeSpan.Zero;
        options.Pacing.MaxInvitationsPerInterval = -1;
        OptionsValidationException error = Should.Throw<OptionsValidationException>(() => RoutingEngine.Create(options));
        error.Failures.Count().ShouldBe(2);
        error.Message.ShouldContain("RoutingOptions.Pacing.Interval");
        error.Message.ShouldContain("RoutingOptions.Pacing.MaxInvitationsPerInterval");
    }
}
