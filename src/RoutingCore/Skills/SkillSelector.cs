namespace RoutingCore.Engine;

/// <summary>
/// Skill selection (seed 003): the conversation's own skill, else the first attribute rule that matches, else the default
/// skill, else any agent; then the unassigned-skill policy for a skill no agent holds, and the fallback skill when none
/// of the skill's agents is online. Also which skills a transfer may name.
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
        SkillId? fellBackFrom = null;
        if (skill is { } chosen)
        {
            LifecycleSettings lifecycle = _context.Lifecycle;
            SkillId? fallback = _context.SettingsOf(chosen).Fallback ?? lifecycle.Fallback;
            if (!_roster.HasHolders(chosen))
            {
                switch (lifecycle.UnassignedPolicy)
                {
                    case UnassignedSkillPolicy.Unassigned:
                        skill = null;
                        how = RoutingEventReason.UnassignedSkill;
                        break;
                    case UnassignedSkillPolicy.Fallback when fallback is { } target && target != chosen && _roster.HasHolders(target):
                        skill = target;
                        fellBackFrom = chosen;
                        break;
                }
            }
            else if (fallback is { } target && target != chosen && !_roster.AnyOnline(chosen) && _roster.AnyOnline(target))
            {
                skill = target;
                fellBackFrom = chosen;
            }
        }

        return (skill, fellBackFrom is null ? how : RoutingEventReason.FallbackSkill, fellBackFrom);
    }

    /// <summary>Refuses a transfer to a skill no agent holds and the options do not configure.</summary>
    public void EnsureTransferable(SkillId skill)
    {
        if (!_context.Skills.ContainsKey(skill) && !_context.Lifecycle.ConfiguredSkills.Contains(skill))
        {
            IEnumerable<string> known = _context.Skills.Keys.Concat(_context.Lifecycle.ConfiguredSkills).Select(s => s.Value).Distinct().Order(StringComparer.Ordinal);
            throw Refusals.UnknownSkill(skill, known).ToException();
        }
    }

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
