using System.Diagnostics;
using RoutingCore.Engine;

namespace RoutingCore.Telemetry;

/// <summary>
/// One engine's tracing of its routing decisions (<see cref="RoutingActivityNames"/>): a decision opens a
/// <see cref="DecisionScope"/>, the plans made for its conversation meanwhile are noted (<see cref="Planned"/>), and closing
/// the scope tags the activity with the plan it offered (or else its first) and the conversation's state, then stops it.
/// A decision inside another (a cascade while routing) is part of the outer one. Under the lock. While nobody listens to
/// the source a decision costs a check and allocates nothing; tags are set only when the activity records. An exception
/// from a listener's callback (sampling, start, stop) is caught: routing goes on and that decision is not traced.
/// </summary>
internal sealed class DecisionTracer
{
    /// <summary>The "RoutingCore" activity source, shared by every engine in the process.</summary>
    public static readonly ActivitySource Source = new(RoutingActivityNames.SourceName, RoutingActivityNames.SourceVersion);

    private readonly string _engineName;

    // The decision being made: set while a scope is open, whether or not its activity was sampled.
    private bool _deciding;
    private Activity? _activity;
    private Activity? _caller;
    private ConversationRecord? _conversation;
    private RoutingPlan? _firstPlan;
    private RoutingPlan? _offeredPlan;

    public DecisionTracer(string engineName)
    {
        _engineName = engineName;
    }

    /// <summary>Opens a decision for a new conversation: <paramref name="kind"/> is Submitted or Assigned.</summary>
    public DecisionScope Begin(ConversationRecord conversation, RoutingEventKind kind) =>
        IsOutermost() ? Start(conversation, kind, RoutingEventReason.None) : default;

    /// <summary>Opens a decision for a conversation the engine holds, routed again for <paramref name="reason"/>.</summary>
    public DecisionScope Begin(ConversationRecord conversation, RoutingEventReason reason) =>
        IsOutermost() ? Start(conversation, null, reason) : default;

    /// <summary>Notes a plan made for a conversation; only the plans of the decision being traced are kept.</summary>
    public void Planned(ConversationRecord conversation, RoutingPlan plan)
    {
        if (_activity is null || !ReferenceEquals(conversation, _conversation))
        {
            return;
        }

        _firstPlan ??= plan;
        if (plan.HasAgents)
        {
            _offeredPlan = plan;
        }
    }

    /// <summary>Closes the decision: tags the activity (when it records) and stops it.</summary>
    public void End()
    {
        Activity? activity = _activity;
        Activity? caller = _caller;
        ConversationRecord? conversation = _conversation;
        RoutingPlan? plan = _offeredPlan ?? _firstPlan;
        _deciding = false;
        _activity = _caller = null;
        _conversation = null;
        _firstPlan = _offeredPlan = null;
        if (activity is null)
        {
            return;
        }

        if (activity.IsAllDataRequested && conversation is not null)
        {
            Describe(activity, conversation, plan);
        }

        try
        {
            activity.Stop();
        }
#pragma warning disable CA1031 // A listener's failure must not fail the routing it watched (the operation has changed the state).
        catch (Exception)
#pragma warning restore CA1031
        {
            Activity.Current = caller; // a stop callback threw before the caller's activity was current again
        }
    }

    private static string Outcome(ConversationState state) => state switch
    {
        ConversationState.Offered => RoutingActivityNames.Offered,
        ConversationState.Waiting => RoutingActivityNames.Waiting,
        ConversationState.Assigned => RoutingActivityNames.Assigned,
        _ => state.ToString(),
    };

    private static void Describe(Activity activity, ConversationRecord conversation, RoutingPlan? plan)
    {
        activity.SetTag(RoutingActivityNames.SkillTag, conversation.Skill is { } skill ? skill.Value : RoutingMetricNames.AnySkill);
        if (conversation.Target is { } group)
        {
            activity.SetTag(RoutingActivityNames.AgentGroupTag, group.Value);
        }

        if (plan is not null)
        {
            activity.SetTag(RoutingActivityNames.StrategyTag, plan.Strategy);
            activity.SetTag(RoutingActivityNames.CandidatesTag, plan.AgentCount);
            int excluded = 0;
            foreach (ExclusionCount exclusion in plan.Exclusions)
            {
                excluded += exclusion.Agents;
                activity.SetTag(RoutingActivityNames.ExcludedTag(exclusion.Reason), exclusion.Agents);
            }

            activity.SetTag(RoutingActivityNames.ExclusionsTag, excluded);
        }

        activity.SetTag(RoutingActivityNames.OutcomeTag, Outcome(conversation.State));
    }

    /// <summary>Whether a new decision is the outermost one and somebody listens; marks it begun.</summary>
    private bool IsOutermost()
    {
        if (_deciding || !Source.HasListeners())
        {
            return false;
        }

        _deciding = true;
        return true;
    }

    private DecisionScope Start(ConversationRecord conversation, RoutingEventKind? kind, RoutingEventReason reason)
    {
        Activity? activity;
        Activity? caller = Activity.Current;
        try
        {
            activity = Source.StartActivity(RoutingActivityNames.Decision, ActivityKind.Internal);
        }
#pragma warning disable CA1031 // A listener's failure must not fail the routing: the decision goes untraced.
        catch (Exception)
#pragma warning restore CA1031
        {
            activity = null;
            Activity.Current = caller; // a start callback threw after the activity became current
        }

        if (activity is not null)
        {
            _activity = activity;
            _caller = caller;
            _conversation = conversation;
            if (activity.IsAllDataRequested)
            {
                activity.SetTag(RoutingActivityNames.EngineTag, _engineName);
                activity.SetTag(RoutingActivityNames.ConversationTag, conversation.Request.Id.Value);
                activity.SetTag(RoutingActivityNames.ReasonTag, kind is { } k ? k.ToString() : reason.ToString());
            }
        }

        return new DecisionScope(this);
    }
}

/// <summary>An open routing decision (<see cref="DecisionTracer"/>); disposing it ends the decision. The default scope does nothing.</summary>
internal readonly ref struct DecisionScope(DecisionTracer? tracer)
{
    public void Dispose() => tracer?.End();
}
