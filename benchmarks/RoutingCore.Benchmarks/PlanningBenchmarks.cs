using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;

namespace RoutingCore.Benchmarks;

// How to run (from benchmarks/RoutingCore.Benchmarks):
//   everything:        dotnet run -c Release -- --filter '*PlanningBenchmarks*'
//   plans only:        dotnet run -c Release -- --filter '*PlanningBenchmarks*' --anyCategories Plan
//   one size:          dotnet run -c Release -- --filter '*PlanningBenchmarks*Agents: 100,*'
//   check the setup:   add --job dry (replaces the job of RoutingBenchmarkConfig; nothing is measured seriously)
// Each (Agents, Strategy) pair runs three rows in category "Plan", one table per size and strategy:
//   LinqPlan  the baseline (Ratio = 1): the plan written by hand with LINQ over the roster copied out of the engine
//   Plan      the engine
//   Limit     the memory-bound floor: a loop that only reads, for the agents the engine walks, the fields planning
//             needs, and sums them
// Category "SelectBest" adds LinqSelectBest (baseline) and SelectBest (the engine), see SelectBestBenchmarks.cs.

/// <summary>
/// Planning one conversation with each strategy over 10 to 10,000 eligible agents (on a roster ten times larger over 50
/// skills), against a hand-written LINQ baseline and a memory-bound limit over the same data.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(RoutingBenchmarkConfig))]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory, BenchmarkLogicalGroupRule.ByParams)]
[CategoriesColumn]
public partial class PlanningBenchmarks
{
    private const string PlanCategory = "Plan";
    private const double ScoreTolerance = 1e-9;

    private IRoutingEngine _engine = null!;
    private ConversationRequest _request = null!;
    private CapturedRoster _roster = null!;

    [Params(10, 100, 1_000, 10_000)]
    public int Agents { get; set; }

    [ParamsSource(nameof(Strategies))]
    public string Strategy { get; set; } = RoutingStrategyNames.Broadcast;

    public static IEnumerable<string> Strategies =>
    [
        RoutingStrategyNames.Broadcast,
        RoutingStrategyNames.SkillBased,
        RoutingStrategyNames.RoundRobin,
        RoutingStrategyNames.LeastLoaded,
        RoutingStrategyNames.Dynamic,
        RoutingStrategyNames.CustomWeighted,
    ];

    /// <summary>
    /// Builds the roster, copies it out for the baseline and the limit, and checks that they describe the same work as
    /// the engine: the baseline's plan equals the engine's (same steps, same agents in each, scores within 1e-9), for the
    /// benchmark's request and for one from the consumer most served by the eligible agents (so that consumer affinity
    /// is checked too; for custom-weighted, the agents the baseline counts as having served the consumer are those the
    /// engine's Explain names); the limit walks exactly the plan's agents; with SelectBest compiled in, the engine's and
    /// the baseline's best agent is the plan's first. Throws otherwise, so no row is measured against a wrong baseline.
    /// </summary>
    [GlobalSetup]
    public void Setup()
    {
        var options = new RoutingOptions { Strategy = Strategy };
        (_engine, var clock) = BenchmarkRoster.Build(Agents, options);
        _request = BenchmarkRoster.Request(1);
        _roster = CapturedRoster.Capture(_engine, clock.GetUtcNow(), options, _request);

        RoutingPlan plan = _engine.Plan(_request);
        if (plan.AgentCount != Agents)
        {
            throw new InvalidOperationException($"Expected {Agents} eligible agents, the plan has {plan.AgentCount}.");
        }

        if (plan.PlannedAt != _roster.Now)
        {
            throw new InvalidOperationException($"The engine planned at {plan.PlannedAt:O}, the baseline scores at {_roster.Now:O}.");
        }

        CheckSamePlan(_request, plan);
        if (_roster.Columns.Count != plan.AgentCount)
        {
            throw new InvalidOperationException($"The limit reads {_roster.Columns.Count} agents, the plan has {plan.AgentCount}.");
        }

        // consumer-7 was served by few or none of the eligible agents, which leaves consumer affinity (custom-weighted)
        // barely checked: check the plans once more for the consumer served by the most of them.
        HashSet<AgentId> eligible = [.. plan.Steps.SelectMany(s => s.Agents).Select(a => a.Agent)];
        (ConsumerId regular, int regularServed) = _roster.ServedBy
            .Select(entry => (Consumer: entry.Key, Served: entry.Value.Count(eligible.Contains)))
            .OrderByDescending(entry => entry.Served)
            .ThenBy(entry => entry.Consumer.ToString(), StringComparer.Ordinal)
            .First();
        var regularRequest = new ConversationRequest(new ConversationId("bench-affinity-check"))
        {
            Skill = _request.Skill,
            OptionalTags = _request.OptionalTags,
            Consumer = regular,
        };
        CheckSamePlan(regularRequest, _engine.Plan(regularRequest));

        CheckSelectBest(plan);
        Console.WriteLine(
            $"// Setup checked: {Strategy} over {Agents} agents: {plan.Steps.Length} steps of {string.Join("/", plan.Steps.Select(s => s.Agents.Length))} agents; "
            + $"the baseline's plans are the engine's for {_request.Consumer} (served by {_roster.ServedBefore(_request).Count(eligible.Contains)} eligible agents) "
            + $"and {regular} (served by {regularServed}).");
    }

    /// <summary>Checks the SelectBest rows' answers, when they are compiled in (SelectBestBenchmarks.cs).</summary>
    partial void CheckSelectBest(RoutingPlan plan);

    [GlobalCleanup]
    public void Cleanup() => _engine.Dispose();

    [Benchmark(Baseline = true)]
    [BenchmarkCategory(PlanCategory)]
    public PlannedAgent[][] LinqPlan() => HandWrittenRouting.Plan(_roster, _request);

    [Benchmark]
    [BenchmarkCategory(PlanCategory)]
    public RoutingPlan Plan() => _engine.Plan(_request);

    [Benchmark]
    [BenchmarkCategory(PlanCategory)]
    public double Limit() => _roster.Columns.Sum(Strategy);

    private void CheckSamePlan(ConversationRequest request, RoutingPlan plan)
    {
        PlannedAgent[][] baseline = HandWrittenRouting.Plan(_roster, request);
        if (plan.Steps.Length != baseline.Length)
        {
            throw Mismatch($"the engine has {plan.Steps.Length} steps, the baseline {baseline.Length}");
        }

        for (int s = 0; s < baseline.Length; s++)
        {
            Dictionary<AgentId, double> engineStep = plan.Steps[s].Agents.ToDictionary(a => a.Agent, a => a.Score);
            if (engineStep.Count != baseline[s].Length)
            {
                throw Mismatch($"step {s} has {engineStep.Count} agents in the engine's plan, {baseline[s].Length} in the baseline's");
            }

            foreach (PlannedAgent agent in baseline[s])
            {
                if (!engineStep.TryGetValue(agent.Agent, out double score))
                {
                    throw Mismatch($"{agent.Agent} is in step {s} of the baseline's plan, not of the engine's");
                }

                if (Math.Abs(score - agent.Score) > ScoreTolerance)
                {
                    throw Mismatch($"{agent.Agent} scores {score:R} in the engine's plan, {agent.Score:R} in the baseline's");
                }
            }
        }

        if (Strategy == RoutingStrategyNames.CustomWeighted)
        {
            CheckAffinityAsExplained(request, plan);
        }

        InvalidOperationException Mismatch(string what) =>
            new($"The hand-written {Strategy} plan over {Agents} agents for {request.Consumer} differs from the engine's: {what}.");
    }

    /// <summary>
    /// The baseline rebuilt consumer affinity from the load conversations; the engine's explanation of custom-weighted
    /// scores says which agents it counts as having served the consumer. They must agree.
    /// </summary>
    private void CheckAffinityAsExplained(ConversationRequest request, RoutingPlan plan)
    {
        HashSet<AgentId> served = [.. plan.Steps.SelectMany(s => s.Agents).Select(a => a.Agent).Where(_roster.ServedBefore(request).Contains)];
        RoutingExplanation explanation = _engine.Explain(request);
        HashSet<AgentId> explained = [.. explanation.Agents.Where(a => a.Components.Any(c => c.Name == "affinity" && c.Value > 0)).Select(a => a.Agent)];
        if (!explained.SetEquals(served))
        {
            throw new InvalidOperationException(
                $"The engine explains {string.Join(", ", explained)} as having served {request.Consumer}, the baseline {string.Join(", ", served)}.");
        }
    }
}
