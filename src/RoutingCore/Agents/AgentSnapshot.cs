namespace RoutingCore;

/// <summary>A point-in-time view of an agent on the roster.</summary>
public sealed class AgentSnapshot
{
    /// <summary>
    /// Creates a snapshot. The engine makes them; a host rebuilds one with this constructor when it carries snapshots
    /// across a process boundary (as the Orleans package does) or fakes an engine in its tests.
    /// </summary>
    /// <param name="profile">The agent's profile.</param>
    /// <param name="state">The agent's state.</param>
    /// <param name="stateSince">Since when the agent is in <paramref name="state"/>.</param>
    /// <param name="load">The agent's load under the engine's capacity model.</param>
    /// <param name="limit">The load at which the agent is full.</param>
    /// <param name="conversations">How many conversations are assigned to the agent.</param>
    /// <param name="lastAcceptedAt">When the agent last accepted a conversation, if ever.</param>
    /// <exception cref="ArgumentNullException"><paramref name="profile"/> is <see langword="null"/>.</exception>
    public AgentSnapshot(AgentProfile profile, AgentState state, DateTimeOffset stateSince, double load, double limit, int conversations, DateTimeOffset? lastAcceptedAt)
    {
        Profile = profile ?? throw new ArgumentNullException(nameof(profile));
        State = state;
        StateSince = stateSince;
        Load = load;
        Limit = limit;
        Conversations = conversations;
        LastAcceptedAt = lastAcceptedAt;
    }

    /// <summary>The agent's id.</summary>
    public AgentId Id => Profile.Id;

    /// <summary>The agent's profile.</summary>
    public AgentProfile Profile { get; }

    /// <summary>The agent's state.</summary>
    public AgentState State { get; }

    /// <summary>Since when the agent is in <see cref="State"/>.</summary>
    public DateTimeOffset StateSince { get; }

    /// <summary>The agent's load under the engine's capacity model (0 idle, <see cref="Limit"/> full).</summary>
    public double Load { get; }

    /// <summary>The load at which the agent is full.</summary>
    public double Limit { get; }

    /// <summary>The cost of the agent's pending exclusive ("starred") offers, which count towards its load while pending.</summary>
    public double Reserved { get; init; }

    /// <summary>The agent's load and reservations over its limit.</summary>
    public double Utilization => Limit > 0 ? (Load + Reserved) / Limit : 1;

    /// <summary>How many offers the agent has pending.</summary>
    public int PendingOffers { get; init; }

    /// <summary>How many offers the agent has declined.</summary>
    public int Declines { get; init; }

    /// <summary>How many offers the agent let time out.</summary>
    public int Timeouts { get; init; }

    /// <summary>How many conversations are assigned to the agent.</summary>
    public int Conversations { get; }

    /// <summary>When the agent last accepted a conversation, if ever.</summary>
    public DateTimeOffset? LastAcceptedAt { get; }

    /// <summary>Describes the agent.</summary>
    /// <returns>The description.</returns>
    public override string ToString() => FormattableString.Invariant($"{Id} {State} load {Load:0.###}/{Limit:0.###} ({Conversations} conversations)");
}
