namespace RoutingCore.Samples.WebHost.Durability;

/// <summary>
/// Keeps the engine in a data folder (see README.md here): at start, restores the newest snapshot and replays the journal
/// after it; then journals every change (<see cref="FileJournal"/>) and saves a snapshot every
/// <see cref="SampleOptions.SnapshotEvery"/> records, on a loop of its own, deleting what the snapshot covers; at stop,
/// saves a last snapshot.
/// </summary>
internal sealed class DataFolder : IAsyncDisposable
{
    private readonly IRoutingEngine _engine;
    private readonly string _path;
    private readonly bool _flushToDisk;
    private readonly FileJournal _journal;
    private readonly IDisposable _attachment;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _loop;
    private readonly FileStream _held;

    private DataFolder(IRoutingEngine engine, string path, SampleOptions options, FileJournal journal, IDisposable attachment, ILogger logger, long covered, FileStream held)
    {
        _held = held;
        _engine = engine;
        _path = path;
        _flushToDisk = options.FlushToDisk;
        _journal = journal;
        _attachment = attachment;
        _logger = logger;
        DeleteCovered(covered); // a stop between a snapshot's rename and its cleanup left them
        _loop = Task.Run(SnapshotLoopAsync);
    }

    /// <summary>Restores the engine from the folder (made if missing) and starts journaling into it.</summary>
    /// <exception cref="InvalidDataException">A file of the folder is corrupt, or the engine refuses what it holds; the message names the file.</exception>
    public static DataFolder Open(IRoutingEngine engine, EventFeed feed, string path, SampleOptions options, ILogger logger)
    {
        Directory.CreateDirectory(path);
        FileStream held = Hold(path);
        try
        {
            return Open(engine, feed, path, options, logger, held);
        }
        catch
        {
            held.Dispose();
            throw;
        }
    }

    private static DataFolder Open(IRoutingEngine engine, EventFeed feed, string path, SampleOptions options, ILogger logger, FileStream held)
    {
        File.Delete(Path.Combine(path, DataFolderLayout.TemporarySnapshot)); // unfinished: the snapshot before it and the journal stand
        List<NumberedFile> snapshots = DataFolderLayout.Snapshots(path);
        NumberedFile? snapshot = snapshots.Count == 0 ? null : snapshots[^1];
        var counters = new SnapshotCounters(0, 0);
        if (snapshot is { } newest && (counters = SnapshotCounters.Read(newest.Path)).LastCommand != newest.Number)
        {
            throw new InvalidDataException($"The snapshot '{newest.Path}' includes records up to {counters.LastCommand}, not {newest.Number} as its name says: it was renamed or replaced.");
        }

        List<RoutingCommand> records = JournalReader.Read(path, counters.LastCommand, logger);
        feed.ContinueAfter(counters.LastEvent); // the replay below publishes the events after the snapshot again
        var journal = new FileJournal(path, options, counters.LastCommand);
        IDisposable attachment = engine.AttachJournal(journal); // before restoring: timers due at its end are journaled too
        try
        {
            Restore(engine, snapshot, records);
        }
        catch (Exception e) when (e is RoutingStateException or RoutingOperationException)
        {
            attachment.Dispose();
            journal.Dispose();
            throw new InvalidDataException(
                $"The engine refused what the data folder '{path}' holds (snapshot '{snapshot?.Path ?? "none"}', {records.Count} journal records after it): {e.Message}", e);
        }

        if (snapshot is null && records.Count == 0)
        {
            EngineLog.NoState(logger, path);
        }
        else
        {
            EngineLog.Restored(logger, path, snapshot?.Number ?? 0, records.Count, engine.GetAgents().Length, engine.GetWaitingConversations().Length);
        }

        return new DataFolder(engine, path, options, journal, attachment, logger, counters.LastCommand, held);
    }

    /// <summary>Stops the snapshot loop, saves a last snapshot (the next start replays nothing) and detaches the journal.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        await _loop;
        try
        {
            Snapshot();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ObjectDisposedException or InvalidDataException)
        {
            EngineLog.SaveFailed(_logger, e, _path); // the journal since the last snapshot still has every change
        }

        _attachment.Dispose();
        _journal.Dispose();
        _stopping.Dispose();
        _held.Dispose();
    }

    /// <summary>Locks the folder's <c>lock</c> file for this process: two hosts writing one journal would corrupt it.</summary>
    private static FileStream Hold(string path)
    {
        string lockFile = Path.Combine(path, DataFolderLayout.Lock);
        try
        {
            return new FileStream(lockFile, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException e)
        {
            throw new IOException($"The data folder '{path}' is in use by another host ('{lockFile}' is locked); give each host a folder of its own.", e);
        }
    }

    private static void Restore(IRoutingEngine engine, NumberedFile? snapshot, List<RoutingCommand> records)
    {
        if (snapshot is not { } newest)
        {
            engine.Replay(records); // no snapshot yet: the journal starts at record 1
            return;
        }

        using FileStream stream = File.OpenRead(newest.Path);
        engine.RestoreState(stream, records);
    }

    private async Task SnapshotLoopAsync()
    {
        while (true)
        {
            try
            {
                await _journal.SnapshotDueAsync(_stopping.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            try
            {
                Snapshot();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException or RoutingOperationException or ObjectDisposedException)
            {
                EngineLog.SaveFailed(_logger, e, _path); // the journal keeps every record; the next record due asks again
            }
        }
    }

    /// <summary>
    /// Rolls the journal, writes the engine's state to a temporary file, flushes it and renames it into place (atomic), then
    /// deletes the older snapshots and the segments the new one covers. Rolling first makes the new segment start at or before
    /// the snapshot's next record, so every older segment is covered once the snapshot is in place.
    /// </summary>
    private void Snapshot()
    {
        _journal.Roll();
        string temporary = Path.Combine(_path, DataFolderLayout.TemporarySnapshot);
        using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 1 << 16))
        {
            _engine.SaveState(stream);
            stream.Flush(_flushToDisk);
        }

        long lastCommand = SnapshotCounters.Read(temporary).LastCommand;
        File.Move(temporary, DataFolderLayout.SnapshotPath(_path, lastCommand), overwrite: true);
        _journal.Covered(lastCommand);
        int deleted = DeleteCovered(lastCommand);
        EngineLog.Saved(_logger, _path, lastCommand, deleted);
    }

    /// <summary>
    /// Deletes the snapshots older than the one including records up to <paramref name="lastCommand"/>, and each segment whose
    /// successor starts at or before the record after it (all its records are in the snapshot). The newest segment stays.
    /// </summary>
    private int DeleteCovered(long lastCommand)
    {
        int deleted = 0;
        foreach (NumberedFile snapshot in DataFolderLayout.Snapshots(_path))
        {
            if (snapshot.Number < lastCommand)
            {
                File.Delete(snapshot.Path);
                deleted++;
            }
        }

        List<NumberedFile> segments = DataFolderLayout.Segments(_path);
        for (int i = 0; i + 1 < segments.Count && segments[i + 1].Number <= lastCommand + 1; i++)
        {
            File.Delete(segments[i].Path);
            deleted++;
        }

        return deleted;
    }
}
