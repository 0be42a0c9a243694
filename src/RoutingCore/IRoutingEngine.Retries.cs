namespace RoutingCore;

// The members of IRoutingEngine whose arguments cannot tell a repeat from a new call, with the id that can
// (docs/architecture.md, "Safe retries").

/// <content>Returning, transferring and reporting a message under an id that makes a repeat of the call recognizable.</content>
public partial interface IRoutingEngine
{
    /// <summary>
    /// The agent of an assigned conversation hands it back, as <see cref="ReturnToQueue(ConversationId)"/> does, under the
    /// caller's id of this call, which makes a repeat of it recognizable.
    /// </summary>
    /// <param name="conversation">The conversation.</param>
    /// <param name="operation">The caller's id of this call (one per operation, the same one for its repeats).</param>
    /// <exception cref="ArgumentException"><paramref name="conversation"/> or <paramref name="operation"/> is the empty (default) id.</exception>
    /// <exception cref="RoutingOperationException">The conversation is unknown (<see cref="RoutingErrorCode.UnknownConversation"/>), closed (<see cref="RoutingErrorCode.ConversationClosed"/>) or not assigned (<see cref="RoutingErrorCode.NotAssigned"/>); the operation id was used for another call (<see cref="RoutingErrorCode.OperationIdReused"/>).</exception>
    /// <remarks>
    /// A call with an operation id the engine remembers from the same call (a return of the same conversation) is a repeat:
    /// it returns without effect, whatever happened to the conversation since. The engine remembers the operation ids of the
    /// 10,000 most recent calls that took effect (a fixed limit, not an option), also across a save and restore and a
    /// journal's replay; a refused call is not remembered.
    /// </remarks>
    void ReturnToQueue(ConversationId conversation, OperationId operation);

    /// <summary>
    /// Transfers an assigned conversation to another skill, as <see cref="Transfer(ConversationId, SkillId)"/> does, under the
    /// caller's id of this call, which makes a repeat of it recognizable.
    /// </summary>
    /// <param name="conversation">The conversation.</param>
    /// <param name="skill">The new skill.</param>
    /// <param name="operation">The caller's id of this call (one per operation, the same one for its repeats).</param>
    /// <exception cref="ArgumentException"><paramref name="conversation"/>, <paramref name="skill"/> or <paramref name="operation"/> is the empty (default) id.</exception>
    /// <exception cref="RoutingOperationException">The conversation is unknown (<see cref="RoutingErrorCode.UnknownConversation"/>), closed (<see cref="RoutingErrorCode.ConversationClosed"/>) or not assigned (<see cref="RoutingErrorCode.NotAssigned"/>); the operation id was used for another call (<see cref="RoutingErrorCode.OperationIdReused"/>).</exception>
    /// <remarks>
    /// A call with an operation id the engine remembers from the same call (the same conversation and skill) is a repeat: it
    /// returns without effect, whatever happened to the conversation since. The engine remembers the operation ids of the
    /// 10,000 most recent calls that took effect (a fixed limit, not an option), also across a save and restore and a
    /// journal's replay; a refused call is not remembered.
    /// </remarks>
    void Transfer(ConversationId conversation, SkillId skill, OperationId operation);

    /// <summary>
    /// Reports a message, as <see cref="ReportMessage(ConversationId, MessageAuthor, DateTimeOffset?)"/> does, and with its id
    /// makes a repeated report of it recognizable.
    /// </summary>
    /// <param name="conversation">The conversation.</param>
    /// <param name="author">Who wrote.</param>
    /// <param name="at">When; <see langword="null"/> means now. Must not be in the future nor, for an assigned conversation, before it was assigned.</param>
    /// <param name="message">The message's id (the host's or the channel's; unique within the conversation); <see langword="null"/>: none, and every report counts.</param>
    /// <exception cref="ArgumentException"><paramref name="conversation"/> or <paramref name="message"/> is the empty (default) id.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="author"/> is not defined, or <paramref name="at"/> is out of range.</exception>
    /// <exception cref="RoutingOperationException">The conversation is unknown (<see cref="RoutingErrorCode.UnknownConversation"/>) or closed (<see cref="RoutingErrorCode.ConversationClosed"/>).</exception>
    /// <remarks>
    /// A report with a message id already reported in the conversation is a repeat: it returns without effect (its author and
    /// time are not compared). Each open conversation remembers the ids of its 16 most recent messages reported with one (a
    /// fixed limit, not an option), also across a save and restore and a journal's replay; a closed conversation remembers
    /// none, so a repeat after the close is refused as any message in a closed conversation.
    /// </remarks>
    void ReportMessage(ConversationId conversation, MessageAuthor author, DateTimeOffset? at = null, MessageId? message = null);
}
