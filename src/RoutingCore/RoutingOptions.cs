namespace RoutingCore;

/// <summary>
/// The options of a routing engine. Bind them from configuration or set them in code; they are validated once, when the
/// engine is created (or when the host starts), with every error reported together.
/// </summary>
public sealed class RoutingOptions
{
    /// <summary>
    /// The name of the scoring strategy used for skills that do not name their own (case-insensitive); one of
    /// <see cref="RoutingStrategyNames"/> or the name of a strategy registered through dependency injection.
    /// </summary>
    /// <value>Defaults to <see cref="RoutingDefaults.Strategy"/> ("broadcast").</value>
    public string Strategy { get; set; } = RoutingDefaults.Strategy;

    /// <summary>The most groups (steps) agents are split into when a conversation is offered; at least 1.</summary>
    /// <value>Defaults to <see cref="RoutingDefaults.Steps"/> (3).</value>
    public int Steps { get; set; } = RoutingDefaults.Steps;

    /// <summary>The delay between two steps of an offer; greater than zero.</summary>
    /// <value>Defaults to <see cref="RoutingDefaults.StepDelay"/> (12 seconds).</value>
    public TimeSpan StepDelay { get; set; } = RoutingDefaults.StepDelay;

    /// <summary>
    /// The name of the capacity model (case-insensitive): one of <see cref="CapacityModelNames"/> or the name of a model
    /// registered through dependency injection.
    /// </summary>
    /// <value>Defaults to <see cref="RoutingDefaults.CapacityModel"/> ("max-concurrent").</value>
    public string CapacityModel { get; set; } = RoutingDefaults.CapacityModel;

    /// <summary>The settings of the max-concurrent capacity model (and the account default of agent slots for every model).</summary>
    public MaxConcurrentCapacityOptions MaxConcurrent { get; set; } = new();

    /// <summary>The settings of the intensity-based (dynamic) capacity model.</summary>
    public IntensityCapacityOptions Intensity { get; set; } = new();

    /// <summary>The weights of the custom-weighted strategy for skills that do not set their own.</summary>
    public ScoringWeightsOptions CustomWeights { get; set; } = new();

    /// <summary>
    /// Per-skill settings, keyed by skill id. A skill does not need an entry: skills held by agents are known
    /// automatically and use the account-wide settings.
    /// </summary>
    public Dictionary<string, SkillOptions> Skills { get; set; } = new(StringComparer.Ordinal);
}
