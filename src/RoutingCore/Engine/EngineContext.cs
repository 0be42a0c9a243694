using System.Collections.Frozen;
using RoutingCore.Telemetry;

namespace RoutingCore.Engine;

/// <summary>
/// What every part of one engine shares: the lock, the clock, the counters that number things, the resolved settings,
/// and the tables of agents and conversations. Parts read and write the tables only while the façade holds
/// <see cref="Gate"/>; no part takes a lock of its own.
/// </summary>
internal sealed class EngineContext
{
    public const double CapacityTolerance = 1e-9;

    private readonly TimeProvider _time;
    private readonly SkillSettings _defaults;
    private readonly FrozenDictionary<SkillId, SkillSettings> _skillSettings;
    private DateTimeOffset _highWater;

    public EngineContext(TimeProvider time, LifecycleSettings lifecycle, SkillSettings defaults, FrozenDictionary<SkillId, SkillSettings> skillSettings, string engineName)
    {
        EngineName = engineName;
        Decisions = new DecisionTracer(engineName);
        _time = time;
        Lifecycle = lifecycle;
        _defaults = defaults;
        _skillSettings = skillSettings;
    }

    /// <summary>The engine's one lock. Held by the façade around every operation and every timer run.</summary>
    public object Gate { get; } = new();

    public TimeProvider Time => _time;

    /// <summary>The engine's name (the engine tag of its metrics and activities).</summary>
    public string EngineName { get; }

    /// <summary>The tracing of routing decisions: the parts that route a conversation open a decision here.</summary>
    public DecisionTracer Decisions { get; }

    public LifecycleSettings Lifecycle { get; }

    public bool Disposed { get; set; }

    // The tables. Agents and their indexes are changed by AgentRoster; conversations by the lifecycle parts.
    public Dictionary<AgentId, AgentRecord> Agents { get; } = [];

    /// <summary>The agents in roster order (the order they were added).</summary>
    public List<AgentRecord> Roster { get; } = [];

    /// <summary>The skill indexes: one per skill an agent on the roster holds.</summary>
    public SkillTable Skills { get; } = new();

    public InternTable Tags { get; set; } = NewTagTable();

    public InternTable Media { get; set; } = NewMediaTable();

    /// <summary>The bit of each of the first 64 agent groups met, for <see cref="AgentRecord.GroupMask"/>.</summary>
    public GroupBitTable GroupBits { get; set; } = new();

    /// <summary>The open conversations.</summary>
    public Dictionary<ConversationId, ConversationRecord> Conversations { get; } = [];

    public ConsumerHistory History { get; set; } = new(RoutingDefaults.ConsumerHistoryDepth, RoutingDefaults.ConsumerHistoryCapacity);

    /// <summary>What makes a repeated call recognizable: removed agents and operation ids (docs/architecture.md, "Safe retries").</summary>
    public RetryMemory Retries { get; } = new();

    // The counters: written into the state document, so that a restored engine numbers on from where the saved one was.
    public long NextAgentOrder;
    public long NextConversationSequence;
    public long NextToken;

    /// <summary>The sequence number of the last event published (0: none yet); <see cref="RoutingEvent.Sequence"/>.</summary>
    public long LastEventSequence;

    /// <summary>The sequence number of the last command applied (0: none yet); <see cref="RoutingCommand.Sequence"/>.</summary>
    public long LastCommandSequence;

    /// <summary>Set while journaled records are replayed: the engine's time is theirs, and timers fire only where a record says so.</summary>
    public bool Replaying;

    /// <summary>The latest moment the engine acted at (see <see cref="Now"/>).</summary>
    public DateTimeOffset HighWater
    {
        get => _highWater;
        set => _highWater = value;
    }

    public static InternTable NewTagTable() => new("tag", int.MaxValue);

    public static InternTable NewMediaTable() => new("media type", AgentRoster.MaxMediaTypes);

    /// <summary>The engine's time: the clock, never earlier than a moment the engine already acted at. Under the lock.</summary>
    public DateTimeOffset Now()
    {
        if (Replaying)
        {
            return _highWater; // the replayed record's time
        }

        DateTimeOffset now = _time.GetUtcNow();
        if (now > _highWater)
        {
            _highWater = now;
        }

        return _highWater;
    }

    /// <summary>A new token for a timer: a timer item is current while its target still holds its token.</summary>
    public long NewToken() => ++NextToken;

    public SkillSettings SettingsOf(SkillId? skill) =>
        skill is { } id && _skillSettings.TryGetValue(id, out SkillSettings? own) ? own : _defaults;
}
