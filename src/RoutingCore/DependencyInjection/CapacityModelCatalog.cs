using System.Collections.Frozen;

namespace RoutingCore.DependencyInjection;

/// <summary>
/// The capacity models engines can name, found by case-insensitive name: the built-in ones, made for each engine from that
/// engine's options; a user's instances, shared by every engine that names them; a user's factories, called once for each
/// engine that names them. Built once per service provider (or per <see cref="RoutingEngine.Create"/> call).
/// </summary>
internal sealed class CapacityModelCatalog
{
    private readonly FrozenDictionary<string, Entry> _models;

    /// <summary>Catalogs the built-in models, <paramref name="instances"/> and <paramref name="factories"/> (called with <paramref name="services"/>).</summary>
    /// <exception cref="InvalidOperationException">A model has an empty name, or two different models share a name.</exception>
    public CapacityModelCatalog(IEnumerable<ICapacityModel> instances, IEnumerable<CapacityModelRegistration> factories, IServiceProvider? services)
    {
        var models = new Dictionary<string, Entry>(StringComparer.OrdinalIgnoreCase);
        foreach (BuiltInCapacityModel builtIn in BuiltIns.CapacityModels)
        {
            models.Add(builtIn.Name, new Entry(builtIn.Type.FullName!, builtIn.Type, builtIn, (_, options) => builtIn.Create(options)));
        }

        foreach (ICapacityModel model in instances)
        {
            Type type = model.GetType();
            Add(models, model.Name, new Entry(type.FullName!, type, model, (_, _) => model));
        }

        foreach (CapacityModelRegistration registration in factories)
        {
            string shown = $"the factory registered with AddCapacityModel(\"{registration.Name}\", ...)";
            Add(models, registration.Name, new Entry(shown, null, registration, (engine, _) => registration.Make(services!, engine)));
        }

        _models = models.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>The names engines can choose in <see cref="RoutingOptions.CapacityModel"/>.</summary>
    public IReadOnlyCollection<string> Names => _models.Keys;

    /// <summary>The model of engine <paramref name="engine"/>, whose validated options name it.</summary>
    public ICapacityModel For(string engine, RoutingOptions options) => _models[options.CapacityModel].Create(engine, options);

    private static void Add(Dictionary<string, Entry> models, string name, Entry entry)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            throw new InvalidOperationException($"A registered capacity model ({entry.Shown}) has an empty name; give it a unique, non-empty name.");
        }

        if (!models.TryGetValue(name, out Entry? taken))
        {
            models.Add(name, entry);
        }
        else if (!ReferenceEquals(taken.Source, entry.Source) && (taken.Type is null || taken.Type != entry.Type))
        {
            string first = models.Keys.First(key => string.Equals(key, name, StringComparison.OrdinalIgnoreCase));
            throw new InvalidOperationException($"Two registered capacity models are named '{first}' ({taken.Shown} and {entry.Shown}); names must be unique (case-insensitive).");
        }
    }

    /// <summary>One name's model: how it is shown in errors, its type when known, what it came from, and how an engine's instance is made.</summary>
    private sealed record Entry(string Shown, Type? Type, object Source, Func<string, RoutingOptions, ICapacityModel> Create);
}
