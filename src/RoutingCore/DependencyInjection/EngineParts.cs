
namespace RoutingCore.DependencyInjection;

/// <summary>
/// What a new engine is built with besides its options; each <see langword="null"/> means the built-in part (the default
/// queue ordering, a new built-in splitter, a pacing calculator from the engine's <see cref="RoutingOptions.Pacing"/>).
/// </summary>
internal readonly record struct EngineParts(IWaitingQueueOrdering? Ordering, WorkloadSplitter? Splitter, IPacingCalculator? Pacing);
