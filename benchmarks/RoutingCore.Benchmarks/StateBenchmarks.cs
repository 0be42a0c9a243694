using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Time.Testing;

namespace RoutingCore.Benchmarks;

// How to run (from benchmarks/RoutingCore.Benchmarks):
//   everything:      dotnet run -c Release -- --filter '*StateBenchmarks*'
//   one size:        dotnet run -c Release -- --filter '*StateBenchmarks*Agents: 1000*'
//   check the setup: add --job dry

/// <summary>
/// Saving and restoring the engine's state document (what a host persists after every state-changing call): a roster of
/// 100 or 1,000 agents with three conversations per agent — two assigned, one waiting or offered — and their timers.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(RoutingBenchmarkConfig))]
public class StateBenchmarks
{
    private static readonly DateTimeOffset Start = new(2026, 1, 5, 9, 0, 0, TimeSpan.Zero);
    private readonly MemoryStream _buffer = new();
    private IRoutingEngine _engine = null!;
    private byte[] _document = [];

    [Params(100, 1_000)]
    public int Agents { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _engine = Populate(new FakeTimeProvider(Start), Agents);
        _engine.SaveState(_buffer);
        _document = _buffer.ToArray();
    }

    [GlobalCleanup]
    public void Cleanup() => _engine.Dispose();

    /// <summary>Writes the whole document into a reused buffer.</summary>
    [Benchmark(Baseline = true)]
    public long Save()
    {
        _buffer.Position = 0;
        _buffer.SetLength(0);
        _engine.SaveState(_buffer);
        return _buffer.Length;
    }

    /// <summary>Creates an engine and restores the document into it (parse, check, swap in).</summary>
    [Benchmark]
    public int Restore()
    {
        using IRoutingEngine engine = CreateEngine(new FakeTimeProvider(Start));
        engine.RestoreState(new MemoryStream(_document, writable: false));
        return engine.GetAgents().Length;
    }

    /// <summary>An engine with <paramref name="agents"/> agents and three conversations each (assigned, assigned, then offered or waiting).</summary>
    public static IRoutingEngine Populate(TimeProvider clock, int agents)
    {
        IRoutingEngine engine = CreateEngine(clock);
        for (int i = 0; i < agents; i++)
        {
            engine.AddAgent(new AgentProfile(new AgentId($"agent-{i}"))
            {
                Skills = [new AgentSkill(new SkillId(i % 2 == 0 ? "sales" : "support"), 0.5 + (i % 5 / 10.0))],
                Groups = [new AgentGroupId(i % 3 == 0 ? "g1" : "g2")],
                MaxConcurrent = 2,
                Tags = i % 4 == 0 ? ["vip"] : [],
            }, AgentState.Online);
        }

        for (int i = 0; i < agents * 2; i++)
        {
            string agent = $"agent-{i / 2}";
            engine.Assign(new ConversationRequest(new ConversationId($"assigned-{i}")) { Skill = new SkillId((i / 2) % 2 == 0 ? "sales" : "support"), Consumer = new ConsumerId($"consumer-{i}") }, new AgentId(agent));
        }

        for (int i = 0; i < agents; i++)
        {
            engine.Submit(new ConversationRequest(new ConversationId($"new-{i}")) { Skill = new SkillId(i % 2 == 0 ? "sales" : "support"), Priority = i % 3 });
        }

        return engine;
    }

    private static IRoutingEngine CreateEngine(TimeProvider clock) => RoutingEngine.Create(
        new RoutingOptions
        {
            Strategy = RoutingStrategyNames.LeastLoaded,
            AgentGroups = ["g1", "g2"],
            AutoCloseAfter = TimeSpan.FromMinutes(5),
        },
        clock);
}
