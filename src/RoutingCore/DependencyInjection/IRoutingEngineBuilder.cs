using RoutingCore;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// Configures one routing engine registered with <see cref="RoutingEngineServiceCollectionExtensions.AddRoutingEngine(IServiceCollection)"/>
/// or its named overloads: its options, strategies, capacity models, waiting-queue ordering, workload splitter and pacing
/// calculator (methods in <see cref="RoutingEngineBuilderExtensions"/>).
/// </summary>
public interface IRoutingEngineBuilder
{
    /// <summary>
    /// The engine's name: the name it was registered under, or <see cref="RoutingDefaults.EngineName"/> ("default") for the
    /// engine registered without one. The engine's options are the <see cref="RoutingOptions"/> of this name
    /// (<c>services.AddOptions&lt;RoutingOptions&gt;(name)</c>), except the default engine's, which are the unnamed ones.
    /// </summary>
    string Name { get; }

    /// <summary>The service collection the engine is registered in.</summary>
    IServiceCollection Services { get; }
}
