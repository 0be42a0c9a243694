namespace RoutingCore;

/// <summary>
/// The engine refused an operation because of its state, not because of a malformed argument: an id it does not know, a
/// conversation already closed, an offer withdrawn, an agent without capacity... <see cref="Code"/> says which; a host
/// catches this one type and switches on the code, never on the message (written for a person: it names the value and
/// what would be valid). The engine changed nothing.
/// </summary>
/// <remarks>
/// Malformed arguments (null, an empty id, an undefined enum value, an invalid profile or request) throw
/// <see cref="ArgumentException"/> instead. The answers to offers, whose refusals are normal races, also come as results:
/// <see cref="IRoutingEngine.TryAccept"/>, <see cref="IRoutingEngine.TryDecline"/>.
/// </remarks>
public sealed class RoutingOperationException : InvalidOperationException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="code">Why the operation was refused.</param>
    /// <param name="message">The message, naming the conversation or agent and what would be valid.</param>
    public RoutingOperationException(RoutingErrorCode code, string message)
        : base(message)
    {
        Code = code;
    }

    /// <summary>Why the operation was refused.</summary>
    public RoutingErrorCode Code { get; }
}
