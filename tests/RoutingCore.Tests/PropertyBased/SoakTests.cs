using RoutingCore.Tests.PropertyBased.Shared;

namespace RoutingCore.Tests.PropertyBased;

/// <summary>
/// The soak inside the tests: the same driver as the benchmarks' <c>--soak</c> (<see cref="SoakDriver"/>), smaller: 20,000
/// events on 4 threads with injected faults, the invariants checked on the quiescent engine every 2,000 events and at the end.
/// </summary>
public sealed class SoakTests
{
    internal const int Events = 20_000;

    [TestCase(1)]
    [TestCase(2)]
    public void Soak_RandomEventsAndFaultsOnFourThreads_NoInvariantBreaks(int seed)
    {
        SoakResult result = SoakDriver.Run(Events, threads: 4, seed, checkEvery: 2_000);

        TestContext.Out.WriteLine(result.ToString());
        result.Failures.ShouldBeEmpty(result.ToString());
        result.Operations.ShouldBe(Events);
        result.QuiescentChecks.ShouldBe(Events / 2_000 + 1);
        result.FaultTotal.ShouldBeGreaterThan(0);
        foreach (string fault in (string[])["observer exception", "clock jump", "agent removed mid-work", "duplicate operation", "out-of-order operation"])
        {
            result.Faults.GetValueOrDefault(fault).ShouldBeGreaterThan(0, $"no {fault} was injected");
        }
    }
}
