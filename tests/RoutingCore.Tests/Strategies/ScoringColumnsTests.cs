namespace RoutingCore.Tests.Strategies;

/// <summary>
/// What a strategy reads through <see cref="ScoringColumns"/>: one value per candidate in each column, at the candidate's
/// index, the same on the skill index's path (Plan, SelectBest) and on the roster's path (Explain, "any agent").
/// </summary>
public class ScoringColumnsTests
{
    private static readonly SkillId Sales = new("sales");

    [TestCase(Path.Plan)]
    [TestCase(Path.SelectBest)]
    [TestCase(Path.Explain)]
    public void Score_ReadsEveryCandidatesFieldsAtItsIndex(Path path)
    {
        var recorder = new RecordingStrategy();
        var (engine, clock) = TestEngine.Create(
            o =>
            {
                o.Strategy = RecordingStrategy.StrategyName;
                o.MaxConcurrent.IdleChatTimeout = TimeSpan.Zero; // the chat keeps counting while nobody writes
            },
            recorder);
        engine.AddAgent(new AgentProfile(new AgentId("friend")) { Skills = [new AgentSkill(Sales, 0.5)], MaxConcurrent = 4 }, AgentState.Online);
        engine.AddAgent(new AgentProfile(new AgentId("away")) { Skills = [Sales] }, AgentState.Away);
        engine.AddAgent(new AgentProfile(new AgentId("stranger")) { Skills = [Sales], Tags = ["es"], MaxConcurrent = 4 }, AgentState.Online);
        engine.Assign(new ConversationRequest(new ConversationId("earlier")) { Skill = Sales, Consumer = new ConsumerId("alice") }, new AgentId("friend"));
        clock.Advance(TimeSpan.FromMinutes(10));

        var request = new ConversationRequest(new ConversationId("x")) { Skill = Sales, OptionalTags = ["es", "vip"], Consumer = new ConsumerId("alice") };
        _ = path switch
        {
            Path.Plan => engine.Plan(request),
            Path.SelectBest => (object?)engine.SelectBest(request),
            _ => engine.Explain(request),
        };

        recorder.Seen.Keys.ShouldBe(["friend", "stranger"], ignoreOrder: false); // roster order, without the agent away
        Seen friend = recorder.Seen["friend"];
        Seen stranger = recorder.Seen["stranger"];
        friend.Utilization.ShouldBe(0.25);
        stranger.Utilization.ShouldBe(0.0);
        friend.ActiveConversations.ShouldBe(1);
        stranger.ActiveConversations.ShouldBe(0);
        friend.IdleTicks.ShouldBe(TimeSpan.FromMinutes(10).Ticks); // since it accepted "earlier"
        stranger.IdleTicks.ShouldBe(TimeSpan.FromMinutes(10).Ticks); // since it came online
        recorder.MaxIdleTicks.ShouldBe(TimeSpan.FromMinutes(10).Ticks);
        friend.TagMatch.ShouldBe(0.0);
        stranger.TagMatch.ShouldBe(0.5); // one of the two optional tags
        friend.Proficiency.ShouldBe(0.5);
        stranger.Proficiency.ShouldBe(1.0);
        friend.Affinity.ShouldBe(1.0); // served alice before
        stranger.Affinity.ShouldBe(0.0);
        friend.Profile.ShouldBeSameAs(engine.GetAgent(new AgentId("friend")).Profile);
    }

    [Test]
    public void Score_AnyAgentConversation_HasProficiencyOneAndTagMatchOneWithoutOptionalTags()
    {
        var recorder = new RecordingStrategy();
        var (engine, _) = TestEngine.Create(o => o.Strategy = RecordingStrategy.StrategyName, recorder);
        engine.AddAgent(new AgentProfile(new AgentId("a")) { Skills = [new AgentSkill(Sales, 0.3)] }, AgentState.Online);

        engine.Plan(TestEngine.Chat("x", skill: null));

        recorder.Seen["a"].Proficiency.ShouldBe(1.0);
        recorder.Seen["a"].TagMatch.ShouldBe(1.0);
    }

    [Test]
    public void Explain_ColumnTheScoreDidNotRead_IsStillTheAgentsValue()
    {
        // Custom-weighted with an affinity weight of 0 never reads the affinity column to score; Explain still lists the
        // component with its value (the column is gathered then, from the plan's own copy of the consumer's agents).
        var (engine, _) = TestEngine.Create(o =>
        {
            o.Strategy = RoutingStrategyNames.CustomWeighted;
            o.CustomWeights.Affinity = 0;
        });
        engine.AddAgent(new AgentProfile(new AgentId("friend")) { Skills = [Sales], MaxConcurrent = 4 }, AgentState.Online);
        engine.AddAgent(new AgentProfile(new AgentId("stranger")) { Skills = [Sales], MaxConcurrent = 4 }, AgentState.Online);
        engine.Assign(new ConversationRequest(new ConversationId("earlier")) { Skill = Sales, Consumer = new ConsumerId("alice") }, new AgentId("friend"));

        RoutingExplanation explanation = engine.Explain(new ConversationRequest(new ConversationId("x")) { Skill = Sales, Consumer = new ConsumerId("alice") });

        explanation.For(new AgentId("friend")).Components.Single(c => c.Name == "affinity").ShouldBe(new ScoreComponent("affinity", 1.0, 0.0));
        explanation.For(new AgentId("stranger")).Components.Single(c => c.Name == "affinity").ShouldBe(new ScoreComponent("affinity", 0.0, 0.0));
    }

    [TestCase(-1)]
    [TestCase(2)]
    public void AgentAt_IndexOutsideTheCandidates_ThrowsNamingTheIndexAndTheRange(int index)
    {
        var recorder = new RecordingStrategy { Probe = index };
        var (engine, _) = TestEngine.Create(o => o.Strategy = RecordingStrategy.StrategyName, recorder);
        engine.AddAgent(TestEngine.Agent("a"), AgentState.Online);
        engine.AddAgent(TestEngine.Agent("b"), AgentState.Online);

        engine.Plan(TestEngine.Chat("x"));

        ArgumentOutOfRangeException error = recorder.ProbeError.ShouldBeOfType<ArgumentOutOfRangeException>();
        error.ParamName.ShouldBe("index");
        error.Message.ShouldStartWith($"Candidate index {index} is out of range; the plan has 2 candidates (0 to 1).");
    }

    public enum Path
    {
        Plan,
        SelectBest,
        Explain,
    }

    private sealed record Seen(double Utilization, int ActiveConversations, double IdleTicks, double TagMatch, double Proficiency, double Affinity, AgentProfile Profile);

    /// <summary>Records every column it is handed, by agent; scores everyone 0.</summary>
    private sealed class RecordingStrategy : IRoutingStrategy
    {
        public const string StrategyName = "recording";

        public Dictionary<string, Seen> Seen { get; } = [];

        public long MaxIdleTicks { get; private set; }

        public int? Probe { get; init; }

        public Exception? ProbeError { get; private set; }

        public string Name => StrategyName;

        public void Score(in ScoringContext context, in ScoringColumns candidates, Span<double> scores)
        {
            Seen.Clear();
            MaxIdleTicks = context.MaxIdleTime.Ticks;
            ReadOnlySpan<double> utilization = candidates.Utilization;
            ReadOnlySpan<int> active = candidates.ActiveConversations;
            ReadOnlySpan<double> idle = candidates.IdleTicks;
            ReadOnlySpan<double> tags = candidates.TagMatch;
            ReadOnlySpan<double> proficiency = candidates.Proficiency;
            ReadOnlySpan<double> affinity = candidates.Affinity;
            for (int i = 0; i < candidates.Count; i++)
            {
                Seen[candidates.AgentAt(i).Value] = new Seen(utilization[i], active[i], idle[i], tags[i], proficiency[i], affinity[i], candidates.ProfileAt(i));
                scores[i] = 0;
            }

            if (Probe is { } probe)
            {
                try
                {
                    candidates.AgentAt(probe);
                }
                catch (ArgumentOutOfRangeException error)
                {
                    ProbeError = error;
                }
            }
        }
    }
}
