using BenchmarkDotNet.Attributes;

namespace RoutingCore.Benchmarks;

// How to run (from benchmarks/RoutingCore.Benchmarks):
//   dotnet run -c Release -- --filter '*PlanningBenchmarks*' --anyCategories SelectBest
// Same sizes, strategies, roster and request as the plans (PlanningBenchmarks.cs), in category "SelectBest":
//   LinqSelectBest  the baseline (Ratio = 1): the best agent by hand with LINQ (score every eligible agent, take the
//                   first of the best), over the roster copied out of the engine
//   SelectBest      the engine: the agent a plan would offer first, without building the plan
// The Limit row of category "Plan" is the floor for these too: both read the same fields.

/// <summary>Selecting only the best agent for one conversation, with each strategy, over 10 to 10,000 eligible agents.</summary>
public partial class PlanningBenchmarks
{
    private const string SelectBestCategory = "SelectBest";

    [Benchmark(Baseline = true)]
    [BenchmarkCategory(SelectBestCategory)]
    public PlannedAgent? LinqSelectBest() => HandWrittenRouting.SelectBest(_roster, _request);

    [Benchmark]
    [BenchmarkCategory(SelectBestCategory)]
    public PlannedAgent? SelectBest() => _engine.SelectBest(_request);

    /// <summary>The engine's best agent is the plan's first (same agent, score within 1e-9), and the baseline's too.</summary>
    partial void CheckSelectBest(RoutingPlan plan)
    {
        PlannedAgent first = plan.First ?? throw new InvalidOperationException("The plan has no agent.");
        foreach ((string who, PlannedAgent? best) in new[] { ("engine", _engine.SelectBest(_request)), ("baseline", HandWrittenRouting.SelectBest(_roster, _request)) })
        {
            if (best is not { } chosen || chosen.Agent != first.Agent || Math.Abs(chosen.Score - first.Score) > ScoreTolerance)
            {
                throw new InvalidOperationException(
                    $"The {who}'s best {Strategy} agent over {Agents} agents is {best?.ToString() ?? "nobody"}, the plan offers {first} first.");
            }
        }
    }
}
