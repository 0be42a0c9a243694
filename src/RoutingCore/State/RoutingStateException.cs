namespace RoutingCore;

/// <summary>
/// A state document given to <see cref="IRoutingEngine.RestoreState(Stream)"/>, or a command record given to
/// <see cref="RoutingCommand.Parse(ReadOnlySpan{byte})"/>, was refused: it is not valid JSON, it is truncated, a field is
/// missing or has the wrong type or value, its items contradict each other, or it was written by a newer format version.
/// The engine changed nothing.
/// </summary>
public sealed class RoutingStateException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="path">Where in the document the problem is (a JSON path such as <c>$.agents[3].state</c>, or <c>$</c>).</param>
    /// <param name="message">What is wrong and what would be valid.</param>
    /// <param name="innerException">The parser's exception, if the problem was found while parsing.</param>
    public RoutingStateException(string path, string message, Exception? innerException = null)
        : this("state document", path, message, innerException)
    {
    }

    /// <summary>Creates the exception for what was refused: the state document, or a command record of a journal.</summary>
    internal RoutingStateException(string subject, string path, string message, Exception? innerException)
        : base($"The routing {subject} was refused at {path}: {message}", innerException)
    {
        Path = path;
        Reason = message;
    }

    /// <summary>What is wrong, without the place (for refusing a command record with the same words).</summary>
    internal string Reason { get; }

    /// <summary>Where in the document the problem is: a JSON path such as <c>$.agents[3].state</c>, or <c>$</c> for the whole document.</summary>
    public string Path { get; }
}
