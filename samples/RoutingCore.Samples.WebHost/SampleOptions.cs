using Microsoft.Extensions.Options;

namespace RoutingCore.Samples.WebHost;

/// <summary>
/// The host's own settings, bound from the <c>Sample</c> section of the configuration: where it keeps the engine's state
/// (<see cref="DataFolder"/>, see <c>Durability/README.md</c>) and how many recent events its feed keeps.
/// </summary>
internal sealed class SampleOptions
{
    /// <summary>The configuration section: <c>Sample</c>.</summary>
    public const string Section = "Sample";

    /// <summary>
    /// The folder holding the engine's snapshots and journal; a relative path is taken from the content root. Empty: the
    /// engine keeps nothing and starts empty each time.
    /// </summary>
    /// <value>Defaults to "data".</value>
    public string DataFolder { get; set; } = SampleDefaults.DataFolder;

    /// <summary>How many journal records after the last snapshot make the host save a new one (and drop the records it covers).</summary>
    /// <value>Defaults to 1,000.</value>
    public int SnapshotEvery { get; set; } = SampleDefaults.SnapshotEvery;

    /// <summary>
    /// Whether each record is flushed to the disk (<c>fsync</c>) before the call that made it returns: survives a power cut,
    /// not only a killed process. Off: the record reaches the operating system before the reply, which survives
    /// <c>kill -9</c> but not a crash of the machine.
    /// </summary>
    /// <value>Defaults to <see langword="true"/>.</value>
    public bool FlushToDisk { get; set; } = SampleDefaults.FlushToDisk;

    /// <summary>How many of the latest events <c>GET /events?after=N</c> can send again to a client that resumes.</summary>
    /// <value>Defaults to 10,000.</value>
    public int EventBuffer { get; set; } = SampleDefaults.EventBuffer;

    /// <summary>Whether the engine's activities (<see cref="RoutingActivityNames.SourceName"/>) are written to the console by OpenTelemetry's console exporter.</summary>
    /// <value>Defaults to <see langword="false"/>.</value>
    public bool ConsoleTraces { get; set; } = SampleDefaults.ConsoleTraces;
}

/// <summary>The defaults of <see cref="SampleOptions"/>, in one place.</summary>
internal static class SampleDefaults
{
    /// <summary>The default data folder: "data" (below the content root).</summary>
    public const string DataFolder = "data";

    /// <summary>The default number of records between snapshots: 1,000.</summary>
    public const int SnapshotEvery = 1_000;

    /// <summary>Records are flushed to the disk by default.</summary>
    public const bool FlushToDisk = true;

    /// <summary>The default number of recent events the feed keeps: 10,000.</summary>
    public const int EventBuffer = 10_000;

    /// <summary>Activities are not written to the console by default.</summary>
    public const bool ConsoleTraces = false;

    /// <summary>The largest number of recent events the feed may keep: 1,000,000.</summary>
    public const int MaxEventBuffer = 1_000_000;
}

/// <summary>Checks <see cref="SampleOptions"/> at start, every error together, each naming the bad value and what is valid.</summary>
internal sealed class SampleOptionsValidator : IValidateOptions<SampleOptions>
{
    public ValidateOptionsResult Validate(string? name, SampleOptions options)
    {
        var errors = new List<string>();
        if (options.DataFolder is null || (options.DataFolder.Length > 0 && (string.IsNullOrWhiteSpace(options.DataFolder) || options.DataFolder.IndexOfAny(Path.GetInvalidPathChars()) >= 0)))
        {
            errors.Add($"Sample:DataFolder is '{options.DataFolder}'; it must be a folder path (relative to the content root or absolute), or empty to keep nothing.");
        }

        if (options.SnapshotEvery < 1)
        {
            errors.Add($"Sample:SnapshotEvery is {options.SnapshotEvery}; it must be at least 1 (records between snapshots).");
        }

        if (options.EventBuffer is < 1 or > SampleDefaults.MaxEventBuffer)
        {
            errors.Add($"Sample:EventBuffer is {options.EventBuffer}; it must be between 1 and 1,000,000 (recent events kept for clients that resume).");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
