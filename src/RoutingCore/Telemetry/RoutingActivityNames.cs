namespace RoutingCore;

/// <summary>
/// The names of RoutingCore's tracing: one <see cref="System.Diagnostics.ActivitySource"/> named <see cref="SourceName"/>
/// (of version <see cref="SourceVersion"/>) that starts one <see cref="Decision"/> activity per routing decision, and the
/// tags it sets. Listen with OpenTelemetry's <c>AddSource("RoutingCore")</c> or an
/// <see cref="System.Diagnostics.ActivityListener"/>.
/// </summary>
/// <remarks>
/// <para>
/// A routing decision is the engine choosing where a conversation goes: routing it when it is submitted, handed back
/// (returned to the queue, transferred, an absent or removed agent's work), or woken by its consumer; dispatching a
/// waiting conversation (to an agent whose capacity freed, or on its retry after every step passed); cascading it to a
/// secondary agent group; and a direct assignment (<see cref="IRoutingEngine.Assign(ConversationRequest, AgentId)"/>).
/// Offering the next step of a plan already made is not a new decision, and a decision that plans several times (a
/// workload split trying its agent groups) is one activity.
/// </para>
/// <para>
/// The activity is a child of <see cref="System.Diagnostics.Activity.Current"/> (the host's request, for a call); a
/// decision the engine's timer makes is a root. It is started and stopped under the engine's lock, so an
/// <see cref="System.Diagnostics.ActivityListener"/>'s callbacks must be quick. Nothing is started while no listener
/// listens to the source, and no tag is set unless the activity records (<see cref="System.Diagnostics.Activity.IsAllDataRequested"/>).
/// </para>
/// </remarks>
public static class RoutingActivityNames
{
    /// <summary>The activity source's name: "RoutingCore" (as the meter's, <see cref="RoutingMetricNames.MeterName"/>).</summary>
    public const string SourceName = "RoutingCore";

    /// <summary>The name of a decision's activity: "routingcore.decision", of kind <see cref="System.Diagnostics.ActivityKind.Internal"/>.</summary>
    public const string Decision = "routingcore.decision";

    /// <summary>Tag: the name of the engine that decided (as <see cref="RoutingMetricNames.EngineTag"/>).</summary>
    public const string EngineTag = RoutingMetricNames.EngineTag;

    /// <summary>Tag: the conversation's id.</summary>
    public const string ConversationTag = "routingcore.conversation";

    /// <summary>Tag: the skill the conversation was routed on, after the decision; <see cref="RoutingMetricNames.AnySkill"/> when any agent may take it.</summary>
    public const string SkillTag = RoutingMetricNames.SkillTag;

    /// <summary>Tag: the name of the scoring strategy that planned the conversation (absent for a direct assignment).</summary>
    public const string StrategyTag = RoutingMetricNames.StrategyTag;

    /// <summary>Tag: the agent group a workload split routed the conversation to (absent when its skill has no distribution).</summary>
    public const string AgentGroupTag = RoutingMetricNames.AgentGroupTag;

    /// <summary>
    /// Tag: what led to the decision — "Submitted" or "Assigned" (the <see cref="RoutingEventKind"/>) for a new conversation,
    /// otherwise the <see cref="RoutingEventReason"/> name (for example "ReturnedByAgent", "AgentOnline", "Retry", "MaxWaitPassed").
    /// </summary>
    public const string ReasonTag = RoutingMetricNames.ReasonTag;

    /// <summary>
    /// Tag: how many agents may take the conversation (the plan's <see cref="RoutingPlan.AgentCount"/>), an integer. Absent for
    /// a direct assignment. When a decision planned several times, the tags describe the plan it offered, or else its first.
    /// </summary>
    public const string CandidatesTag = "routingcore.candidates";

    /// <summary>
    /// Tag: how many agents on the roster the plan left out, over all reasons (the sum of <see cref="RoutingPlan.Exclusions"/>),
    /// an integer; each reason that left someone out adds its own count in the tag <see cref="ExcludedTag(ExclusionReason)"/>.
    /// </summary>
    public const string ExclusionsTag = "routingcore.exclusions";

    /// <summary>The beginning of the per-reason exclusion tags (<see cref="ExcludedTag(ExclusionReason)"/>): "routingcore.excluded.".</summary>
    public const string ExcludedTagPrefix = "routingcore.excluded.";

    /// <summary>Tag: the decision's outcome, the conversation's state after it: <see cref="Offered"/>, <see cref="Waiting"/> or <see cref="Assigned"/>.</summary>
    public const string OutcomeTag = "routingcore.outcome";

    /// <summary>The value of <see cref="OutcomeTag"/> when the conversation was offered to agents: "offered".</summary>
    public const string Offered = "offered";

    /// <summary>The value of <see cref="OutcomeTag"/> when the conversation waits in the queue: "waiting".</summary>
    public const string Waiting = "waiting";

    /// <summary>The value of <see cref="OutcomeTag"/> when the conversation was assigned to an agent (a direct assignment): "assigned".</summary>
    public const string Assigned = "assigned";

    /// <summary>The activity source's version: the version of the RoutingCore package (as <see cref="RoutingMetricNames.MeterVersion"/>).</summary>
    public static string SourceVersion => RoutingMetricNames.MeterVersion;

    /// <summary>
    /// The tag counting the agents a plan left out for <paramref name="reason"/>, an integer: <see cref="ExcludedTagPrefix"/>
    /// followed by the reason in snake case, for example "routingcore.excluded.wrong_media" for
    /// <see cref="ExclusionReason.WrongMedia"/>. Set only for reasons that left someone out.
    /// </summary>
    /// <param name="reason">The reason.</param>
    /// <returns>The tag's name.</returns>
    public static string ExcludedTag(ExclusionReason reason) => reason switch
    {
        ExclusionReason.Offline => "routingcore.excluded.offline",
        ExclusionReason.Away => "routingcore.excluded.away",
        ExclusionReason.BackSoon => "routingcore.excluded.back_soon",
        ExclusionReason.Paused => "routingcore.excluded.paused",
        ExclusionReason.MissingSkill => "routingcore.excluded.missing_skill",
        ExclusionReason.WrongMedia => "routingcore.excluded.wrong_media",
        ExclusionReason.MissingTag => "routingcore.excluded.missing_tag",
        ExclusionReason.AtCapacity => "routingcore.excluded.at_capacity",
        ExclusionReason.Declined => "routingcore.excluded.declined",
        ExclusionReason.OtherGroup => "routingcore.excluded.other_group",
        _ => ExcludedTagPrefix + ((int)reason).ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}
