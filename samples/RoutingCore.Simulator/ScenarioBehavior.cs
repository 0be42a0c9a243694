using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace RoutingCore.Simulator;

/// <summary>How consumers behave.</summary>
internal sealed class ConsumerScenario
{
    /// <summary>Mean time a consumer waits for a first answer before leaving (exponential).</summary>
    public double MeanPatienceSeconds { get; set; } = 480;

    /// <summary>Mean time the conversation lasts once an agent has it (log-normal).</summary>
    public double MeanHandleMinutes { get; set; } = 9;

    /// <summary>Mean time a consumer takes to answer the agent (exponential; some answers come after the conversation turned inactive).</summary>
    public double MeanThinkSeconds { get; set; } = 50;

    /// <summary>Probability that a consumer goes silent at some point of the conversation.</summary>
    public double SilenceProbability { get; set; } = 0.12;

    /// <summary>Probability that a silent consumer comes back (its conversation, dormant by then, is routed again).</summary>
    public double ReturnProbability { get; set; } = 0.4;

    /// <summary>The longest a silent consumer stays away before coming back; silent consumers who never return are closed after this.</summary>
    public double MaxSilenceMinutes { get; set; } = 30;

    /// <summary>Mean time between the messages a consumer writes while waiting for an agent ("are you there?"; exponential); 0: none.</summary>
    public double WaitingMessageSeconds { get; set; } = 60;

    /// <summary>
    /// Probability that a waiting consumer steps away instead of writing its next message: it writes no more and does not
    /// answer the agent who takes the conversation (the conversation goes silent at once, as a silent consumer's does).
    /// </summary>
    public double StepAwayProbability { get; set; } = 0.3;

    internal void Validate(List<string> errors)
    {
        RoutingScenario.Positive(errors, "consumers.meanPatienceSeconds", MeanPatienceSeconds);
        RoutingScenario.Positive(errors, "consumers.meanHandleMinutes", MeanHandleMinutes);
        RoutingScenario.Positive(errors, "consumers.meanThinkSeconds", MeanThinkSeconds);
        RoutingScenario.Probability(errors, "consumers.silenceProbability", SilenceProbability);
        RoutingScenario.Probability(errors, "consumers.returnProbability", ReturnProbability);
        RoutingScenario.Positive(errors, "consumers.maxSilenceMinutes", MaxSilenceMinutes);
        RoutingScenario.NotNegative(errors, "consumers.waitingMessageSeconds", WaitingMessageSeconds);
        RoutingScenario.Probability(errors, "consumers.stepAwayProbability", StepAwayProbability);
    }
}

/// <summary>How agents behave: reactions to offers, replies, shifts and breaks.</summary>
internal sealed class AgentScenario
{
    public double MeanReactionSeconds { get; set; } = 5;

    /// <summary>Probability that an agent ignores an offer (it times out; ignored exclusive offers lead to forced pauses).</summary>
    public double IgnoreProbability { get; set; } = 0.03;

    public double DeclineProbability { get; set; } = 0.02;

    public double MeanReplySeconds { get; set; } = 30;

    public double ShiftHours { get; set; } = 8;

    public int BreaksPerShift { get; set; } = 2;

    public double BreakMinutes { get; set; } = 15;

    /// <summary>Mean time a force-paused agent takes to notice and go back online.</summary>
    public double MeanPauseRecoverySeconds { get; set; } = 90;

    /// <summary>At the end of its shift an agent takes nothing new and logs out when its conversations are done, or after this many minutes.</summary>
    public double WindDownMinutes { get; set; } = 15;

    internal void Validate(List<string> errors)
    {
        RoutingScenario.Positive(errors, "agentBehavior.meanReactionSeconds", MeanReactionSeconds);
        RoutingScenario.Probability(errors, "agentBehavior.ignoreProbability", IgnoreProbability);
        RoutingScenario.Probability(errors, "agentBehavior.declineProbability", DeclineProbability);
        if (IgnoreProbability + DeclineProbability > 1)
        {
            errors.Add("agentBehavior.ignoreProbability + declineProbability exceed 1; their sum must be at most 1.");
        }

        RoutingScenario.Positive(errors, "agentBehavior.meanReplySeconds", MeanReplySeconds);
        if (!(ShiftHours is >= 1 and <= 24))
        {
            errors.Add($"agentBehavior.shiftHours is {RoutingScenario.Format(ShiftHours)}; it must be between 1 and 24.");
        }

        if (BreaksPerShift is < 0 or > 10)
        {
            errors.Add($"agentBehavior.breaksPerShift is {BreaksPerShift}; it must be between 0 and 10.");
        }

        RoutingScenario.NotNegative(errors, "agentBehavior.breakMinutes", BreakMinutes);
        RoutingScenario.Positive(errors, "agentBehavior.meanPauseRecoverySeconds", MeanPauseRecoverySeconds);
        RoutingScenario.NotNegative(errors, "agentBehavior.windDownMinutes", WindDownMinutes);
    }
}

/// <summary>Proactive invitations, paced by the engine.</summary>
internal sealed class InvitationScenario
{
    public bool Enabled { get; set; } = true;

    public double IntervalSeconds { get; set; } = 10;

    /// <summary>Probability that a visitor accepts an invitation (the host's measured acceptance rate starts here).</summary>
    public double AcceptanceProbability { get; set; } = 0.25;

    public double MeanAcceptDelaySeconds { get; set; } = 8;

    /// <summary>What the pacing aims at: <c>abandonment-rate</c> (the default) or <c>busy-factor</c>.</summary>
    public string Target { get; set; } = "abandonment-rate";

    /// <summary>Abandonment target of the pacing calculator (the ceiling with the busy-factor target).</summary>
    public double AbandonmentTarget { get; set; } = 0.03;

    /// <summary>Busy-factor target of the pacing calculator (consumed over total capacity), used with the busy-factor target.</summary>
    public double BusyFactor { get; set; } = 0.8;

    /// <summary>The pacing target <see cref="Target"/> names; null when it names none.</summary>
    internal PacingTarget? PacingTarget => Target switch
    {
        "abandonment-rate" => RoutingCore.PacingTarget.AbandonmentRate,
        "busy-factor" => RoutingCore.PacingTarget.BusyFactor,
        _ => null,
    };

    /// <summary>Most invitations in one interval.</summary>
    public int MaxPerInterval { get; set; } = 20;

    internal void Validate(List<string> errors)
    {
        RoutingScenario.Positive(errors, "invitations.intervalSeconds", IntervalSeconds);
        RoutingScenario.Probability(errors, "invitations.acceptanceProbability", AcceptanceProbability);
        RoutingScenario.NotNegative(errors, "invitations.meanAcceptDelaySeconds", MeanAcceptDelaySeconds);
        if (!(AbandonmentTarget is > 0 and < 1))
        {
            errors.Add($"invitations.abandonmentTarget is {RoutingScenario.Format(AbandonmentTarget)}; it must be strictly between 0 and 1.");
        }

        if (PacingTarget is null)
        {
            errors.Add($"invitations.target is '{Target}'; valid targets: abandonment-rate, busy-factor.");
        }

        if (!(BusyFactor is > 0 and < 1))
        {
            errors.Add($"invitations.busyFactor is {RoutingScenario.Format(BusyFactor)}; it must be strictly between 0 and 1.");
        }

        if (MaxPerInterval is < 1 or > 10_000)
        {
            errors.Add($"invitations.maxPerInterval is {MaxPerInterval}; it must be between 1 and 10000.");
        }
    }
}

/// <summary>How results are measured.</summary>
internal sealed class ReportScenario
{
    /// <summary>A conversation answered within this many seconds counts towards the service level.</summary>
    public double ServiceLevelSeconds { get; set; } = 60;

    /// <summary>The service-level target drawn on the chart, in percent.</summary>
    public double ServiceLevelTarget { get; set; } = 80;

    /// <summary>Width of one bucket of the charts, in minutes (must divide a day).</summary>
    public int BucketMinutes { get; set; } = 15;

    internal void Validate(List<string> errors)
    {
        RoutingScenario.Positive(errors, "report.serviceLevelSeconds", ServiceLevelSeconds);
        if (!(ServiceLevelTarget is >= 0 and <= 100))
        {
            errors.Add($"report.serviceLevelTarget is {RoutingScenario.Format(ServiceLevelTarget)}; it must be between 0 and 100.");
        }

        if (BucketMinutes is < 1 or > 1440 || 1440 % BucketMinutes != 0)
        {
            errors.Add($"report.bucketMinutes is {BucketMinutes}; it must divide a day of 1440 minutes (for example 5, 10, 15, 30 or 60).");
        }
    }
}

/// <summary>A scenario or command line that cannot be used; the message says what is wrong and what is valid.</summary>
internal sealed class ScenarioException(string message) : Exception(message);

/// <summary>The built-in strategy names, for validation and --compare.</summary>
internal static class StrategyNames
{
    public static readonly string[] All =
    [
        RoutingStrategyNames.Broadcast,
        RoutingStrategyNames.SkillBased,
        RoutingStrategyNames.RoundRobin,
        RoutingStrategyNames.LeastLoaded,
        RoutingStrategyNames.Dynamic,
        RoutingStrategyNames.CustomWeighted,
    ];

    public static string? Find(string? name) =>
        name is null ? null : Array.Find(All, n => string.Equals(n, name, StringComparison.OrdinalIgnoreCase));
}

/// <summary>The built-in queue ordering names, for validation and --compare.</summary>
internal static class QueueOrderings
{
    public static readonly string[] All = [QueueOrderingNames.PriorityThenSla, QueueOrderingNames.Responsiveness];

    public static string? Find(string? name) =>
        name is null ? null : Array.Find(All, n => string.Equals(n, name, StringComparison.OrdinalIgnoreCase));
}
