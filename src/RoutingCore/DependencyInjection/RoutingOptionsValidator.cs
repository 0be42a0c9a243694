using System.Globalization;
using Microsoft.Extensions.Options;

namespace RoutingCore.DependencyInjection;

/// <summary>
/// Validates <see cref="RoutingOptions"/> without short-circuiting: every error is collected and reported together,
/// each naming the option, its value and what would be valid, and, for a named engine's options, the engine.
/// </summary>
internal sealed class RoutingOptionsValidator : IValidateOptions<RoutingOptions>
{
    /// <summary>
    /// The longest duration any option accepts (10 years): the engine adds durations to the clock's time, which must stay a
    /// representable <see cref="DateTimeOffset"/>. Longer values (such as <see cref="TimeSpan.MaxValue"/> meant as "never")
    /// would make operations fail half-way.
    /// </summary>
    internal static readonly TimeSpan MaxDuration = TimeSpan.FromDays(3650);

    private readonly IReadOnlyCollection<string> _strategies;
    private readonly IReadOnlyCollection<string> _capacityModels;

    public RoutingOptionsValidator(IEnumerable<IRoutingStrategy> strategies, CapacityModelCatalog capacityModels)
    {
        _strategies = strategies.Select(s => s.Name).ToArray();
        _capacityModels = [.. capacityModels.Names];
    }

    public ValidateOptionsResult Validate(string? name, RoutingOptions options)
    {
        List<string> errors = Collect(options, _strategies, _capacityModels);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(EngineNames.Label(EngineNames.FromOptionsName(name), errors));
    }

    internal static List<string> Collect(RoutingOptions? options, IReadOnlyCollection<string> strategies, IReadOnlyCollection<string> capacityModels)
    {
        var errors = new List<string>();
        if (options is null)
        {
            errors.Add("RoutingOptions must not be null.");
            return errors;
        }

        CheckName(options.Strategy, "RoutingOptions.Strategy", "strategy", strategies, errors);
        CheckName(options.CapacityModel, "RoutingOptions.CapacityModel", "capacity model", capacityModels, errors);
        CheckQueueOrdering(options, errors);
        CheckSteps(options.Steps, "RoutingOptions.Steps", errors);
        CheckDelay(options.StepDelay, "RoutingOptions.StepDelay", errors);
        if (options.WorkloadCatchUpLimit is < 0 or > RoutingDefaults.MaxWorkloadCatchUpLimit)
        {
            errors.Add(Format($"RoutingOptions.WorkloadCatchUpLimit is {options.WorkloadCatchUpLimit}; it must be from 0 (no catch-up) to {RoutingDefaults.MaxWorkloadCatchUpLimit:N0} conversations."));
        }

        if (options.MaxConcurrent is null)
        {
            errors.Add("RoutingOptions.MaxConcurrent must not be null.");
        }
        else
        {
            if (options.MaxConcurrent.DefaultMaxConcurrent < 1)
            {
                errors.Add(Format($"RoutingOptions.MaxConcurrent.DefaultMaxConcurrent is {options.MaxConcurrent.DefaultMaxConcurrent}; it must be at least 1."));
            }

            if (options.MaxConcurrent.IdleChatTimeout < TimeSpan.Zero)
            {
                errors.Add(Format($"RoutingOptions.MaxConcurrent.IdleChatTimeout is {options.MaxConcurrent.IdleChatTimeout}; it must not be negative (zero turns idle detection off)."));
            }
            else if (options.MaxConcurrent.IdleChatTimeout > MaxDuration)
            {
                errors.Add(Format($"RoutingOptions.MaxConcurrent.IdleChatTimeout is {options.MaxConcurrent.IdleChatTimeout}; it must be {AtMost} (zero turns idle detection off)."));
            }
        }

        if (options.Intensity is null)
        {
            errors.Add("RoutingOptions.Intensity must not be null.");
        }
        else
        {
            IntensityCapacityOptions intensity = options.Intensity;
            if (!double.IsFinite(intensity.ActiveWeight) || intensity.ActiveWeight <= 0)
            {
                errors.Add(Format($"RoutingOptions.Intensity.ActiveWeight is {intensity.ActiveWeight}; it must be a finite number greater than 0."));
            }

            if (!double.IsFinite(intensity.InactiveWeight) || intensity.InactiveWeight < 0 || intensity.InactiveWeight > intensity.ActiveWeight)
            {
                errors.Add(Format($"RoutingOptions.Intensity.InactiveWeight is {intensity.InactiveWeight}; it must be a finite number from 0 up to ActiveWeight ({intensity.ActiveWeight})."));
            }

            CheckPositive(intensity.TimeToInactive, "RoutingOptions.Intensity.TimeToInactive", errors);

            if (!double.IsFinite(intensity.OverbookAllowance) || intensity.OverbookAllowance < 0)
            {
                errors.Add(Format($"RoutingOptions.Intensity.OverbookAllowance is {intensity.OverbookAllowance}; it must be a finite number from 0."));
            }
        }

        CheckWeights(options.CustomWeights, "RoutingOptions.CustomWeights", errors);
        CheckLifecycle(options, errors);
        if (options.AgentGroups is null)
        {
            errors.Add("RoutingOptions.AgentGroups must not be null; use an empty list for none.");
        }
        else
        {
            for (int i = 0; i < options.AgentGroups.Count; i++)
            {
                if (!IdValidation.IsValid(options.AgentGroups[i]))
                {
                    errors.Add(Format($"RoutingOptions.AgentGroups[{i}] is {IdValidation.Show(options.AgentGroups[i])}; an agent group id {IdValidation.Rule(options.AgentGroups[i])}."));
                }
            }
        }

        if (options.Pacing is null)
        {
            errors.Add("RoutingOptions.Pacing must not be null.");
        }
        else
        {
            errors.AddRange(PacingOptionsValidator.Validate(options.Pacing).Select(e =>
                e.StartsWith("PacingOptions.", StringComparison.Ordinal) ? "RoutingOptions.Pacing." + e["PacingOptions.".Length..] : "RoutingOptions.Pacing: " + e));
        }

        if (options.Skills is null)
        {
            errors.Add("RoutingOptions.Skills must not be null.");
            return errors;
        }

        foreach ((string skill, SkillOptions? skillOptions) in options.Skills)
        {
            string where = $"RoutingOptions.Skills[{IdValidation.Show(skill)}]";
            if (!IdValidation.IsValid(skill))
            {
                errors.Add($"{where}: the skill id {IdValidation.Rule(skill)}.");
            }

            if (skillOptions is null)
            {
                errors.Add($"{where} must not be null.");
                continue;
            }

            if (skillOptions.Strategy is not null)
            {
                CheckName(skillOptions.Strategy, $"{where}.Strategy", "strategy", strategies, errors);
            }

            if (skillOptions.Steps is { } steps)
            {
                CheckSteps(steps, $"{where}.Steps", errors);
            }

            if (skillOptions.StepDelay is { } delay)
            {
                CheckDelay(delay, $"{where}.StepDelay", errors);
            }

            if (skillOptions.CustomWeights is not null)
            {
                CheckWeights(skillOptions.CustomWeights, $"{where}.CustomWeights", errors);
            }

            if (skillOptions.Workload is not null)
            {
                if (options.AgentGroups is null)
                {
                    errors.Add($"{where}.Workload names agent groups but RoutingOptions.AgentGroups is null; declare the groups there.");
                }
                else
                {
                    WorkloadDistributionValidation.Validate(skill, skillOptions.Workload, options.AgentGroups, errors);
                }
            }

            if (skillOptions.FallbackSkill is not null)
            {
                CheckSkillName(skillOptions.FallbackSkill, $"{where}.FallbackSkill", errors);
                if (string.Equals(skillOptions.FallbackSkill, skill, StringComparison.Ordinal))
                {
                    errors.Add($"{where}.FallbackSkill is '{skill}', the skill itself; name another skill or leave it null.");
                }
            }
        }

        return errors;
    }

    private static void CheckLifecycle(RoutingOptions options, List<string> errors)
    {
        if (options.SkillRules is null)
        {
            errors.Add("RoutingOptions.SkillRules must not be null; use an empty list for no rules.");
        }
        else
        {
            for (int i = 0; i < options.SkillRules.Count; i++)
            {
                string where = $"RoutingOptions.SkillRules[{i}]";
                SkillRuleOptions? rule = options.SkillRules[i];
                if (rule is null)
                {
                    errors.Add($"{where} must not be null.");
                    continue;
                }

                CheckSkillName(rule.Skill, $"{where}.Skill", errors);
                if (rule.Attributes is null || rule.Attributes.Count == 0)
                {
                    errors.Add($"{where}.Attributes is empty; a rule matches on at least one consumer attribute (for example ctype = vip).");
                }
                else
                {
                    foreach ((string key, string value) in rule.Attributes)
                    {
                        if (string.IsNullOrWhiteSpace(key) || value is null)
                        {
                            errors.Add($"{where}.Attributes has key '{key}' with value '{value}'; keys must be non-empty and values non-null.");
                        }
                    }
                }
            }
        }

        if (options.DefaultSkill is not null)
        {
            CheckSkillName(options.DefaultSkill, "RoutingOptions.DefaultSkill", errors);
        }

        if (options.FallbackSkill is not null)
        {
            CheckSkillName(options.FallbackSkill, "RoutingOptions.FallbackSkill", errors);
        }

        if (!Enum.IsDefined(options.UnassignedSkillPolicy))
        {
            errors.Add(Format($"RoutingOptions.UnassignedSkillPolicy is {(int)options.UnassignedSkillPolicy}; use Unassigned, KeepOnSkill or Fallback."));
        }

        if (options.ForcedPause is null)
        {
            errors.Add("RoutingOptions.ForcedPause must not be null.");
        }
        else if (options.ForcedPause.IgnoredOffersThreshold < 1)
        {
            errors.Add(Format($"RoutingOptions.ForcedPause.IgnoredOffersThreshold is {options.ForcedPause.IgnoredOffersThreshold}; it must be at least 1 (set Enabled = false to turn forced pause off)."));
        }

        if (options.ResponseSla is null)
        {
            errors.Add("RoutingOptions.ResponseSla must not be null.");
        }
        else
        {
            CheckPositive(options.ResponseSla.Default, "RoutingOptions.ResponseSla.Default", errors);
            if (options.ResponseSla.ByConversationType is null)
            {
                errors.Add("RoutingOptions.ResponseSla.ByConversationType must not be null; use an empty dictionary for none.");
            }
            else
            {
                var seen = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
                foreach ((string type, TimeSpan sla) in options.ResponseSla.ByConversationType)
                {
                    if (string.IsNullOrWhiteSpace(type))
                    {
                        errors.Add("RoutingOptions.ResponseSla.ByConversationType has an empty conversation type; name each type (for example \"urgent\").");
                    }
                    else if (!seen.TryAdd(type, type))
                    {
                        errors.Add($"RoutingOptions.ResponseSla.ByConversationType has conversation types {IdValidation.Show(seen[type])} and {IdValidation.Show(type)}, which differ only in case; types are compared ignoring case, so keep one.");
                    }

                    CheckPositive(sla, $"RoutingOptions.ResponseSla.ByConversationType[{IdValidation.Show(type)}]", errors);
                }
            }
        }

        if (options.AbsenceGracePeriod < TimeSpan.Zero)
        {
            errors.Add(Format($"RoutingOptions.AbsenceGracePeriod is {options.AbsenceGracePeriod}; it must not be negative (zero returns conversations at once)."));
        }
        else if (options.AbsenceGracePeriod > MaxDuration)
        {
            errors.Add(Format($"RoutingOptions.AbsenceGracePeriod is {options.AbsenceGracePeriod}; it must be {AtMost}."));
        }

        if (options.AutoCloseAfter is { } autoClose)
        {
            CheckPositive(autoClose, "RoutingOptions.AutoCloseAfter", errors, " (null turns auto-close off)");
        }
    }

    private static void CheckQueueOrdering(RoutingOptions options, List<string> errors)
    {
        if (options.QueueOrdering is null || !BuiltIns.OrderingNames.Contains(options.QueueOrdering, StringComparer.OrdinalIgnoreCase))
        {
            errors.Add($"RoutingOptions.QueueOrdering is {IdValidation.Show(options.QueueOrdering)}, which is not a built-in queue ordering; use one of: {string.Join(", ", BuiltIns.OrderingNames)} (an ordering of your own is given with UseQueueOrdering or RoutingEngine.Create's queueOrdering, not by name).");
        }

        if (options.Responsiveness is null)
        {
            errors.Add("RoutingOptions.Responsiveness must not be null.");
        }
        else
        {
            CheckPositive(options.Responsiveness.HalfLife, "RoutingOptions.Responsiveness.HalfLife", errors);
        }
    }

    private static void CheckSkillName(string? skill, string where, List<string> errors)
    {
        if (!IdValidation.IsValid(skill))
        {
            errors.Add($"{where} is {(skill is null ? "''" : IdValidation.Show(skill))}; a skill id {IdValidation.Rule(skill)}.");
        }
    }

    /// <summary>"at most 3650.00:00:00 (10 years)".</summary>
    private static string AtMost => Format($"at most {MaxDuration} ({MaxDuration.TotalDays / 365:0} years)");

    private static void CheckPositive(TimeSpan value, string where, List<string> errors, string hint = "")
    {
        if (value <= TimeSpan.Zero)
        {
            errors.Add(Format($"{where} is {value}; it must be greater than zero{hint}."));
        }
        else if (value > MaxDuration)
        {
            errors.Add(Format($"{where} is {value}; it must be {AtMost}{hint}."));
        }
    }

    private static void CheckName(string? value, string where, string kind, IReadOnlyCollection<string> known, List<string> errors)
    {
        if (value is null || !known.Contains(value, StringComparer.OrdinalIgnoreCase))
        {
            errors.Add($"{where} is {IdValidation.Show(value)}, which is not a known {kind}; use one of: {string.Join(", ", known.Order(StringComparer.Ordinal))} (or register your own through dependency injection).");
        }
    }

    private static void CheckSteps(int steps, string where, List<string> errors)
    {
        if (steps < 1)
        {
            errors.Add(Format($"{where} is {steps}; it must be at least 1."));
        }
    }

    private static void CheckDelay(TimeSpan delay, string where, List<string> errors) => CheckPositive(delay, where, errors);

    private static void CheckWeights(ScoringWeightsOptions? weights, string where, List<string> errors)
    {
        if (weights is null)
        {
            errors.Add($"{where} must not be null.");
            return;
        }

        CheckWeight(weights.Load, $"{where}.Load", errors);
        CheckWeight(weights.Idle, $"{where}.Idle", errors);
        CheckWeight(weights.Tags, $"{where}.Tags", errors);
        CheckWeight(weights.Affinity, $"{where}.Affinity", errors);
    }

    private static void CheckWeight(double weight, string where, List<string> errors)
    {
        if (double.IsNaN(weight) || weight < 0 || weight > 1)
        {
            errors.Add(Format($"{where} is {weight}; a weight must be between 0 (ignored) and 1 (full weight)."));
        }
    }

    private static string Format(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
