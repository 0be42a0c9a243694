using Microsoft.Extensions.DependencyInjection;

namespace RoutingCore.DependencyInjection;

/// <summary>The built-in <see cref="IRoutingEngineBuilder"/>, holding its engine's registration.</summary>
internal sealed class RoutingEngineBuilder(IServiceCollection services, EngineRegistration registration) : IRoutingEngineBuilder
{
    public string Name => Registration.Name;

    public IServiceCollection Services { get; } = services;

    public EngineRegistration Registration { get; } = registration;
}
