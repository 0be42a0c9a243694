namespace RoutingCore;

/// <summary>
/// A medium a conversation uses and an agent handles: chat, voice, video, or any other a host names.
/// Compared ordinally and case-insensitively ("Chat" and "chat" are the same medium).
/// </summary>
public readonly record struct MediaType
{
    private readonly string? _name;

    /// <summary>Creates a medium from its name.</summary>
    /// <param name="name">
    /// The medium's name; must not be null, empty, white space, start or end with white space, or contain control characters
    /// (the id rules: printable text of 1 to 256 characters that starts and ends with a visible character (inner spaces are fine; control characters, such as a tab or a line break, and unpaired surrogates are not)).
    /// </param>
    /// <exception cref="ArgumentException"><paramref name="name"/> is not a valid name.</exception>
    public MediaType(string name)
    {
        IdValidation.Validate(name, nameof(name), "media type");
        _name = name.ToLowerInvariant();
    }

    /// <summary>Text chat and asynchronous messaging.</summary>
    public static MediaType Chat { get; } = new("chat");

    /// <summary>A voice call.</summary>
    public static MediaType Voice { get; } = new("voice");

    /// <summary>A video call.</summary>
    public static MediaType Video { get; } = new("video");

    /// <summary>The medium's name, in lower case; empty for the default value.</summary>
    public string Name => _name ?? string.Empty;

    /// <summary>Whether this is the default value, which names no medium.</summary>
    public bool IsEmpty => _name is null;

    /// <summary>Returns the medium's name.</summary>
    /// <returns>The name.</returns>
    public override string ToString() => Name;
}
