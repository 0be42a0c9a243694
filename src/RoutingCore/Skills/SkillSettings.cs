using System.Collections.Frozen;

namespace RoutingCore.Engine;

/// <summary>The resolved, immutable routing settings of one skill (or of the account, for skills without their own).</summary>
internal sealed class SkillSettings
{
    public SkillSettings(IRoutingStrategy strategy, int steps, TimeSpan stepDelay, ScoringWeights weights)
    {
        Strategy = strategy;
        Steps = steps;
        StepDelay = stepDelay;
        Weights = weights;
    }

    public IRoutingStrategy Strategy { get; }

    public int Steps { get; }

    public TimeSpan StepDelay { get; }

    public ScoringWeights Weights { get; }

    /// <summary>This skill's own fallback skill, if any.</summary>
    public SkillId? Fallback { get; init; }

    /// <summary>The account-wide routing settings, and each configured skill's own.</summary>
    public static SkillSettings Resolve(RoutingOptions options, IReadOnlyDictionary<string, IRoutingStrategy> strategies, out FrozenDictionary<SkillId, SkillSettings> perSkill)
    {
        var defaults = new SkillSettings(strategies[options.Strategy], options.Steps, options.StepDelay, options.CustomWeights.ToWeights());
        var skills = new Dictionary<SkillId, SkillSettings>();
        foreach ((string skill, SkillOptions skillOptions) in options.Skills)
        {
            skills[new SkillId(skill)] = new SkillSettings(
                skillOptions.Strategy is { } name ? strategies[name] : defaults.Strategy,
                skillOptions.Steps ?? defaults.Steps,
                skillOptions.StepDelay ?? defaults.StepDelay,
                skillOptions.CustomWeights?.ToWeights() ?? defaults.Weights)
            {
                Fallback = skillOptions.FallbackSkill is { } fallback ? new SkillId(fallback) : (SkillId?)null,
            };
        }

        perSkill = skills.ToFrozenDictionary();
        return defaults;
    }
}
