namespace RoutingCore.Engine;

/// <summary>
/// What an engine timer does when it falls due. The state document writes these names (a new kind needs no change there:
/// its token lives in the target's <see cref="TimerTokens"/> and is restored from the pending timer).
/// </summary>
internal enum EngineTimerKind
{
    /// <summary>A step delay of an offered conversation passed: record timeouts, offer the next step.</summary>
    Step,

    /// <summary>An agent's load changes by itself now (a conversation turned inactive under the capacity model).</summary>
    LoadChange,

    /// <summary>An absent agent's grace period passed: its conversations are routed again.</summary>
    Absence,

    /// <summary>An assigned conversation's consumer was silent for the auto-close time: it turns dormant.</summary>
    AutoClose,

    /// <summary>A distributed conversation's maximum wait passed: from now on it may cascade.</summary>
    MaxWait,

    /// <summary>A conversation whose steps were exhausted tries to find an agent again.</summary>
    Retry,
}

/// <summary>
/// One pending timer: its kind, its target by id (a conversation's or an agent's) and the token the target must still hold
/// for the item to be current. Items of targets that moved on are skipped when they fall due.
/// </summary>
internal readonly record struct TimerItem(EngineTimerKind Kind, ConversationId Conversation, AgentId Agent, long Token)
{
    public static TimerItem For(EngineTimerKind kind, ConversationRecord conversation, long token) => new(kind, conversation.Request.Id, default, token);

    public static TimerItem For(EngineTimerKind kind, AgentRecord agent, long token) => new(kind, default, agent.Profile.Id, token);

    public bool TargetsAgent => !Agent.IsEmpty;
}

/// <summary>The token of each kind of timer a target (a conversation or an agent) may have pending; 0: none.</summary>
[System.Runtime.CompilerServices.InlineArray(TimerTokens.Kinds)]
internal struct TimerTokens
{
    /// <summary>Room for every <see cref="EngineTimerKind"/> (and a few more).</summary>
    public const int Kinds = 8;

    private long _first;
}
