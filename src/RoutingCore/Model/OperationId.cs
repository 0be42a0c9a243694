using System.Diagnostics.CodeAnalysis;

namespace RoutingCore;

/// <summary>
/// Identifies one call a host makes, so that the engine can tell a retry of it from a new call where the call's arguments
/// cannot (<see cref="IRoutingEngine.ReturnToQueue(ConversationId, OperationId)"/>, <see cref="IRoutingEngine.Transfer(ConversationId, SkillId, OperationId)"/>): the host makes one per
/// operation (a request id, a GUID) and passes the same one when it repeats the call. A thin, allocation-free wrapper over a
/// non-empty string, compared ordinally.
/// </summary>
[SuppressMessage("Design", "CA1036", Justification = "Ordering is provided for sorting only.")]
public readonly record struct OperationId : IComparable<OperationId>
{
    private readonly string? _value;

    /// <summary>Creates an id from its string form.</summary>
    /// <param name="value">
    /// The id: printable text of 1 to 256 characters that starts and ends with a visible character (inner spaces are fine; control characters, such as a tab or a line break, and unpaired surrogates are not).
    /// </param>
    /// <exception cref="ArgumentException"><paramref name="value"/> is null, empty, white space, has white space at either end, or is too long.</exception>
    public OperationId(string value)
    {
        IdValidation.Validate(value, nameof(value), "OperationId");
        _value = value;
    }

    /// <summary>The id's string form; empty for the default (unset) value.</summary>
    public string Value => _value ?? string.Empty;

    /// <summary>Whether this is the default value, which identifies nothing.</summary>
    public bool IsEmpty => _value is null;

    /// <summary>Compares two ids ordinally.</summary>
    /// <param name="other">The id to compare with.</param>
    /// <returns>A negative number, zero or a positive number, as for <see cref="string.CompareOrdinal(string, string)"/>.</returns>
    public int CompareTo(OperationId other) => string.CompareOrdinal(Value, other.Value);

    /// <summary>Returns the id's string form.</summary>
    /// <returns>The string form.</returns>
    public override string ToString() => Value;

    /// <summary>
    /// Converts a string into an id, when written out: <c>(OperationId)"..."</c>. The conversion is explicit so that two kinds of
    /// ids (or a bare string) cannot be passed where the other is expected.
    /// </summary>
    /// <param name="value">The id's string form.</param>
    /// <exception cref="ArgumentException"><paramref name="value"/> is not a valid id (see the constructor).</exception>
    public static explicit operator OperationId(string value) => new(value);

    /// <summary>Creates an id from its string form (the named alternative to the explicit conversion).</summary>
    /// <param name="value">The id's string form.</param>
    /// <returns>The id.</returns>
    public static OperationId From(string value) => new(value);
}
