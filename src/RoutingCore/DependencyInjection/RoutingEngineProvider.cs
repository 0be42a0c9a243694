using System.Collections.Immutable;
using Microsoft.Extensions.Options;

namespace RoutingCore.DependencyInjection;

/// <summary>
/// The built-in <see cref="IRoutingEngineProvider"/>: creates each registered engine on first use, with the options of its
/// name, through the <see cref="IRoutingEngineFactory"/>; owns the engines and disposes them with itself.
/// </summary>
internal sealed class RoutingEngineProvider(IRoutingEngineFactory factory, IOptionsMonitor<RoutingOptions> options, ImmutableArray<string> names)
    : IRoutingEngineProvider, IDisposable
{
    private readonly Dictionary<string, IRoutingEngine> _engines = new(StringComparer.Ordinal);
    private bool _disposed;

    public ImmutableArray<string> Names { get; } = names;

    public IRoutingEngine GetEngine(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (!Names.Contains(name))
        {
            throw new RoutingOperationException(RoutingErrorCode.UnknownEngine, Unknown(name));
        }

        lock (_engines)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (!_engines.TryGetValue(name, out IRoutingEngine? engine))
            {
                engine = factory.Create(name, options.Get(EngineNames.OptionsName(name)));
                _engines.Add(name, engine);
            }

            return engine;
        }
    }

    public void Dispose()
    {
        IRoutingEngine[] engines;
        lock (_engines)
        {
            _disposed = true;
            engines = [.. _engines.Values];
            _engines.Clear();
        }

        foreach (IRoutingEngine engine in engines)
        {
            engine.Dispose();
        }
    }

    private string Unknown(string name)
    {
        string registered = Names.IsEmpty
            ? "no routing engine is registered"
            : "the registered engines are " + string.Join(", ", Names.Select(IdValidation.Show));
        return $"No routing engine is named {IdValidation.Show(name)}: {registered}. Register it with services.AddRoutingEngine(\"{IdValidation.Escape(name)}\", ...), or create engines at run time with IRoutingEngineFactory.Create(name, options).";
    }
}
