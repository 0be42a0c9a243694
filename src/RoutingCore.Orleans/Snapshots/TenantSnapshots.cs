using RoutingCore.Orleans.Journal;

namespace RoutingCore.Orleans.Snapshots;

/// <summary>
/// Takes a tenant's snapshots off the request path: captures the engine's state between two calls, serializes it on the
/// thread pool while calls go on, writes it to grain storage (guarded by its etag), then trims the journal up to it.
/// </summary>
/// <remarks>
/// <para>
/// A snapshot is captured only when every record the engine made is in the journal (no append pending or on its way), so
/// the document never holds a change the journal lacks. Crash points: killed before the storage write, the old snapshot
/// and the whole journal remain; after the write but before the trim, the journal still holds records the snapshot
/// includes, and activation skips them (<see cref="IRoutingEngine.RestoreState(Stream, IEnumerable{RoutingCommand})"/>);
/// after the trim, the snapshot and the records after it remain. An activation that lost the tenant cannot trim (the trim
/// checks the ownership version), and its storage write fails on the etag once the new activation has written.
/// </para>
/// <para>
/// A tenant whose engine has a workload splitter of the host's own cannot be snapshotted (<see cref="IRoutingEngine.SaveState(Stream)"/>
/// refuses it): its journal is kept whole and replayed from its first record.
/// </para>
/// <para>Single-threaded: the grain calls <see cref="TakeAsync"/> from its own turns; a second call while one runs returns at once.</para>
/// </remarks>
internal sealed class TenantSnapshots(IPersistentState<RoutingTenantState> state, ITenantLog log, string tenant)
{
    private bool _running;
    private bool _impossible;

    /// <summary>The sequence of the last record the stored snapshot includes.</summary>
    public long Sequence => state.State.LastCommandSequence;

    /// <summary>The stored document, or null before the first snapshot.</summary>
    public byte[]? Document => state.State.Engine;

    /// <summary>Reads the stored snapshot again (after taking the tenant's ownership, so that no older owner trims past it).</summary>
    public Task ReadAsync() => state.ReadStateAsync();

    /// <summary>Takes a snapshot if the engine moved on since the last one and the journal holds all it did; false when it was not the moment.</summary>
    public async Task<bool> TakeAsync(IRoutingEngine engine, TenantCommitter committer)
    {
        if (_running || _impossible || committer.Broken || committer.InFlight > 0 || committer.HasPending || engine.LastCommandSequence <= Sequence)
        {
            return false;
        }

        _running = true;
        try
        {
            using var buffer = new MemoryStream();

            // The engine captures its state now, in this turn; the first write moves the serializing to the thread pool.
            Task saving = engine.SaveStateAsync(new ThreadPoolStream(buffer));
            long sequence = engine.LastCommandSequence;
            await committer.CommitAsync(); // timers the capture ran first (due ones) are in the document: store their records
            try
            {
                await saving;
            }
            catch (RoutingOperationException e) when (e.Code == RoutingErrorCode.CustomSplitterState)
            {
                // A splitter of the host's own keeps state no document holds: this tenant is never snapshotted, its journal
                // is never trimmed, and its activation replays the journal from the first record.
                _impossible = true;
                return false;
            }

            state.State.Engine = buffer.ToArray();
            state.State.LastCommandSequence = sequence;
            await state.WriteStateAsync();
            await log.TrimAsync(tenant, committer.Owner, sequence);
            return true;
        }
        finally
        {
            _running = false;
        }
    }

    /// <summary>A write-only stream whose first asynchronous write leaves the grain's scheduler for the thread pool.</summary>
    private sealed class ThreadPoolStream(MemoryStream inner) : Stream
    {
        private bool _left;

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => inner.Length;

        public override long Position { get => inner.Position; set => throw new NotSupportedException(); }

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (!_left)
            {
                _left = true;
                await Task.Run(() => inner.Write(buffer.Span), cancellationToken).ConfigureAwait(false);
                return;
            }

            inner.Write(buffer.Span);
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);

        public override void Flush()
        {
        }

        public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
