using System.Globalization;
using System.Text.Json;
using RoutingCore.Engine;

namespace RoutingCore.State;

/// <summary>
/// The engine's memories — the consumer history, the recently closed conversations and the ids that make a repeated call
/// recognizable — as a document of their own, written
/// beside the state document by SaveState(Stream, Stream). They cost the same whatever the roster (their bounds are options),
/// so a host that keeps them apart keeps a state document in proportion to the open work (docs/state-format.md).
/// </summary>
internal sealed class MemoriesDocument
{
    /// <summary>The format version, the state document's.</summary>
    public required int FormatVersion { get; init; }

    /// <summary>When the pair was saved: the state document's <see cref="StateDocument.SavedAt"/>.</summary>
    public required DateTimeOffset SavedAt { get; init; }

    /// <summary>The last command the pair includes: the state document's counter.</summary>
    public required long LastCommandSequence { get; init; }

    /// <summary>The consumer history in columns.</summary>
    public required HistoryColumnsDto History { get; init; }

    /// <summary>The recently closed conversations in columns. Optional (absent: none).</summary>
    public ClosedColumnsDto? Closed { get; init; }

    /// <summary>What makes a repeated call recognizable. Optional (absent: nothing remembered).</summary>
    public RetriesDto? Retries { get; init; }
}

/// <summary>Splitting a captured document into the state and its memories, and joining them back before a restore.</summary>
internal static class StateMemories
{
    private const string Subject = "memories document";

    /// <summary>Takes the memories out of a freshly captured document (which then says so) into their own.</summary>
    public static MemoriesDocument Split(StateDocument document)
    {
        var memories = new MemoriesDocument
        {
            FormatVersion = document.FormatVersion,
            SavedAt = document.SavedAt,
            LastCommandSequence = document.Counters.LastCommandSequence,
            History = document.History ?? throw new InvalidOperationException("A captured document has a consumer history."),
            Closed = document.Closed,
            Retries = document.Retries,
        };
        document.History = null;
        document.Closed = null;
        document.Retries = null;
        document.MemoriesApart = true;
        return memories;
    }

    /// <summary>
    /// Puts the memories back into a document saved without them; refuses a document whose memories are missing, memories
    /// given for a document that holds its own, and memories of another save.
    /// </summary>
    public static StateDocument Join(StateDocument document, byte[]? bytes)
    {
        if (bytes is null)
        {
            return document.MemoriesApart
                ? throw new RoutingStateException("$.memoriesApart", "the document's consumer history and closed conversations were saved apart, by SaveState(Stream, Stream); restore it with RestoreState(Stream, Stream), giving the memories document written with it.")
                : document;
        }

        if (!document.MemoriesApart)
        {
            throw new RoutingStateException("$.memoriesApart", "a memories document was given, but this document holds its own consumer history and closed conversations (it was written by SaveState(Stream)); restore it with RestoreState(Stream).");
        }

        MemoriesDocument memories = Parse(bytes);
        if (memories.FormatVersion != document.FormatVersion || memories.SavedAt != document.SavedAt || memories.LastCommandSequence != document.Counters.LastCommandSequence)
        {
            throw new RoutingStateException(Subject, "$", string.Create(CultureInfo.InvariantCulture,
                $"it was saved at {memories.SavedAt:O} after command {memories.LastCommandSequence} (format version {memories.FormatVersion}), the state document at {document.SavedAt:O} after command {document.Counters.LastCommandSequence} (format version {document.FormatVersion}); give the pair written by the same SaveState(Stream, Stream) call."), null);
        }

        document.History = memories.History;
        document.Closed = memories.Closed;
        document.Retries = memories.Retries;
        return document;
    }

    private static MemoriesDocument Parse(byte[] bytes)
    {
        try
        {
            StateRestorer.RequireUtf8(bytes);
            int version = StateRestorer.ReadFormatVersion(bytes);
            if (version != StateWriter.FormatVersion)
            {
                throw new RoutingStateException("$.formatVersion", string.Create(CultureInfo.InvariantCulture, $"memories are saved apart from format version {StateWriter.FormatVersion} on, and this engine reads them in format version {StateWriter.FormatVersion} only (got {version})."));
            }

            MemoriesDocument? memories = JsonSerializer.Deserialize(bytes, StateJsonContext.Default.MemoriesDocument);
            StateDuplicates.Check(bytes);
            return memories ?? throw new RoutingStateException("$", "the document is null; expected the JSON object written by SaveState(Stream, Stream).");
        }
        catch (JsonException ex)
        {
            throw new RoutingStateException(Subject, ex.Path ?? "$", $"it is not a valid memories document: {ex.Message}", ex);
        }
        catch (RoutingStateException ex)
        {
            throw new RoutingStateException(Subject, ex.Path, ex.Reason, ex);
        }
    }
}
