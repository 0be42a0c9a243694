using BenchmarkDotNet.Attributes;

namespace RoutingCore.Benchmarks;

/// <summary>
/// Cost of the queueing models for large groups (the sizes the Erlang tests check for correctness): Erlang A at an
/// offered load of one erlang per agent, and the Erlang C staffing search.
/// </summary>
[MemoryDiagnoser]
public class ErlangBenchmarks
{
    private static readonly TimeSpan HandleTime = TimeSpan.FromSeconds(300);
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(120);
    private static readonly TimeSpan AnswerWithin = TimeSpan.FromSeconds(20);

    /// <summary>The number of agents (servers).</summary>
    [Params(1_000, 10_000)]
    public int Agents { get; set; }

    [Benchmark]
    public double ErlangAEvaluate() => ErlangA.Evaluate(Agents, Agents / HandleTime.TotalSeconds, HandleTime, Patience, AnswerWithin).ServiceLevel;

    [Benchmark]
    public int ErlangCRequiredAgents() => ErlangC.RequiredAgents(Agents * 0.9, HandleTime, AnswerWithin, 0.8);
}
