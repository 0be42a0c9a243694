using System.Collections.Immutable;

namespace RoutingCore.DependencyInjection;

/// <summary>
/// The engines registered in one service collection, in registration order (a singleton instance in the collection, so
/// each <c>AddRoutingEngine</c> call finds it). Filled while services are registered; read afterwards.
/// </summary>
internal sealed class RoutingEngineRegistry
{
    private readonly Dictionary<string, EngineRegistration> _byName = new(StringComparer.Ordinal);
    private readonly List<string> _names = [];

    /// <summary>The registered names, in registration order.</summary>
    public ImmutableArray<string> Names => [.. _names];

    public EngineRegistration? Find(string name) => _byName.GetValueOrDefault(name);

    /// <summary>Registers <paramref name="name"/>; <see langword="false"/> when it was registered before (the same registration is returned).</summary>
    public bool TryAdd(string name, out EngineRegistration registration)
    {
        if (_byName.TryGetValue(name, out EngineRegistration? existing))
        {
            registration = existing;
            return false;
        }

        registration = new EngineRegistration(name);
        _byName.Add(name, registration);
        _names.Add(name);
        return true;
    }

    /// <summary>
    /// The parts of a new engine named <paramref name="engine"/>: those registered for that name, else (an engine a factory
    /// creates at run time under a name not registered) those of the default engine, else the built-in ones.
    /// </summary>
    public EngineParts PartsFor(IServiceProvider services, string engine, RoutingOptions options) =>
        (Find(engine) ?? Find(RoutingDefaults.EngineName))?.Build(services, engine, options) ?? default;
}
