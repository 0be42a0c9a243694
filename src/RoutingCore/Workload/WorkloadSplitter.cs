namespace RoutingCore.Workload;

/// <summary>
/// Creates the built-in <see cref="IWorkloadSplitter"/>. An engine in dependency injection gets its own by default; to give
/// engines splitters of your own, use <c>services.AddRoutingEngine().UseWorkloadSplitter(services => ...)</c>, which makes
/// one per engine.
/// </summary>
public static class WorkloadSplitter
{
    /// <summary>Creates the built-in splitter (exact quota split, thread-safe), with no skill configured.</summary>
    /// <returns>A new splitter.</returns>
    public static IWorkloadSplitter Create() => new QuotaWorkloadSplitter();
}
