using Microsoft.Extensions.Options;
using RoutingCore.Tests.Lifecycle;
using RoutingCore.Tests.State;

namespace RoutingCore.Tests.Workload;

/// <summary>
/// Shares of what was taken (issue 17, part 4). 000_519a880470cbca8b.txt: "The percentage allocation per group will determine
/// the exact workload distribution between them." and "This kind of capability is a necessity for brands that outsource their
/// messaging operations and must meet clear contractual obligations and maintain control over which vendor handles which
/// percentage of the total brand messaging traffic." A primary group given a turn it could not take is owed it, up to
/// <see cref="RoutingOptions.WorkloadCatchUpLimit"/>, and is served first once it takes a conversation again.
/// </summary>
public sealed class WorkloadCatchUpTests
{
    private static readonly SkillId Brand = new("brand");
    private static readonly AgentGroupId A = new("A"), B = new("B");

    /// <summary>Vendors A and B at 50/50 (one agent each, "a" and "b"), and an in-house secondary group ("s") for cascades.</summary>
    private static Center Vendors(int? catchUpLimit = null, bool secondary = true, bool agents = true)
    {
        var center = new Center(o =>
        {
            o.AgentGroups.AddRange(["A", "B", "S"]);
            o.ForcedPause.Enabled = false;
            o.MaxConcurrent.DefaultMaxConcurrent = 50;
            o.WorkloadCatchUpLimit = catchUpLimit ?? o.WorkloadCatchUpLimit;
            o.Skills["brand"] = new SkillOptions
            {
                Workload = new WorkloadDistributionOptions
                {
                    PrimaryGroups = [new() { Group = "A", Percentage = 50 }, new() { Group = "B", Percentage = 50 }],
                    SecondaryGroups = secondary ? [new() { Group = "S", Percentage = 100 }] : [],
                },
            };
        });
        foreach ((string agent, string group) in agents ? new[] { ("a", "A"), ("b", "B"), ("s", "S") } : [])
        {
            center.Engine.AddAgent(new AgentProfile(new AgentId(agent)) { Skills = [new AgentSkill(Brand)], Groups = [new AgentGroupId(group)] }, AgentState.Online);
        }

        return center;
    }

    /// <summary>Submits a conversation, lets the one agent offered take it and closes it; returns that agent's group.</summary>
    private static string Serve(Center center, string id)
    {
        ConversationSnapshot submitted = center.Submit(id, "brand");
        submitted.OfferedTo.Length.ShouldBe(1);
        center.Engine.Accept(new ConversationId(id), submitted.OfferedTo[0]);
        center.Engine.Close(new ConversationId(id));
        return submitted.AgentGroup!.Value.Value;
    }

    private static string[] Serve(Center center, string prefix, int count) => [.. Enumerable.Range(1, count).Select(n => Serve(center, $"{prefix}{n}"))];

    private static WorkloadGroupReport Report(Center center, AgentGroupId group) => center.Engine.GetWorkloadReport(Brand).Find(group)!;

    /// <summary>The example: 50/50, and B away for half the day, its turns cascading to the in-house group.</summary>
    [TestCase(0, 20, 10)]
    [TestCase(10, 15, 15)]
    public void OneGroupAwayForHalfTheDay_WithoutCatchUpEndsAtAThird_WithItAtItsShare(int limit, int expectedA, int expectedB)
    {
        using Center center = Vendors(limit);
        center.Engine.SetAgentState(new AgentId("b"), AgentState.Away);
        string[] morning = Serve(center, "m", 20);
        morning.Count(g => g == "A").ShouldBe(10);
        morning.Count(g => g == "S").ShouldBe(10, "B's ten turns cascaded");
        Report(center, B).PrimaryOwed.ShouldBe(Math.Min(limit, 10));

        center.Engine.SetAgentState(new AgentId("b"), AgentState.Online);
        Serve(center, "e", 20);

        WorkloadReport report = center.Engine.GetWorkloadReport(Brand);
        report.Find(A)!.PrimaryCountSinceChange.ShouldBe(expectedA);
        report.Find(B)!.PrimaryCountSinceChange.ShouldBe(expectedB);
        report.Find(B)!.PrimaryOwed.ShouldBe(0);
        if (limit == 0)
        {
            report.Find(B)!.ActualPrimaryPercentage.ShouldBe(100.0 / 3, 1e-9, "a turn B could not take is spent and never made up");
        }
        else
        {
            report.Find(B)!.ActualPrimaryPercentage.ShouldBe(50, 1e-9, "B was owed its ten turns and caught up");
        }
    }

    [Test]
    public void AReturningGroup_IsServedFirst_OnlyAfterItTookAConversation_AndNoMoreThanTheLimit()
    {
        using Center center = Vendors(catchUpLimit: 3);
        center.Engine.SetAgentState(new AgentId("b"), AgentState.Away);
        Serve(center, "m", 20);
        Report(center, B).PrimaryOwed.ShouldBe(3, "ten turns not taken, at most three owed");

        center.Engine.SetAgentState(new AgentId("b"), AgentState.Online);
        string[] evening = Serve(center, "e", 10);

        // The 21st regular turn is A's; B takes its 22nd, which shows it can take again; then its three owed conversations
        // come first, and the regular turns go on from where they were.
        evening.ShouldBe(["A", "B", "B", "B", "B", "A", "B", "A", "B", "A"]);
        Report(center, B).PrimaryOwed.ShouldBe(0);
        WorkloadReport report = center.Engine.GetWorkloadReport(Brand);
        report.Find(A)!.PrimaryCountSinceChange.ShouldBe(14);
        report.Find(B)!.PrimaryCountSinceChange.ShouldBe(6, "of the ten turns B could not take, three were made up");
    }

    [Test]
    public void AGroupOwedConversationsButFullNow_IsNotWaitedFor_TheConversationTakesARegularTurn()
    {
        using Center center = Vendors(catchUpLimit: 5);
        center.Engine.UpdateAgent(new AgentProfile(new AgentId("b")) { Skills = [new AgentSkill(Brand)], Groups = [B], MaxConcurrent = 1 });
        center.Engine.SetAgentState(new AgentId("b"), AgentState.Away);
        Serve(center, "m", 4); // A, S, A, S: B is owed 2
        center.Engine.SetAgentState(new AgentId("b"), AgentState.Online);
        Serve(center, "e1", 1).ShouldBe(["A"]);
        ConversationSnapshot held = center.Submit("held", "brand"); // B's regular turn: b takes it and stays busy (1 of 1)
        held.AgentGroup.ShouldBe(B);
        center.Engine.Accept(new ConversationId("held"), new AgentId("b"));
        Report(center, B).PrimaryOwed.ShouldBe(2);

        ConversationSnapshot next = center.Submit("next", "brand");

        next.AgentGroup.ShouldBe(A, "B is owed two, but b has no room: the conversation takes the next regular turn, A's, rather than wait for B");
        next.State.ShouldBe(ConversationState.Offered);
        Report(center, B).PrimaryOwed.ShouldBe(2, "B keeps what it is owed");
        center.Engine.Close(new ConversationId("held"));
        center.Engine.Accept(new ConversationId("next"), new AgentId("a"));
        Serve(center, "f", 3).ShouldBe(["B", "B", "B"], "b has room again: its two owed conversations, then its regular turn");
    }

    [Test]
    public void EveryGroupTakesItsTurns_TheTakenSplitIsExactAtEveryPrefix()
    {
        // 000: "Agent Group A, representing an external vendor, can be set to receive 40% of the workload and Agent group B & C,
        // representing two other vendors, can be set to receive 30% each." — here 50/50, with catch-up on: it changes nothing
        // while every group takes its turns.
        using Center center = Vendors();
        long a = 0, b = 0;
        for (int n = 1; n <= 40; n++)
        {
            if (Serve(center, $"c{n}") == "A")
            {
                a++;
            }
            else
            {
                b++;
            }

            Math.Abs(a - b).ShouldBeLessThanOrEqualTo(1, $"after {n}");
            Report(center, A).PrimaryOwed.ShouldBe(0);
        }
    }

    [Test]
    public void ATurnClosedBeforeItsGroupAccepted_IsOwed_AndMadeUpOnceTheGroupTakesAgain()
    {
        using Center center = Vendors(secondary: false);
        center.Engine.SetAgentState(new AgentId("b"), AgentState.Away);
        Serve(center, "c1", 1);
        ConversationSnapshot waiting = center.Submit("c2", "brand");
        waiting.AgentGroup.ShouldBe(B);
        waiting.State.ShouldBe(ConversationState.Waiting, "no secondary group: it waits for B");
        center.Engine.Close(new ConversationId("c2"));
        Report(center, B).PrimaryOwed.ShouldBe(1, "the consumer left before B took it");

        center.Engine.SetAgentState(new AgentId("b"), AgentState.Online);
        Serve(center, "d", 4).ShouldBe(["A", "B", "B", "A"]);
        Report(center, B).PrimaryCountSinceChange.ShouldBe(2);
        Report(center, A).PrimaryCountSinceChange.ShouldBe(3);
    }

    [Test]
    public void AConversationTakenByItsGroup_IsNotOwed_EvenIfItWaitedOrWasHandedBack()
    {
        using Center center = Vendors();
        center.Submit("c1", "brand").AgentGroup.ShouldBe(A);
        center.Engine.Accept(new ConversationId("c1"), new AgentId("a"));
        center.Engine.SetAgentState(new AgentId("a"), AgentState.Away);
        center.Engine.ReturnToQueue(new ConversationId("c1"));
        center.Get("c1").AgentGroup.ShouldBe(new AgentGroupId("S"), "handed back with A away, it cascades");
        center.Engine.Close(new ConversationId("c1"));

        Report(center, A).PrimaryOwed.ShouldBe(0, "A took its turn; what happened to the conversation later is not a turn A missed");
    }

    [Test]
    public void OwedAndOpenTurns_SurviveSaveAndRestore_AndTheRestoredEngineGoesOnTheSame()
    {
        using Center center = Vendors(catchUpLimit: 5);
        center.Engine.SetAgentState(new AgentId("b"), AgentState.Away);
        Serve(center, "m", 6); // A, S, A, S, A, S: B is owed 3
        center.Submit("open", "brand").AgentGroup.ShouldBe(A); // offered to a: A's turn is open
        center.Engine.SetAgentState(new AgentId("b"), AgentState.Online);
        Serve(center, "e", 2).ShouldBe(["B", "B"], "B takes its regular turn, which shows it can take again, then one of the three it is owed");
        string document = StateKit.Save(center.Engine);
        document.ShouldMatch("\"catchUp\":\\s*2");
        document.ShouldMatch("\"openTurn\":\\s*true");

        using Center restored = Vendors(catchUpLimit: 5, agents: false);
        StateKit.Restore(restored.Engine, document);
        StateKit.Save(restored.Engine).ShouldBe(document);
        foreach (Center engine in new[] { center, restored })
        {
            Report(engine, B).PrimaryOwed.ShouldBe(2);
            engine.Engine.SetAgentState(new AgentId("a"), AgentState.Away); // the offer to a is withdrawn: "open" waits for A
            engine.Engine.Close(new ConversationId("open"));
            Report(engine, A).PrimaryOwed.ShouldBe(1, "the consumer left before A took its turn");
            Serve(engine, "r", 3).ShouldBe(["B", "B", "S"], "B's two owed conversations, then A's regular turn, which cascades");
            Report(engine, A).PrimaryOwed.ShouldBe(2);
        }
    }

    [TestCase(-1)]
    [TestCase(1_000_001)]
    [TestCase(int.MinValue)]
    public void CatchUpLimit_OutOfRange_IsRefused_NamingTheValueAndTheRange(int limit)
    {
        var options = new RoutingOptions { WorkloadCatchUpLimit = limit };

        OptionsValidationException error = Should.Throw<OptionsValidationException>(() => RoutingEngine.Create(options));

        error.Message.ShouldContain(FormattableString.Invariant($"RoutingOptions.WorkloadCatchUpLimit is {limit}; it must be from 0 (no catch-up) to 1,000,000 conversations."));
    }

    [TestCase(0)]
    [TestCase(1_000_000)]
    public void CatchUpLimit_AtTheEndsOfItsRange_IsAccepted(int limit)
    {
        using IRoutingEngine engine = RoutingEngine.Create(new RoutingOptions { WorkloadCatchUpLimit = limit });
        engine.ShouldNotBeNull();
    }

    [Test]
    public void CatchUpLimit_DefaultsToTen() => new RoutingOptions().WorkloadCatchUpLimit.ShouldBe(10);

    [Test]
    public void BuiltInSplitter_ServesTheGroupWithTheMostCatchUpFirst_TiesToTheEarlier_ElseTheQuotaTurn()
    {
        WorkloadSplitter splitter = WorkloadSplitter.Create();
        WorkloadDistribution split = WorkloadDistribution.Create([new(A, 40), new(B, 30), new(new AgentGroupId("C"), 30)]);
        long[] turns = [0, 0, 0], taken = [0, 0, 0];

        splitter.ChoosePrimary(new WorkloadSplitContext(Brand, split, turns, taken, [])).ShouldBe(0, "no catch-up: the quota turn (A first)");
        splitter.ChoosePrimary(new WorkloadSplitContext(Brand, split, turns, taken, [], [0, 0, 0])).ShouldBe(0);
        splitter.ChoosePrimary(new WorkloadSplitContext(Brand, split, turns, taken, [], [0, 2, 3])).ShouldBe(2);
        splitter.ChoosePrimary(new WorkloadSplitContext(Brand, split, turns, taken, [], [0, 3, 3])).ShouldBe(1);
    }

    [Test]
    public void BuiltInSplitter_NeverGivesCatchUpToAGroupWithZeroPercent()
    {
        WorkloadDistribution split = WorkloadDistribution.Create([new(A, 0), new(B, 100)]);

        WorkloadSplitter.Create().ChoosePrimary(new WorkloadSplitContext(Brand, split, [0, 0], [0, 0], [], [5, 0])).ShouldBe(1);
    }

    [Test]
    public void SplitContext_CatchUpOfTheWrongLength_IsRefused_NamingTheArgument()
    {
        WorkloadDistribution split = WorkloadDistribution.Create([new(A, 50), new(B, 50)]);

        ArgumentException error = Should.Throw<ArgumentException>(() => new WorkloadSplitContext(Brand, split, [0, 0], [0, 0], [], [1, 2, 3]));

        error.ParamName.ShouldBe("primaryCatchUp");
        error.Message.ShouldContain("primaryCatchUp holds 3 counts, but the distribution lists 2 primary group(s)");
    }
}
