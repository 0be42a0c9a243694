using System.Text.Json;
using RoutingCore.State;

namespace RoutingCore.Engine;

/// <summary>The state I/O family of the façade: saving and restoring, synchronously and asynchronously.</summary>
internal sealed partial class DefaultRoutingEngine
{
    public void SaveState(Stream destination) =>
        JsonSerializer.Serialize(destination, CaptureState(destination), StateJsonContext.Default.StateDocument);

    public async Task SaveStateAsync(Stream destination, CancellationToken cancellationToken = default)
    {
        StateDocument document = CaptureState(destination);
        await JsonSerializer.SerializeAsync(destination, document, StateJsonContext.Default.StateDocument, cancellationToken).ConfigureAwait(false);
    }

    public void RestoreState(Stream source)
    {
        InputValidation.RequireReadable(source);
        using (EnterGate())
        {
            ObjectDisposedException.ThrowIf(_context.Disposed, this);
            _restorer.Restore(source, _workload.RequireBuiltInSplitter("restore"));
        }

        _events.Deliver();
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
            _restorer.Restore(bytes, _workload.RequireBuiltInSplitter("restore"));
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
}
