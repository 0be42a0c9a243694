namespace RoutingCore;

/// <summary>
/// An operation that makes no sense in the current state (accepting a withdrawn offer, returning a conversation that is
/// not assigned...). The engine changed nothing.
/// </summary>
public sealed class RoutingOperationException : InvalidOperationException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="code">What made the operation impossible.</param>
    /// <param name="message">The message, naming the conversation or agent and what would be valid.</param>
    public RoutingOperationException(RoutingErrorCode code, string message)
        : base(message)
    {
        Code = code;
    }

    /// <summary>What made the operation impossible.</summary>
    public RoutingErrorCode Code { get; }
}
