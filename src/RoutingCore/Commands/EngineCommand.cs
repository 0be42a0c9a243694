namespace RoutingCore.Engine;

/// <summary>
/// A change to an engine, named as a record before it is applied: what, when (<see cref="RoutingCommand.At"/>, the engine's
/// time, set when the engine takes it in), with which arguments. Every state-changing call and every timer that fires
/// becomes one, and goes through <see cref="CommandProcessor.Apply"/>; records hold ids and values only (no references to
/// the engine's records), so they can be journaled and replayed (<see cref="CommandJson"/> writes and reads them).
/// </summary>
internal abstract class EngineCommand : RoutingCommand;

internal sealed class AddAgentCommand(AgentProfile profile, AgentState state) : EngineCommand
{
    public override RoutingCommandKind Kind => RoutingCommandKind.AddAgent;

    public AgentProfile Profile { get; } = profile;

    public AgentState State { get; } = state;
}

internal sealed class UpdateAgentCommand(AgentProfile profile) : EngineCommand
{
    public override RoutingCommandKind Kind => RoutingCommandKind.UpdateAgent;

    public AgentProfile Profile { get; } = profile;
}

internal sealed class RemoveAgentCommand(AgentId agent) : EngineCommand
{
    public override RoutingCommandKind Kind => RoutingCommandKind.RemoveAgent;

    public AgentId Agent { get; } = agent;
}

internal sealed class SetAgentStateCommand(AgentId agent, AgentState state) : EngineCommand
{
    public override RoutingCommandKind Kind => RoutingCommandKind.SetAgentState;

    public AgentId Agent { get; } = agent;

    public AgentState State { get; } = state;
}

internal sealed class SubmitCommand(ConversationRequest request) : EngineCommand
{
    public override RoutingCommandKind Kind => RoutingCommandKind.Submit;

    public ConversationRequest Request { get; } = request;
}

internal sealed class AssignCommand(ConversationRequest request, AgentId agent) : EngineCommand
{
    public override RoutingCommandKind Kind => RoutingCommandKind.Assign;

    public ConversationRequest Request { get; } = request;

    public AgentId Agent { get; } = agent;
}

/// <summary>A command about one conversation, by one agent or by nobody in particular.</summary>
internal abstract class ConversationCommand(RoutingCommandKind kind, ConversationId conversation, AgentId agent = default) : EngineCommand
{
    public override RoutingCommandKind Kind { get; } = kind;

    public ConversationId Conversation { get; } = conversation;

    /// <summary>The agent who answered (accept, decline); empty for the other kinds.</summary>
    public AgentId Agent { get; } = agent;

    /// <summary>The caller's operation id (return to the queue, transfer), which makes a repeat of the call recognizable; empty: none.</summary>
    public OperationId Operation { get; init; }
}

internal sealed class AcceptCommand(ConversationId conversation, AgentId agent) : ConversationCommand(RoutingCommandKind.Accept, conversation, agent);

internal sealed class DeclineCommand(ConversationId conversation, AgentId agent) : ConversationCommand(RoutingCommandKind.Decline, conversation, agent);

internal sealed class ReturnToQueueCommand(ConversationId conversation) : ConversationCommand(RoutingCommandKind.ReturnToQueue, conversation);

internal sealed class CloseCommand(ConversationId conversation) : ConversationCommand(RoutingCommandKind.Close, conversation);

internal sealed class TransferCommand(ConversationId conversation, SkillId skill) : ConversationCommand(RoutingCommandKind.Transfer, conversation)
{
    public SkillId Skill { get; } = skill;
}

internal sealed class ReportMessageCommand(ConversationId conversation, MessageAuthor author, DateTimeOffset? messageAt, MessageId message = default) : ConversationCommand(RoutingCommandKind.ReportMessage, conversation)
{
    public MessageAuthor Author { get; } = author;

    public DateTimeOffset? MessageAt { get; } = messageAt;

    /// <summary>The message's id, which makes a repeated report recognizable; empty: none.</summary>
    public MessageId Message { get; } = message;
}

internal sealed class ConfigureWorkloadCommand(SkillId skill, WorkloadDistribution? distribution) : EngineCommand
{
    public override RoutingCommandKind Kind => RoutingCommandKind.ConfigureWorkload;

    public SkillId Skill { get; } = skill;

    public WorkloadDistribution? Distribution { get; } = distribution;
}

/// <summary>A timer fell due: <c>At</c> is its due time (or later, when the engine already acted later).</summary>
internal sealed class TimerFiredCommand(TimerItem item) : EngineCommand
{
    public override RoutingCommandKind Kind => RoutingCommandKind.TimerFired;

    public TimerItem Item { get; } = item;

    public EngineTimerKind Timer => Item.Kind;

    public ConversationId Conversation => Item.Conversation;

    public AgentId Agent => Item.Agent;

    public long Token => Item.Token;
}
