using Microsoft.Extensions.Options;

namespace RoutingCore.DependencyInjection;

/// <summary>
/// Engine names: the check every name passes, and the name of an engine's <see cref="RoutingOptions"/> — the engine's own
/// name, except the default engine (<see cref="RoutingDefaults.EngineName"/>), whose options are the unnamed ones
/// (<see cref="Options.DefaultName"/>), so <c>IOptions&lt;RoutingOptions&gt;</c> and <c>services.Configure&lt;RoutingOptions&gt;(...)</c>
/// reach it as they would without names. Names are compared ordinally (case-sensitive), as options names and service keys are.
/// </summary>
internal static class EngineNames
{
    /// <summary>Throws when <paramref name="name"/> is not a valid engine name (the id rules).</summary>
    public static void Check(string? name, string paramName) => IdValidation.Validate(name, paramName, "routing engine name");

    public static bool IsDefault(string engine) => string.Equals(engine, RoutingDefaults.EngineName, StringComparison.Ordinal);

    /// <summary>The name of the engine's <see cref="RoutingOptions"/>.</summary>
    public static string OptionsName(string engine) => IsDefault(engine) ? Options.DefaultName : engine;

    /// <summary>The engine whose <see cref="RoutingOptions"/> have this name.</summary>
    public static string FromOptionsName(string? options) => string.IsNullOrEmpty(options) ? RoutingDefaults.EngineName : options;

    /// <summary>
    /// Validation errors as reported for <paramref name="engine"/>: each begins with the engine's name ("Routing engine
    /// 'tenant-b': RoutingOptions.Steps is 0; ..."), except for the default engine, whose errors are reported as they are.
    /// </summary>
    public static IEnumerable<string> Label(string engine, List<string> errors) =>
        IsDefault(engine) ? errors : errors.Select(error => $"Routing engine {IdValidation.Show(engine)}: {error}");
}
