using BenchmarkDotNet.Attributes;
using RoutingCore;

namespace RoutingCore.Benchmarks;

/// <summary>
/// The workload split decision for one conversation as the engine makes it: the built-in splitter chooses the group from
/// the counts the engine keeps (<see cref="WorkloadLedger"/>), which then records that the group took the conversation.
/// Must allocate nothing.
/// </summary>
[MemoryDiagnoser]
public class WorkloadSplitterBenchmarks
{
    private static readonly SkillId Skill = new("sales-es");
    private WorkloadLedger _splitter = null!;
    private AgentGroupId[] _ranked = [];

    /// <summary>The number of primary groups (and of secondary groups).</summary>
    [Params(2, 3, 10)]
    public int Groups { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        // Uneven shares (the last group takes the remainder) so the decision is not a plain rotation.
        var primary = Shares("vendor-", Groups);
        var secondary = Shares("overflow-", Groups);
        _splitter = new WorkloadLedger(WorkloadSplitter.Create());
        _splitter.Configure(Skill, WorkloadDistribution.Create(primary, secondary));
        _ranked = new AgentGroupId[Groups];
    }

    [Benchmark(Baseline = true)]
    public AgentGroupId ChooseAndRecordPrimary()
    {
        var group = _splitter.ChoosePrimary(Skill);
        _splitter.RecordTaken(Skill, group, cascaded: false);
        return group;
    }

    [Benchmark]
    public AgentGroupId RankAndRecordSecondary()
    {
        _splitter.RankSecondaries(Skill, _ranked);
        var group = _ranked[0];
        _splitter.RecordTaken(Skill, group, cascaded: true);
        return group;
    }

    private static AgentGroupShare[] Shares(string prefix, int count)
    {
        var shares = new AgentGroupShare[count];
        double rest = 100;
        for (int i = 0; i < count - 1; i++)
        {
            double percentage = Math.Round(100.0 / (count + i), 2);
            shares[i] = new AgentGroupShare(new AgentGroupId($"{prefix}{i}"), percentage);
            rest -= percentage;
        }

        shares[^1] = new AgentGroupShare(new AgentGroupId($"{prefix}{count - 1}"), Math.Round(rest, 2));
        return shares;
    }
}
