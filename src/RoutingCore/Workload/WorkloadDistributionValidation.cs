using System.Globalization;
using System.Text;

namespace RoutingCore;

/// <summary>
/// The validation rules of a workload distribution, shared by <see cref="WorkloadDistribution"/> and the routing options validator.
/// Every rule is checked and every broken one is reported (each message names the skill and, where it applies, the agent group).
/// </summary>
internal static class WorkloadDistributionValidation
{
    /// <summary>How far the percentages of a list may sum from 100.</summary>
    internal const double SumTolerance = 0.01;

    /// <summary>Absorbs binary rounding in the sum (33.33 + 33.33 + 33.33 is not exactly 99.99 in doubles).</summary>
    private const double SumSlack = 1e-9;

    private const string PrimaryList = "primary groups";
    private const string SecondaryList = "secondary groups";

    /// <summary>Validates a skill's workload distribution options, adding one message per broken rule to <paramref name="errors"/>.</summary>
    /// <param name="skill">The skill the distribution belongs to (used in the messages).</param>
    /// <param name="options">The options to check.</param>
    /// <param name="knownGroups">The agent groups that exist (compared ordinally); <see langword="null"/> skips the check for unknown groups.</param>
    /// <param name="errors">Receives the messages.</param>
    internal static void Validate(string skill, WorkloadDistributionOptions options, IReadOnlyCollection<string>? knownGroups, ICollection<string> errors)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(errors);
        var primary = ToEntries(options.PrimaryGroups);
        var secondary = ToEntries(options.SecondaryGroups);
        ValidateCore(skill, primary, secondary, options.MaxWait, knownGroups, errors);
    }

    /// <summary>Validates already-typed shares (the form <see cref="WorkloadDistribution.Create"/> takes).</summary>
    internal static void Validate(string? skill, IReadOnlyList<AgentGroupShare> primary, IReadOnlyList<AgentGroupShare> secondary, TimeSpan? maxWait, IReadOnlyCollection<string>? knownGroups, ICollection<string> errors)
        => ValidateCore(skill, Entries(primary), Entries(secondary), maxWait, knownGroups, errors);

    private static List<(string? Group, double Percentage)> Entries(IReadOnlyList<AgentGroupShare> shares)
    {
        var entries = new List<(string? Group, double Percentage)>(shares.Count);
        foreach (var share in shares)
        {
            entries.Add((share.Group.IsEmpty ? null : share.Group.Value, share.Percentage));
        }

        return entries;
    }

    /// <summary>Builds the exception message that lists every error.</summary>
    internal static string FormatErrors(string? skill, IReadOnlyCollection<string> errors)
    {
        var builder = new StringBuilder();
        builder.Append(skill is null ? "The workload distribution is invalid" : $"The workload distribution of skill '{IdValidation.Escape(skill)}' is invalid")
            .Append(CultureInfo.InvariantCulture, $" ({errors.Count} error{(errors.Count == 1 ? "" : "s")}):");
        foreach (var error in errors)
        {
            builder.AppendLine().Append("  - ").Append(error);
        }

        return builder.ToString();
    }

    private static List<(string? Group, double Percentage)> ToEntries(List<AgentGroupShareOptions>? list)
    {
        var entries = new List<(string? Group, double Percentage)>(list?.Count ?? 0);
        if (list is not null)
        {
            foreach (var item in list)
            {
                entries.Add((item?.Group, item?.Percentage ?? double.NaN));
            }
        }

        return entries;
    }

    private static void ValidateCore(
        string? skill,
        List<(string? Group, double Percentage)> primary,
        List<(string? Group, double Percentage)> secondary,
        TimeSpan? maxWait,
        IReadOnlyCollection<string>? knownGroups,
        ICollection<string> errors)
    {
        string prefix = skill is null ? "Workload distribution: " : $"Workload distribution of skill '{IdValidation.Escape(skill)}': ";
        HashSet<string>? known = knownGroups is null ? null : new HashSet<string>(knownGroups, StringComparer.Ordinal);

        var primaryNames = CheckList(prefix, PrimaryList, primary, known, errors);
        var secondaryNames = CheckList(prefix, SecondaryList, secondary, known, errors);

        foreach (var name in primaryNames)
        {
            if (secondaryNames.Contains(name))
            {
                errors.Add($"{prefix}agent group '{IdValidation.Escape(name)}' is listed in both the primary and the secondary groups; a group may be in only one of the two lists.");
            }
        }

        if (primary.Count == 0 && secondary.Count > 0)
        {
            errors.Add($"{prefix}there are secondary groups ({Describe(secondary)}) but no primary groups; configure the primary groups too, or remove the distribution.");
        }

        var distinct = new HashSet<string>(primaryNames, StringComparer.Ordinal);
        distinct.UnionWith(secondaryNames);
        if (distinct.Count < 2)
        {
            string listed = distinct.Count == 0 ? "no agent group" : $"only agent group '{IdValidation.Escape(distinct.First())}'";
            errors.Add($"{prefix}{listed} is configured; a workload distribution needs at least two agent groups across its primary and secondary groups.");
        }

        if (maxWait is { } wait && wait <= TimeSpan.Zero)
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"{prefix}MaxWait is {wait}; it must be positive, or left unset to cascade only when the primary group has no capacity."));
        }
        else if (maxWait > DependencyInjection.RoutingOptionsValidator.MaxDuration)
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"{prefix}MaxWait is {maxWait}; it must be at most {DependencyInjection.RoutingOptionsValidator.MaxDuration} (10 years), or left unset to cascade only when the primary group has no capacity."));
        }
    }

    /// <summary>
    /// The argument of <see cref="WorkloadDistribution.Create"/> an invalid distribution's first problem is in:
    /// "primary" (also when fewer than two groups are configured), "secondary" or "maxWait".
    /// </summary>
    internal static string OffendingParameter(IReadOnlyList<AgentGroupShare> primary, IReadOnlyList<AgentGroupShare> secondary, TimeSpan? maxWait)
    {
        var errors = new List<string>();
        HashSet<string> primaryNames = CheckList("", PrimaryList, Entries(primary), null, errors);
        if (primary.Count == 0 || errors.Count > 0)
        {
            return "primary";
        }

        HashSet<string> secondaryNames = CheckList("", SecondaryList, Entries(secondary), null, errors);
        if (errors.Count > 0 || secondaryNames.Overlaps(primaryNames))
        {
            return "secondary";
        }

        return maxWait is { } wait && (wait <= TimeSpan.Zero || wait > DependencyInjection.RoutingOptionsValidator.MaxDuration) ? "maxWait" : "primary";
    }

    private static HashSet<string> CheckList(
        string prefix,
        string listName,
        List<(string? Group, double Percentage)> list,
        HashSet<string>? known,
        ICollection<string> errors)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        var reportedTwice = new HashSet<string>(StringComparer.Ordinal);
        bool allFinite = true;
        double sum = 0;
        for (int i = 0; i < list.Count; i++)
        {
            var (group, percentage) = list[i];
            string label;
            if (!IsValidId(group))
            {
                label = $"entry #{i + 1} of the {listName} ({IdValidation.Show(group ?? "")})";
                errors.Add($"{prefix}entry #{i + 1} of the {listName} has agent group {IdValidation.Show(group ?? "")}, which is not a valid agent group id; {(IdValidation.Padding(group) is { } padding ? $"an id must not start or end with {padding}, so trim it" : $"give a non-empty id of at most {IdValidation.MaxLength} printable characters")}.");
            }
            else
            {
                label = $"agent group '{IdValidation.Escape(group!)}' in the {listName}";
                if (!names.Add(group!) && reportedTwice.Add(group!))
                {
                    errors.Add($"{prefix}agent group '{IdValidation.Escape(group!)}' is listed more than once in the {listName}; list each group once.");
                }

                if (known is not null && !known.Contains(group!))
                {
                    errors.Add($"{prefix}agent group '{IdValidation.Escape(group!)}' in the {listName} is not a known agent group; known groups are {DescribeKnown(known)}.");
                }
            }

            if (!double.IsFinite(percentage))
            {
                allFinite = false;
                errors.Add(string.Create(CultureInfo.InvariantCulture, $"{prefix}{label} has percentage {percentage}; percentages must be finite numbers between 0 and 100, and each list must sum to 100."));
            }
            else
            {
                if (percentage < 0 || percentage > 100)
                {
                    errors.Add(string.Create(CultureInfo.InvariantCulture, $"{prefix}{label} has percentage {percentage}; percentages must be between 0 and 100, and each list must sum to 100."));
                }

                sum += percentage;
            }
        }

        if (list.Count > 0 && allFinite && Math.Abs(sum - 100) > SumTolerance + SumSlack)
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"{prefix}the percentages of the {listName} ({Describe(list)}) sum to {Math.Round(sum, 6)}; they must sum to 100 (within {SumTolerance})."));
        }

        return names;
    }

    private static bool IsValidId(string? value) => IdValidation.IsValid(value);

    private static string Describe(List<(string? Group, double Percentage)> list)
    {
        var builder = new StringBuilder();
        foreach (var (group, percentage) in list)
        {
            if (builder.Length > 0)
            {
                builder.Append(", ");
            }

            builder.Append('\'').Append(IdValidation.Escape(group ?? "")).Append("' ").Append(percentage.ToString(CultureInfo.InvariantCulture));
        }

        return builder.ToString();
    }

    private static string DescribeKnown(HashSet<string> known)
    {
        if (known.Count == 0)
        {
            return "none";
        }

        const int Shown = 10;
        var sorted = known.Order(StringComparer.Ordinal).Take(Shown).Select(g => $"'{IdValidation.Escape(g)}'");
        string text = string.Join(", ", sorted);
        return known.Count > Shown ? $"{text} and {known.Count - Shown} more" : text;
    }
}
