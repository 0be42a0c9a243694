using System.Buffers;

namespace RoutingCore.Samples.WebHost.Durability;

/// <summary>
/// The engine's journal as files: each record is appended to the current segment as one line (JSON Lines) and written
/// through to the operating system — and flushed to the disk when <see cref="SampleOptions.FlushToDisk"/> is on — before
/// <see cref="Append"/> returns, so before the call that made the change is answered. When a snapshot is due (every
/// <see cref="SampleOptions.SnapshotEvery"/> records), it wakes the snapshot loop (<see cref="SnapshotDueAsync"/>); the
/// loop calls <see cref="Roll"/> first, so that the records after the snapshot start a new segment.
/// </summary>
/// <remarks>
/// <see cref="Append"/> runs under the engine's lock, so it never calls back into the engine. Its own lock orders it with
/// <see cref="Roll"/> and <see cref="Dispose"/>, which the snapshot loop and the host's stop call from other threads.
/// </remarks>
internal sealed class FileJournal : IRoutingJournal, IDisposable
{
    private readonly string _folder;
    private readonly bool _flushToDisk;
    private readonly int _snapshotEvery;
    private readonly Lock _gate = new();
    private readonly ArrayBufferWriter<byte> _line = new(512);
    private readonly SemaphoreSlim _snapshotDue = new(0, 1);
    private FileStream? _segment;
    private long _written;
    private long _covered;
    private bool _periodicRequested;
    private bool _disposed;

    /// <param name="folder">The data folder.</param>
    /// <param name="options">Flushing and the snapshot interval.</param>
    /// <param name="covered">The last record the newest snapshot includes (0: none).</param>
    public FileJournal(string folder, SampleOptions options, long covered)
    {
        _folder = folder;
        _flushToDisk = options.FlushToDisk;
        _snapshotEvery = options.SnapshotEvery;
        _covered = covered;
    }

    public void Append(RoutingCommand command)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _line.ResetWrittenCount();
            command.WriteTo(_line);
            _line.Write("\n"u8);
            FileStream? segment = _segment;
            try
            {
                segment ??= _segment = Open(command.Sequence);
                segment.Write(_line.WrittenSpan); // unbuffered: one write to the operating system
                segment.Flush(_flushToDisk);
                _written += _line.WrittenCount;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                Abandon(segment);
                Wake(); // the engine applied the change: only a snapshot includes it now
                throw;
            }

            if (!_periodicRequested && command.Sequence - _covered >= _snapshotEvery)
            {
                _periodicRequested = true;
                Wake();
            }
        }
    }

    /// <summary>Completes when a snapshot is due: <see cref="SampleOptions.SnapshotEvery"/> records since the last, or a write failed.</summary>
    public Task SnapshotDueAsync(CancellationToken cancellationToken) => _snapshotDue.WaitAsync(cancellationToken);

    /// <summary>Closes the current segment: the next record starts a new one, named by its sequence.</summary>
    public void Roll()
    {
        lock (_gate)
        {
            _segment?.Dispose();
            _segment = null;
        }
    }

    /// <summary>A snapshot including every record up to <paramref name="lastCommand"/> is in place.</summary>
    public void Covered(long lastCommand)
    {
        lock (_gate)
        {
            _covered = lastCommand;
            _periodicRequested = false; // the next record that finds SnapshotEvery records uncovered asks again
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            _segment?.Dispose();
            _segment = null;
        }

        _snapshotDue.Dispose();
    }

    private FileStream Open(long firstCommand)
    {
        var stream = new FileStream(DataFolderLayout.SegmentPath(_folder, firstCommand), new FileStreamOptions
        {
            Mode = FileMode.Append, // a segment left empty by a stop before its first record is reused
            Access = FileAccess.Write,
            Share = FileShare.Read,
            BufferSize = 0,
        });
        _written = stream.Length;
        return stream;
    }

    /// <summary>After a failed write: cut what part of the line got out, and leave the file (the next record starts a new one).</summary>
    private void Abandon(FileStream? segment)
    {
        _segment = null;
        if (segment is null)
        {
            return; // it could not be opened
        }

        try
        {
            segment.SetLength(_written);
        }
        catch (IOException)
        {
            // Nothing more to do here: the snapshot requested next covers this segment, which is then deleted.
        }

        segment.Dispose();
    }

    /// <summary>Wakes the snapshot loop (at most one wake-up waits; a wake-up during a snapshot makes another follow it). Under the lock.</summary>
    private void Wake()
    {
        if (_snapshotDue.CurrentCount == 0)
        {
            _snapshotDue.Release();
        }
    }
}
