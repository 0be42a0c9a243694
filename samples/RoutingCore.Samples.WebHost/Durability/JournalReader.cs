namespace RoutingCore.Samples.WebHost.Durability;

/// <summary>
/// Reads the journal segments of a data folder at start: every record after the snapshot, in order, checked to follow it
/// without a gap. A partial last line of the newest segment is the one record the process was writing when it died — its
/// call was never answered — so it is cut off (and logged); any other line that is not a record stops the start with an
/// error naming the file and line.
/// </summary>
internal static class JournalReader
{
    /// <summary>The records after <paramref name="covered"/> (the snapshot's last record; 0 without a snapshot).</summary>
    /// <exception cref="InvalidDataException">A line is not a record, or the records do not follow the snapshot without a gap.</exception>
    public static List<RoutingCommand> Read(string folder, long covered, ILogger logger)
    {
        var records = new List<RoutingCommand>();
        List<NumberedFile> segments = DataFolderLayout.Segments(folder);
        long expected = covered + 1;
        for (int s = 0; s < segments.Count; s++)
        {
            if (s + 1 < segments.Count && segments[s + 1].Number <= covered + 1)
            {
                continue; // every record of it is in the snapshot (a stop before the cleanup left it)
            }

            string path = segments[s].Path;
            byte[] content = File.ReadAllBytes(path);
            int end = content.AsSpan().LastIndexOf((byte)'\n') + 1; // the complete lines end here
            int line = 0;
            for (int start = 0; start < end; line++)
            {
                int length = content.AsSpan(start, end - start).IndexOf((byte)'\n');
                RoutingCommand record = Parse(content.AsSpan(start, length), path, line + 1);
                start += length + 1;
                if (record.Sequence < expected)
                {
                    continue; // the snapshot includes it
                }

                if (record.Sequence != expected)
                {
                    throw new InvalidDataException(
                        $"The journal file '{path}' line {line + 1} holds record {record.Sequence}, but record {expected} should come next " +
                        $"(the snapshot includes records up to {covered}): records are missing, so the engine cannot be rebuilt from this data folder.");
                }

                records.Add(record);
                expected++;
            }

            if (end < content.Length)
            {
                CutTornLine(path, end, content.Length - end, line, last: s == segments.Count - 1, logger);
            }
        }

        return records;
    }

    private static RoutingCommand Parse(ReadOnlySpan<byte> line, string path, int number)
    {
        try
        {
            return RoutingCommand.Parse(line);
        }
        catch (RoutingStateException e)
        {
            throw new InvalidDataException($"The journal file '{path}' line {number} is not a valid record: {e.Message}", e);
        }
    }

    /// <summary>Cuts a partial last line off the newest segment; anywhere else it is corruption.</summary>
    private static void CutTornLine(string path, int keep, int torn, int lines, bool last, ILogger logger)
    {
        if (!last)
        {
            throw new InvalidDataException(
                $"The journal file '{path}' line {lines + 1} is incomplete ({torn} bytes without a line end), but newer journal files follow it: " +
                "only the newest file's last line can be cut short by a stop.");
        }

        using (var stream = new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.None))
        {
            stream.SetLength(keep);
            stream.Flush(flushToDisk: true);
        }

        EngineLog.TornRecordCut(logger, path, lines + 1, torn);
    }
}
