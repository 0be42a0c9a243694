using System.Collections.Frozen;

namespace RoutingCore.Engine;

/// <summary>The resolved, immutable lifecycle options of an engine.</summary>
internal sealed class LifecycleSettings
{
    public LifecycleSettings(RoutingOptions options)
    {
        Rules = [.. options.SkillRules.Select(rule => new SkillRule([.. rule.Attributes], new SkillId(rule.Skill)))];
        DefaultSkill = options.DefaultSkill is { } skill ? new SkillId(skill) : (SkillId?)null;
        Fallback = options.FallbackSkill is { } fallback ? new SkillId(fallback) : (SkillId?)null;
        UnassignedPolicy = options.UnassignedSkillPolicy;
        ForcedPause = options.ForcedPause.Enabled;
        IgnoredBeforePause = options.ForcedPause.IgnoredOffersThreshold;
        DefaultSla = options.ResponseSla.Default;
        SlaByType = options.ResponseSla.ByConversationType.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);
        AbsenceGrace = options.AbsenceGracePeriod;
        AutoCloseAfter = options.AutoCloseAfter;
    }

    public SkillRule[] Rules { get; }
    public SkillId? DefaultSkill { get; }
    public SkillId? Fallback { get; }
    public UnassignedSkillPolicy UnassignedPolicy { get; }
    public bool ForcedPause { get; }
    public int IgnoredBeforePause { get; }
    public TimeSpan DefaultSla { get; }
    public FrozenDictionary<string, TimeSpan> SlaByType { get; }
    public TimeSpan AbsenceGrace { get; }
    public TimeSpan? AutoCloseAfter { get; }

    public TimeSpan SlaFor(ConversationRequest request) =>
        request.ConversationType is { } type && SlaByType.TryGetValue(type, out TimeSpan sla) ? sla : DefaultSla;
}

/// <summary>A compiled skill-selection rule.</summary>
internal sealed record SkillRule(KeyValuePair<string, string>[] Attributes, SkillId Skill)
{
    public bool Matches(IReadOnlyDictionary<string, string> attributes)
    {
        foreach ((string key, string value) in Attributes)
        {
            if (!TryGet(attributes, key, out string? actual) || !string.Equals(actual, value, StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }
        }

        return true;
    }

    private static bool TryGet(IReadOnlyDictionary<string, string> attributes, string key, out string? value)
    {
        if (attributes.TryGetValue(key, out value))
        {
            return true;
        }

        foreach ((string candidate, string candidateValue) in attributes)
        {
            if (string.Equals(candidate, key, StringComparison.OrdinalIgnoreCase))
            {
                value = candidateValue;
                return true;
            }
        }

        return false;
    }
}
