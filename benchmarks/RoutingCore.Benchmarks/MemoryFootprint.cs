using Microsoft.Extensions.Time.Testing;

namespace RoutingCore.Benchmarks;

/// <summary>
/// The engine's memory per agent: <c>dotnet run -c Release -- --memory</c> prints, for rosters of 10,000 and 100,000
/// agents (<see cref="BenchmarkRoster"/>'s, online or away, 50 skills, 0..10 tags each), the bytes the engine retains
/// per agent, and then per load conversation once the roster's agents take theirs.
/// </summary>
/// <remarks>
/// Retained bytes, measured as the live heap after a full collection (<see cref="GC.GetTotalMemory(bool)"/>) before
/// and after adding the agents, with the profiles built beforehand and kept alive, so they are not counted: what is
/// counted is what the engine adds (its records, indexes, tag bit sets, list and dictionary slots, including their
/// spare capacity). [MemoryDiagnoser] would count bytes allocated, garbage included (the arrays each resize throws
/// away, temporaries), not what an agent costs while it stays on the roster.
/// </remarks>
internal static class MemoryFootprint
{
    public static void Run(TextWriter output)
    {
        Measure(100, output: null); // JIT, statics and first-use allocations, so they are not charged to the first roster
        foreach (int agents in (int[])[10_000, 100_000])
        {
            Measure(agents, output);
        }
    }

    private static void Measure(int agents, TextWriter? output)
    {
        int eligible = agents / 10;
        var random = new Random(BenchmarkRoster.DefaultSeed);
        List<(AgentProfile Profile, AgentState State)> roster = BenchmarkRoster.CreateAgents(eligible, random);
        var options = new RoutingOptions();
        options.MaxConcurrent.IdleChatTimeout = TimeSpan.Zero;
        var clock = new FakeTimeProvider(BenchmarkRoster.Start);

        long before = GC.GetTotalMemory(forceFullCollection: true);
        IRoutingEngine engine = RoutingEngine.Create(options, clock);
        long empty = GC.GetTotalMemory(forceFullCollection: true);
        foreach ((AgentProfile profile, AgentState state) in roster)
        {
            engine.AddAgent(profile, state);
        }

        long withAgents = GC.GetTotalMemory(forceFullCollection: true);
        int conversations = BenchmarkRoster.AssignLoads(engine, clock, random, agents);
        long withLoads = GC.GetTotalMemory(forceFullCollection: true);

        output?.WriteLine(
            $"Roster of {agents:N0} agents: {(double)(withAgents - empty) / agents:N0} bytes per agent "
            + $"({(withAgents - empty) / 1024.0 / 1024.0:N1} MiB; the empty engine {(empty - before) / 1024.0:N1} KiB); "
            + $"{conversations:N0} assigned conversations then add {(double)(withLoads - withAgents) / conversations:N0} bytes each "
            + $"({(double)(withLoads - empty) / agents:N0} bytes per agent with them).");
        GC.KeepAlive(roster);
        engine.Dispose();
    }
}
