namespace RoutingCore.Engine;

/// <summary>The engine's mutable state of one agent. Guarded by the engine's lock.</summary>
internal sealed class AgentRecord
{
    public AgentRecord(AgentProfile profile, long order)
    {
        Profile = profile;
        Order = order;
    }

    public AgentProfile Profile;
    /// <summary>Position on the roster: agents added earlier come first in plans.</summary>
    public readonly long Order;
    public AgentState State;
    private DateTimeOffset _stateSince;
    private DateTimeOffset? _lastAcceptedAt;

    public DateTimeOffset StateSince
    {
        get => _stateSince;
        set
        {
            _stateSince = value;
            IdleSinceTicks = (_lastAcceptedAt ?? value).UtcTicks;
        }
    }

    public DateTimeOffset? LastAcceptedAt
    {
        get => _lastAcceptedAt;
        set
        {
            _lastAcceptedAt = value;
            IdleSinceTicks = (value ?? _stateSince).UtcTicks;
        }
    }

    /// <summary>UTC ticks of the moment the agent's idle time counts from (its last acceptance, else its state change).</summary>
    public long IdleSinceTicks;

    /// <summary>Bit i set: the agent handles the medium interned as i.</summary>
    public ulong MediaMask;

    /// <summary>Bit set of the agent's interned tags.</summary>
    public ulong[] TagBits = [];

    /// <summary>The first word of <see cref="TagBits"/> (tags 0..63), kept inline so planning reads no second object.</summary>
    public ulong Tags0;

    /// <summary>Bit i set: the agent belongs to the agent group given bit i (the engine's first 64 groups have bits).</summary>
    public ulong GroupMask;

    /// <summary><see cref="Conversations"/>.Count, kept inline for planning.</summary>
    public int ConversationCount;

    public double Limit;

    /// <summary>The cached load: assigned conversations under the capacity model at the last refresh.</summary>
    public double Load;

    /// <summary>UTC ticks of when <see cref="Load"/> next changes by itself; <see cref="long.MaxValue"/> when never.</summary>
    public long NextLoadChangeTicks = long.MaxValue;

    public readonly List<ConversationRecord> Conversations = [];

    /// <summary>The media mask <see cref="CachedCost"/> was computed for (0: none).</summary>
    public ulong CachedCostMask;
    public double CachedCost;

    /// <summary>The cost of the agent's pending exclusive ("starred") offers, which count towards its load.</summary>
    public double Reserved;

    /// <summary>Pending offers to the agent.</summary>
    public readonly List<Offer> Offers = [];

    public int Declines;
    public int Timeouts;

    /// <summary>A count one up, stopping at <see cref="int.MaxValue"/> (it never wraps to a negative count, whatever a restored document held).</summary>
    public static int CountOn(int count) => count == int.MaxValue ? count : count + 1;

    /// <summary>
    /// Exclusive offers let time out in a row: reset by accepting or declining an exclusive offer and by any change of the
    /// agent's state; offers shared with other agents neither count nor reset it.
    /// </summary>
    public int ConsecutiveIgnored;

    /// <summary>Token of the pending absence timer (0: none).</summary>
    public long AbsenceToken
    {
        get => Tokens[(int)EngineTimerKind.Absence];
        set => Tokens[(int)EngineTimerKind.Absence] = value;
    }

    /// <summary>The token of each kind of timer pending for the agent (load changes use their due ticks instead).</summary>
    public TimerTokens Tokens;

    /// <summary>When a load-change timer is scheduled for the agent (MaxValue: none).</summary>
    public DateTimeOffset ScheduledLoadCheck = DateTimeOffset.MaxValue;

    public bool Removed;

    /// <summary>The skill indexes the agent is in (one per skill it holds).</summary>
    public SkillIndex[] Indexes = [];

    /// <summary>Writes the agent's planning fields into every skill index it is in. Call after changing any of them.</summary>
    public void SyncIndexes()
    {
        foreach (SkillIndex index in Indexes)
        {
            index.Sync(this);
        }
    }

    /// <summary>Load plus reservations: what planning and acceptance compare with <see cref="Limit"/>.</summary>
    public double Committed => Load + Reserved;

    public double Utilization => Limit > 0 ? Math.Clamp(Committed / Limit, 0, 1) : 1;
}
