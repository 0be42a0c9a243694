using System.Text;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using RoutingCore.Samples.WebHost.Durability;

namespace RoutingCore.Samples.WebHost.Tests;

/// <summary>
/// The data folder on its own: a partial last journal line is cut off, any other corruption stops the start naming the file
/// and line, the leftovers of a stop in the middle of a snapshot are harmless, and the settings are checked.
/// </summary>
public sealed class DataFolderTests
{
    private static readonly RoutingOptions Options = new() { StepDelay = TimeSpan.FromHours(1) }; // nothing falls due during a test
    private string _folder = null!;

    [SetUp]
    public void SetUp() => _folder = Path.Combine(Path.GetTempPath(), $"routingcore-folder-{Guid.NewGuid():N}");

    [TearDown]
    public void TearDown()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    [Test]
    public async Task Open_TornLastLine_IsCutOffAndLogged_AndEveryRecordBeforeItIsReplayed()
    {
        WriteJournal(); // what a killed host leaves: six records, no snapshot
        string segment = DataFolderLayout.Segments(_folder).Single().Path;
        long complete = new FileInfo(segment).Length;
        await File.AppendAllTextAsync(segment, """{"v":1,"seq":7,"at":"2026-01-05T09:0"""); // the process died in this write

        var logs = new LogCapture();
        using IRoutingEngine engine = RoutingEngine.Create(Options);
        await using (DataFolder.Open(engine, NewFeed(), _folder, Sample(1_000), logs.CreateLogger("test")))
        {
            engine.LastCommandSequence.ShouldBe(6);
            engine.GetAgents().Select(a => a.Id.Value).ShouldBe(["alice", "bob"]);
            engine.GetConversation(new ConversationId("conv-1")).State.ShouldBe(ConversationState.Assigned);
            engine.GetConversation(new ConversationId("conv-2")).OfferedTo.ShouldBe([new AgentId("bob")]);
            new FileInfo(segment).Length.ShouldBe(complete, "the partial line is cut off, the complete ones stay");
        }

        LogEntry cut = logs.Of("test").Single(e => e.Level == LogLevel.Warning);
        cut.Message.ShouldContain(segment);
        cut.Message.ShouldContain("partial line 7");
    }

    [Test]
    public async Task Read_CorruptLineBeforeTheLast_StopsNamingTheFileAndLine()
    {
        (string segment, InvalidDataException error) = await ReadEditedJournalAsync(lines => lines[2] = lines[2][..^5]); // a whole line, not a whole record

        error.Message.ShouldStartWith($"The journal file '{segment}' line 3 is not a valid record: ");
    }

    [Test]
    public async Task Read_PartialLineInAnOlderSegment_StopsNamingTheFileAndLine()
    {
        WriteJournal();
        string older = DataFolderLayout.Segments(_folder).Single().Path;
        await File.AppendAllTextAsync(older, """{"v":1,"seq":7""");
        await File.WriteAllTextAsync(DataFolderLayout.SegmentPath(_folder, 7), "");

        var error = Should.Throw<InvalidDataException>(() => JournalReader.Read(_folder, 0, new LogCapture().CreateLogger("test")));

        error.Message.ShouldBe($"The journal file '{older}' line 7 is incomplete (14 bytes without a line end), but newer journal files follow it: only the newest file's last line can be cut short by a stop.");
    }

    [Test]
    public async Task Read_MissingRecord_StopsNamingTheFileAndLine()
    {
        (string segment, InvalidDataException error) = await ReadEditedJournalAsync(lines => lines.RemoveAt(1));

        error.Message.ShouldStartWith($"The journal file '{segment}' line 2 holds record 3, but record 2 should come next");
    }

    [Test]
    public async Task Open_AfterAStopInTheMiddleOfASnapshot_RestoresTheNewestAndDeletesWhatItCovers()
    {
        using (IRoutingEngine first = RoutingEngine.Create(Options))
        {
            await using DataFolder folder = DataFolder.Open(first, NewFeed(), _folder, Sample(snapshotEvery: 2), new LogCapture().CreateLogger("test"));
            Traffic(first); // snapshots along the way; the stop saves the last one
        }

        DataFolderLayout.Snapshots(_folder).Select(s => s.Number).ShouldBe([6]);
        DataFolderLayout.Segments(_folder).ShouldNotBeEmpty();

        // A stop between a snapshot's rename and the cleanup leaves an older snapshot and the segments it covered; a stop while
        // writing one leaves the temporary file. Neither is read.
        File.Copy(DataFolderLayout.SnapshotPath(_folder, 6), DataFolderLayout.SnapshotPath(_folder, 3));
        await File.WriteAllTextAsync(DataFolderLayout.SegmentPath(_folder, 0), "not read: the next segment starts before record 7\n");
        await File.WriteAllTextAsync(Path.Combine(_folder, DataFolderLayout.TemporarySnapshot), "{ half a docu");

        using IRoutingEngine engine = RoutingEngine.Create(Options);
        await using (DataFolder.Open(engine, NewFeed(), _folder, Sample(1_000), new LogCapture().CreateLogger("test")))
        {
            engine.LastCommandSequence.ShouldBe(6);
            engine.GetConversation(new ConversationId("conv-1")).Agent.ShouldBe(new AgentId("alice"));
            File.Exists(Path.Combine(_folder, DataFolderLayout.TemporarySnapshot)).ShouldBeFalse();
            DataFolderLayout.Snapshots(_folder).Select(s => s.Number).ShouldBe([6]);
            DataFolderLayout.Segments(_folder).ShouldNotContain(s => s.Number == 0);
        }
    }

    [Test]
    public async Task Open_ATimerFellDueWhileTheHostWasDown_FiresAtTheStart_AndIsJournaled()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 1, 5, 9, 0, 0, TimeSpan.Zero));
        var options = new RoutingOptions { StepDelay = TimeSpan.FromSeconds(12) };
        Directory.CreateDirectory(_folder);
        using (IRoutingEngine first = RoutingEngine.Create(options, clock))
        using (var journal = new FileJournal(_folder, Sample(1_000), covered: 0))
        using (first.AttachJournal(journal))
        {
            first.AddAgent(new AgentProfile(new AgentId("alice")) { Skills = [new AgentSkill(new SkillId("sales"))] }, AgentState.Online);
            first.Submit(new ConversationRequest(new ConversationId("conv-1")) { Skill = new SkillId("sales") }); // alice alone: exclusive, 12 s to answer
        }

        clock.Advance(TimeSpan.FromSeconds(13)); // the host is down when the step falls due

        using IRoutingEngine second = RoutingEngine.Create(options, clock);
        await using (DataFolder.Open(second, NewFeed(), _folder, Sample(1_000), new LogCapture().CreateLogger("test")))
        {
            second.GetAgent(new AgentId("alice")).State.ShouldBe(AgentState.Paused, "she ignored an exclusive offer: force-paused when the step fired at the start");
            List<RoutingCommand> journaled = JournalReader.Read(_folder, 0, new LogCapture().CreateLogger("test"));
            journaled.Select(r => r.Kind).ShouldBe([RoutingCommandKind.AddAgent, RoutingCommandKind.Submit, RoutingCommandKind.TimerFired], "the firing is journaled, so a replay finds it");
        }
    }

    [Test]
    public async Task Snapshots_EverySnapshotEveryRecords_DeleteTheSegmentsTheyCover()
    {
        using IRoutingEngine engine = RoutingEngine.Create(Options);
        await using (DataFolder.Open(engine, NewFeed(), _folder, Sample(2), new LogCapture().CreateLogger("test")))
        {
            Traffic(engine);
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            while (DataFolderLayout.Snapshots(_folder) is not [{ Number: >= 4 }])
            {
                await Task.Delay(10, deadline.Token);
            }

            DataFolderLayout.Segments(_folder).Count.ShouldBeLessThanOrEqualTo(2, "the segments before the newest snapshot's are deleted");
        }
    }

    [Test]
    public async Task Open_AFolderAnotherHostUses_IsRefused()
    {
        using IRoutingEngine first = RoutingEngine.Create(Options);
        using IRoutingEngine second = RoutingEngine.Create(Options);
        await using DataFolder held = DataFolder.Open(first, NewFeed(), _folder, Sample(1_000), new LogCapture().CreateLogger("test"));

        var error = Should.Throw<IOException>(() => DataFolder.Open(second, NewFeed(), _folder, Sample(1_000), new LogCapture().CreateLogger("test")));

        error.Message.ShouldBe($"The data folder '{_folder}' is in use by another host ('{Path.Combine(_folder, "lock")}' is locked); give each host a folder of its own.");
    }

    [Test]
    public void Options_InvalidValues_FailTogether_NamingEachValueAndWhatIsValid()
    {
        var result = new SampleOptionsValidator().Validate(null, new SampleOptions { DataFolder = "  ", SnapshotEvery = 0, EventBuffer = 0 });

        result.Failures.ShouldBe([
            "Sample:DataFolder is '  '; it must be a folder path (relative to the content root or absolute), or empty to keep nothing.",
            "Sample:SnapshotEvery is 0; it must be at least 1 (records between snapshots).",
            "Sample:EventBuffer is 0; it must be between 1 and 1,000,000 (recent events kept for clients that resume).",
        ]);
        new SampleOptionsValidator().Validate(null, new SampleOptions { EventBuffer = 1_000_001 }).Failures!.Single().ShouldStartWith("Sample:EventBuffer is 1000001;");
        new SampleOptionsValidator().Validate(null, new SampleOptions { DataFolder = "" }).Succeeded.ShouldBeTrue("empty: nothing kept");
    }

    [Test]
    public async Task Host_InvalidSampleOptions_DoesNotStart()
    {
        await using WebApplicationFactory<Program> factory = new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
        {
            builder.UseSetting("Sample:DataFolder", "");
            builder.UseSetting("Sample:SnapshotEvery", "-1");
        });

        var error = Should.Throw<OptionsValidationException>(() => factory.CreateClient());

        error.Message.ShouldContain("Sample:SnapshotEvery is -1; it must be at least 1");
    }

    [Test]
    public async Task Host_CorruptJournal_DoesNotStart_NamingTheFileAndLine()
    {
        WriteJournal();
        string segment = DataFolderLayout.Segments(_folder).Single().Path;
        string[] lines = await File.ReadAllLinesAsync(segment);
        lines[1] = "{}";
        await File.WriteAllLinesAsync(segment, lines);
        await using WebApplicationFactory<Program> factory = new WebApplicationFactory<Program>().WithWebHostBuilder(builder => builder.UseSetting("Sample:DataFolder", _folder));

        var error = Should.Throw<InvalidDataException>(() => factory.CreateClient());

        error.Message.ShouldStartWith($"The journal file '{segment}' line 2 is not a valid record: ");
    }

    /// <summary>Writes the journal, edits its lines and reads it back, which must fail.</summary>
    private async Task<(string Segment, InvalidDataException Error)> ReadEditedJournalAsync(Action<List<string>> edit)
    {
        WriteJournal();
        string segment = DataFolderLayout.Segments(_folder).Single().Path;
        List<string> lines = [.. await File.ReadAllLinesAsync(segment)];
        edit(lines);
        await File.WriteAllLinesAsync(segment, lines);
        return (segment, Should.Throw<InvalidDataException>(() => JournalReader.Read(_folder, 0, new LogCapture().CreateLogger("test"))));
    }

    /// <summary>What a host killed after <see cref="Traffic"/> leaves: its journal, without a snapshot.</summary>
    private void WriteJournal()
    {
        Directory.CreateDirectory(_folder);
        using IRoutingEngine engine = RoutingEngine.Create(Options);
        using var journal = new FileJournal(_folder, Sample(1_000), covered: 0);
        using IDisposable attached = engine.AttachJournal(journal);
        Traffic(engine);
    }

    /// <summary>Six records: two agents, conv-1 submitted and accepted by alice (then away), conv-2 offered to bob.</summary>
    private static void Traffic(IRoutingEngine engine)
    {
        engine.AddAgent(new AgentProfile(new AgentId("alice")) { Skills = [new AgentSkill(new SkillId("sales"))] }, AgentState.Online);
        engine.Submit(new ConversationRequest(new ConversationId("conv-1")) { Skill = new SkillId("sales") });
        engine.Accept(new ConversationId("conv-1"), new AgentId("alice"));
        engine.AddAgent(new AgentProfile(new AgentId("bob")) { Skills = [new AgentSkill(new SkillId("sales"))] }, AgentState.Online);
        engine.SetAgentState(new AgentId("alice"), AgentState.Away);
        engine.Submit(new ConversationRequest(new ConversationId("conv-2")) { Skill = new SkillId("sales") });
    }

    private static SampleOptions Sample(int snapshotEvery) => new() { SnapshotEvery = snapshotEvery, FlushToDisk = false };

    private static EventFeed NewFeed() => new(Microsoft.Extensions.Options.Options.Create(new SampleOptions()));
}
