using System.Text.Json;
using RoutingCore.State;

namespace RoutingCore.Engine;

/// <summary>The durability family of the façade: saving and restoring, synchronously and asynchronously; the journal and its replay.</summary>
internal sealed partial class DefaultRoutingEngine
{
    public void SaveState(Stream destination) =>
        JsonSerializer.Serialize(destination, CaptureState(destination), StateJsonContext.Default.StateDocument);

    public async Task SaveStateAsync(Stream destination, CancellationToken cancellationToken = default)
    {
        StateDocument document = CaptureState(destination);
        await JsonSerializer.SerializeAsync(destination, document, StateJsonContext.Default.StateDocument, cancellationToken).ConfigureAwait(false);
    }

    public void SaveState(Stream destination, Stream memories)
    {
        InputValidation.RequireWritable(memories, nameof(memories));
        StateDocument document = CaptureState(destination);
        MemoriesDocument apart = StateMemories.Split(document);
        JsonSerializer.Serialize(destination, document, StateJsonContext.Default.StateDocument);
        JsonSerializer.Serialize(memories, apart, StateJsonContext.Default.MemoriesDocument);
    }

    public void RestoreState(Stream source) => Restore(source, null, []);

    public void RestoreState(Stream source, IEnumerable<RoutingCommand> replay) => Restore(source, null, replay);

    public void RestoreState(Stream source, Stream memories) => RestoreState(source, memories, []);

    public void RestoreState(Stream source, Stream memories, IEnumerable<RoutingCommand> replay)
    {
        InputValidation.RequireReadable(memories, nameof(memories));
        Restore(source, memories, replay);
    }

    private void Restore(Stream source, Stream? memories, IEnumerable<RoutingCommand> replay)
    {
        InputValidation.RequireReadable(source);
        ArgumentNullException.ThrowIfNull(replay);
        using (EnterGate())
        {
            ObjectDisposedException.ThrowIf(_context.Disposed, this);
            _restorer.Restore(source, memories, _workload.RequireBuiltInSplitter("restore"));
            ReplayThenRunDue(replay);
        }

        _events.Deliver();
    }

    public int Replay(IEnumerable<RoutingCommand> commands)
    {
        ArgumentNullException.ThrowIfNull(commands);
        int applied;
        using (EnterGate())
        {
            ObjectDisposedException.ThrowIf(_context.Disposed, this);
            applied = ReplayThenRunDue(commands);
        }

        _events.Deliver();
        return applied;
    }

    public IDisposable AttachJournal(IRoutingJournal journal)
    {
        ArgumentNullException.ThrowIfNull(journal);
        using (EnterGate())
        {
            ObjectDisposedException.ThrowIf(_context.Disposed, this);
            if (_commands.Journal is not null)
            {
                throw Refusals.JournalAlreadyAttached().ToException();
            }

            _commands.Journal = journal;
        }

        return new JournalAttachment(this, journal);
    }

    public long LastCommandSequence
    {
        get
        {
            using (EnterGate())
            {
                return _context.LastCommandSequence;
            }
        }
    }

    /// <summary>Replays records, then runs the timers due by the clock's now (also after a refused record: the engine goes on from where it stands).</summary>
    private int ReplayThenRunDue(IEnumerable<RoutingCommand> commands)
    {
        try
        {
            return _commands.Replay(commands);
        }
        finally
        {
            _settler.RunDueTimers();
        }
    }

    public async Task RestoreStateAsync(Stream source, CancellationToken cancellationToken = default)
    {
        InputValidation.RequireReadable(source);
        using (EnterGate())
        {
            ObjectDisposedException.ThrowIf(_context.Disposed, this);
            _workload.RequireBuiltInSplitter("restore");
            _restorer.RequireEmpty(); // refuse before reading, as the synchronous restore does
        }

        byte[] bytes = await StateRestorer.ReadAllAsync(source, cancellationToken).ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        using (EnterGate())
        {
            ObjectDisposedException.ThrowIf(_context.Disposed, this);
            _restorer.Restore(bytes, null, _workload.RequireBuiltInSplitter("restore"));
            _settler.RunDueTimers();
        }

        _events.Deliver();
    }

    /// <summary>The state captured under the lock, due timers run first (their events delivered); serialized by the caller.</summary>
    private StateDocument CaptureState(Stream destination)
    {
        InputValidation.RequireWritable(destination);

        StateDocument document;
        using (EnterGate())
        {
            ObjectDisposedException.ThrowIf(_context.Disposed, this);
            WorkloadLedger ledger = _workload.RequireBuiltInSplitter("save");
            _settler.RunDueTimers(); // work already due is done first: a document holds no overdue timer, so its restore continues from here
            document = _writer.Capture(ledger);
        }

        _events.Deliver();
        return document;
    }

    /// <summary>Detaches its journal once, when disposed (if the journal is still the attached one).</summary>
    private sealed class JournalAttachment(DefaultRoutingEngine engine, IRoutingJournal journal) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) != 0)
            {
                return;
            }

            using (engine.EnterGate())
            {
                if (ReferenceEquals(engine._commands.Journal, journal))
                {
                    engine._commands.Journal = null;
                }
            }
        }
    }
}
