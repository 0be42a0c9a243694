using System.Collections.Immutable;

namespace RoutingCore;

/// <summary>
/// An incoming conversation to route: what it needs (skill, media, tags) and what orders it (priority, type, creation
/// time). Immutable.
/// </summary>
public sealed class ConversationRequest
{
    private static readonly ImmutableArray<MediaType> ChatOnly = [MediaType.Chat];

    /// <summary>Creates a request for a conversation.</summary>
    /// <param name="id">The conversation's id.</param>
    public ConversationRequest(ConversationId id)
    {
        Id = id;
    }

    /// <summary>The conversation's id.</summary>
    public ConversationId Id { get; }

    /// <summary>
    /// The skill the conversation is for. <see langword="null"/> lets the engine's skill selection choose (attribute
    /// rules, then the default skill); when that finds none either, any agent may take it.
    /// </summary>
    /// <value>Defaults to <see langword="null"/>.</value>
    public SkillId? Skill { get; init; }

    /// <summary>The media the conversation uses; its load is that of its heaviest medium.</summary>
    /// <value>Defaults to chat only.</value>
    public ImmutableArray<MediaType> Media { get; init; } = ChatOnly;

    /// <summary>Tags an agent must all have to receive the conversation (compared case-insensitively).</summary>
    /// <value>Defaults to none.</value>
    public ImmutableArray<string> RequiredTags { get; init; } = [];

    /// <summary>Tags that make an agent a better match (the skill-based score is the share of them the agent has).</summary>
    /// <value>Defaults to none.</value>
    public ImmutableArray<string> OptionalTags { get; init; } = [];

    /// <summary>The conversation's priority in the waiting queue: higher is served first.</summary>
    /// <value>Defaults to 0.</value>
    public int Priority { get; init; }

    /// <summary>The consumer on the other side, used for consumer affinity (messaging history).</summary>
    /// <value>Defaults to <see langword="null"/>.</value>
    public ConsumerId? Consumer { get; init; }

    /// <summary>
    /// When the consumer started the conversation; <see langword="null"/> means when the engine receives it. The engine adds
    /// the response SLA to it, so it must be at least 3650 days before <see cref="DateTimeOffset.MaxValue"/>.
    /// </summary>
    /// <value>Defaults to <see langword="null"/>.</value>
    public DateTimeOffset? CreatedAt { get; init; }

    /// <summary>
    /// The consumer's attributes (for example customer type "ctype" or "companyBranch"), matched by
    /// <see cref="RoutingOptions.SkillRules"/> when the conversation names no skill.
    /// </summary>
    /// <value>Defaults to none.</value>
    public ImmutableDictionary<string, string> Attributes { get; init; } = ImmutableDictionary<string, string>.Empty;

    /// <summary>
    /// The conversation's type for the response-time SLA (for example <see cref="ConversationTypes.FirstTime"/>);
    /// <see langword="null"/> uses the account default SLA.
    /// </summary>
    /// <value>Defaults to <see langword="null"/>.</value>
    public string? ConversationType { get; init; }

    /// <summary>Returns the conversation's id.</summary>
    /// <returns>The id.</returns>
    public override string ToString() => Id.ToString();
}
