using System.Collections.Immutable;

namespace RoutingCore;

/// <summary>
/// A validated, immutable workload distribution of one skill: the primary agent groups that split the skill's new conversations
/// by percentage, the secondary groups that split the conversations the chosen primary group cannot take, and the maximum wait
/// before such a cascade. Build it with <see cref="Create"/> or <see cref="FromOptions"/>.
/// </summary>
/// <remarks>
/// Rules: each list's percentages are finite, between 0 and 100 and sum to 100 (within 0.01, a fixed tolerance);
/// no group is listed twice (within a list or across both); secondary groups need primary groups; at least two distinct groups
/// are configured; <see cref="MaxWait"/>, when set, is positive and at most 3650 days. A group with 0 percent stays configured but never receives
/// traffic of its list. The built-in splitter and the reports use percentages to a resolution of one millionth of a percentage point, relative to their list's sum.
/// </remarks>
public sealed class WorkloadDistribution
{
    /// <summary>Percentages are turned into integer weights at this many units per percentage point.</summary>
    internal const double WeightUnitsPerPercent = 1_000_000;

    private WorkloadDistribution(ImmutableArray<AgentGroupShare> primary, ImmutableArray<AgentGroupShare> secondary, TimeSpan? maxWait)
    {
        Primary = primary;
        Secondary = secondary;
        MaxWait = maxWait;
        PrimaryWeights = Weights(primary, out long primaryTotal);
        PrimaryWeightTotal = primaryTotal;
        SecondaryWeights = Weights(secondary, out long secondaryTotal);
        SecondaryWeightTotal = secondaryTotal;
    }

    /// <summary>The primary agent groups, in configured order; their percentages sum to 100.</summary>
    public ImmutableArray<AgentGroupShare> Primary { get; }

    /// <summary>The secondary agent groups, in configured order (empty for no cascade); if any, their percentages sum to 100.</summary>
    public ImmutableArray<AgentGroupShare> Secondary { get; }

    /// <summary>How long a conversation may wait for its primary group before it cascades; <see langword="null"/> cascades only when the group has no capacity.</summary>
    public TimeSpan? MaxWait { get; }

    /// <summary>The primary groups' percentages as integer weights (<see cref="WeightUnitsPerPercent"/>), for the built-in splitter and the reports.</summary>
    internal long[] PrimaryWeights { get; }

    /// <summary>The sum of <see cref="PrimaryWeights"/>.</summary>
    internal long PrimaryWeightTotal { get; }

    /// <summary>The secondary groups' percentages as integer weights.</summary>
    internal long[] SecondaryWeights { get; }

    /// <summary>The sum of <see cref="SecondaryWeights"/>.</summary>
    internal long SecondaryWeightTotal { get; }

    /// <summary>Creates a validated distribution.</summary>
    /// <param name="primary">The primary groups and their percentages.</param>
    /// <param name="secondary">The secondary groups and their percentages; <see langword="null"/> or empty for no cascade.</param>
    /// <param name="maxWait">The maximum wait for the primary group before cascading; <see langword="null"/> cascades only when the group has no capacity.</param>
    /// <returns>The distribution.</returns>
    /// <exception cref="ArgumentException">The input breaks one or more rules; the message lists every error, and <see cref="ArgumentException.ParamName"/> names the argument of the first.</exception>
    public static WorkloadDistribution Create(IEnumerable<AgentGroupShare> primary, IEnumerable<AgentGroupShare>? secondary = null, TimeSpan? maxWait = null)
    {
        ArgumentNullException.ThrowIfNull(primary);
        return CreateCore(null, [.. primary], secondary is null ? [] : [.. secondary], maxWait, null);
    }

    /// <summary>Validates a skill's distribution options and creates the distribution.</summary>
    /// <param name="skill">The skill the distribution belongs to; named in every error message.</param>
    /// <param name="options">The options, typically bound from configuration.</param>
    /// <param name="knownGroups">The agent groups that exist; <see langword="null"/> skips the check for unknown groups.</param>
    /// <returns>The distribution.</returns>
    /// <exception cref="ArgumentException">The options break one or more rules; the message lists every error, each naming the skill and the group.</exception>
    public static WorkloadDistribution FromOptions(SkillId skill, WorkloadDistributionOptions options, IReadOnlyCollection<AgentGroupId>? knownGroups = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        string[]? known = knownGroups?.Select(g => g.Value).ToArray();
        WorkloadDistributionValidation.Validate(skill.Value, options, known, errors);
        if (errors.Count > 0)
        {
            throw new ArgumentException(WorkloadDistributionValidation.FormatErrors(skill.Value, errors), nameof(options));
        }

        var primary = options.PrimaryGroups.Select(g => new AgentGroupShare(new AgentGroupId(g.Group), g.Percentage)).ToImmutableArray();
        var secondary = options.SecondaryGroups.Select(g => new AgentGroupShare(new AgentGroupId(g.Group), g.Percentage)).ToImmutableArray();
        return new WorkloadDistribution(primary, secondary, options.MaxWait);
    }

    /// <summary>Converts the distribution back into options (for example to show or edit it).</summary>
    /// <returns>New options holding the same groups, percentages and maximum wait.</returns>
    public WorkloadDistributionOptions ToOptions()
    {
        var options = new WorkloadDistributionOptions { MaxWait = MaxWait };
        options.PrimaryGroups.AddRange(Primary.Select(s => new AgentGroupShareOptions { Group = s.Group.Value, Percentage = s.Percentage }));
        options.SecondaryGroups.AddRange(Secondary.Select(s => new AgentGroupShareOptions { Group = s.Group.Value, Percentage = s.Percentage }));
        return options;
    }

    internal static long ToWeight(double percentage) => (long)Math.Round(Math.Clamp(percentage, 0, 100) * WeightUnitsPerPercent, MidpointRounding.AwayFromZero);

    private static long[] Weights(ImmutableArray<AgentGroupShare> shares, out long total)
    {
        var weights = new long[shares.Length];
        total = 0;
        for (int i = 0; i < weights.Length; i++)
        {
            weights[i] = ToWeight(shares[i].Percentage);
            total += weights[i];
        }

        return weights;
    }

    private static WorkloadDistribution CreateCore(string? skill, ImmutableArray<AgentGroupShare> primary, ImmutableArray<AgentGroupShare> secondary, TimeSpan? maxWait, IReadOnlyCollection<string>? known)
    {
        var errors = new List<string>();
        WorkloadDistributionValidation.Validate(skill, primary, secondary, maxWait, known, errors);
        if (errors.Count > 0)
        {
            throw new ArgumentException(WorkloadDistributionValidation.FormatErrors(skill, errors), WorkloadDistributionValidation.OffendingParameter(primary, secondary, maxWait));
        }

        return new WorkloadDistribution(primary, secondary, maxWait);
    }
}
