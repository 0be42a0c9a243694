
namespace RoutingCore.DependencyInjection;

/// <summary>
/// One engine registered with <c>AddRoutingEngine</c>: how its parts are made, as set by the methods of its
/// <c>IRoutingEngineBuilder</c> while services are registered. The factories run once per engine created.
/// </summary>
internal sealed class EngineRegistration(string name)
{
    public string Name { get; } = name;

    public Func<IServiceProvider, IWaitingQueueOrdering>? Ordering { get; set; }

    public Func<IServiceProvider, WorkloadSplitter>? Splitter { get; set; }

    public Func<IServiceProvider, PacingOptions, IPacingCalculator>? Pacing { get; set; }

    /// <summary>Makes the parts of one new engine named <paramref name="engine"/> (this one, or a factory's engine it stands for).</summary>
    public EngineParts Build(IServiceProvider services, string engine, RoutingOptions options) => new(
        Ordering is null ? null : Made(Ordering(services), "queue ordering", engine),
        Splitter is null ? null : Made(Splitter(services), "workload splitter", engine),
        Pacing is null ? null : Made(Pacing(services, options.Pacing), "pacing calculator", engine));

    private static T Made<T>(T? part, string kind, string engine)
        where T : class =>
        part ?? throw new InvalidOperationException($"The {kind} factory registered for routing engine {IdValidation.Show(engine)} returned null; return an instance.");
}
