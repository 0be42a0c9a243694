
namespace RoutingCore.Tests.Workload;

/// <summary>
/// The public methods of <see cref="WorkloadSplitter"/> check the context and what an override answers, and
/// <see cref="WorkloadSplitContext"/> checks its counts against the distribution, so a faulty splitter fails clearly
/// instead of misrouting.
/// </summary>
public sealed class WorkloadSplitterGuardTests
{
    private static readonly SkillId Skill = new("sales");

    private static readonly WorkloadDistribution Split = WorkloadDistribution.Create(
        [new AgentGroupShare(new AgentGroupId("g1"), 0), new AgentGroupShare(new AgentGroupId("g2"), 100)],
        [new AgentGroupShare(new AgentGroupId("s1"), 100), new AgentGroupShare(new AgentGroupId("s2"), 0)]);

    [TestCase(-1)]
    [TestCase(2)]
    [TestCase(0)] // g1 has 0 percent
    public void ChoosePrimary_OverrideAnswersNoGroupAbove0Percent_ThrowsNamingTheSplitterAndTheSkill(int answer)
    {
        var splitter = new FixedSplitter(answer, []);
        var error = Should.Throw<InvalidOperationException>(() => splitter.ChoosePrimary(Context()));
        error.Message.ShouldStartWith($"The workload splitter {typeof(FixedSplitter).FullName} chose index {answer} for skill 'sales', whose list has 2 group(s)");
    }

    [Test]
    public void RankSecondaries_OverrideWritesABadIndexOrTooMany_ThrowsNamingTheSplitter()
    {
        Should.Throw<InvalidOperationException>(() => new FixedSplitter(1, [1]).RankSecondaries(Context(), new int[2]))
            .Message.ShouldContain("ranked index 1 for skill 'sales'"); // s2 has 0 percent
        Should.Throw<InvalidOperationException>(() => new FixedSplitter(1, [0, 5]).RankSecondaries(Context(), new int[2]))
            .Message.ShouldContain("ranked index 5");
        Should.Throw<InvalidOperationException>(() => new FixedSplitter(1, [0], claimed: 3).RankSecondaries(Context(), new int[2]))
            .Message.ShouldContain("reported 3 secondary groups written for skill 'sales'");
        new FixedSplitter(1, [0]).RankSecondaries(Context(), new int[2]).ShouldBe(1);
    }

    [Test]
    public void Decisions_DefaultContext_ThrowArgumentException()
    {
        var splitter = WorkloadSplitter.Create();
        Should.Throw<ArgumentException>(() => splitter.ChoosePrimary(default)).ParamName.ShouldBe("context");
        Should.Throw<ArgumentException>(() => splitter.RankSecondaries(default, new int[2])).ParamName.ShouldBe("context");
    }

    [Test]
    public void Context_BadArguments_AreRejectedNamingTheArgument()
    {
        Should.Throw<ArgumentException>(() => new WorkloadSplitContext(default, Split, new long[2], new long[2], new long[2])).ParamName.ShouldBe("skill");
        Should.Throw<ArgumentNullException>(() => new WorkloadSplitContext(Skill, null!, new long[2], new long[2], new long[2])).ParamName.ShouldBe("distribution");
        Should.Throw<ArgumentException>(() => new WorkloadSplitContext(Skill, Split, new long[3], new long[2], new long[2]))
            .Message.ShouldStartWith("primaryTurns holds 3 counts, but the distribution lists 2 primary group(s)");
        Should.Throw<ArgumentException>(() => new WorkloadSplitContext(Skill, Split, new long[2], new long[1], new long[2])).ParamName.ShouldBe("primaryTaken");
        Should.Throw<ArgumentException>(() => new WorkloadSplitContext(Skill, Split, new long[2], new long[2], new long[0])).ParamName.ShouldBe("secondaryTaken");
    }

    [Test]
    public void BuiltIn_ChoosesFromTheCountsItIsShown()
    {
        WorkloadDistribution fortyThirtyThirty = WorkloadDistribution.Create(
            [new AgentGroupShare(new AgentGroupId("a"), 40), new AgentGroupShare(new AgentGroupId("b"), 30), new AgentGroupShare(new AgentGroupId("c"), 30)]);
        var splitter = WorkloadSplitter.Create();
        var turns = new long[3];
        var chosen = new List<int>();
        for (int i = 0; i < 10; i++)
        {
            int next = splitter.ChoosePrimary(new WorkloadSplitContext(Skill, fortyThirtyThirty, turns, new long[3], []));
            chosen.Add(next);
            turns[next]++;
        }

        turns.ShouldBe([4, 3, 3]);
        chosen.ShouldBe([0, 1, 2, 0, 1, 2, 0, 0, 1, 2]);
    }

    private static WorkloadSplitContext Context() => new(Skill, Split, new long[2], new long[2], new long[2]);

    /// <summary>Answers the same, right or wrong.</summary>
    private sealed class FixedSplitter(int primary, int[] secondaries, int? claimed = null) : WorkloadSplitter
    {
        protected override int ChoosePrimaryCore(in WorkloadSplitContext context) => primary;

        protected override int RankSecondariesCore(in WorkloadSplitContext context, Span<int> destination)
        {
            secondaries.AsSpan(0, Math.Min(secondaries.Length, destination.Length)).CopyTo(destination);
            return claimed ?? secondaries.Length;
        }
    }
}
