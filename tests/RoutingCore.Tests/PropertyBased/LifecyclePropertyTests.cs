using CsCheck;
using RoutingCore.Tests.PropertyBased.Shared;

namespace RoutingCore.Tests.PropertyBased;

/// <summary>
/// The model-based property: random rosters, configurations and event sequences (arrivals, accepts, declines, timeouts, closes,
/// messages, state changes, transfers, returns to queue, percentage changes, clock jumps, direct assignments, agents removed
/// and added back, duplicate and out-of-order operations) applied to an engine on a fake clock; after every event, every
/// invariant holds (<see cref="ModelRunner"/>, <see cref="InvariantChecker"/>, <see cref="EventLedger"/>).
/// </summary>
public sealed class LifecyclePropertyTests
{
    /// <summary>Scenarios per run; with up to <see cref="MaxOps"/> events each this stays well under 60 s on 2 cores in Release.</summary>
    internal const int Iterations = 1_000;

    internal const int MaxOps = 80;

    [Test]
    public void RandomEventSequences_EveryInvariantHoldsAfterEveryEvent()
    {
        var totals = new RunTotals();
        Generators.Scenarios(MaxOps).Sample(
            scenario =>
            {
                using var runner = new ModelRunner(scenario);
                runner.Run(totals);
            },
            iter: Iterations,
            print: s => s.ToString());

        TestContext.Out.WriteLine($"LifecyclePropertyTests: {totals}");
        totals.Scenarios.ShouldBe(Iterations);
        totals.SplitExactChecks.ShouldBeGreaterThan(0, "no scenario reached a state where every group could take its traffic");
    }
}
