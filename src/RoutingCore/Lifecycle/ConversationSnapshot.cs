using System.Collections.Immutable;

namespace RoutingCore;

/// <summary>A point-in-time view of a conversation known to the engine.</summary>
public sealed class ConversationSnapshot
{
    internal ConversationSnapshot(
        ConversationRequest request,
        ConversationState state,
        SkillId? skill,
        AgentId? agent,
        ImmutableArray<AgentId> offeredTo,
        int? step,
        DateTimeOffset slaDue,
        ImmutableArray<AgentId> excluded)
    {
        Request = request;
        State = state;
        Skill = skill;
        Agent = agent;
        OfferedTo = offeredTo;
        Step = step;
        SlaDue = slaDue;
        Excluded = excluded;
    }

    /// <summary>The conversation's id.</summary>
    public ConversationId Id => Request.Id;

    /// <summary>The conversation as submitted (or assigned).</summary>
    public ConversationRequest Request { get; }

    /// <summary>Its state.</summary>
    public ConversationState State { get; }

    /// <summary>The skill it is routed on after skill selection, fallback and transfers; <see langword="null"/> for any agent.</summary>
    public SkillId? Skill { get; }

    /// <summary>The agent it is assigned to, when <see cref="State"/> is <see cref="ConversationState.Assigned"/>.</summary>
    public AgentId? Agent { get; }

    /// <summary>The agents holding a pending offer, in the order they were offered.</summary>
    public ImmutableArray<AgentId> OfferedTo { get; }

    /// <summary>The current offer step (0-based), when <see cref="State"/> is <see cref="ConversationState.Offered"/>.</summary>
    public int? Step { get; }

    /// <summary>
    /// The agent group it is routed to when its skill has a workload distribution: the primary group chosen for it, or the
    /// secondary group it cascaded to; <see langword="null"/> otherwise.
    /// </summary>
    public AgentGroupId? AgentGroup { get; internal init; }

    /// <summary>When its response-time SLA is breached.</summary>
    public DateTimeOffset SlaDue { get; }

    /// <summary>
    /// The agents who declined or handed back the conversation and are not offered it again, each once, by id (an agent
    /// removed and added again with the same id stays excluded).
    /// </summary>
    public ImmutableArray<AgentId> Excluded { get; }

    /// <summary>Describes the conversation.</summary>
    /// <returns>The description.</returns>
    public override string ToString() =>
        $"{Id} {State}{(Skill is { } s ? $" skill {s}" : " any agent")}{(Agent is { } a ? $" with {a}" : "")}{(OfferedTo.IsEmpty ? "" : $" offered to {string.Join(", ", OfferedTo)}")}";
}
