using System.Collections.Immutable;

namespace RoutingCore;

/// <summary>
/// What the engine knows about an agent that does not change from one conversation to the next: skills, tags, agent
/// groups, media and limits. Immutable; to change an agent, build a new profile and call
/// <see cref="IRoutingEngine.UpdateAgent(AgentProfile)"/>.
/// </summary>
public sealed class AgentProfile
{
    private static readonly ImmutableArray<MediaCapacity> ChatOnly = [MediaType.Chat];

    /// <summary>Creates a profile for an agent.</summary>
    /// <param name="id">The agent's id.</param>
    public AgentProfile(AgentId id)
    {
        Id = id;
    }

    /// <summary>The agent's id.</summary>
    public AgentId Id { get; }

    /// <summary>The agent's display name, for hosts and reports.</summary>
    /// <value>Defaults to <see langword="null"/>.</value>
    public string? DisplayName { get; init; }

    /// <summary>The skills the agent holds. A conversation for a skill is planned only over the agents holding it.</summary>
    /// <value>Defaults to no skill (the agent then only takes conversations for "any agent").</value>
    public ImmutableArray<AgentSkill> Skills { get; init; } = [];

    /// <summary>
    /// The agent's tags (languages, products, certifications...). A conversation's required tags must all be present;
    /// its optional tags raise the skill-based score. Compared ordinally and case-insensitively.
    /// </summary>
    /// <value>Defaults to no tag.</value>
    public ImmutableArray<string> Tags { get; init; } = [];

    /// <summary>The agent groups (for example outsourcing vendors) the agent belongs to.</summary>
    /// <value>Defaults to no group.</value>
    public ImmutableArray<AgentGroupId> Groups { get; init; } = [];

    /// <summary>The media the agent handles, each with an optional maximum of concurrent sessions.</summary>
    /// <value>Defaults to chat only, without a chat-specific maximum.</value>
    public ImmutableArray<MediaCapacity> Media { get; init; } = ChatOnly;

    /// <summary>
    /// The agent's maximum of concurrent conversations (its slots), overriding the account default
    /// (<see cref="MaxConcurrentCapacityOptions.DefaultMaxConcurrent"/>); <see langword="null"/> uses the default.
    /// Must be at least 1.
    /// </summary>
    /// <value>Defaults to <see langword="null"/>.</value>
    public int? MaxConcurrent { get; init; }

    /// <summary>Returns the agent's proficiency in a skill, or <see langword="null"/> when it does not hold the skill.</summary>
    /// <param name="skill">The skill.</param>
    /// <returns>The effective proficiency (0..1), or <see langword="null"/>.</returns>
    public double? GetProficiency(SkillId skill)
    {
        foreach (AgentSkill held in Skills.IsDefault ? [] : Skills)
        {
            if (held.Skill == skill)
            {
                return held.EffectiveProficiency;
            }
        }

        return null;
    }

    /// <summary>Returns the agent's id.</summary>
    /// <returns>The id.</returns>
    public override string ToString() => Id.ToString();
}
