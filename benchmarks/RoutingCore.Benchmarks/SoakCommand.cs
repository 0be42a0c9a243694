using System.Globalization;
using RoutingCore.Tests.PropertyBased.Shared;

namespace RoutingCore.Benchmarks;

/// <summary>
/// <c>dotnet run -c Release --project benchmarks/RoutingCore.Benchmarks -- --soak [events] [threads] [seed]</c>: hammers one
/// engine with random events and injected faults from several threads (default 1,000,000 events over 4 threads, seed 1),
/// checks every invariant at quiescent checkpoints (every 50,000 events) and at the end, and prints events, faults injected,
/// invariant checks run and failures. The driver is the one the tests run smaller (<c>SoakTests</c>), linked from the tests.
/// </summary>
internal static class SoakCommand
{
    public const int DefaultEvents = 1_000_000;
    public const int DefaultThreads = 4;
    public const int CheckEvery = 50_000;

    /// <summary>Runs the soak; returns the process exit code (0 when nothing failed, 1 on failures, 2 on bad arguments).</summary>
    public static int Run(string[] args, TextWriter output)
    {
        if (args.Length > 3
            || !TryPositive(args, 0, DefaultEvents, out int events)
            || !TryPositive(args, 1, DefaultThreads, out int threads)
            || !TryPositive(args, 2, 1, out int seed))
        {
            output.WriteLine($"Usage: --soak [events ≥ 1, default {DefaultEvents}] [threads ≥ 1, default {DefaultThreads}] [seed ≥ 1, default 1]; got: {string.Join(' ', args)}");
            return 2;
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Soak: {events:N0} events on {threads} threads, seed {seed}, invariants checked every {CheckEvery:N0} events and at the end"));
        var wall = System.Diagnostics.Stopwatch.StartNew();
        SoakResult result = SoakDriver.Run(events, threads, seed, CheckEvery, output);
        result.Elapsed = wall.Elapsed;
        output.WriteLine(result.ToString());
        return result.Failures.Count == 0 ? 0 : 1;
    }

    private static bool TryPositive(string[] args, int index, int fallback, out int value)
    {
        value = fallback;
        return index >= args.Length || (int.TryParse(args[index], NumberStyles.Integer, CultureInfo.InvariantCulture, out value) && value >= 1);
    }
}
