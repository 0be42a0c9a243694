namespace RoutingCore.Engine;

/// <summary>
/// Skill selection (seed 003): the conversation's own skill, else the first attribute rule that matches, else the default
/// skill, else any agent; then the unassigned-skill policy for a skill no agent holds, and the fallback skill when none
/// of the skill's agents is online; for a transfer, the unassigned-skill policy alone.
/// </summary>
internal sealed class SkillSelector
{
    private readonly EngineContext _context;
    private readonly AgentRoster _roster;

    public SkillSelector(EngineContext context, AgentRoster roster)
    {
        _context = context;
        _roster = roster;
    }

    /// <summary>The skill a new conversation is routed on, how it was chosen, and the skill it fell back from (if it did).</summary>
    public (SkillId? Skill, RoutingEventReason How, SkillId? FellBackFrom) Select(ConversationRequest conversation)
    {
        (SkillId? skill, RoutingEventReason how) = Choose(conversation);
        if (skill is not { } chosen)
        {
            return (null, how, null);
        }

        SkillId? fallback = FallbackOf(chosen);
        if (!_roster.HasHolders(chosen))
        {
            return Unassigned(chosen, fallback, how);
        }

        // Seed 003: "if no agents with the conversation's skill are online, the conversation can be routed to a fallback skill".
        return fallback is { } target && target != chosen && !_roster.AnyOnline(chosen) && _roster.AnyOnline(target)
            ? (target, RoutingEventReason.FallbackSkill, chosen)
            : (chosen, how, null);
    }

    /// <summary>
    /// The skill a transferred conversation is routed on. The unassigned-skill policy applies as at submission (seed 003's own
    /// example of it is a transfer), to a skill no agent holds whether or not the options configure it; the fallback for a
    /// skill with nobody online does not ("It does not apply after the agent selects 'back to queue' or 'transfer to skill'").
    /// </summary>
    public (SkillId? Skill, RoutingEventReason How, SkillId? FellBackFrom) SelectForTransfer(SkillId skill) =>
        _roster.HasHolders(skill) ? (skill, RoutingEventReason.None, null) : Unassigned(skill, FallbackOf(skill), RoutingEventReason.None);

    /// <summary>
    /// Seed 003, "Unassigned skill": a conversation on a skill no agent holds goes to the unassigned skill (any available
    /// agent) by default; otherwise it goes to the fallback skill when one is defined (and held), else it stays on its skill.
    /// </summary>
    private (SkillId? Skill, RoutingEventReason How, SkillId? FellBackFrom) Unassigned(SkillId chosen, SkillId? fallback, RoutingEventReason how) =>
        _context.Lifecycle.UnassignedPolicy switch
        {
            UnassignedSkillPolicy.Unassigned => (null, RoutingEventReason.UnassignedSkill, null),
            UnassignedSkillPolicy.Fallback when fallback is { } target && target != chosen && _roster.HasHolders(target) => (target, RoutingEventReason.FallbackSkill, chosen),
            _ => (chosen, how, null),
        };

    private SkillId? FallbackOf(SkillId skill) => _context.SettingsOf(skill).Fallback ?? _context.Lifecycle.Fallback;

    private (SkillId? Skill, RoutingEventReason How) Choose(ConversationRequest conversation)
    {
        if (conversation.Skill is { } named)
        {
            return (named, RoutingEventReason.ExplicitSkill);
        }

        foreach (SkillRule rule in _context.Lifecycle.Rules)
        {
            if (rule.Matches(conversation.Attributes))
            {
                return (rule.Skill, RoutingEventReason.SkillRule);
            }
        }

        if (_context.Lifecycle.DefaultSkill is { } defaultSkill)
        {
            return (defaultSkill, RoutingEventReason.DefaultSkill);
        }

        return (null, RoutingEventReason.AnyAgent);
    }
}
