namespace RoutingCore.Engine;

/// <summary>
/// What the engine remembers so that a repeated call that already took effect is answered as before and changes nothing
/// (docs/architecture.md, "Safe retries"): the agents removed recently (a repeated <c>RemoveAgent</c>) and the operation ids
/// of recent calls that took effect (<see cref="OperationId"/>), each bounded. Closed conversations are remembered by
/// <see cref="ConversationTable"/>, message ids by each open conversation (<see cref="ConversationRecord.MessageIds"/>).
/// Saved in the state document's <c>retries</c> section. Guarded by the engine's lock.
/// </summary>
internal sealed class RetryMemory
{
    /// <summary>Agents removed from the roster and not added again, oldest first (<see cref="RoutingDefaults.RemovedAgentMemory"/>).</summary>
    public RecentMemory<AgentId, bool> RemovedAgents { get; } = new(RoutingDefaults.RemovedAgentMemory);

    /// <summary>Operation ids of calls that took effect, with what they did (<see cref="RoutingDefaults.OperationMemory"/>).</summary>
    public RecentMemory<OperationId, RememberedOperation> Operations { get; } = new(RoutingDefaults.OperationMemory);

    /// <summary>
    /// Whether the command carries an operation id the engine remembers from an equal call (a repeat: nothing to do). An id
    /// remembered from another call is refused (<see cref="RoutingErrorCode.OperationIdReused"/>).
    /// </summary>
    public bool IsRepeat(ConversationCommand command)
    {
        if (command.Operation.IsEmpty || !Operations.TryGet(command.Operation, out RememberedOperation known))
        {
            return false;
        }

        RememberedOperation given = RememberedOperation.Of(command);
        return given == known ? true : throw Refusals.OperationIdReused(command.Operation, given, known).ToException();
    }

    /// <summary>Remembers the operation id of a command that took effect (nothing when it carries none).</summary>
    public void Remember(ConversationCommand command)
    {
        if (!command.Operation.IsEmpty)
        {
            Operations.Remember(command.Operation, RememberedOperation.Of(command));
        }
    }
}

/// <summary>What a call with an operation id did: its kind, its conversation and, for a transfer, the skill.</summary>
internal readonly record struct RememberedOperation(RoutingCommandKind Kind, ConversationId Conversation, SkillId? Skill)
{
    public static RememberedOperation Of(ConversationCommand command) =>
        new(command.Kind, command.Conversation, command is TransferCommand transfer ? transfer.Skill : null);

    /// <summary>The call in words, for a message: "Transfer of conversation 'c1' to skill 'sales'".</summary>
    public override string ToString() => Skill is { } skill
        ? $"{Kind} of conversation '{Conversation}' to skill '{skill}'"
        : $"{Kind} of conversation '{Conversation}'";
}
