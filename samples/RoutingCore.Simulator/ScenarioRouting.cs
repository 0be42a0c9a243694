using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace RoutingCore.Simulator;

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
