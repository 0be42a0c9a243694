using Microsoft.Extensions.Options;

namespace RoutingCore.Samples.WebHost.Tests;

/// <summary>The feed behind <c>GET /events</c>: a client resumes after its last sequence, told when events it asks for are gone.</summary>
public sealed class EventFeedTests
{
    [Test]
    public async Task Open_AfterASequence_SendsTheKeptEventsAfterIt_ThenTheNewOnes_WithoutGapOrRepeat()
    {
        using IRoutingEngine engine = RoutingEngine.Create();
        var feed = new EventFeed(Options.Create(new SampleOptions { EventBuffer = 4 }));
        using IDisposable subscription = engine.Subscribe(feed);
        Submit(engine, 3); // nobody to take them: Submitted and Queued each, events 1 to 6; the feed keeps 3 to 6

        using EventFeed.Reader fromStart = feed.Open(after: 0);
        using EventFeed.Reader fromFour = feed.Open(after: 4);
        using EventFeed.Reader fromNow = feed.Open(after: null);
        Submit(engine, 1, first: 4); // events 7 and 8

        fromStart.Backlog.Select(e => (e.Sequence, e.Kind)).ShouldBe([(2, EventFeed.Missed), (3, "Submitted"), (4, "Queued"), (5, "Submitted"), (6, "Queued")]);
        fromStart.Backlog[0].Detail.ShouldBe("Events 1 to 2 are no longer kept: read the state again (GET /agents, /queue, /conversations/{id}).");
        fromFour.Backlog.Select(e => e.Sequence).ShouldBe([5, 6]);
        fromNow.Backlog.ShouldBeEmpty();
        foreach (EventFeed.Reader reader in new[] { fromStart, fromFour, fromNow })
        {
            (await reader.Live.ReadAsync()).Sequence.ShouldBe(7);
            (await reader.Live.ReadAsync()).Sequence.ShouldBe(8);
        }
    }

    [Test]
    public void ContinueAfter_TheSnapshotsLastEvent_AClientBeforeItIsToldItMissedEvents()
    {
        var feed = new EventFeed(Options.Create(new SampleOptions()));
        feed.ContinueAfter(40); // a restored engine: its snapshot's events are not published again

        using EventFeed.Reader before = feed.Open(after: 39);
        using EventFeed.Reader at = feed.Open(after: 40);

        before.Backlog.Single().ShouldBe(before.Backlog[0] with { Sequence = 40, Kind = EventFeed.Missed });
        at.Backlog.ShouldBeEmpty();
    }

    [Test]
    public async Task SlowReader_FallsTooFarBehind_ItsStreamEnds_AndTheEngineGoesOn()
    {
        using IRoutingEngine engine = RoutingEngine.Create();
        var feed = new EventFeed(Options.Create(new SampleOptions()));
        using IDisposable subscription = engine.Subscribe(feed);
        using EventFeed.Reader slow = feed.Open(after: null);

        Submit(engine, 513); // 1,026 events; the reader reads none

        int read = 0;
        await foreach (EventView _ in slow.Live.ReadAllAsync())
        {
            read++;
        }

        read.ShouldBe(1024, "what it had buffered, then the end: it resumes with ?after= its last sequence");
        engine.GetWaitingConversations().Length.ShouldBe(513);
    }

    private static void Submit(IRoutingEngine engine, int count, int first = 1)
    {
        for (int i = first; i < first + count; i++)
        {
            engine.Submit(new ConversationRequest(new ConversationId($"conv-{i}")) { Skill = new SkillId("sales") });
        }
    }
}
