namespace RoutingCore;

/// <summary>
/// A skill-selection rule: a conversation whose consumer attributes include every one of <see cref="Attributes"/> (keys
/// and values compared ordinally, ignoring case) goes to <see cref="Skill"/>. Rules are tried in order; the first match wins.
/// </summary>
public sealed class SkillRuleOptions
{
    /// <summary>The attributes a conversation must carry, for example <c>ctype = "vip"</c> or <c>companyBranch = "north"</c>; at least one.</summary>
    public Dictionary<string, string> Attributes { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The skill a matching conversation goes to.</summary>
    public string Skill { get; set; } = string.Empty;
}
