using System.Text.Json.Nodes;
using RoutingCore.Tests.State;

namespace RoutingCore.Tests.Journal;

/// <summary>A journal that keeps each record as the JSON a host would store (and reads them back as a host would).</summary>
internal sealed class JsonJournal : IRoutingJournal
{
    private readonly List<byte[]> _lines = [];

    public int Count => _lines.Count;

    public IReadOnlyList<byte[]> Lines => _lines;

    public List<long> Sequences { get; } = [];

    public List<RoutingCommandKind> Kinds { get; } = [];

    public void Append(RoutingCommand command)
    {
        _lines.Add(command.ToUtf8Json());
        Sequences.Add(command.Sequence);
        Kinds.Add(command.Kind);
    }

    /// <summary>The records read back from their JSON, in order.</summary>
    public List<RoutingCommand> Read() => [.. _lines.Select(line => RoutingCommand.Parse(line))];
}

/// <summary>Every event an engine publishes, as text that names all its fields (the sequence first).</summary>
internal sealed class EventText : IRoutingObserver
{
    private readonly List<string> _lines = [];

    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (_lines)
            {
                return [.. _lines];
            }
        }
    }

    public void OnEvent(RoutingEvent routingEvent)
    {
        lock (_lines)
        {
            _lines.Add($"#{routingEvent.Sequence} {routingEvent} [{routingEvent.Timestamp:O} {routingEvent.Reason} step={routingEvent.Step}]");
        }
    }

    /// <summary>The lines of events numbered above <paramref name="sequence"/>.</summary>
    public string[] After(long sequence) => [.. Lines.Where(line => SequenceOf(line) > sequence)];

    private static long SequenceOf(string line) => long.Parse(line.AsSpan(1, line.IndexOf(' ', StringComparison.Ordinal) - 1), System.Globalization.CultureInfo.InvariantCulture);
}

internal static class JournalDocuments
{
    /// <summary>A counter of a saved document (0 when absent, as the reader takes it).</summary>
    public static long Counter(string document, string name) =>
        JsonNode.Parse(document)!["counters"]![name]?.GetValue<long>() ?? 0;

    public static string Save(IRoutingEngine engine) => StateKit.Save(engine);
}
