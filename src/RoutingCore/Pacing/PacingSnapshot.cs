using System.Collections.Immutable;

namespace RoutingCore;

/// <summary>
/// The state and statistics of one agent group at one moment, the input of <see cref="IPacingCalculator.Calculate(PacingSnapshot, DateTimeOffset)"/>.
/// Immutable. Capacity and load are in slots; every accepted chat is assumed to take one slot.
/// </summary>
/// <remarks>
/// The calculator does not throw for bad values here: a NaN, a negative count or an out-of-range rate gives a decision of 0 with
/// <see cref="PacingReason.InvalidInput"/> and a message naming the field.
/// </remarks>
public sealed record PacingSnapshot
{
    /// <summary>The agent group the snapshot describes (informational; the default value is allowed).</summary>
    public AgentGroupId AgentGroup { get; init; }

    /// <summary>The time the snapshot was taken; compared with the current time for staleness.</summary>
    public DateTimeOffset Timestamp { get; init; }

    /// <summary>The total capacity (slots) of the group's agents; finite and at least 0.</summary>
    public double Capacity { get; init; }

    /// <summary>The current weighted load: the capacity consumed; finite and at least 0 (it may exceed <see cref="Capacity"/>).</summary>
    public double Load { get; init; }

    /// <summary>
    /// The free capacity the group's agents can take now, in whole chats; <see langword="null"/> (the default) means
    /// <see cref="Capacity"/> − <see cref="Load"/>. Finite and at least 0 when set. The engine sums, over the ready agents, the whole
    /// chats each has room for: a fraction of a slot left by lighter (inactive) conversations cannot take a chat.
    /// </summary>
    public double? FreeSlots { get; init; }

    /// <summary>The number of chats in service with the agents whose capacity counts (those that free it when they end); at least 0.</summary>
    public int ChatsInService { get; init; }

    /// <summary>
    /// The number of conversations waiting for an agent to answer: queued, or offered and not yet accepted (a consumer can leave
    /// during both); at least 0.
    /// </summary>
    public int Waiting { get; init; }

    /// <summary>The number of agents ready to take chats; at least 0. With none, no invitations are sent.</summary>
    public int ReadyAgents { get; init; }

    /// <summary>
    /// The ages (at <see cref="Timestamp"/>) of invitations sent but not yet answered; each zero or longer. Those at or older than
    /// <see cref="PacingOptions.InvitationTimeout"/> are dead and not counted. The default (uninitialized) array counts as empty.
    /// </summary>
    public ImmutableArray<TimeSpan> PendingInvitationAges { get; init; } = ImmutableArray<TimeSpan>.Empty;

    /// <summary>
    /// The fraction of invitations that visitors accept, in [0, 1]. The built-in calculator divides by it, and treats a rate
    /// below 0.01 (0 on a cold start) as 0.01, so a missing statistic never means "unlimited".
    /// </summary>
    public double AcceptanceRate { get; init; }

    /// <summary>The mean time from sending an invitation to its acceptance (of those accepted); zero or longer.</summary>
    public TimeSpan AcceptDelay { get; init; }

    /// <summary>The average handle time of a chat; longer than zero.</summary>
    public TimeSpan AverageHandleTime { get; init; }

    /// <summary>The mean time an accepted chat waits before abandoning if not answered; longer than zero.</summary>
    public TimeSpan AveragePatience { get; init; }

    /// <summary>
    /// The mean time from offering a chat to an agent until an agent accepts it; zero or longer. The consumer can leave during it
    /// even when a slot was free, so it bounds the abandonment any pacing can reach. Default zero (answered at once).
    /// </summary>
    public TimeSpan AverageAnswerDelay { get; init; }

    /// <summary>The arrival rate of reactive (unsolicited) chats, per second; finite and at least 0.</summary>
    public double ReactiveArrivalsPerSecond { get; init; }

    /// <summary>Of the accepted invitations whose wait ended in the measuring period, those an agent answered (<see cref="PacingStatistics.InvitationsAnswered"/>); at least 0.</summary>
    public int InvitationsAnswered { get; init; }

    /// <summary>Of the accepted invitations whose wait ended in the measuring period, those abandoned (<see cref="PacingStatistics.InvitationsAbandoned"/>); at least 0.</summary>
    public int InvitationsAbandoned { get; init; }
}
