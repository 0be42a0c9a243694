using System.Collections.Immutable;

namespace RoutingCore;

/// <summary>A point-in-time view of a conversation known to the engine.</summary>
public sealed class ConversationSnapshot
{
    /// <summary>
    /// Creates a snapshot. The engine makes them; a host rebuilds one with this constructor when it carries snapshots
    /// across a process boundary (as the Orleans package does) or fakes an engine in its tests.
    /// </summary>
    /// <param name="request">The conversation as submitted (or assigned).</param>
    /// <param name="state">Its state.</param>
    /// <param name="skill">The skill it is routed on; <see langword="null"/> for any agent.</param>
    /// <param name="agent">The agent it is assigned to, if any.</param>
    /// <param name="offeredTo">The agents holding a pending offer, in the order they were offered.</param>
    /// <param name="step">The current offer step (0-based), if offered.</param>
    /// <param name="slaDue">When its response-time SLA is breached.</param>
    /// <param name="excluded">The agents who declined or handed back the conversation.</param>
    /// <exception cref="ArgumentNullException"><paramref name="request"/> is <see langword="null"/>.</exception>
    public ConversationSnapshot(
        ConversationRequest request,
        ConversationState state,
        SkillId? skill,
        AgentId? agent,
        ImmutableArray<AgentId> offeredTo,
        int? step,
        DateTimeOffset slaDue,
        ImmutableArray<AgentId> excluded)
    {
        Request = request ?? throw new ArgumentNullException(nameof(request));
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
    public AgentGroupId? AgentGroup { get; init; }

    /// <summary>When its response-time SLA is breached.</summary>
    public DateTimeOffset SlaDue { get; }

    /// <summary>
    /// Whether its pending offer is exclusive ("starred", seed 004): offered to one agent because its plan held nobody
    /// else (<see cref="OfferedTo"/> then names that agent alone). An exclusive offer counts towards the agent's load while
    /// pending, and letting it time out counts towards a forced pause. <see langword="false"/> when it is not offered.
    /// </summary>
    public bool Exclusive { get; init; }

    /// <summary>
    /// The agents who declined or handed back the conversation and are not offered it again, each once, by id (an agent
    /// removed and added again with the same id stays excluded).
    /// </summary>
    public ImmutableArray<AgentId> Excluded { get; }

    /// <summary>Describes the conversation.</summary>
    /// <returns>The description.</returns>
    public override string ToString() =>
        $"{Id} {State}{(Skill is { } s ? $" skill {s}" : " any agent")}{(Agent is { } a ? $" with {a}" : "")}{(OfferedTo.IsEmpty ? "" : $" offered to {string.Join(", ", OfferedTo)}")}{(Exclusive ? " (exclusive)" : "")}";
}
