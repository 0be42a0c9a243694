using System.Reflection;

namespace RoutingCore;

/// <summary>
/// The names of RoutingCore's metrics: one <see cref="System.Diagnostics.Metrics.Meter"/> named <see cref="MeterName"/>,
/// its instruments and their tag names. Listen with a <see cref="System.Diagnostics.Metrics.MeterListener"/>,
/// <c>dotnet-counters monitor --counters RoutingCore</c> or OpenTelemetry's <c>AddMeter("RoutingCore")</c>.
/// </summary>
/// <remarks>
/// Each engine records on a meter of version <see cref="MeterVersion"/>: one created by the
/// <see cref="System.Diagnostics.Metrics.IMeterFactory"/> registered in dependency injection when there is one (ASP.NET Core
/// registers it; engines of one factory then share the meter), otherwise one the engine creates and disposes with itself.
/// Every measurement carries the engine's name in <see cref="EngineTag"/>, so several engines in one process (one per
/// contact center) give separate series. Nothing is recorded, and nothing allocated, while no listener has enabled an
/// instrument.
/// </remarks>
public static class RoutingMetricNames
{
    /// <summary>The meter's name: "RoutingCore".</summary>
    public const string MeterName = "RoutingCore";

    /// <summary>
    /// The meter's version: the version of the RoutingCore package (the assembly's informational version without its build
    /// metadata, for example "0.1.0").
    /// </summary>
    public static string MeterVersion { get; } = ReadVersion();

    /// <summary>Counter of conversations assigned to an agent by accepting an offer, in conversations; tags <see cref="SkillTag"/>, <see cref="StrategyTag"/>.</summary>
    public const string ConversationsRouted = "routingcore.conversations.routed";

    /// <summary>Counter of offers made to agents, in offers; tags <see cref="SkillTag"/>, <see cref="StrategyTag"/>.</summary>
    public const string Offers = "routingcore.offers";

    /// <summary>Counter of offers whose step delay passed without an answer, in offers; tag <see cref="SkillTag"/>.</summary>
    public const string OffersTimedOut = "routingcore.offers.timed_out";

    /// <summary>Counter of agents paused by the engine for ignoring exclusive offers (forced pause), in pauses.</summary>
    public const string ForcedPauses = "routingcore.agents.forced_pauses";

    /// <summary>Observable up/down counter of the conversations waiting in the queue, in conversations.</summary>
    public const string QueueLength = "routingcore.queue.length";

    /// <summary>
    /// Histogram of how long conversations waited in the queue, in seconds, recorded when one leaves it; tags
    /// <see cref="SkillTag"/> and <see cref="ReasonTag"/> ("Dispatched" or "Closed").
    /// </summary>
    public const string QueueWaitTime = "routingcore.queue.wait_time";

    /// <summary>
    /// Counter of conversations cascaded from their primary agent group to a secondary one, in conversations; tags
    /// <see cref="SkillTag"/> and <see cref="ReasonTag"/> ("PrimaryGroupUnavailable" or "MaxWaitPassed").
    /// </summary>
    public const string Cascades = "routingcore.workload.cascades";

    /// <summary>
    /// Counter of the proactive invitations the engine allowed in pacing decisions (<see cref="IRoutingEngine.Pace"/>), in
    /// invitations; tags <see cref="AgentGroupTag"/> and <see cref="ReasonTag"/> (the <see cref="PacingReason"/> name).
    /// </summary>
    public const string PacingInvitations = "routingcore.pacing.invitations";

    /// <summary>
    /// Counter of the times an <see cref="IRoutingObserver"/> threw while given an event, in failures; tags
    /// <see cref="EventKindTag"/> and <see cref="ErrorTypeTag"/>. The other observers still receive that event and every
    /// later one; <see cref="RoutingOptions.OnObserverFailure"/> is then called.
    /// </summary>
    public const string ObserverFailures = "routingcore.observer.failures";

    /// <summary>
    /// Counter of the times <see cref="RoutingOptions.OnObserverFailure"/> itself threw, in failures; tags
    /// <see cref="EventKindTag"/> and <see cref="ErrorTypeTag"/> (the hook's exception). Delivery goes on.
    /// </summary>
    public const string ObserverHookFailures = "routingcore.observer.hook_failures";

    /// <summary>
    /// Tag on every measurement of every instrument: the name of the engine that recorded it — the name it was registered
    /// or created with (<c>services.AddRoutingEngine("tenant-a")</c>, <see cref="IRoutingEngineFactory.Create(string, RoutingOptions)"/>),
    /// <see cref="RoutingDefaults.EngineName"/> ("default") for an engine registered or created without a name.
    /// </summary>
    public const string EngineTag = "routingcore.engine";

    /// <summary>Tag: the skill a conversation is routed on; <see cref="AnySkill"/> when any agent may take it.</summary>
    public const string SkillTag = "routingcore.skill";

    /// <summary>Tag: the name of the scoring strategy of the conversation's skill.</summary>
    public const string StrategyTag = "routingcore.strategy";

    /// <summary>Tag: why, as the name of a <see cref="RoutingEventReason"/>, <see cref="RoutingEventKind"/> or <see cref="PacingReason"/> member.</summary>
    public const string ReasonTag = "routingcore.reason";

    /// <summary>Tag: the agent group of a pacing decision (and of a routing decision's activity, <see cref="RoutingActivityNames.AgentGroupTag"/>).</summary>
    public const string AgentGroupTag = "routingcore.agent_group";

    /// <summary>Tag: the kind of the event an observer failed on, as the name of a <see cref="RoutingEventKind"/> member.</summary>
    public const string EventKindTag = "routingcore.event_kind";

    /// <summary>Tag: the full name of the type of the exception thrown (the OpenTelemetry attribute "error.type").</summary>
    public const string ErrorTypeTag = "error.type";

    /// <summary>The value of <see cref="SkillTag"/> for conversations that any agent may take: "(any)".</summary>
    public const string AnySkill = "(any)";

    private static string ReadVersion()
    {
        Assembly assembly = typeof(RoutingMetricNames).Assembly;
        string? version = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
        if (string.IsNullOrEmpty(version))
        {
            return assembly.GetName().Version?.ToString(3) ?? "0.0.0";
        }

        int metadata = version.IndexOf('+', StringComparison.Ordinal);
        return metadata < 0 ? version : version[..metadata];
    }
}
