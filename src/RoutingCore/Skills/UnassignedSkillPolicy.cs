namespace RoutingCore;

/// <summary>What happens to a conversation for a skill that no agent on the roster holds (seed 003, "Unassigned skill").</summary>
public enum UnassignedSkillPolicy
{
    /// <summary>The conversation goes to the "unassigned skill": any available agent may take it. The default.</summary>
    Unassigned = 0,

    /// <summary>The conversation stays on its skill and waits until an agent holds it.</summary>
    KeepOnSkill = 1,

    /// <summary>The conversation goes to the fallback skill (the skill's own, else the account's); without one it stays on its skill.</summary>
    Fallback = 2,
}
