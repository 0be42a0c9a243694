
namespace RoutingCore.Tests.Workload;

public class WorkloadSplitterTests
{
    private static readonly SkillId Skill = new("sales-es");
    private static readonly AgentGroupId VendorA = new("vendor-a");
    private static readonly AgentGroupId VendorB = new("vendor-b");
    private static readonly AgentGroupId VendorC = new("vendor-c");
    private static readonly AgentGroupId OverflowX = new("overflow-x");
    private static readonly AgentGroupId OverflowY = new("overflow-y");

    private static WorkloadDistribution FortyThirtyThirty(params AgentGroupShare[] secondary) =>
        WorkloadDistribution.Create([new(VendorA, 40), new(VendorB, 30), new(VendorC, 30)], secondary);

    /// <summary>The built-in splitter's decisions over the engine's counts, as an engine keeps them for one skill.</summary>
    private static WorkloadLedger Configured(WorkloadDistribution distribution)
    {
        var splitter = new WorkloadLedger(WorkloadSplitter.Create());
        splitter.Configure(Skill, distribution);
        return splitter;
    }

    private static AgentGroupId TakePrimary(WorkloadLedger splitter)
    {
        var group = splitter.ChoosePrimary(Skill);
        splitter.RecordTaken(Skill, group, cascaded: false);
        return group;
    }

    private static AgentGroupId TakeCascaded(WorkloadLedger splitter)
    {
        var ranked = new AgentGroupId[8];
        int count = splitter.RankSecondaries(Skill, ranked);
        count.ShouldBeGreaterThan(0);
        splitter.RecordTaken(Skill, ranked[0], cascaded: true);
        return ranked[0];
    }

    [Test]
    public void ChoosePrimary_FortyThirtyThirty_FirstTenAreExactlyFourThreeThreeAndEveryPrefixWithinOne()
    {
        var splitter = Configured(FortyThirtyThirty());
        var counts = new Dictionary<AgentGroupId, int> { [VendorA] = 0, [VendorB] = 0, [VendorC] = 0 };
        var targets = new Dictionary<AgentGroupId, double> { [VendorA] = 0.4, [VendorB] = 0.3, [VendorC] = 0.3 };
        for (int total = 1; total <= 10; total++)
        {
            counts[TakePrimary(splitter)]++;
            foreach (var (group, count) in counts)
            {
                Math.Abs(count - (targets[group] * total)).ShouldBeLessThan(1, $"{group} after {total}");
            }
        }

        counts[VendorA].ShouldBe(4);
        counts[VendorB].ShouldBe(3);
        counts[VendorC].ShouldBe(3);
    }

    [Test]
    public void ChoosePrimary_CalledRepeatedlyWithoutRecording_HasNoSideEffect()
    {
        var splitter = Configured(FortyThirtyThirty());
        var first = splitter.ChoosePrimary(Skill);
        for (int i = 0; i < 5; i++)
        {
            splitter.ChoosePrimary(Skill).ShouldBe(first);
        }

        splitter.GetReport(Skill).PrimaryTotal.ShouldBe(0);
    }

    [Test]
    public void ChoosePrimary_GroupWithZeroPercent_NeverChosen()
    {
        var splitter = Configured(WorkloadDistribution.Create([new(VendorA, 0), new(VendorB, 70), new(VendorC, 30)]));
        for (int i = 0; i < 1_000; i++)
        {
            TakePrimary(splitter).ShouldNotBe(VendorA);
        }

        var report = splitter.GetReport(Skill);
        report.Find(VendorB)!.PrimaryCount.ShouldBe(700);
        report.Find(VendorC)!.PrimaryCount.ShouldBe(300);
    }

    [Test]
    public void Configure_RunTimeChange_NewSplitExactFromTheChangeAndCumulativeCountsKept()
    {
        var splitter = Configured(FortyThirtyThirty());
        for (int i = 0; i < 10; i++)
        {
            TakePrimary(splitter);
        }

        splitter.Configure(Skill, WorkloadDistribution.Create([new(VendorA, 10), new(VendorB, 10), new(VendorC, 80)]));
        var counts = new Dictionary<AgentGroupId, int> { [VendorA] = 0, [VendorB] = 0, [VendorC] = 0 };
        for (int i = 0; i < 10; i++)
        {
            counts[TakePrimary(splitter)]++;
        }

        counts[VendorA].ShouldBe(1);
        counts[VendorB].ShouldBe(1);
        counts[VendorC].ShouldBe(8);
        var report = splitter.GetReport(Skill);
        report.Version.ShouldBe(2);
        report.PrimaryTotal.ShouldBe(20);
        report.PrimaryTotalSinceChange.ShouldBe(10);
        report.Find(VendorA)!.PrimaryCount.ShouldBe(5);
        report.Find(VendorA)!.PrimaryCountSinceChange.ShouldBe(1);
        report.Find(VendorC)!.PrimaryCount.ShouldBe(11);
        report.Find(VendorC)!.ActualPrimaryPercentage.ShouldBe(80, 1e-9);
        report.Find(VendorC)!.TargetPrimaryPercentage.ShouldBe(80, 1e-9);
    }

    [Test]
    public void Configure_GroupDroppedFromTheSplit_ReportedWithRoleNoneAndItsHistory()
    {
        var splitter = Configured(FortyThirtyThirty());
        for (int i = 0; i < 10; i++)
        {
            TakePrimary(splitter);
        }

        splitter.Configure(Skill, WorkloadDistribution.Create([new(VendorA, 50), new(VendorB, 50)]));
        var report = splitter.GetReport(Skill);
        report.Groups.Select(g => g.Group).ShouldBe([VendorA, VendorB, VendorC]);
        var dropped = report.Find(VendorC)!;
        dropped.Role.ShouldBe(WorkloadGroupRole.None);
        dropped.PrimaryCount.ShouldBe(3);
        dropped.TargetPrimaryPercentage.ShouldBe(0);
        Should.Throw<ArgumentException>(() => splitter.RecordTaken(Skill, VendorC, cascaded: false)).Message.ShouldContain("vendor-c");
    }

    [Test]
    public void RankSecondaries_CascadedTraffic_SplitBySecondaryPercentages()
    {
        var splitter = Configured(FortyThirtyThirty(new AgentGroupShare(OverflowX, 75), new(OverflowY, 25)));
        var counts = new Dictionary<AgentGroupId, int> { [OverflowX] = 0, [OverflowY] = 0 };
        for (int total = 1; total <= 8; total++)
        {
            counts[TakeCascaded(splitter)]++;
            Math.Abs(counts[OverflowX] - (0.75 * total)).ShouldBeLessThan(1);
            Math.Abs(counts[OverflowY] - (0.25 * total)).ShouldBeLessThan(1);
        }

        counts[OverflowX].ShouldBe(6);
        counts[OverflowY].ShouldBe(2);
    }

    [Test]
    public void RankSecondaries_AllSecondaries_WrittenBestFirstWithTheOthersAfter()
    {
        var splitter = Configured(FortyThirtyThirty(new AgentGroupShare(OverflowX, 75), new(OverflowY, 25)));
        var ranked = new AgentGroupId[4];
        splitter.RankSecondaries(Skill, ranked).ShouldBe(2);
        ranked[..2].ShouldBe([OverflowX, OverflowY]);
        splitter.RecordTaken(Skill, OverflowX, cascaded: true);
        splitter.RecordTaken(Skill, OverflowX, cascaded: true);
        splitter.RecordTaken(Skill, OverflowX, cascaded: true);
        splitter.RankSecondaries(Skill, ranked).ShouldBe(2);
        ranked[..2].ShouldBe([OverflowY, OverflowX]);
    }

    [Test]
    public void RankSecondaries_DestinationShorterThanList_WritesOnlyTheBest()
    {
        var splitter = Configured(FortyThirtyThirty(new AgentGroupShare(OverflowX, 25), new(OverflowY, 75)));
        var ranked = new AgentGroupId[1];
        splitter.RankSecondaries(Skill, ranked).ShouldBe(1);
        ranked[0].ShouldBe(OverflowY);
        splitter.RankSecondaries(Skill, Span<AgentGroupId>.Empty).ShouldBe(0);
    }

    [Test]
    public void RankSecondaries_NoSecondaryGroups_ReturnsZero()
    {
        var splitter = Configured(FortyThirtyThirty());
        splitter.RankSecondaries(Skill, new AgentGroupId[3]).ShouldBe(0);
    }

    [Test]
    public void RankSecondaries_SecondaryWithZeroPercent_LeftOut()
    {
        var splitter = Configured(FortyThirtyThirty(new AgentGroupShare(OverflowX, 100), new(OverflowY, 0)));
        var ranked = new AgentGroupId[2];
        splitter.RankSecondaries(Skill, ranked).ShouldBe(1);
        ranked[0].ShouldBe(OverflowX);
    }

    [Test]
    public void RecordTaken_CascadedConversations_CountedAsCascadedAndPrimarySplitUndisturbed()
    {
        var splitter = Configured(FortyThirtyThirty(new AgentGroupShare(OverflowX, 50), new(OverflowY, 50)));
        var primaryCounts = new Dictionary<AgentGroupId, int> { [VendorA] = 0, [VendorB] = 0, [VendorC] = 0 };
        for (int i = 0; i < 20; i++)
        {
            // Every other conversation: the chosen primary group cannot take it, so it cascades.
            var chosen = splitter.ChoosePrimary(Skill);
            if (i % 2 == 0)
            {
                TakeCascaded(splitter);
            }
            else
            {
                splitter.RecordTaken(Skill, chosen, cascaded: false);
                primaryCounts[chosen]++;
            }
        }

        primaryCounts[VendorA].ShouldBe(4);
        primaryCounts[VendorB].ShouldBe(3);
        primaryCounts[VendorC].ShouldBe(3);
        var report = splitter.GetReport(Skill);
        report.PrimaryTotal.ShouldBe(10);
        report.CascadedTotal.ShouldBe(10);
        report.Find(OverflowX)!.CascadedCount.ShouldBe(5);
        report.Find(OverflowY)!.CascadedCount.ShouldBe(5);
        report.Find(OverflowX)!.PrimaryCount.ShouldBe(0);
        report.Find(VendorA)!.CascadedCount.ShouldBe(0);
    }

    [Test]
    public void GetReport_AfterTraffic_HoldsTargetsActualSharesAndCounts()
    {
        var distribution = FortyThirtyThirty(new AgentGroupShare(OverflowX, 60), new(OverflowY, 40));
        var splitter = Configured(distribution);
        for (int i = 0; i < 10; i++)
        {
            TakePrimary(splitter);
        }

        for (int i = 0; i < 5; i++)
        {
            TakeCascaded(splitter);
        }

        var report = splitter.GetReport(Skill);
        report.Skill.ShouldBe(Skill);
        report.Distribution.ShouldBeSameAs(distribution);
        report.Version.ShouldBe(1);
        report.Groups.Select(g => (g.Group, g.Role)).ShouldBe(
        [
            (VendorA, WorkloadGroupRole.Primary), (VendorB, WorkloadGroupRole.Primary), (VendorC, WorkloadGroupRole.Primary),
            (OverflowX, WorkloadGroupRole.Secondary), (OverflowY, WorkloadGroupRole.Secondary),
        ]);
        var a = report.Find(VendorA)!;
        a.TargetPrimaryPercentage.ShouldBe(40, 1e-9);
        a.ActualPrimaryPercentage.ShouldBe(40, 1e-9);
        a.PrimaryCount.ShouldBe(4);
        a.PrimaryCountSinceChange.ShouldBe(4);
        a.TargetSecondaryPercentage.ShouldBe(0);
        var x = report.Find(OverflowX)!;
        x.TargetSecondaryPercentage.ShouldBe(60, 1e-9);
        x.ActualSecondaryPercentage.ShouldBe(60, 1e-9);
        x.CascadedCount.ShouldBe(3);
        x.CascadedCountSinceChange.ShouldBe(3);
        report.Find(OverflowY)!.CascadedCount.ShouldBe(2);
        report.PrimaryTotal.ShouldBe(10);
        report.CascadedTotal.ShouldBe(5);
        report.CascadedTotalSinceChange.ShouldBe(5);
        report.Find(new AgentGroupId("nobody")).ShouldBeNull();
    }

    [Test]
    public void GetReport_NoTrafficYet_ActualSharesZero()
    {
        var report = Configured(FortyThirtyThirty()).GetReport(Skill);
        report.Groups.ShouldAllBe(g => g.ActualPrimaryPercentage == 0 && g.PrimaryCount == 0);
        report.Find(VendorB)!.TargetPrimaryPercentage.ShouldBe(30, 1e-9);
    }

    [Test]
    public void GetReport_PercentagesSummingToAlmostHundred_TargetsNormalisedToTheListSum()
    {
        var splitter = Configured(WorkloadDistribution.Create([new(VendorA, 50), new(VendorB, 49.995)]));
        var report = splitter.GetReport(Skill);
        report.Find(VendorA)!.TargetPrimaryPercentage.ShouldBe(5000 / 99.995, 1e-9);
        report.Groups.Sum(g => g.TargetPrimaryPercentage).ShouldBe(100, 1e-9);
    }

    [Test]
    public void RecordTaken_GroupNotInTheList_ThrowsNamingSkillAndGroup()
    {
        var splitter = Configured(FortyThirtyThirty(new AgentGroupShare(OverflowX, 100)));
        var unknown = Should.Throw<ArgumentException>(() => splitter.RecordTaken(Skill, new AgentGroupId("vendor-z"), cascaded: false));
        unknown.Message.ShouldContain("'vendor-z'");
        unknown.Message.ShouldContain("'sales-es'");
        unknown.Message.ShouldContain("'vendor-a'");
        unknown.ParamName.ShouldBe("group");

        var wrongList = Should.Throw<ArgumentException>(() => splitter.RecordTaken(Skill, OverflowX, cascaded: false));
        wrongList.Message.ShouldContain("'overflow-x' is not a primary group of skill 'sales-es'");
        wrongList.Message.ShouldContain("cascaded: true");

        Should.Throw<ArgumentException>(() => splitter.RecordTaken(Skill, VendorA, cascaded: true)).Message.ShouldContain("cascaded: false");
        splitter.GetReport(Skill).PrimaryTotal.ShouldBe(0);
    }

    [Test]
    public void ChoosePrimary_SkillWithoutDistribution_ThrowsNamingTheSkill()
    {
        var splitter = new WorkloadLedger(WorkloadSplitter.Create());
        var other = new SkillId("support-fr");
        foreach (var call in new Action[]
        {
            () => splitter.ChoosePrimary(other),
            () => splitter.RankSecondaries(other, new AgentGroupId[2]),
            () => splitter.RecordTaken(other, VendorA, cascaded: false),
            () => splitter.GetReport(other),
        })
        {
            var exception = Should.Throw<ArgumentException>(call);
            exception.Message.ShouldContain("Skill 'support-fr' has no workload distribution");
            exception.ParamName.ShouldBe("skill");
        }
    }

    [Test]
    public void Remove_ConfiguredSkill_ForgetsDistributionAndCounts()
    {
        var splitter = Configured(FortyThirtyThirty());
        splitter.IsConfigured(Skill).ShouldBeTrue();
        TakePrimary(splitter);
        splitter.Remove(Skill).ShouldBeTrue();
        splitter.IsConfigured(Skill).ShouldBeFalse();
        splitter.Remove(Skill).ShouldBeFalse();
        splitter.Configure(Skill, FortyThirtyThirty());
        var report = splitter.GetReport(Skill);
        report.PrimaryTotal.ShouldBe(0);
        report.Version.ShouldBe(1);
    }

    [Test]
    public void Configure_SkillsAreIndependent_EachKeepsItsOwnSplit()
    {
        var splitter = Configured(FortyThirtyThirty());
        var other = new SkillId("support-fr");
        splitter.Configure(other, WorkloadDistribution.Create([new(VendorA, 50), new(VendorB, 50)]));
        for (int i = 0; i < 10; i++)
        {
            TakePrimary(splitter);
        }

        splitter.GetReport(other).PrimaryTotal.ShouldBe(0);
        splitter.ChoosePrimary(other).ShouldBe(VendorA);
    }

    [Test]
    public void Configure_DefaultSkillOrNullDistribution_Throws()
    {
        var splitter = new WorkloadLedger(WorkloadSplitter.Create());
        Should.Throw<ArgumentException>(() => splitter.Configure(default, FortyThirtyThirty()));
        Should.Throw<ArgumentNullException>(() => splitter.Configure(Skill, null!));
    }

    [Test]
    public void RecordTaken_SeveralThreadsChoosingAndRecording_TotalsCorrectAndSplitExact()
    {
        var splitter = Configured(FortyThirtyThirty(new AgentGroupShare(OverflowX, 50), new(OverflowY, 50)));
        const int Threads = 4;
        const int PerThread = 5_000;
        var start = new Barrier(Threads);
        var workers = Enumerable.Range(0, Threads).Select(t => new Thread(() =>
        {
            start.SignalAndWait();
            var ranked = new AgentGroupId[2];
            for (int i = 0; i < PerThread; i++)
            {
                if (i % 5 == 0)
                {
                    splitter.RankSecondaries(Skill, ranked);
                    splitter.RecordTaken(Skill, ranked[0], cascaded: true);
                }
                else
                {
                    splitter.RecordTaken(Skill, splitter.ChoosePrimary(Skill), cascaded: false);
                }
            }
        })).ToList();
        workers.ForEach(w => w.Start());
        workers.ForEach(w => w.Join());

        var report = splitter.GetReport(Skill);
        report.PrimaryTotal.ShouldBe(Threads * PerThread * 4 / 5);
        report.CascadedTotal.ShouldBe(Threads * PerThread / 5);
        report.Groups.Sum(g => g.PrimaryCount + g.CascadedCount).ShouldBe(Threads * PerThread);

        // Races between choosing and recording may skew the split, but never by much, and the counts must all be there.
        report.Find(VendorA)!.PrimaryCount.ShouldBeInRange(6_400 - Threads, 6_400 + Threads);
    }

    [Test]
    public void ChooseRankRecord_HotPath_AllocatesNothing()
    {
        var splitter = Configured(FortyThirtyThirty(new AgentGroupShare(OverflowX, 50), new(OverflowY, 50)));
        var ranked = new AgentGroupId[2];
        for (int i = 0; i < 100; i++)
        {
            splitter.RecordTaken(Skill, splitter.ChoosePrimary(Skill), cascaded: false);
            splitter.RankSecondaries(Skill, ranked);
            splitter.RecordTaken(Skill, ranked[0], cascaded: true);
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 10_000; i++)
        {
            splitter.RecordTaken(Skill, splitter.ChoosePrimary(Skill), cascaded: false);
            splitter.RankSecondaries(Skill, ranked);
            splitter.RecordTaken(Skill, ranked[0], cascaded: true);
        }

        (GC.GetAllocatedBytesForCurrentThread() - before).ShouldBe(0);
    }
}
