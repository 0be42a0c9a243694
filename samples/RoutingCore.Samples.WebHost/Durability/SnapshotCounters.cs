using System.Text.Json;

namespace RoutingCore.Samples.WebHost.Durability;

/// <summary>
/// The two counters of a state document the data folder needs (docs/state-format.md, <c>counters</c>): the last record it
/// includes, which names the snapshot and decides which journal records follow it, and the last event, after which the
/// event feed continues.
/// </summary>
internal readonly record struct SnapshotCounters(long LastCommand, long LastEvent)
{
    /// <exception cref="InvalidDataException">The file is not a state document.</exception>
    public static SnapshotCounters Read(string path)
    {
        try
        {
            using FileStream stream = File.OpenRead(path);
            using JsonDocument document = JsonDocument.Parse(stream);
            JsonElement counters = document.RootElement.GetProperty("counters");
            return new SnapshotCounters(Optional(counters, "lastCommandSequence"), Optional(counters, "lastEventSequence"));
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new InvalidDataException($"The snapshot '{path}' is not an engine state document with its counters: {e.Message}", e);
        }
    }

    private static long Optional(JsonElement counters, string name) =>
        counters.TryGetProperty(name, out JsonElement value) ? value.GetInt64() : 0; // absent: 0 (docs/state-format.md)
}
