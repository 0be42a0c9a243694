using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;

namespace RoutingCore.Benchmarks;

/// <summary>
/// The job of the routing benchmarks (one launch, 3 warm-up and 8 measured iterations), given as the <em>default</em>
/// job so the command line wins: BenchmarkDotNet runs a default job only when no other job is asked for, so
/// <c>--job dry</c> (or short, medium...) replaces it instead of running beside it, as a class-level
/// <c>[SimpleJob]</c> would; options such as <c>--iterationCount 3</c> without <c>--job</c> adjust it.
/// </summary>
public sealed class RoutingBenchmarkConfig : ManualConfig
{
    public RoutingBenchmarkConfig()
    {
        AddJob(Job.Default
            .WithLaunchCount(1)
            .WithWarmupCount(3)
            .WithIterationCount(8)
            .WithId("Routing")
            .AsDefault());
    }
}
