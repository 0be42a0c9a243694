namespace RoutingCore;

/// <summary>What a scoring strategy knows about the conversation being planned.</summary>
public readonly struct ScoringContext
{
    /// <summary>Creates a scoring context.</summary>
    /// <param name="conversation">The conversation.</param>
    /// <param name="skill">The skill it is planned for; <see langword="null"/> for "any agent".</param>
    /// <param name="now">The engine's time.</param>
    /// <param name="weights">The custom-weighted strategy's weights for this skill.</param>
    /// <param name="maxIdleTime">The longest idle time (<see cref="ScoringColumns.IdleTicks"/>) among the candidates.</param>
    public ScoringContext(ConversationRequest conversation, SkillId? skill, DateTimeOffset now, ScoringWeights weights, TimeSpan maxIdleTime)
    {
        Conversation = conversation;
        Skill = skill;
        Now = now;
        Weights = weights;
        MaxIdleTime = maxIdleTime;
    }

    /// <summary>The conversation being planned.</summary>
    public ConversationRequest Conversation { get; }

    /// <summary>The skill it is planned for; <see langword="null"/> for "any agent".</summary>
    public SkillId? Skill { get; }

    /// <summary>The engine's time.</summary>
    public DateTimeOffset Now { get; }

    /// <summary>The custom-weighted strategy's weights for this skill.</summary>
    public ScoringWeights Weights { get; }

    /// <summary>The longest idle time (<see cref="ScoringColumns.IdleTicks"/>) among the candidates (zero when there are none).</summary>
    public TimeSpan MaxIdleTime { get; }
}
