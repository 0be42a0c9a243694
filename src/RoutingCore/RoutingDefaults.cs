namespace RoutingCore;

/// <summary>
/// The name of the default engine. Every other default of the engine is documented on its option (<c>&lt;value&gt;</c>)
/// and read from a new <see cref="RoutingOptions"/>, so no default is compiled into a caller.
/// </summary>
public static class RoutingDefaults
{
    /// <summary>
    /// The name of the default engine: "default". It is the engine registered without a name (<c>services.AddRoutingEngine()</c>,
    /// resolved as plain <see cref="IRoutingEngine"/>), whose options are the unnamed <see cref="RoutingOptions"/>, and the
    /// name of engines created without one (<see cref="RoutingEngine.Create"/>, <see cref="IRoutingEngineFactory.Create(RoutingOptions)"/>),
    /// as shown in their metrics (<see cref="RoutingMetricNames.EngineTag"/>). A name, not a setting: a constant, as the
    /// strategy and capacity model names are, so it can name the engine in an attribute (<c>[FromKeyedServices(RoutingDefaults.EngineName)]</c>).
    /// </summary>
    public const string EngineName = "default";

    // The options' defaults (each option documents its own in <value>) and the engine's fixed limits, which no option sets.
    // Internal: a public constant would be compiled into callers and keep its old value there if it changed.

    /// <summary>The default scoring strategy: <see cref="RoutingStrategyNames.Broadcast"/>.</summary>
    internal const string Strategy = RoutingStrategyNames.Broadcast;

    /// <summary>The default capacity model: <see cref="CapacityModelNames.MaxConcurrent"/>.</summary>
    internal const string CapacityModel = CapacityModelNames.MaxConcurrent;

    /// <summary>The default number of distribution steps: 3.</summary>
    internal const int Steps = 3;

    /// <summary>The default delay between distribution steps: 12 seconds.</summary>
    internal static readonly TimeSpan StepDelay = TimeSpan.FromSeconds(12);

    /// <summary>The default maximum of concurrent conversations per agent (account level): 4.</summary>
    internal const int MaxConcurrent = 4;

    /// <summary>The default idle-chat timeout of the max-concurrent model: 60 seconds.</summary>
    internal static readonly TimeSpan IdleChatTimeout = TimeSpan.FromSeconds(60);

    /// <summary>The default weight of an active conversation under the intensity model: 1.</summary>
    internal const double ActiveWeight = 1.0;

    /// <summary>The default weight of an inactive conversation under the intensity model: 0.1.</summary>
    internal const double InactiveWeight = 0.1;

    /// <summary>The default time after which a conversation waiting on its consumer turns inactive: 4 minutes.</summary>
    internal static readonly TimeSpan TimeToInactive = TimeSpan.FromMinutes(4);

    /// <summary>The default overbook allowance of the intensity model: 0 (utilization may reach 1, not more).</summary>
    internal const double OverbookAllowance = 0.0;

    /// <summary>The default weight of each component of the custom-weighted strategy: 1.</summary>
    internal const double CustomWeight = 1.0;

    /// <summary>How many exclusive offers in a row an agent may let time out before a forced pause: 1.</summary>
    internal const int IgnoredOffersBeforePause = 1;

    /// <summary>The default waiting-queue ordering: <see cref="QueueOrderingNames.PriorityThenSla"/>.</summary>
    internal const string QueueOrdering = QueueOrderingNames.PriorityThenSla;

    /// <summary>
    /// The default half-life of a waiting consumer's likelihood to answer under the responsiveness ordering: 5 minutes.
    /// Seed 001: "consumers often become unavailable once they have sent a message and waited several minutes with no
    /// response" — after 5 minutes of silence the likelihood is one half, after 10 one quarter.
    /// </summary>
    internal static readonly TimeSpan ResponsivenessHalfLife = TimeSpan.FromMinutes(5);

    /// <summary>The default response-time SLA of a waiting conversation: 2 minutes.</summary>
    internal static readonly TimeSpan ResponseSla = TimeSpan.FromMinutes(2);

    /// <summary>The default catch-up limit of a workload split: a primary group is owed at most 10 conversations it could not take.</summary>
    internal const int WorkloadCatchUpLimit = 10;

    /// <summary>A limit: the largest catch-up limit an engine accepts (1,000,000 conversations).</summary>
    internal const int MaxWorkloadCatchUpLimit = 1_000_000;

    /// <summary>How long an away or offline agent keeps its conversations before they return to the queue: 60 seconds.</summary>
    internal static readonly TimeSpan AbsenceGracePeriod = TimeSpan.FromSeconds(60);

    /// <summary>
    /// A limit: two scores closer than this are equal when agents are grouped into steps (1e-9), so rounding noise in a
    /// formula never splits agents who are really tied.
    /// </summary>
    internal const double ScoreTolerance = 1e-9;

    /// <summary>A limit: how many already-closed conversation ids the engine remembers, to answer "already closed" clearly: 10,000.</summary>
    internal const int ClosedConversationMemory = 10_000;

    /// <summary>
    /// A limit: how many removed agents' ids the engine remembers, so that a repeated <c>RemoveAgent</c> is answered as done
    /// rather than as an unknown agent: 10,000.
    /// </summary>
    internal const int RemovedAgentMemory = 10_000;

    /// <summary>A limit: how many operation ids (<see cref="OperationId"/>) of calls that took effect the engine remembers, the oldest forgotten first: 10,000.</summary>
    internal const int OperationMemory = 10_000;

    /// <summary>A limit: how many message ids (<see cref="MessageId"/>) the engine remembers per open conversation, the oldest forgotten first: 16.</summary>
    internal const int MessageIdMemory = 16;

    /// <summary>A limit: how many agents who served a consumer before are remembered per consumer, most recent first: 4.</summary>
    internal const int ConsumerHistoryDepth = 4;

    /// <summary>A limit: how many consumers the engine remembers for consumer affinity before forgetting the oldest: 100,000.</summary>
    internal const int ConsumerHistoryCapacity = 100_000;
}
