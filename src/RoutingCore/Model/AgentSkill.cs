namespace RoutingCore;

/// <summary>A skill an agent holds, with an optional proficiency.</summary>
/// <param name="Skill">The skill.</param>
/// <param name="Proficiency">
/// How well the agent masters the skill, from 0 (barely) to 1 (fully); <see langword="null"/> means fully (1).
/// The skill-based, dynamic and custom-weighted strategies use it.
/// </param>
public readonly record struct AgentSkill(SkillId Skill, double? Proficiency = null)
{
    /// <summary>The proficiency used for scoring: <see cref="Proficiency"/>, or 1 when not given.</summary>
    public double EffectiveProficiency => Proficiency ?? 1.0;

    /// <summary>Converts a skill into an agent skill with full proficiency.</summary>
    /// <param name="skill">The skill.</param>
    public static implicit operator AgentSkill(SkillId skill) => new(skill);

    /// <summary>Creates an agent skill with full proficiency (the named alternative to the implicit conversion).</summary>
    /// <param name="skill">The skill.</param>
    /// <returns>The agent skill.</returns>
    public static AgentSkill FromSkillId(SkillId skill) => new(skill);
}
