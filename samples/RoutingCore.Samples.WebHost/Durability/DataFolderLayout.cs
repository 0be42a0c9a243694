using System.Globalization;

namespace RoutingCore.Samples.WebHost.Durability;

/// <summary>
/// The files of a data folder: snapshots <c>snapshot-{S}.json</c> (the engine's state document after record S) and journal
/// segments <c>journal-{F}.jsonl</c> (records from F on, one per line), numbers written with 19 digits so that names sort as
/// numbers do; a snapshot being written is <c>snapshot.tmp</c>; <c>lock</c> is held by the host using the folder. Other
/// files are left alone.
/// </summary>
internal static class DataFolderLayout
{
    private const string SnapshotPrefix = "snapshot-";
    private const string SnapshotExtension = ".json";
    private const string SegmentPrefix = "journal-";
    private const string SegmentExtension = ".jsonl";

    /// <summary>The file a host holds locked while it uses the folder (the operating system releases it when the process dies).</summary>
    public const string Lock = "lock";

    /// <summary>The name a snapshot is written under before it is complete (a leftover one is deleted at start).</summary>
    public const string TemporarySnapshot = "snapshot.tmp";

    public static string SnapshotPath(string folder, long lastCommand) => Path.Combine(folder, Name(SnapshotPrefix, lastCommand, SnapshotExtension));

    public static string SegmentPath(string folder, long firstCommand) => Path.Combine(folder, Name(SegmentPrefix, firstCommand, SegmentExtension));

    /// <summary>The snapshots, oldest first, each with the sequence of the last record it includes.</summary>
    public static List<NumberedFile> Snapshots(string folder) => List(folder, SnapshotPrefix, SnapshotExtension);

    /// <summary>The journal segments, oldest first, each with the sequence of its first record.</summary>
    public static List<NumberedFile> Segments(string folder) => List(folder, SegmentPrefix, SegmentExtension);

    private static string Name(string prefix, long number, string extension) =>
        prefix + number.ToString("D19", CultureInfo.InvariantCulture) + extension;

    private static List<NumberedFile> List(string folder, string prefix, string extension)
    {
        var files = new List<NumberedFile>();
        foreach (string path in Directory.EnumerateFiles(folder, prefix + "*" + extension))
        {
            string name = Path.GetFileName(path);
            ReadOnlySpan<char> number = name.AsSpan(prefix.Length, name.Length - prefix.Length - extension.Length);
            if (number.Length == 19 && long.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out long value))
            {
                files.Add(new NumberedFile(value, path));
            }
        }

        files.Sort((a, b) => a.Number.CompareTo(b.Number));
        return files;
    }
}

/// <summary>A file of the data folder and the record sequence its name carries.</summary>
internal readonly record struct NumberedFile(long Number, string Path);
