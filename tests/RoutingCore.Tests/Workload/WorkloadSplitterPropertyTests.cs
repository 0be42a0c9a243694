using CsCheck;
using static RoutingCore.Tests.Workload.WorkloadTestData;

namespace RoutingCore.Tests.Workload;

public class WorkloadSplitterPropertyTests
{
    private const int Decisions = 5_000;
    private static readonly SkillId Skill = new("sales-es");

    [Test]
    public void ChoosePrimary_RandomSplitsLongRun_EveryPrefixWithinOneConversation()
    {
        AnySplit.Sample(
            units =>
            {
                var splitter = new WorkloadLedger(WorkloadSplitter.Create());
                var shares = Shares("g", units);
                splitter.Configure(Skill, WorkloadDistribution.Create(shares));
                var counts = new long[units.Length];
                for (long total = 1; total <= Decisions; total++)
                {
                    var group = splitter.ChoosePrimary(Skill);
                    int index = Array.FindIndex(shares, s => s.Group == group);
                    splitter.RecordTaken(Skill, group, cascaded: false);
                    counts[index]++;
                    AssertWithinOne(units, counts, total, "primary split");
                }
            },
            iter: 300,
            print: Print);
    }

    [Test]
    public void RankSecondaries_RandomSplitsInterleavedWithPrimary_BothSplitsWithinOneAtEveryPrefix()
    {
        Gen.Select(AnySplit, AnySplit, Gen.Bool.Array[Decisions]).Sample(
            (primaryUnits, secondaryUnits, cascades) =>
            {
                var splitter = new WorkloadLedger(WorkloadSplitter.Create());
                var primary = Shares("p", primaryUnits);
                var secondary = Shares("s", secondaryUnits);
                splitter.Configure(Skill, WorkloadDistribution.Create(primary, secondary));
                var primaryCounts = new long[primary.Length];
                var secondaryCounts = new long[secondary.Length];
                long primaryTotal = 0, secondaryTotal = 0;
                Span<AgentGroupId> ranked = new AgentGroupId[secondary.Length];
                foreach (bool cascade in cascades)
                {
                    var chosen = splitter.ChoosePrimary(Skill);
                    if (cascade)
                    {
                        int written = splitter.RankSecondaries(Skill, ranked);
                        written.ShouldBe(secondaryUnits.Count(u => u > 0));
                        var taker = ranked[0];
                        splitter.RecordTaken(Skill, taker, cascaded: true);
                        secondaryCounts[Array.FindIndex(secondary, s => s.Group == taker)]++;
                        AssertWithinOne(secondaryUnits, secondaryCounts, ++secondaryTotal, "cascaded split");
                    }
                    else
                    {
                        splitter.RecordTaken(Skill, chosen, cascaded: false);
                        primaryCounts[Array.FindIndex(primary, s => s.Group == chosen)]++;
                        AssertWithinOne(primaryUnits, primaryCounts, ++primaryTotal, "primary split");
                    }
                }
            },
            iter: 100,
            print: t => $"{Print(t.Item1)} / {Print(t.Item2)}");
    }

    [Test]
    public void Configure_RunTimeChangeAfterRandomHistory_NewSplitWithinOneFromTheChangeAndTotalsKept()
    {
        Gen.Select(AnySplit, AnySplit, Gen.Int[0, 3_000]).Sample(
            (before, after, decisionsBefore) =>
            {
                var splitter = new WorkloadLedger(WorkloadSplitter.Create());
                splitter.Configure(Skill, WorkloadDistribution.Create(Shares("g", before)));
                for (int i = 0; i < decisionsBefore; i++)
                {
                    splitter.RecordTaken(Skill, splitter.ChoosePrimary(Skill), cascaded: false);
                }

                var shares = Shares("g", after);
                splitter.Configure(Skill, WorkloadDistribution.Create(shares));
                var counts = new long[after.Length];
                for (long total = 1; total <= 2_000; total++)
                {
                    var group = splitter.ChoosePrimary(Skill);
                    splitter.RecordTaken(Skill, group, cascaded: false);
                    counts[Array.FindIndex(shares, s => s.Group == group)]++;
                    AssertWithinOne(after, counts, total, "split after the change");
                }

                var report = splitter.GetReport(Skill);
                report.PrimaryTotal.ShouldBe(decisionsBefore + 2_000);
                report.PrimaryTotalSinceChange.ShouldBe(2_000);
                report.Groups.Sum(g => g.PrimaryCount).ShouldBe(decisionsBefore + 2_000);
                for (int i = 0; i < shares.Length; i++)
                {
                    report.Find(shares[i].Group)!.PrimaryCountSinceChange.ShouldBe(counts[i]);
                }
            },
            iter: 100,
            print: t => $"{Print(t.Item1)} -> {Print(t.Item2)} after {t.Item3}");
    }

    [Test]
    public void QuotaSequencer_ArbitraryIntegerWeights_EveryPrefixWithinOne()
    {
        Gen.Int[2, 10].SelectMany(k => Gen.Int[0, 1_000].Array[k]).Where(w => w.Sum() > 0).Sample(
            weights =>
            {
                long[] longWeights = [.. weights.Select(w => (long)w)];
                long totalWeight = weights.Sum();
                var counts = new long[weights.Length];
                for (long total = 1; total <= Decisions; total++)
                {
                    int chosen = QuotaSequencer.Choose(longWeights, totalWeight, counts);
                    counts[chosen]++;
                    for (int i = 0; i < weights.Length; i++)
                    {
                        // |c_i − (w_i/W)·n| < 1  ⇔  |c_i·W − w_i·n| < W
                        if (Math.Abs((counts[i] * totalWeight) - (weights[i] * total)) >= totalWeight)
                        {
                            throw new InvalidOperationException($"weights [{string.Join(", ", weights)}]: group {i} has {counts[i]} after {total}.");
                        }
                    }
                }
            },
            iter: 300,
            print: w => "[" + string.Join(", ", w) + "]");
    }

    [Test]
    public void ChoosePrimary_SplitWherePlainMaxDeficitDrifts_StaysWithinOne()
    {
        // Found while building this feature: with this split the plain "largest deficit p_i·(n+1) − c_i" rule lets the 80.96%
        // group fall 1.06 conversations behind at decision 152. The quota rule must not.
        int[] units = [50, 50, 50, 50, 50, 50, 50, 1255, 8096, 299];
        var splitter = new WorkloadLedger(WorkloadSplitter.Create());
        var shares = Shares("g", units);
        splitter.Configure(Skill, WorkloadDistribution.Create(shares));
        var counts = new long[units.Length];
        for (long total = 1; total <= 20_000; total++)
        {
            var group = splitter.ChoosePrimary(Skill);
            splitter.RecordTaken(Skill, group, cascaded: false);
            counts[Array.FindIndex(shares, s => s.Group == group)]++;
            AssertWithinOne(units, counts, total, "pinned split");
        }
    }
}
