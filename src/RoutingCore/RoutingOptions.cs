namespace RoutingCore;

/// <summary>
/// The options of a routing engine. Bind them from configuration or set them in code; they are validated once, when the
/// engine is created (or when the host starts), with every error reported together. Every duration must be at most 3650
/// days (10 years); skill and agent group names follow the id rules: printable text of 1 to 256 characters that starts and ends with a visible character (inner spaces are fine; control characters, such as a tab or a line break, and unpaired surrogates are not).
/// </summary>
public sealed class RoutingOptions
{
    /// <summary>
    /// The name of the scoring strategy used for skills that do not name their own (case-insensitive); one of
    /// <see cref="RoutingStrategyNames"/> or the name of a strategy registered through dependency injection.
    /// </summary>
    /// <value>Defaults to "broadcast" (<see cref="RoutingStrategyNames.Broadcast"/>).</value>
    public string Strategy { get; set; } = RoutingDefaults.Strategy;

    /// <summary>The most groups (steps) agents are split into when a conversation is offered; at least 1.</summary>
    /// <value>Defaults to 3.</value>
    public int Steps { get; set; } = RoutingDefaults.Steps;

    /// <summary>The delay between two steps of an offer; greater than zero.</summary>
    /// <value>Defaults to 12 seconds.</value>
    public TimeSpan StepDelay { get; set; } = RoutingDefaults.StepDelay;

    /// <summary>
    /// The name of the capacity model (case-insensitive): one of <see cref="CapacityModelNames"/> or the name of a model
    /// registered through dependency injection.
    /// </summary>
    /// <value>Defaults to "max-concurrent" (<see cref="CapacityModelNames.MaxConcurrent"/>).</value>
    public string CapacityModel { get; set; } = RoutingDefaults.CapacityModel;

    /// <summary>The settings of the max-concurrent capacity model (and the account default of agent slots for every model).</summary>
    public MaxConcurrentCapacityOptions MaxConcurrent { get; set; } = new();

    /// <summary>The settings of the intensity-based (dynamic) capacity model.</summary>
    public IntensityCapacityOptions Intensity { get; set; } = new();

    /// <summary>The weights of the custom-weighted strategy for skills that do not set their own.</summary>
    public ScoringWeightsOptions CustomWeights { get; set; } = new();

    /// <summary>Skill-selection rules, tried in order for conversations that do not name a skill; the first match wins.</summary>
    public List<SkillRuleOptions> SkillRules { get; set; } = [];

    /// <summary>
    /// The skill for conversations that name none and match no rule; <see langword="null"/> lets any agent take them.
    /// </summary>
    /// <value>Defaults to <see langword="null"/>.</value>
    public string? DefaultSkill { get; set; }

    /// <summary>
    /// The account-wide fallback skill: a new conversation goes to it when no agent of its own skill is online and the
    /// fallback skill has online agents. A skill's own <see cref="SkillOptions.FallbackSkill"/> takes precedence.
    /// </summary>
    /// <value>Defaults to <see langword="null"/> (no fallback).</value>
    public string? FallbackSkill { get; set; }

    /// <summary>What happens to a conversation for a skill that no agent holds.</summary>
    /// <value>Defaults to <see cref="UnassignedSkillPolicy.Unassigned"/> (any available agent may take it).</value>
    public UnassignedSkillPolicy UnassignedSkillPolicy { get; set; } = UnassignedSkillPolicy.Unassigned;

    /// <summary>The forced-pause settings.</summary>
    public ForcedPauseOptions ForcedPause { get; set; } = new();

    /// <summary>The response-time SLA settings that order the waiting queue.</summary>
    public ResponseSlaOptions ResponseSla { get; set; } = new();

    /// <summary>
    /// The name of the waiting-queue ordering (case-insensitive): one of <see cref="QueueOrderingNames"/>. An ordering of
    /// your own, given with <c>UseQueueOrdering</c> or <see cref="RoutingEngine.Create"/>, takes its place.
    /// </summary>
    /// <value>Defaults to "priority-then-sla" (<see cref="QueueOrderingNames.PriorityThenSla"/>).</value>
    public string QueueOrdering { get; set; } = RoutingDefaults.QueueOrdering;

    /// <summary>The settings of the <see cref="QueueOrderingNames.Responsiveness"/> queue ordering.</summary>
    public ResponsivenessOptions Responsiveness { get; set; } = new();

    /// <summary>
    /// How long an agent who went away or offline keeps its assigned conversations before they return to the queue (its
    /// pending offers are withdrawn at once). Must not be negative.
    /// </summary>
    /// <value>Defaults to 60 seconds.</value>
    public TimeSpan AbsenceGracePeriod { get; set; } = RoutingDefaults.AbsenceGracePeriod;

    /// <summary>
    /// Auto-close: an assigned conversation whose consumer has been silent this long after the agent last wrote leaves the
    /// agent's workload for a dormant pool, without closing it for the consumer; the consumer's next message routes it
    /// again. <see langword="null"/> turns auto-close off; otherwise greater than zero.
    /// </summary>
    /// <value>Defaults to <see langword="null"/> (off).</value>
    public TimeSpan? AutoCloseAfter { get; set; }

    /// <summary>
    /// How many conversations a primary agent group of a workload distribution can be owed. A group given a turn it could not
    /// take (the conversation cascaded to a secondary group, or closed before the group accepted it) is owed it, so that the
    /// split counts what the groups actually took; once the group takes a conversation again it is given what it is owed
    /// first, ahead of the turns, whenever it can take one at that moment (someone eligible with room; otherwise the
    /// conversation takes a turn and the group keeps what it is owed). Turns it could not take beyond this many are not made
    /// up, so a group back after a long absence is not flooded: it gets at most this many conversations ahead of the turns
    /// before the split goes on. 0 turns catch-up off (a turn not taken is spent). From 0 to 1,000,000.
    /// </summary>
    /// <value>Defaults to 10.</value>
    public int WorkloadCatchUpLimit { get; set; } = RoutingDefaults.WorkloadCatchUpLimit;

    /// <summary>
    /// The agent groups (vendors, sites) that workload distributions may name (<see cref="SkillOptions.Workload"/>).
    /// Agents join groups through <see cref="AgentProfile.Groups"/>.
    /// </summary>
    public List<string> AgentGroups { get; set; } = [];

    /// <summary>
    /// The pacing calculator's settings, used by <see cref="IRoutingEngine.Pace(AgentGroupId, PacingStatistics)"/>.
    /// </summary>
    public PacingOptions Pacing { get; set; } = new();

    /// <summary>
    /// Called when an <see cref="IRoutingObserver"/> throws, after the failure was counted on the meter
    /// (<see cref="RoutingMetricNames.ObserverFailures"/>): a hook to log or alert on it (set it in code; configuration does
    /// not bind it). It runs on the thread delivering the events, outside the engine's lock, before the event goes on to the
    /// next observer; it may call the engine. An exception it throws is caught and counted on
    /// <see cref="RoutingMetricNames.ObserverHookFailures"/>, and delivery goes on. Read when the engine is created.
    /// </summary>
    /// <value>Defaults to <see langword="null"/>: failures are only counted.</value>
    public Action<ObserverFailure>? OnObserverFailure { get; set; }

    /// <summary>
    /// Per-skill settings, keyed by skill id. A skill does not need an entry: skills held by agents are known
    /// automatically and use the account-wide settings.
    /// </summary>
    public Dictionary<string, SkillOptions> Skills { get; set; } = new(StringComparer.Ordinal);
}
