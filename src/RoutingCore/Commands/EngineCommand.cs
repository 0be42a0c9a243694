namespace RoutingCore.Engine;

/// <summary>
/// A change to an engine, named as a record before it is applied: what, when (<see cref="At"/>, the engine's time when it
/// was taken in), with which arguments. Every state-changing call and every timer that fires becomes one, and goes through
/// <see cref="CommandProcessor.Apply"/>; records hold ids and values only (no references to the engine's records), so they
/// can be journaled and replayed.
/// </summary>
internal abstract record EngineCommand(DateTimeOffset At);

internal sealed record AddAgentCommand(DateTimeOffset At, AgentProfile Profile, AgentState State) : EngineCommand(At);

internal sealed record UpdateAgentCommand(DateTimeOffset At, AgentProfile Profile) : EngineCommand(At);

internal sealed record RemoveAgentCommand(DateTimeOffset At, AgentId Agent) : EngineCommand(At);

internal sealed record SetAgentStateCommand(DateTimeOffset At, AgentId Agent, AgentState State) : EngineCommand(At);

internal sealed record SubmitCommand(DateTimeOffset At, ConversationRequest Request) : EngineCommand(At);

internal sealed record AssignCommand(DateTimeOffset At, ConversationRequest Request, AgentId Agent) : EngineCommand(At);

internal sealed record AcceptCommand(DateTimeOffset At, ConversationId Conversation, AgentId Agent) : EngineCommand(At);

internal sealed record DeclineCommand(DateTimeOffset At, ConversationId Conversation, AgentId Agent) : EngineCommand(At);

internal sealed record ReturnToQueueCommand(DateTimeOffset At, ConversationId Conversation) : EngineCommand(At);

internal sealed record TransferCommand(DateTimeOffset At, ConversationId Conversation, SkillId Skill) : EngineCommand(At);

internal sealed record ReportMessageCommand(DateTimeOffset At, ConversationId Conversation, MessageAuthor Author, DateTimeOffset? MessageAt) : EngineCommand(At);

internal sealed record CloseCommand(DateTimeOffset At, ConversationId Conversation) : EngineCommand(At);

internal sealed record ConfigureWorkloadCommand(DateTimeOffset At, SkillId Skill, WorkloadDistribution? Distribution) : EngineCommand(At);

/// <summary>A timer fell due: <c>At</c> is its due time (or later, when the engine already acted later).</summary>
internal sealed record TimerFiredCommand(DateTimeOffset At, EngineTimerKind Kind, ConversationId Conversation, AgentId Agent, long Token) : EngineCommand(At);
