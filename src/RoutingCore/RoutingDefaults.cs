namespace RoutingCore;

/// <summary>The default values of every routing option, in one place.</summary>
public static class RoutingDefaults
{
    /// <summary>
    /// The name of the default engine: "default". It is the engine registered without a name (<c>services.AddRoutingEngine()</c>,
    /// resolved as plain <see cref="IRoutingEngine"/>), whose options are the unnamed <see cref="RoutingOptions"/>, and the
    /// name of engines created without one (<see cref="RoutingEngine.Create"/>, <see cref="IRoutingEngineFactory.Create(RoutingOptions)"/>),
    /// as shown in their metrics (<see cref="RoutingMetricNames.EngineTag"/>).
    /// </summary>
    public const string EngineName = "default";

    /// <summary>The default scoring strategy: <see cref="RoutingStrategyNames.Broadcast"/>.</summary>
    public const string Strategy = RoutingStrategyNames.Broadcast;

    /// <summary>The default capacity model: <see cref="CapacityModelNames.MaxConcurrent"/>.</summary>
    public const string CapacityModel = CapacityModelNames.MaxConcurrent;

    /// <summary>The default number of distribution steps: 3.</summary>
    public const int Steps = 3;

    /// <summary>The default delay between distribution steps: 12 seconds.</summary>
    public static readonly TimeSpan StepDelay = TimeSpan.FromSeconds(12);

    /// <summary>The default maximum of concurrent conversations per agent (account level): 4.</summary>
    public const int MaxConcurrent = 4;

    /// <summary>The default idle-chat timeout of the max-concurrent model: 60 seconds.</summary>
    public static readonly TimeSpan IdleChatTimeout = TimeSpan.FromSeconds(60);

    /// <summary>The default weight of an active conversation under the intensity model: 1.</summary>
    public const double ActiveWeight = 1.0;

    /// <summary>The default weight of an inactive conversation under the intensity model: 0.1.</summary>
    public const double InactiveWeight = 0.1;

    /// <summary>The default time after which a conversation waiting on its consumer turns inactive: 4 minutes.</summary>
    public static readonly TimeSpan TimeToInactive = TimeSpan.FromMinutes(4);

    /// <summary>The default overbook allowance of the intensity model: 0 (utilization may reach 1, not more).</summary>
    public const double OverbookAllowance = 0.0;

    /// <summary>The default weight of each component of the custom-weighted strategy: 1.</summary>
    public const double CustomWeight = 1.0;

    /// <summary>
    /// Two scores closer than this are equal when agents are grouped into steps (1e-9), so rounding noise in a formula
    /// never splits agents who are really tied.
    /// </summary>
    public const double ScoreTolerance = 1e-9;

    /// <summary>How many exclusive offers in a row an agent may let time out before a forced pause: 1.</summary>
    public const int IgnoredOffersBeforePause = 1;

    /// <summary>The default response-time SLA of a waiting conversation: 2 minutes.</summary>
    public static readonly TimeSpan ResponseSla = TimeSpan.FromMinutes(2);

    /// <summary>How long an away or offline agent keeps its conversations before they return to the queue: 60 seconds.</summary>
    public static readonly TimeSpan AbsenceGracePeriod = TimeSpan.FromSeconds(60);

    /// <summary>How many already-closed conversation ids the engine remembers, to answer "already closed" clearly: 10,000.</summary>
    public const int ClosedConversationMemory = 10_000;

    /// <summary>How many agents who served a consumer before are remembered per consumer, most recent first: 4.</summary>
    public const int ConsumerHistoryDepth = 4;

    /// <summary>How many consumers the engine remembers for consumer affinity before forgetting the oldest: 100,000.</summary>
    public const int ConsumerHistoryCapacity = 100_000;
}
