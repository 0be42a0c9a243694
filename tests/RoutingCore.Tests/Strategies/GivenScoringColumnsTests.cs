using RoutingCore.Strategies;

namespace RoutingCore.Tests.Strategies;

/// <summary>
/// Columns given to <see cref="ScoringColumns"/>'s public constructor, as a strategy's unit test gives them (issue 20:
/// "writing a custom strategy stays easy"): read back as given, scored by a strategy without an engine, and refused with
/// an error naming the column, the index and what is valid when they do not fit.
/// </summary>
public sealed class GivenScoringColumnsTests
{
    private static readonly AgentProfile[] Agents = [new(new AgentId("a")), new(new AgentId("b")), new(new AgentId("c"))];
    private static readonly ScoringContext Context = new(
        new ConversationRequest(new ConversationId("x")), null, TestEngine.Start, ScoringWeights.Equal, TimeSpan.FromMinutes(4));

    [Test]
    public void GivenColumns_AreReadBackAsGiven_AndAStrategyScoresThemWithoutAnEngine()
    {
        double[] utilization = [0.25, 1, 0];
        double[] idle = [TimeSpan.FromMinutes(4).Ticks, 0, TimeSpan.FromMinutes(1).Ticks];
        double[] tags = [1, 0.5, 0];
        double[] proficiency = [1, 0.75, 0.5];
        double[] affinity = [0, 1, 0];
        int[] active = [1, 4, 0];
        var columns = new ScoringColumns(Agents, utilization, idle, tags, proficiency, affinity, active);

        columns.Count.ShouldBe(3);
        columns.Utilization.ToArray().ShouldBe(utilization);
        columns.IdleTicks.ToArray().ShouldBe(idle);
        columns.TagMatch.ToArray().ShouldBe(tags);
        columns.Proficiency.ToArray().ShouldBe(proficiency);
        columns.Affinity.ToArray().ShouldBe(affinity);
        columns.ActiveConversations.ToArray().ShouldBe(active);
        columns.AgentAt(2).ShouldBe(new AgentId("c"));
        columns.ProfileAt(1).ShouldBeSameAs(Agents[1]);

        double[] scores = new double[3];
        new LeastLoadedStrategy().Score(Context, columns, scores);
        scores.ShouldBe([0.75, 0, 1]);
        new RoundRobinStrategy().Score(Context, columns, scores);
        scores.ShouldBe([1, 0, 0.25]);
    }

    [Test]
    public void DefaultColumns_HaveNoCandidates()
    {
        ScoringColumns none = default;

        none.Count.ShouldBe(0);
        none.Utilization.IsEmpty.ShouldBeTrue();
        none.ActiveConversations.IsEmpty.ShouldBeTrue();
        Should.Throw<ArgumentOutOfRangeException>(() => default(ScoringColumns).AgentAt(0));
    }

    [Test]
    public void AColumnOfAnotherLength_IsRefusedNamingTheColumnAndBothLengths()
    {
        var error = Should.Throw<ArgumentException>(() => new ScoringColumns(Agents, [0, 0, 0], [0, 0, 0], [1, 1], [1, 1, 1], [0, 0, 0], [0, 0, 0]));

        error.ParamName.ShouldBe("tagMatch");
        error.Message.ShouldStartWith("tagMatch holds 2 values for 3 agents; every column needs one value per agent.");
    }

    [TestCase("utilization", 1.5, "utilization[1] is 1.5; it must be from 0 to 1.")]
    [TestCase("proficiency", double.NaN, "proficiency[1] is NaN; it must be from 0 to 1.")]
    [TestCase("idleTicks", -1.0, "idleTicks[1] is -1; it must be a finite number, 0 or more.")]
    [TestCase("idleTicks", double.PositiveInfinity, "idleTicks[1] is Infinity; it must be a finite number, 0 or more.")]
    public void AValueOutOfItsRange_IsRefusedNamingTheColumnTheIndexAndTheRange(string column, double bad, string message)
    {
        double[] Column(string name, double usual) => name == column ? [usual, bad, usual] : [usual, usual, usual];

        var error = Should.Throw<ArgumentOutOfRangeException>(() => new ScoringColumns(
            Agents, Column("utilization", 0), Column("idleTicks", 0), Column("tagMatch", 1), Column("proficiency", 1), Column("affinity", 0), [0, 0, 0]));

        error.ParamName.ShouldBe(column);
        error.Message.ShouldStartWith(message);
    }

    [Test]
    public void ANegativeConversationCountOrAMissingProfile_IsRefused()
    {
        Should.Throw<ArgumentOutOfRangeException>(() => new ScoringColumns(Agents, [0, 0, 0], [0, 0, 0], [1, 1, 1], [1, 1, 1], [0, 0, 0], [0, -2, 0]))
            .Message.ShouldStartWith("activeConversations[1] is -2; it must be 0 or more.");
        Should.Throw<ArgumentException>(() => new ScoringColumns([Agents[0], null!], [0, 0], [0, 0], [1, 1], [1, 1], [0, 0], [0, 0]))
            .Message.ShouldStartWith("agents[1] is null; every candidate needs its profile.");
    }

    [Test]
    public void TheGuidesExample_ScoresAsItSays()
    {
        // docs/guide.md, "To unit-test a strategy without an engine".
        AgentProfile[] agents = [new(new AgentId("a")), new(new AgentId("b"))];
        var columns = new ScoringColumns(agents, utilization: [0.25, 1], idleTicks: [600_000_000, 0], tagMatch: [1, 0.5],
            proficiency: [1, 0.75], affinity: [0, 1], activeConversations: [1, 4]);
        var context = new ScoringContext(new ConversationRequest(new ConversationId("x")), null, DateTimeOffset.UtcNow,
            ScoringWeights.Equal, maxIdleTime: TimeSpan.FromMinutes(1));
        double[] scores = new double[agents.Length];
        new FewestConversationsStrategy().Score(context, columns, scores);

        scores.ShouldBe([0.5, 0.2]);
    }

    /// <summary>The Quickstart sample's strategy, as the guide shows it.</summary>
    private sealed class FewestConversationsStrategy : IRoutingStrategy
    {
        public string Name => "fewest-conversations";

        public void Score(in ScoringContext context, in ScoringColumns candidates, Span<double> scores)
        {
            ReadOnlySpan<int> active = candidates.ActiveConversations;
            for (int i = 0; i < active.Length; i++)
            {
                scores[i] = 1.0 / (1 + active[i]);
            }
        }

        public IReadOnlyList<ScoreComponent> Explain(in ScoringContext context, in ScoringColumns candidates, int index) =>
            [new ScoreComponent("conversations", 1.0 / (1 + candidates.ActiveConversations[index]), 1)];
    }
}
