using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace RoutingCore.Tests.Workload;

/// <summary>
/// What every workload splitter must do, whatever its rule, as <see cref="WorkloadSplitter"/> states it: choose a primary
/// group whose percentage is above 0, rank only secondary groups above 0 percent, each at most once and no more than fit,
/// answer the same context the same way, and, plugged into an engine, decide which group each new conversation goes to.
/// </summary>
public abstract class WorkloadSplitterContractTests
{
    private static readonly SkillId Skill = new("sales");

    /// <summary>Distributions with 0-percent groups, uneven shares, and no secondary groups.</summary>
    private static readonly WorkloadDistribution[] Distributions =
    [
        WorkloadDistribution.Create([Share("g1", 40), Share("g2", 30), Share("g3", 30)], [Share("s1", 75), Share("s2", 25)]),
        WorkloadDistribution.Create([Share("g1", 0), Share("g2", 100)], [Share("s1", 0), Share("s2", 100)]),
        WorkloadDistribution.Create([Share("g1", 50), Share("g2", 50)]),
        WorkloadDistribution.Create([Share("g1", 0.01), Share("g2", 99.99)], [Share("s1", 33.33), Share("s2", 33.33), Share("s3", 33.34)]),
    ];

    /// <summary>A new splitter, as an engine's factory would make it.</summary>
    protected abstract WorkloadSplitter CreateSplitter();

    [Test]
    public void ChoosePrimary_AnyDistributionAndCounts_IsAPrimaryGroupAbove0Percent()
    {
        WorkloadSplitter splitter = CreateSplitter();
        foreach ((WorkloadDistribution distribution, long[] turns, long[] taken, long[] cascaded) in Cases())
        {
            int chosen = splitter.ChoosePrimary(new WorkloadSplitContext(Skill, distribution, turns, taken, cascaded));
            chosen.ShouldBeInRange(0, distribution.Primary.Length - 1);
            distribution.Primary[chosen].Percentage.ShouldBeGreaterThan(0);
        }
    }

    [Test]
    public void RankSecondaries_AnyDistributionAndCounts_WritesSecondaryGroupsAbove0PercentEachAtMostOnce()
    {
        WorkloadSplitter splitter = CreateSplitter();
        foreach ((WorkloadDistribution distribution, long[] turns, long[] taken, long[] cascaded) in Cases())
        {
            var ranked = new int[distribution.Secondary.Length + 2];
            int written = splitter.RankSecondaries(new WorkloadSplitContext(Skill, distribution, turns, taken, cascaded), ranked);
            written.ShouldBeInRange(0, distribution.Secondary.Length);
            int[] indexes = ranked[..written];
            indexes.ShouldBeUnique();
            indexes.ShouldAllBe(i => i >= 0 && i < distribution.Secondary.Length && distribution.Secondary[i].Percentage > 0);
        }
    }

    [Test]
    public void RankSecondaries_ShortOrEmptyDestination_WritesAtMostItsLength()
    {
        WorkloadSplitter splitter = CreateSplitter();
        WorkloadDistribution distribution = Distributions[3];
        var context = new WorkloadSplitContext(Skill, distribution, new long[2], new long[2], new long[3]);
        splitter.RankSecondaries(context, new int[1]).ShouldBeLessThanOrEqualTo(1);
        splitter.RankSecondaries(context, Span<int>.Empty).ShouldBe(0);
    }

    [Test]
    public void Decisions_SameContext_GiveTheSameAnswers()
    {
        WorkloadSplitter first = CreateSplitter();
        WorkloadSplitter second = CreateSplitter();
        foreach ((WorkloadDistribution distribution, long[] turns, long[] taken, long[] cascaded) in Cases())
        {
            var context = new WorkloadSplitContext(Skill, distribution, turns, taken, cascaded);
            first.ChoosePrimary(context).ShouldBe(second.ChoosePrimary(context));
            first.ChoosePrimary(context).ShouldBe(first.ChoosePrimary(context));
            int[] a = new int[distribution.Secondary.Length];
            int[] b = new int[distribution.Secondary.Length];
            first.RankSecondaries(context, a).ShouldBe(second.RankSecondaries(context, b));
            a.ShouldBe(b);
        }
    }

    [Test]
    public void Engine_PluggedIn_DecidesEachConversationsGroupAndTheEngineCountsWhatWasTaken()
    {
        var decisions = new List<string>();
        var services = new ServiceCollection().AddSingleton<TimeProvider>(new FakeTimeProvider(EngineKit.Start));
        services.AddRoutingEngine(o =>
        {
            o.AgentGroups = ["g1", "g2", "g3", "s1", "s2"];
            o.MaxConcurrent.DefaultMaxConcurrent = 50;
            o.Skills["sales"] = new SkillOptions { Workload = Distributions[0].ToOptions() };
        }).UseWorkloadSplitter(_ => CreateSplitter());
        using ServiceProvider provider = services.BuildServiceProvider();
        IRoutingEngine engine = provider.GetRequiredService<IRoutingEngine>();
        foreach (string group in new[] { "g1", "g2", "g3" })
        {
            engine.AddAgent(new AgentProfile(new AgentId($"agent-{group}")) { Skills = [new AgentSkill(Skill)], Groups = [new AgentGroupId(group)] }, AgentState.Online);
        }

        WorkloadSplitter twin = CreateSplitter();
        var turns = new long[3];
        var taken = new long[3];
        for (int i = 0; i < 20; i++)
        {
            int expected = twin.ChoosePrimary(new WorkloadSplitContext(Skill, Distributions[0], turns, taken, new long[2]));
            var id = new ConversationId($"c{i}");
            ConversationSnapshot offered = engine.Submit(new ConversationRequest(id) { Skill = Skill });
            offered.AgentGroup.ShouldBe(Distributions[0].Primary[expected].Group, $"conversation {i}");
            engine.Accept(id, offered.OfferedTo[0]);
            turns[expected]++;
            taken[expected]++;
        }

        WorkloadReport report = engine.GetWorkloadReport(Skill);
        report.PrimaryTotal.ShouldBe(20);
        for (int g = 0; g < 3; g++)
        {
            report.Find(Distributions[0].Primary[g].Group)!.PrimaryCount.ShouldBe(taken[g]);
        }
    }

    /// <summary>Every distribution with no counts, even counts, and counts skewed to the first or the last group.</summary>
    private static IEnumerable<(WorkloadDistribution Distribution, long[] Turns, long[] Taken, long[] Cascaded)> Cases()
    {
        foreach (WorkloadDistribution distribution in Distributions)
        {
            int primary = distribution.Primary.Length;
            int secondary = distribution.Secondary.Length;
            yield return (distribution, new long[primary], new long[primary], new long[secondary]);
            yield return (distribution, Filled(primary, _ => 7), Filled(primary, _ => 5), Filled(secondary, _ => 3));
            yield return (distribution, Filled(primary, i => i == 0 ? 100 : 0), Filled(primary, i => i == 0 ? 90 : 0), Filled(secondary, i => i == 0 ? 40 : 0));
            yield return (distribution, Filled(primary, i => i == primary - 1 ? 100 : 1), Filled(primary, i => i), Filled(secondary, i => i == secondary - 1 ? 40 : 2));
        }
    }

    private static long[] Filled(int length, Func<int, long> count) => [.. Enumerable.Range(0, length).Select(count)];

    private static AgentGroupShare Share(string group, double percentage) => new(new AgentGroupId(group), percentage);
}

public sealed class BuiltInWorkloadSplitterContractTests : WorkloadSplitterContractTests
{
    protected override WorkloadSplitter CreateSplitter() => WorkloadSplitter.Create();
}

public sealed class UserWorkloadSplitterContractTests : WorkloadSplitterContractTests
{
    protected override WorkloadSplitter CreateSplitter() => new ProportionalDeficitSplitter();
}

/// <summary>
/// A splitter a user could write: the primary group furthest behind its share of the turns (turns over percentage, the
/// smallest first), and the secondary groups ranked the same way by what they took.
/// </summary>
internal sealed class ProportionalDeficitSplitter : WorkloadSplitter
{
    protected override int ChoosePrimaryCore(in WorkloadSplitContext context)
    {
        int best = -1;
        for (int i = 0; i < context.Distribution.Primary.Length; i++)
        {
            if (context.Distribution.Primary[i].Percentage > 0 && (best < 0 || Ratio(context.PrimaryTurns[i], context.Distribution.Primary[i].Percentage) < Ratio(context.PrimaryTurns[best], context.Distribution.Primary[best].Percentage)))
            {
                best = i;
            }
        }

        return best;
    }

    protected override int RankSecondariesCore(in WorkloadSplitContext context, Span<int> destination)
    {
        long[] taken = context.SecondaryTaken.ToArray();
        WorkloadDistribution distribution = context.Distribution;
        int[] ranked = [.. Enumerable.Range(0, distribution.Secondary.Length)
            .Where(i => distribution.Secondary[i].Percentage > 0)
            .OrderBy(i => Ratio(taken[i], distribution.Secondary[i].Percentage))]; // stable: ties keep the list's order
        int written = Math.Min(ranked.Length, destination.Length);
        ranked.AsSpan(0, written).CopyTo(destination);
        return written;
    }

    private static double Ratio(long count, double percentage) => count / percentage;
}
