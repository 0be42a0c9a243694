using System.Diagnostics.CodeAnalysis;

namespace RoutingCore;

/// <summary>
/// Identifies a message within its conversation (the host's or the channel's message id), so that a repeated
/// <see cref="IRoutingEngine.ReportMessage(ConversationId, MessageAuthor, DateTimeOffset?, MessageId?)"/> of the same message is counted once. A thin, allocation-free wrapper over a
/// non-empty string, compared ordinally.
/// </summary>
[SuppressMessage("Design", "CA1036", Justification = "Ordering is provided for sorting only.")]
public readonly record struct MessageId : IComparable<MessageId>
{
    private readonly string? _value;

    /// <summary>Creates an id from its string form.</summary>
    /// <param name="value">
    /// The id: printable text of 1 to 256 characters that starts and ends with a visible character (inner spaces are fine; control characters, such as a tab or a line break, and unpaired surrogates are not).
    /// </param>
    /// <exception cref="ArgumentException"><paramref name="value"/> is null, empty, white space, has white space at either end, or is too long.</exception>
    public MessageId(string value)
    {
        IdValidation.Validate(value, nameof(value), "MessageId");
        _value = value;
    }

    /// <summary>The id's string form; empty for the default (unset) value.</summary>
    public string Value => _value ?? string.Empty;

    /// <summary>Whether this is the default value, which identifies nothing.</summary>
    public bool IsEmpty => _value is null;

    /// <summary>Compares two ids ordinally.</summary>
    /// <param name="other">The id to compare with.</param>
    /// <returns>A negative number, zero or a positive number, as for <see cref="string.CompareOrdinal(string, string)"/>.</returns>
    public int CompareTo(MessageId other) => string.CompareOrdinal(Value, other.Value);

    /// <summary>Returns the id's string form.</summary>
    /// <returns>The string form.</returns>
    public override string ToString() => Value;

    /// <summary>
    /// Converts a string into an id, when written out: <c>(MessageId)"..."</c>. The conversion is explicit so that two kinds of
    /// ids (or a bare string) cannot be passed where the other is expected.
    /// </summary>
    /// <param name="value">The id's string form.</param>
    /// <exception cref="ArgumentException"><paramref name="value"/> is not a valid id (see the constructor).</exception>
    public static explicit operator MessageId(string value) => new(value);

    /// <summary>Creates an id from its string form (the named alternative to the explicit conversion).</summary>
    /// <param name="value">The id's string form.</param>
    /// <returns>The id.</returns>
    public static MessageId From(string value) => new(value);
}
