using RoutingCore.Telemetry;

namespace RoutingCore.Engine;

/// <summary>Metrics, recorded where the events are published. Each check of <c>Enabled</c> keeps the path free when nobody listens.</summary>
internal sealed partial class DefaultRoutingEngine
{
    private readonly RoutingMetrics _metrics;

    private int QueuedCount() => Volatile.Read(ref _waitingCount);

    /// <summary>Records the metrics of an event. Under the lock.</summary>
    private void Measure(RoutingEventKind kind, SkillId? skill, RoutingEventReason reason)
    {
        switch (kind)
        {
            case RoutingEventKind.Offered when _metrics.Offers.Enabled:
                _metrics.Offers.Add(1, RoutingMetrics.SkillTag(skill), RoutingMetrics.StrategyTag(SettingsOf(skill).Strategy.Name));
                break;
            case RoutingEventKind.Accepted when _metrics.Routed.Enabled:
                _metrics.Routed.Add(1, RoutingMetrics.SkillTag(skill), RoutingMetrics.StrategyTag(SettingsOf(skill).Strategy.Name));
                break;
            case RoutingEventKind.OfferTimedOut when _metrics.TimedOut.Enabled:
                _metrics.TimedOut.Add(1, RoutingMetrics.SkillTag(skill));
                break;
            case RoutingEventKind.AgentPaused when _metrics.ForcedPauses.Enabled:
                _metrics.ForcedPauses.Add(1);
                break;
            case RoutingEventKind.Cascaded when _metrics.Cascades.Enabled:
                _metrics.Cascades.Add(1, RoutingMetrics.SkillTag(skill), RoutingMetrics.ReasonTag(reason.ToString()));
                break;
        }
    }

    /// <summary>Records how long a conversation leaving the queue waited. Under the lock.</summary>
    private void MeasureWait(WaitingConversation waiting, DateTimeOffset now, RoutingEventKind outcome)
    {
        if (_metrics.WaitTime.Enabled)
        {
            _metrics.WaitTime.Record(
                Math.Max(0, (now - waiting.QueuedAt).TotalSeconds),
                RoutingMetrics.SkillTag(waiting.Skill),
                RoutingMetrics.ReasonTag(outcome == RoutingEventKind.Closed ? nameof(RoutingEventKind.Closed) : nameof(RoutingEventKind.Dispatched)));
        }
    }

    private void MeasurePacing(AgentGroupId group, Pacing.PacingDecision decision)
    {
        if (_metrics.Invitations.Enabled)
        {
            _metrics.Invitations.Add(
                decision.Invitations,
                new KeyValuePair<string, object?>(RoutingMetricNames.AgentGroupTag, group.Value),
                RoutingMetrics.ReasonTag(decision.Reason.ToString()));
        }
    }
}
