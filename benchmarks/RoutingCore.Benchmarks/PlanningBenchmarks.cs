using BenchmarkDotNet.Attributes;

namespace RoutingCore.Benchmarks;

/// <summary>Planning one conversation with each strategy over 10 to 10,000 eligible agents (on a roster ten times larger).</summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 8)]
public class PlanningBenchmarks
{
    private IRoutingEngine _engine = null!;
    private ConversationRequest _request = null!;

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

    [GlobalSetup]
    public void Setup()
    {
        (_engine, _) = BenchmarkRoster.Build(Agents, new RoutingOptions { Strategy = Strategy });
        _request = BenchmarkRoster.Request(1);
        RoutingPlan plan = _engine.Plan(_request);
        if (plan.AgentCount != Agents)
        {
            throw new InvalidOperationException($"Expected {Agents} eligible agents, the plan has {plan.AgentCount}.");
        }
    }

    [Benchmark]
    public RoutingPlan Plan() => _engine.Plan(_request);
}
