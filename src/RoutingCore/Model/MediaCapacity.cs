namespace RoutingCore;

/// <summary>A medium an agent handles, with an optional maximum of concurrent sessions in that medium.</summary>
/// <param name="Media">The medium.</param>
/// <param name="MaxSessions">
/// The most sessions of this medium the agent handles at once (each then costs 1/<paramref name="MaxSessions"/> of the
/// agent under the max-concurrent capacity model); <see langword="null"/> uses the agent's
/// <see cref="AgentProfile.MaxConcurrent"/>, or else the account default. Must be at least 1.
/// </param>
public readonly record struct MediaCapacity(MediaType Media, int? MaxSessions = null)
{
    /// <summary>Converts a medium into a media capacity without a medium-specific maximum.</summary>
    /// <param name="media">The medium.</param>
    public static implicit operator MediaCapacity(MediaType media) => new(media);

    /// <summary>Creates a media capacity without a medium-specific maximum (the named alternative to the implicit conversion).</summary>
    /// <param name="media">The medium.</param>
    /// <returns>The media capacity.</returns>
    public static MediaCapacity FromMediaType(MediaType media) => new(media);
}
