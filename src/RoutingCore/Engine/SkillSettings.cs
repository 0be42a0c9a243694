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
}
