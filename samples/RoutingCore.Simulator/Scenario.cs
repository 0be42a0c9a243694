using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace RoutingCore.Simulator;

/// <summary>
/// A simulated day: the roster, the traffic, how consumers and agents behave, and how the engine is configured. Every
/// property has a default, so an empty JSON object (<c>{}</c>) is the built-in day; a scenario file overrides what it names.
/// </summary>
internal sealed class Scenario
{
    /// <summary>Reactive traffic per hour of the day (relative weights, 24 values): a messaging center open from 07:00 to midnight.</summary>
    internal static readonly double[] DefaultCurve =
        [0, 0, 0, 0, 0, 0, 0, 2.0, 5.0, 7.5, 8.5, 8.5, 7.5, 7.0, 8.0, 8.5, 8.0, 7.0, 5.5, 4.5, 3.5, 2.5, 1.5, 0.8];

    public string Name { get; set; } = "default day";

    public int Seed { get; set; } = 20261124;

    public string Strategy { get; set; } = RoutingStrategyNames.LeastLoaded;

    public int Agents { get; set; } = 200;

    public int Conversations { get; set; } = 20_000;

    public string Skill { get; set; } = "messaging";

    public double[] HourlyCurve { get; set; } = [.. DefaultCurve];

    public List<GroupScenario> Groups { get; set; } =
    [
        new() { Name = "vendor-a", Percentage = 40, AgentShare = 0.36 },
        new() { Name = "vendor-b", Percentage = 30, AgentShare = 0.27 },
        new() { Name = "vendor-c", Percentage = 30, AgentShare = 0.27 },
        new() { Name = "in-house", Secondary = true, Percentage = 100, AgentShare = 0.10 },
    ];

    public RoutingScenario Routing { get; set; } = new();

    public ConsumerScenario Consumers { get; set; } = new();

    public AgentScenario AgentBehavior { get; set; } = new();

    public InvitationScenario Invitations { get; set; } = new();

    public ReportScenario Report { get; set; } = new();

    internal static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        WriteIndented = true,
    };

    /// <summary>Reads a scenario file; throws <see cref="ScenarioException"/> naming the file and what is wrong.</summary>
    public static Scenario Load(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new ScenarioException($"Cannot read scenario file '{path}': {e.Message}");
        }

        return Parse(text, path);
    }

    /// <summary>Parses and validates a scenario from JSON text; <paramref name="source"/> names it in messages.</summary>
    public static Scenario Parse(string json, string source)
    {
        Scenario? scenario;
        try
        {
            scenario = JsonSerializer.Deserialize<Scenario>(json, Json);
        }
        catch (JsonException e)
        {
            string where = e.Path is null ? "" : $" at {e.Path}";
            string line = e.LineNumber is { } l ? $" (line {l + 1})" : "";
            throw new ScenarioException($"Scenario file '{source}' is not a valid scenario{where}{line}: {FirstSentence(e.Message)} Valid properties {ValidProperties(e.Path)}.");
        }

        if (scenario is null)
        {
            throw new ScenarioException($"Scenario file '{source}' holds JSON null; write a JSON object such as {{ \"agents\": 200, \"conversations\": 20000 }}.");
        }

        List<string> errors = scenario.Validate();
        if (errors.Count > 0)
        {
            throw new ScenarioException($"Scenario file '{source}' is invalid:{Environment.NewLine}  - {string.Join(Environment.NewLine + "  - ", errors)}");
        }

        return scenario;
    }

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>Every rule a scenario must follow, all errors together (none for a valid scenario).</summary>
    public List<string> Validate()
    {
        var errors = new List<string>();
        void Require(bool ok, string message)
        {
            if (!ok)
            {
                errors.Add(message);
            }
        }

        Require(Agents is >= 1 and <= 100_000, $"agents is {Agents}; it must be between 1 and 100000.");
        Require(Conversations is >= 0 and <= 2_000_000, $"conversations is {Conversations}; it must be between 0 and 2000000.");
        Require(!string.IsNullOrWhiteSpace(Skill), "skill is empty; name the skill every agent holds, for example \"messaging\".");
        if (!string.IsNullOrWhiteSpace(Skill))
        {
            IdProblem(errors, "skill", Skill, s => new SkillId(s));
        }

        Require(StrategyNames.Find(Strategy) is not null, $"strategy is '{Strategy}'; valid strategies: {string.Join(", ", StrategyNames.All)}.");
        if (HourlyCurve is null || HourlyCurve.Length != 24)
        {
            errors.Add($"hourlyCurve has {HourlyCurve?.Length ?? 0} values; it needs 24 (one relative weight per hour of the day).");
        }
        else
        {
            Require(Array.TrueForAll(HourlyCurve, w => w >= 0 && double.IsFinite(w)), "hourlyCurve holds a negative or non-finite weight; weights must be 0 or more.");
            Require(HourlyCurve.Sum() > 0, "hourlyCurve sums to 0; at least one hour needs traffic.");
        }

        ValidateGroups(errors);
        Routing.Validate(errors);
        Consumers.Validate(errors);
        AgentBehavior.Validate(errors);
        Invitations.Validate(errors);
        Report.Validate(errors);
        return errors;
    }

    private void ValidateGroups(List<string> errors)
    {
        if (Groups is null || Groups.Count == 0)
        {
            errors.Add("groups is empty; give at least one primary group (name, percentage, agentShare).");
            return;
        }

        bool malformed = false;
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < Groups.Count; i++)
        {
            GroupScenario g = Groups[i];
            if (g is null)
            {
                errors.Add($"groups[{i}] is null; give an object with name, percentage and agentShare.");
                malformed = true;
                continue;
            }

            if (string.IsNullOrWhiteSpace(g.Name))
            {
                errors.Add($"groups[{i}] has no name; name every group (for example \"vendor-a\").");
            }
            else if (!names.Add(g.Name))
            {
                errors.Add($"groups[{i}] repeats the name '{g.Name}'; group names must be unique.");
            }
            else if (IdProblem(errors, $"groups[{i}].name", g.Name, n => new AgentGroupId(n)))
            {
                IdProblem(errors, $"groups[{i}].name (as the start of its agents' ids)", g.Name + "-00001", n => new AgentId(n));
            }

            if (g.Percentage is < 0 or > 100 || !double.IsFinite(g.Percentage))
            {
                errors.Add($"groups[{i}] ('{g.Name}') has percentage {g.Percentage.ToString(CultureInfo.InvariantCulture)}; it must be between 0 and 100.");
                malformed = true;
            }

            if (g.AgentShare is < 0 or > 1 || !double.IsFinite(g.AgentShare))
            {
                errors.Add($"groups[{i}] ('{g.Name}') has agentShare {g.AgentShare.ToString(CultureInfo.InvariantCulture)}; it must be between 0 and 1.");
                malformed = true;
            }
        }

        if (malformed)
        {
            return; // the sums below mean nothing until every group's numbers are in range
        }

        double primary = Groups.Where(g => !g.Secondary).Sum(g => g.Percentage);
        double secondary = Groups.Where(g => g.Secondary).Sum(g => g.Percentage);
        if (Math.Abs(primary - 100) > 1e-6)
        {
            errors.Add($"the primary groups' percentages sum to {primary.ToString(CultureInfo.InvariantCulture)}; they must sum to 100.");
        }

        if (Groups.Any(g => g.Secondary) && Math.Abs(secondary - 100) > 1e-6)
        {
            errors.Add($"the secondary groups' percentages sum to {secondary.ToString(CultureInfo.InvariantCulture)}; they must sum to 100.");
        }

        double shares = Groups.Sum(g => g.AgentShare);
        if (shares <= 0)
        {
            errors.Add("the groups' agentShare values sum to 0; give the agents to at least one group.");
        }
    }

    /// <summary>Adds an error when the engine refuses the value as an id; returns whether it was accepted.</summary>
    private static bool IdProblem(List<string> errors, string name, string value, Action<string> create)
    {
        try
        {
            create(value);
            return true;
        }
        catch (ArgumentException e)
        {
            errors.Add($"{name} is not a valid id: {FirstSentence(e.Message.Split(" (Parameter", 2)[0])}");
            return false;
        }
    }

    private static string FirstSentence(string message)
    {
        int path = message.IndexOf(" Path:", StringComparison.Ordinal);
        string text = path > 0 ? message[..path] : message;
        return text.EndsWith('.') ? text : text + ".";
    }

    /// <summary>The properties valid in the object that holds the JSON path's last property (the whole scenario by default).</summary>
    private static string ValidProperties(string? path)
    {
        string[] segments = (path ?? "$").TrimStart('$').Split('.', StringSplitOptions.RemoveEmptyEntries);
        string parent = segments.Length > 1 ? segments[^2] : "";
        (string where, Type type) = parent switch
        {
            _ when parent.StartsWith("groups", StringComparison.Ordinal) => ("in a group", typeof(GroupScenario)),
            "routing" => ("in routing", typeof(RoutingScenario)),
            "consumers" => ("in consumers", typeof(ConsumerScenario)),
            "agentBehavior" => ("in agentBehavior", typeof(AgentScenario)),
            "invitations" => ("in invitations", typeof(InvitationScenario)),
            "report" => ("in report", typeof(ReportScenario)),
            _ => ("of a scenario", typeof(Scenario)),
        };
        IEnumerable<string> names = type.GetProperties()
            .Where(p => p.CanWrite)
            .Select(p => JsonNamingPolicy.CamelCase.ConvertName(p.Name));
        return $"{where}: {string.Join(", ", names)}";
    }
}

/// <summary>One agent group (vendor): its share of the skill's traffic and of the roster.</summary>
internal sealed class GroupScenario
{
    public string Name { get; set; } = "";

    /// <summary>Percentage of the skill's traffic (of the primary list, or of the cascaded traffic for a secondary group).</summary>
    public double Percentage { get; set; }

    /// <summary>Whether the group is a secondary (cascade) group.</summary>
    public bool Secondary { get; set; }

    /// <summary>Fraction of the roster in this group (normalized over all groups).</summary>
    public double AgentShare { get; set; }
}

/// <summary>How the engine is configured.</summary>
internal sealed class RoutingScenario
{
    public int Steps { get; set; } = 3;

    public double StepDelaySeconds { get; set; } = 12;

    public string CapacityModel { get; set; } = CapacityModelNames.Intensity;

    /// <summary>Slots (concurrent conversations at full weight) per agent.</summary>
    public int SlotsPerAgent { get; set; } = 3;

    public double InactiveAfterSeconds { get; set; } = 120;

    public double InactiveWeight { get; set; } = 0.25;

    /// <summary>Seconds a conversation waits for its primary group before it may cascade; 0 cascades only when the group has nobody free.</summary>
    public double MaxWaitSeconds { get; set; } = 60;

    /// <summary>Consumer silence before the engine auto-closes (makes dormant) a conversation; 0 turns auto-close off.</summary>
    public double AutoCloseMinutes { get; set; } = 8;

    public bool ForcedPause { get; set; } = true;

    /// <summary>The engine's waiting-queue ordering (RoutingOptions.QueueOrdering).</summary>
    public string QueueOrdering { get; set; } = QueueOrderingNames.PriorityThenSla;

    public int IgnoredOffersBeforePause { get; set; } = 2;

    internal void Validate(List<string> errors)
    {
        if (Steps is < 1 or > 20)
        {
            errors.Add($"routing.steps is {Steps}; it must be between 1 and 20.");
        }

        Positive(errors, "routing.stepDelaySeconds", StepDelaySeconds);
        if (CapacityModel is not (CapacityModelNames.Intensity or CapacityModelNames.MaxConcurrent))
        {
            errors.Add($"routing.capacityModel is '{CapacityModel}'; valid models: {CapacityModelNames.Intensity}, {CapacityModelNames.MaxConcurrent}.");
        }

        if (SlotsPerAgent is < 1 or > 100)
        {
            errors.Add($"routing.slotsPerAgent is {SlotsPerAgent}; it must be between 1 and 100.");
        }

        Positive(errors, "routing.inactiveAfterSeconds", InactiveAfterSeconds);
        if (InactiveWeight is < 0 or > 1 || !double.IsFinite(InactiveWeight))
        {
            errors.Add($"routing.inactiveWeight is {Format(InactiveWeight)}; it must be between 0 and 1.");
        }

        if (QueueOrderings.Find(QueueOrdering) is null)
        {
            errors.Add($"routing.queueOrdering is '{QueueOrdering}'; valid orderings: {string.Join(", ", QueueOrderings.All)}.");
        }

        NotNegative(errors, "routing.maxWaitSeconds", MaxWaitSeconds);
        NotNegative(errors, "routing.autoCloseMinutes", AutoCloseMinutes);
        if (IgnoredOffersBeforePause is < 1 or > 100)
        {
            errors.Add($"routing.ignoredOffersBeforePause is {IgnoredOffersBeforePause}; it must be between 1 and 100.");
        }
    }

    internal static string Format(double value) => value.ToString(CultureInfo.InvariantCulture);

    internal static void Positive(List<string> errors, string name, double value)
    {
        if (!(value > 0) || !double.IsFinite(value) || value > 86_400 * 10)
        {
            errors.Add($"{name} is {Format(value)}; it must be greater than 0 (and at most 864000).");
        }
    }

    internal static void NotNegative(List<string> errors, string name, double value)
    {
        if (!(value >= 0) || !double.IsFinite(value) || value > 86_400 * 10)
        {
            errors.Add($"{name} is {Format(value)}; it must be 0 or more (and at most 864000).");
        }
    }

    internal static void Probability(List<string> errors, string name, double value)
    {
        if (!(value is >= 0 and <= 1))
        {
            errors.Add($"{name} is {Format(value)}; it must be a probability between 0 and 1.");
        }
    }
}

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
