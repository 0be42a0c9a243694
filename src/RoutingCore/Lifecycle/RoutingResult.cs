namespace RoutingCore;

/// <summary>
/// The outcome of an operation that returns its refusal instead of throwing it (<see cref="IRoutingEngine.TryAccept"/>,
/// <see cref="IRoutingEngine.TryDecline"/>): success, or the <see cref="RoutingErrorCode"/> and a message a person can
/// read. The default value is a success. A refused operation changed nothing.
/// </summary>
public readonly record struct RoutingResult
{
    private RoutingResult(RoutingErrorCode error, string message)
    {
        Error = error;
        Message = message;
    }

    /// <summary>A success.</summary>
    public static RoutingResult Success => default;

    /// <summary>Whether the operation succeeded (<see cref="Error"/> is <see langword="null"/>).</summary>
    public bool Succeeded => Error is null;

    /// <summary>Why the operation was refused; <see langword="null"/> when it succeeded. A host switches on it.</summary>
    public RoutingErrorCode? Error { get; }

    /// <summary>
    /// For a refusal, what was refused and what would be valid, naming the conversation or agent (the message
    /// <see cref="ThrowIfFailed"/> throws); <see langword="null"/> when the operation succeeded.
    /// </summary>
    public string? Message { get; }

    /// <summary>A refusal (for a host's own implementations and test doubles of <see cref="IRoutingEngine"/>).</summary>
    /// <param name="error">Why the operation was refused.</param>
    /// <param name="message">What was refused and what would be valid, in words a person can read.</param>
    /// <returns>The refusal.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="error"/> is not a defined <see cref="RoutingErrorCode"/>.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="message"/> is <see langword="null"/>.</exception>
    public static RoutingResult Failure(RoutingErrorCode error, string message)
    {
        if (!Enum.IsDefined(error))
        {
            throw new ArgumentOutOfRangeException(nameof(error), error, $"Error code {(int)error} is not defined; use one of {string.Join(", ", Enum.GetNames<RoutingErrorCode>())}.");
        }

        ArgumentNullException.ThrowIfNull(message);
        return new RoutingResult(error, message);
    }

    /// <summary>Throws the refusal as a <see cref="RoutingOperationException"/> with its code and message; does nothing on success.</summary>
    /// <exception cref="RoutingOperationException">The operation was refused.</exception>
    public void ThrowIfFailed()
    {
        if (Error is not null)
        {
            throw ToException();
        }
    }

    /// <summary>"Succeeded", or the code and the message.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => Error is { } error ? $"{error}: {Message}" : "Succeeded";

    /// <summary>The refusal as an exception, for the members that throw it. Only for a refusal.</summary>
    internal RoutingOperationException ToException() => new(Error!.Value, Message!);
}
