namespace RoutingCore.Engine;

/// <summary>
/// The calls whose arguments cannot tell a repeat from a new call, with the id that can (docs/architecture.md, "Safe
/// retries"): a return or a transfer under an operation id, a message with its id. The command carries the id; the
/// <see cref="CommandProcessor"/> (operation ids) and the lifecycle (message ids) recognize the repeat.
/// </summary>
internal sealed partial class DefaultRoutingEngine
{
    public void ReturnToQueue(ConversationId conversation, OperationId operation)
    {
        InputValidation.RequireId(conversation.IsEmpty, nameof(conversation), "conversation");
        InputValidation.RequireId(operation.IsEmpty, nameof(operation), "operation");
        Run(new ReturnToQueueCommand(conversation) { Operation = operation });
    }

    public void Transfer(ConversationId conversation, SkillId skill, OperationId operation) => Transfer(conversation, skill, operation, withId: true);

    private void Transfer(ConversationId conversation, SkillId skill, OperationId operation, bool withId)
    {
        InputValidation.RequireId(conversation.IsEmpty, nameof(conversation), "conversation");
        InputValidation.RequireId(skill.IsEmpty, nameof(skill), "skill");
        InputValidation.RequireId(withId && operation.IsEmpty, nameof(operation), "operation");
        Run(new TransferCommand(conversation, skill) { Operation = operation });
    }

    public void ReportMessage(ConversationId conversation, MessageAuthor author, DateTimeOffset? at = null, MessageId? message = null)
    {
        InputValidation.RequireId(conversation.IsEmpty, nameof(conversation), "conversation");
        InputValidation.RequireId(message is { IsEmpty: true }, nameof(message), "message");
        if (author is not (MessageAuthor.Consumer or MessageAuthor.Agent))
        {
            throw new ArgumentOutOfRangeException(nameof(author), author, $"Message author {(int)author} is not defined; use MessageAuthor.Consumer or MessageAuthor.Agent.");
        }

        Run(new ReportMessageCommand(conversation, author, at, message.GetValueOrDefault()));
    }
}
