using System.Collections.Immutable;
using Orleans.Serialization;

namespace RoutingCore.Orleans.Journal;

/// <summary>
/// The tenant's journal as the engine sees it (<see cref="IRoutingJournal"/>) and its event sink
/// (<see cref="IRoutingObserver"/>): it buffers each command record and event while the engine works, and
/// <see cref="CommitAsync"/> stores them in the tenant's log in one append before the grain answers.
/// </summary>
/// <remarks>
/// The engine calls <see cref="Append"/> and <see cref="OnEvent"/> under its lock, inside the grain's turn; the grain
/// calls <see cref="CommitAsync"/> before it returns. Events the log already holds (those a restore replays) are not
/// buffered again, so each event is stored once. After a failed append the committer is broken: the engine is ahead of
/// the log, and the grain drops its activation.
/// </remarks>
internal sealed class TenantCommitter(ITenantLog log, string tenant, Serializer serializer, Action<ImmutableArray<RoutingEvent>> published)
    : IRoutingJournal, IRoutingObserver
{
    private List<RoutingCommand> _records = [];
    private List<RoutingEvent> _events = [];

    /// <summary>The ownership version this activation took.</summary>
    public long Owner { get; set; }

    /// <summary>The sequence of the last event the log holds.</summary>
    public long StoredEvents { get; set; }

    /// <summary>The sequence of the last record the log holds.</summary>
    public long StoredRecords { get; set; }

    /// <summary>How many appends are on their way to the log.</summary>
    public int InFlight { get; private set; }

    /// <summary>Whether an append failed (the engine holds a change the log may not).</summary>
    public bool Broken { get; private set; }

    /// <summary>Whether records or events wait for <see cref="CommitAsync"/>.</summary>
    public bool HasPending => _records.Count > 0 || _events.Count > 0;

    /// <summary>Marks the committer broken: what the engine holds may not all be stored (the grain drops the activation).</summary>
    public void Break() => Broken = true;

    public void Append(RoutingCommand command) => _records.Add(command);

    public void OnEvent(RoutingEvent routingEvent)
    {
        if (routingEvent.Sequence > StoredEvents)
        {
            _events.Add(routingEvent);
        }
    }

    /// <summary>Reads back an event stored by <see cref="CommitAsync"/>.</summary>
    public RoutingEvent ReadEvent(LogEntry entry) =>
        serializer.Deserialize<RoutingEvent>(entry.Data) ?? throw new InvalidOperationException($"Tenant '{tenant}': the stored event {entry.Sequence} is empty.");

    /// <summary>Stores what the engine did since the last commit, then hands its events to <c>published</c>.</summary>
    public async Task CommitAsync()
    {
        if (!HasPending)
        {
            return;
        }

        List<RoutingCommand> records = _records;
        List<RoutingEvent> events = _events;
        _records = [];
        _events = [];
        var recordEntries = new LogEntry[records.Count];
        for (int i = 0; i < records.Count; i++)
        {
            recordEntries[i] = new LogEntry(records[i].Sequence, records[i].ToUtf8Json());
        }

        var eventEntries = new LogEntry[events.Count];
        for (int i = 0; i < events.Count; i++)
        {
            eventEntries[i] = new LogEntry(events[i].Sequence, serializer.SerializeToArray(events[i]));
        }

        InFlight++;
        try
        {
            await log.AppendAsync(tenant, Owner, recordEntries, eventEntries);
        }
        catch
        {
            Broken = true;
            throw;
        }
        finally
        {
            InFlight--;
        }

        if (records.Count > 0)
        {
            StoredRecords = Math.Max(StoredRecords, records[^1].Sequence);
        }

        if (events.Count > 0)
        {
            StoredEvents = Math.Max(StoredEvents, events[^1].Sequence);
            published([.. events]);
        }
    }
}
