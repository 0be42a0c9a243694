using RoutingCore.Tests.Lifecycle;

namespace RoutingCore.Tests.Pacing;

/// <summary>
/// The pacing snapshot of the virtual queue the invitations use, as a workload split can use its free slots (issue 17, part 7).
/// Seed 002 (002_bf8ede6fa79cce21.txt) names the inputs: "Virtual queue" — "Agent Pacing Service requires that you pass your
/// interactions through virtual queues, and that you dedicate each queue to a single media type" — and "Agent Group", which "defines
/// which agents the pacing algorithm should include in its calculations". Seed 000 (000_519a880470cbca8b.txt): "Agent Group A,
/// representing an external vendor, can be set to receive 40% of the workload", and traffic cascades to secondary groups "Should
/// this group become unavailable": a conversation waits for its own primary group, not for another vendor's free agent.
/// </summary>
public sealed class PacingSplitTests
{
    private static readonly AgentGroupId Paced = new("paced");

    private static PacingStatistics Statistics(string? skill) => new()
    {
        Skill = skill is null ? null : new SkillId(skill),
        AcceptanceRate = 0.5,
        AcceptDelay = TimeSpan.FromSeconds(8),
        AverageHandleTime = TimeSpan.FromMinutes(5),
        AveragePatience = TimeSpan.FromMinutes(8),
    };

    /// <summary>team-a: one full agent; team-b: one agent with 3 free chats; both in the paced group and on 'sales' (50/50).</summary>
    private static Center Teams(bool withSecondary = false)
    {
        var center = new Center(o =>
        {
            o.ForcedPause.Enabled = false;
            o.AgentGroups = ["paced", "team-a", "team-b", "backup"];
        });
        Add(center, "a1", "team-a", 2, "sales");
        Add(center, "b1", "team-b", 3, "sales");
        Add(center, "o1", "team-b", 4, "orders"); // another skill: not the invitations' queue
        TestEngine.Load(center.Engine, "a1", 2);
        if (withSecondary)
        {
            Add(center, "s1", "backup", 2, "sales");
        }

        center.Engine.ConfigureWorkload(
            new SkillId("sales"),
            WorkloadDistribution.Create(
                [new AgentGroupShare(new AgentGroupId("team-a"), 50), new AgentGroupShare(new AgentGroupId("team-b"), 50)],
                withSecondary ? [new AgentGroupShare(new AgentGroupId("backup"), 100)] : null));
        return center;
    }

    private static void Add(Center center, string id, string team, int max, string skill) =>
        center.Engine.AddAgent(new AgentProfile(new AgentId(id)) { Skills = [new AgentSkill(new SkillId(skill))], Groups = [Paced, new AgentGroupId(team)], MaxConcurrent = max }, AgentState.Online);

    [Test]
    public void Snapshot_OfASplitSkill_CountsOnlyTheSlotsItsNextConversationsCanTake()
    {
        using Center center = Teams();

        // Every second conversation goes to team-a, which is full: the first of them waits although team-b has 3 free chats.
        center.Engine.GetPacingSnapshot(Paced, Statistics("sales")).FreeSlots.ShouldBe(0);
        center.Submit("c1").State.ShouldBe(ConversationState.Waiting);   // team-a's turn: it waits for team-a
        center.Submit("c2").State.ShouldBe(ConversationState.Offered);   // team-b's turn

        // Without the queue, every free chat of the group counts (its other skill's agent too), as before.
        center.Engine.GetPacingSnapshot(Paced, Statistics(null)).FreeSlots.ShouldBe(2 + 4); // b1 has 2 left after c2's offer, o1 has 4
    }

    [Test]
    public void Snapshot_OfASplitSkill_LetsTheSecondaryGroupTakeWhatAFullPrimaryCannot()
    {
        using Center center = Teams(withSecondary: true);

        // k conversations send k/2 to team-a (full) and k/2 to team-b (3 free): team-a's overflow k/2 fits the backup's 2 free chats
        // up to k = 4, when team-b still has room.
        center.Engine.GetPacingSnapshot(Paced, Statistics("sales")).FreeSlots.ShouldBe(4);
    }

    [Test]
    public void Snapshot_OfAQueue_CountsItsAgentsAndItsWaitingConversationsOnly()
    {
        using Center center = Teams();
        center.Submit("c1"); // waits for team-a
        center.Submit("c2");
        center.Engine.Submit(TestEngine.Chat("x1", "orders"));

        PacingSnapshot sales = center.Engine.GetPacingSnapshot(Paced, Statistics("sales"));
        PacingSnapshot all = center.Engine.GetPacingSnapshot(Paced, Statistics(null));

        sales.Capacity.ShouldBe(5, 1e-9);  // a1 (2) + b1 (3); o1 does not hold 'sales'
        all.Capacity.ShouldBe(9, 1e-9);
        sales.Waiting.ShouldBe(2);         // c1 waiting, c2 offered to b1; x1 is on 'orders'
        all.Waiting.ShouldBe(3);
    }

    [Test]
    public void Snapshot_EmptySkillId_IsRefusedNamingTheStatistic()
    {
        using Center center = Teams();
        var bad = Statistics(null) with { Skill = default(SkillId) };

        Should.Throw<ArgumentException>(() => center.Engine.GetPacingSnapshot(Paced, bad)).Message.ShouldStartWith("PacingStatistics.Skill is an empty (default) skill id");
        Should.Throw<ArgumentException>(() => center.Engine.Pace(Paced, bad)).ParamName.ShouldBe("statistics");
    }
}
