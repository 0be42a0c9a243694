using System.Collections.Immutable;

namespace RoutingCore;

/// <summary>
/// What the host measures about proactive invitations for one agent group — the part of a <see cref="PacingSnapshot"/>
/// the routing engine cannot know. <see cref="IRoutingEngine.GetPacingSnapshot(AgentGroupId, PacingStatistics)"/> adds
/// the group's live state (capacity, load, chats in service, waiting conversations, ready agents).
/// </summary>
public sealed record PacingStatistics
{
    /// <summary>When these statistics were measured; <see langword="null"/> means now. Old statistics make the decision stale.</summary>
    public DateTimeOffset? MeasuredAt { get; init; }

    /// <summary>
    /// The skill the invited conversations are submitted on — seed 002's virtual queue, "dedicate[d] ... to a single media type" —
    /// or <see langword="null"/> for every skill the group's agents hold. When set, the snapshot counts only the group's agents who
    /// hold it and only the conversations waiting on it; and when the skill has a workload distribution, free slots are counted as
    /// the split can use them: a conversation waits for its primary group, or cascades to a secondary one, even while another
    /// primary group has room (<see cref="PacingSnapshot.FreeSlots"/>). Default <see langword="null"/>.
    /// </summary>
    public SkillId? Skill { get; init; }

    /// <summary>The ages (at <see cref="MeasuredAt"/>) of invitations sent but not yet answered.</summary>
    public ImmutableArray<TimeSpan> PendingInvitationAges { get; init; } = ImmutableArray<TimeSpan>.Empty;

    /// <summary>The fraction of invitations that visitors accept, in [0, 1].</summary>
    public double AcceptanceRate { get; init; }

    /// <summary>The mean time from sending an invitation to its acceptance; zero or longer.</summary>
    public TimeSpan AcceptDelay { get; init; }

    /// <summary>The average handle time of a chat; longer than zero.</summary>
    public TimeSpan AverageHandleTime { get; init; }

    /// <summary>The mean time an accepted chat waits before abandoning if not answered; longer than zero.</summary>
    public TimeSpan AveragePatience { get; init; }

    /// <summary>
    /// The mean time from offering a chat to an agent until an agent accepts it (the agents' reaction, including offers that time out
    /// and are offered again); zero or longer. Default zero (answered at once).
    /// </summary>
    public TimeSpan AverageAnswerDelay { get; init; }

    /// <summary>The arrival rate of reactive (unsolicited) chats for the group, per second; at least 0.</summary>
    public double ReactiveArrivalsPerSecond { get; init; }

    /// <summary>
    /// Of the accepted invitations whose wait ended in the period the target is measured over (for example the day so far), those an
    /// agent answered; at least 0. With <see cref="InvitationsAbandoned"/> it lets the calculator make up a measured excess or
    /// shortfall of abandonment (<see cref="PacingOptions.AbandonmentCatchUp"/>). Default 0 (nothing measured yet: no correction).
    /// </summary>
    public int InvitationsAnswered { get; init; }

    /// <summary>
    /// Of the accepted invitations whose wait ended in the same period as <see cref="InvitationsAnswered"/>, those whose consumer left
    /// before an agent answered; at least 0. Default 0.
    /// </summary>
    public int InvitationsAbandoned { get; init; }
}
