using System.Buffers;
using RoutingCore.Engine;

namespace RoutingCore;

/// <summary>
/// One change an engine applied, as a record: a state-changing call that took effect, or one of its timers that fired.
/// An engine hands every record, in its order, to its <see cref="IRoutingJournal"/>; a host that stores them can rebuild
/// the engine: restore the last saved state and replay the records written after it
/// (<see cref="IRoutingEngine.RestoreState(Stream, IEnumerable{RoutingCommand})"/>), which gives the same state and the
/// same events, with the same sequence numbers. The record format (JSON, versioned) is described in docs/journal-format.md.
/// </summary>
/// <remarks>
/// Records are immutable once the engine handed them out. Only an engine creates them; <see cref="Parse(ReadOnlySpan{byte})"/>
/// reads one back from its JSON.
/// </remarks>
public abstract class RoutingCommand
{
    private protected RoutingCommand()
    {
    }

    /// <summary>
    /// The record's place in its engine's command sequence: 1 for the first change the engine ever applied, contiguous, and
    /// continued across <see cref="IRoutingEngine.SaveState(Stream)"/> and <see cref="IRoutingEngine.RestoreState(Stream)"/>
    /// (the document holds the sequence of the last record it includes).
    /// </summary>
    public long Sequence { get; internal set; }

    /// <summary>When the engine applied the change, on its clock (for a timer, when it fired: its due time or later).</summary>
    public DateTimeOffset At { get; internal set; }

    /// <summary>What was changed.</summary>
    public abstract RoutingCommandKind Kind { get; }

    /// <summary>Reads a record from the JSON that <see cref="WriteTo"/> or <see cref="ToUtf8Json"/> wrote.</summary>
    /// <param name="utf8Json">The record's JSON, UTF-8 encoded.</param>
    /// <returns>The record.</returns>
    /// <exception cref="RoutingStateException">The text is not a valid record; the exception names the field and what would be valid.</exception>
    public static RoutingCommand Parse(ReadOnlySpan<byte> utf8Json) => CommandJson.Read(utf8Json);

    /// <summary>Reads a record from the JSON text that <see cref="ToString"/> gives.</summary>
    /// <param name="json">The record's JSON.</param>
    /// <returns>The record.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="json"/> is null.</exception>
    /// <exception cref="RoutingStateException">The text is not a valid record; the exception names the field and what would be valid.</exception>
    public static RoutingCommand Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        return CommandJson.Read(System.Text.Encoding.UTF8.GetBytes(json));
    }

    /// <summary>Writes the record as one line of compact JSON (no line break inside, none after), UTF-8 encoded.</summary>
    /// <param name="destination">Where to write.</param>
    /// <exception cref="ArgumentNullException"><paramref name="destination"/> is null.</exception>
    public void WriteTo(IBufferWriter<byte> destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        CommandJson.Write(this, destination);
    }

    /// <summary>The record as compact JSON, UTF-8 encoded (as <see cref="WriteTo"/> writes it).</summary>
    /// <returns>The bytes.</returns>
    public byte[] ToUtf8Json()
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        CommandJson.Write(this, buffer);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>The record as compact JSON text.</summary>
    /// <returns>The JSON.</returns>
    public override string ToString() => System.Text.Encoding.UTF8.GetString(ToUtf8Json());
}
