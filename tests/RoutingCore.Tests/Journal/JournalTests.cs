using System.Text;
using RoutingCore.Tests.Lifecycle;
using RoutingCore.Tests.State;

namespace RoutingCore.Tests.Journal;

/// <summary>
/// The journal of changes (issue 18): every call that took effect and every timer that fired becomes a numbered record;
/// restoring a document and replaying the records written after it gives the same state and the same events.
/// </summary>
public sealed class JournalTests
{
    [Test]
    public void Journal_GetsEveryChangeInOrder_NumberedFromOne_AndNotTheRefusedOnes()
    {
        using var center = new Center();
        var journal = new JsonJournal();
        using IDisposable attached = center.Engine.AttachJournal(journal);
        center.Agent("ann").Agent("bob");
        center.Submit("c1");
        center.Submit("c1"); // a repeat of the call that took effect (issue 18): answered, no record
        Should.Throw<RoutingOperationException>(() => center.Submit("c1", priority: 3)); // refused (another request under the id): no record
        center.Engine.TryDecline(new ConversationId("c1"), new AgentId("nobody")).Succeeded.ShouldBeFalse(); // refused: no record
        center.Engine.Accept(new ConversationId("c1"), new AgentId(center.OfferedTo("c1")[0]));
        center.Advance(3600); // the silent consumer's conversation turns dormant: timer records
        center.Engine.Close(new ConversationId("c1"));

        journal.Sequences.ShouldBe(Enumerable.Range(1, journal.Count).Select(i => (long)i).ToArray());
        journal.Kinds.Take(4).ShouldBe([RoutingCommandKind.AddAgent, RoutingCommandKind.AddAgent, RoutingCommandKind.Submit, RoutingCommandKind.Accept]);
        journal.Kinds[^1].ShouldBe(RoutingCommandKind.Close);
        journal.Kinds.Skip(4).SkipLast(1).ShouldNotBeEmpty();
        journal.Kinds.Skip(4).SkipLast(1).ShouldAllBe(kind => kind == RoutingCommandKind.TimerFired);
        center.Engine.LastCommandSequence.ShouldBe(journal.Count);
    }

    [Test]
    public void Replay_OfTheWholeJournalIntoANewEngine_GivesTheSameDocumentAndEvents()
    {
        using var original = new EngineKit(logEvents: false);
        var journal = new JsonJournal();
        var events = new EventText();
        using IDisposable attached = original.Engine.AttachJournal(journal);
        using IDisposable subscribed = original.Engine.Subscribe(events);
        RunDay(original);

        using var copy = new EngineKit(logEvents: false, clock: new Microsoft.Extensions.Time.Testing.FakeTimeProvider(original.Clock.GetUtcNow()));
        var copyEvents = new EventText();
        using IDisposable copySubscribed = copy.Engine.Subscribe(copyEvents);
        copy.Engine.Replay(journal.Read()).ShouldBe(journal.Count);

        copyEvents.Lines.ShouldBe(events.Lines);
        StateKit.Save(copy.Engine).ShouldBe(StateKit.Save(original.Engine));
    }

    [Test]
    public void RestoreState_WithTheRecordsAfterTheDocument_ContinuesExactlyWhereTheOriginalStands()
    {
        using var original = new EngineKit(logEvents: false);
        var journal = new JsonJournal();
        var events = new EventText();
        using IDisposable attached = original.Engine.AttachJournal(journal);
        using IDisposable subscribed = original.Engine.Subscribe(events);
        original.Engine.AddAgent(Agent("ann"), AgentState.Online);
        original.Engine.AddAgent(Agent("bob"), AgentState.Online);
        original.Engine.Submit(Chat("c0"));
        string document = StateKit.Save(original.Engine);
        RunDay(original);

        using var copy = new EngineKit(logEvents: false, clock: new Microsoft.Extensions.Time.Testing.FakeTimeProvider(original.Clock.GetUtcNow()));
        var copyEvents = new EventText();
        using IDisposable copySubscribed = copy.Engine.Subscribe(copyEvents);
        copy.Engine.RestoreState(new MemoryStream(Encoding.UTF8.GetBytes(document)), journal.Read()); // the records already in the document are skipped

        copyEvents.Lines.ShouldBe(events.After(JournalDocuments.Counter(document, "lastEventSequence")));
        copyEvents.Lines.ShouldNotBeEmpty();
        StateKit.Save(copy.Engine).ShouldBe(StateKit.Save(original.Engine));
        copy.Engine.LastCommandSequence.ShouldBe(original.Engine.LastCommandSequence);
    }

    [Test]
    public void Replay_WithAGap_IsRefusedNamingTheSequenceExpected_AndKeepsWhatCameBefore()
    {
        using var original = new EngineKit(logEvents: false);
        var journal = new JsonJournal();
        using IDisposable attached = original.Engine.AttachJournal(journal);
        original.Engine.AddAgent(Agent("ann"), AgentState.Online);
        original.Engine.AddAgent(Agent("bob"), AgentState.Online);
        original.Engine.Submit(Chat("c1"));
        List<RoutingCommand> records = journal.Read();
        records.RemoveAt(1);

        using var copy = new EngineKit(logEvents: false);
        RoutingOperationException error = Should.Throw<RoutingOperationException>(() => copy.Engine.Replay(records));
        error.Code.ShouldBe(RoutingErrorCode.CommandOutOfOrder);
        error.Message.ShouldContain("Command record 3 cannot be replayed");
        error.Message.ShouldContain("the next must be 2");
        copy.Engine.GetAgents().Select(a => a.Profile.Id.Value).ShouldBe(["ann"]);
        copy.Engine.LastCommandSequence.ShouldBe(1);
    }

    [Test]
    public void Replay_OfRecordsThatDoNotFitTheState_IsRefusedAsAMismatch()
    {
        using var original = new EngineKit(o => o.ForcedPause.Enabled = false, logEvents: false); // ann keeps both offers
        var journal = new JsonJournal();
        using IDisposable attached = original.Engine.AttachJournal(journal);
        original.Engine.AddAgent(Agent("ann"), AgentState.Online);
        original.Engine.Submit(Chat("c1"));
        original.Clock.Advance(TimeSpan.FromSeconds(1));
        original.Engine.Submit(Chat("c2"));
        original.Clock.Advance(TimeSpan.FromSeconds(13)); // both offers' step timers fire, c1's first
        List<RoutingCommand> records = journal.Read();
        records.Select(r => r.Kind).ShouldBe(
            [RoutingCommandKind.AddAgent, RoutingCommandKind.Submit, RoutingCommandKind.Submit, RoutingCommandKind.TimerFired, RoutingCommandKind.TimerFired]);

        // c2's timer presented as if it fired first: it is current, but not the engine's next pending timer.
        string swapped = Encoding.UTF8.GetString(journal.Lines[4]).Replace("\"seq\":5", "\"seq\":4", StringComparison.Ordinal);
        swapped.ShouldContain("\"conversation\":\"c2\"");

        using var copy = new EngineKit(logEvents: false);
        RoutingOperationException error = Should.Throw<RoutingOperationException>(() => copy.Engine.Replay([records[0], records[1], records[2], RoutingCommand.Parse(swapped)]));
        error.Code.ShouldBe(RoutingErrorCode.ReplayMismatch);
        error.Message.ShouldContain("Command record 4 does not fit the engine's state");
        copy.Engine.LastCommandSequence.ShouldBe(3); // the records before it stay applied
    }

    [Test]
    public void AStaleTimer_IsNotJournaled_AndAReplayDropsItAsTheOriginalDid()
    {
        using var original = new EngineKit(logEvents: false);
        var journal = new JsonJournal();
        using IDisposable attached = original.Engine.AttachJournal(journal);
        original.Engine.AddAgent(Agent("ann"), AgentState.Online);
        original.Engine.Submit(Chat("c1"));
        original.Engine.Accept(new ConversationId("c1"), new AgentId("ann")); // c1's step timer is stale from now on
        original.Engine.Submit(Chat("c2"));
        original.Clock.Advance(TimeSpan.FromSeconds(13)); // c1's stale timer fires first (nothing happens), then c2's

        journal.Kinds.ShouldBe([RoutingCommandKind.AddAgent, RoutingCommandKind.Submit, RoutingCommandKind.Accept, RoutingCommandKind.Submit, RoutingCommandKind.TimerFired]);
        RoutingCommand.Parse(journal.Lines[^1]).ToString().ShouldContain("\"conversation\":\"c2\"");

        using var copy = new EngineKit(logEvents: false, clock: new Microsoft.Extensions.Time.Testing.FakeTimeProvider(original.Clock.GetUtcNow()));
        copy.Engine.Replay(journal.Read()).ShouldBe(5); // holds c1's stale item ahead of c2's, and drops it
        StateKit.Save(copy.Engine).ShouldBe(StateKit.Save(original.Engine));
    }

    [Test]
    public void AttachJournal_Twice_IsRefused_AndDisposingDetaches()
    {
        using var kit = new EngineKit(logEvents: false);
        var first = new JsonJournal();
        IDisposable attached = kit.Engine.AttachJournal(first);
        Should.Throw<RoutingOperationException>(() => kit.Engine.AttachJournal(new JsonJournal())).Code.ShouldBe(RoutingErrorCode.JournalAlreadyAttached);
        kit.Engine.AddAgent(Agent("ann"), AgentState.Online);
        attached.Dispose();
        attached.Dispose();
        kit.Engine.AddAgent(Agent("bob"), AgentState.Online);
        first.Count.ShouldBe(1);

        var second = new JsonJournal();
        using IDisposable again = kit.Engine.AttachJournal(second);
        kit.Engine.SetAgentState(new AgentId("bob"), AgentState.Away);
        second.Sequences.ShouldBe([3L]);
    }

    [Test]
    public void AJournalThatThrows_FailsTheCall_ButTheChangeStands()
    {
        using var kit = new EngineKit(logEvents: false);
        using IDisposable attached = kit.Engine.AttachJournal(new FailingJournal());
        IOException error = Should.Throw<IOException>(() => kit.Engine.AddAgent(Agent("ann"), AgentState.Online));
        error.Message.ShouldBe("disk full");
        kit.Engine.GetAgent(new AgentId("ann")).State.ShouldBe(AgentState.Online);
        kit.Engine.LastCommandSequence.ShouldBe(1);
    }

    [Test]
    public void Records_RoundTripThroughTheirJson_ForEveryKind()
    {
        using var kit = new EngineKit(logEvents: false);
        var journal = new JsonJournal();
        using IDisposable attached = kit.Engine.AttachJournal(journal);
        RunDay(kit);
        kit.Engine.UpdateAgent(Agent("ann", maxConcurrent: 3));
        kit.Engine.Assign(Chat("c10"), new AgentId("dan"));
        kit.Clock.Advance(TimeSpan.FromSeconds(5));
        kit.Engine.ReportMessage(new ConversationId("c10"), MessageAuthor.Consumer, kit.Clock.GetUtcNow().AddSeconds(-1));
        kit.Engine.Transfer(new ConversationId("c10"), new SkillId("sales"));
        kit.Engine.RemoveAgent(new AgentId("cid"));
        kit.Engine.ConfigureWorkload(new SkillId("sales"), null);

        journal.Kinds.Distinct().Order().ShouldBe(Enum.GetValues<RoutingCommandKind>());
        foreach (byte[] line in journal.Lines)
        {
            RoutingCommand read = RoutingCommand.Parse(line);
            read.ToUtf8Json().ShouldBe(line);
            RoutingCommand.Parse(read.ToString()).ToString().ShouldBe(Encoding.UTF8.GetString(line));
        }
    }

    [TestCase("{", "$")]
    [TestCase("{\"v\":2,\"seq\":1,\"at\":\"2026-01-05T09:00:00+00:00\",\"kind\":\"Close\",\"conversation\":\"c1\"}", "$.v")]
    [TestCase("{\"v\":1,\"seq\":0,\"at\":\"2026-01-05T09:00:00+00:00\",\"kind\":\"Close\",\"conversation\":\"c1\"}", "$.seq")]
    [TestCase("{\"v\":1,\"seq\":1,\"at\":\"2026-01-05T09:00:00+00:00\",\"kind\":\"Close\"}", "$.conversation")]
    [TestCase("{\"v\":1,\"seq\":1,\"at\":\"2026-01-05T09:00:00+00:00\",\"kind\":\"Shout\",\"conversation\":\"c1\"}", "$.kind")]
    [TestCase("{\"v\":1,\"seq\":1,\"at\":\"2026-01-05T09:00:00+00:00\",\"kind\":\"SetAgentState\",\"agent\":\"ann\"}", "$.state")]
    [TestCase("{\"v\":1,\"seq\":1,\"at\":\"2026-01-05T09:00:00+00:00\",\"kind\":\"AddAgent\",\"state\":\"Online\",\"profile\":{\"id\":\" ann\",\"skills\":[],\"tags\":[],\"groups\":[],\"media\":[]}}", "$.profile.id")]
    [TestCase("{\"v\":1,\"seq\":1,\"at\":\"2026-01-05T09:00:00+00:00\",\"kind\":\"TimerFired\",\"timer\":\"Step\",\"token\":3}", "$")]
    public void Parse_OfABadRecord_IsRefusedNamingWhere(string json, string path)
    {
        RoutingStateException error = Should.Throw<RoutingStateException>(() => RoutingCommand.Parse(json));
        error.Path.ShouldStartWith(path);
        error.Message.ShouldStartWith($"The routing command record was refused at {error.Path}: ");
    }

    /// <summary>Agents, conversations with steps, declines, timeouts, a transfer, messages, closes; timers fire in between.</summary>
    private static void RunDay(EngineKit kit)
    {
        IRoutingEngine engine = kit.Engine;
        foreach (string id in new[] { "ann", "bob", "cid" })
        {
            if (engine.GetAgents().All(a => a.Profile.Id.Value != id))
            {
                engine.AddAgent(Agent(id), AgentState.Online);
            }
        }

        engine.ConfigureWorkload(new SkillId("sales"), WorkloadDistribution.Create([new AgentGroupShare(new AgentGroupId("g1"), 60), new AgentGroupShare(new AgentGroupId("g2"), 40)]));
        for (int i = 1; i <= 6; i++)
        {
            ConversationSnapshot submitted = engine.Submit(Chat($"c{i}"));
            if (i % 2 == 0 && submitted.OfferedTo.Length > 0)
            {
                engine.Accept(submitted.Request.Id, submitted.OfferedTo[0]);
            }

            kit.Clock.Advance(TimeSpan.FromSeconds(4));
        }

        engine.Close(new ConversationId("c2"));

        ConversationSnapshot c1 = engine.GetConversation(new ConversationId("c1"));
        if (c1.OfferedTo.Length > 0)
        {
            engine.TryDecline(c1.Request.Id, c1.OfferedTo[0]);
        }

        kit.Clock.Advance(TimeSpan.FromSeconds(30)); // steps, timeouts, retries
        ConversationSnapshot[] conversations() => [.. Enumerable.Range(1, 6).Select(i => engine.GetConversation(new ConversationId($"c{i}")))];
        foreach (ConversationSnapshot conversation in conversations())
        {
            if (conversation.State == ConversationState.Offered)
            {
                engine.TryAccept(conversation.Request.Id, conversation.OfferedTo[^1]);
            }
        }

        engine.SetAgentState(new AgentId("bob"), AgentState.Away);
        engine.ReportMessage(new ConversationId("c4"), MessageAuthor.Agent);
        kit.Clock.Advance(TimeSpan.FromMinutes(3));
        engine.SetAgentState(new AgentId("bob"), AgentState.Online);
        foreach (ConversationSnapshot conversation in conversations().Where(c => c.State == ConversationState.Assigned).Take(2))
        {
            engine.Close(conversation.Request.Id);
        }

        engine.AddAgent(new AgentProfile(new AgentId("dan")) { Skills = [new AgentSkill(new SkillId("support"))], MaxConcurrent = 3 }, AgentState.Online);
        engine.Assign(Chat("c9"), new AgentId("dan")); // dan holds another skill: nothing of this day is offered to him
        engine.SetAgentState(new AgentId("cid"), AgentState.Online);
        engine.ReturnToQueue(new ConversationId("c9"));
        kit.Clock.Advance(TimeSpan.FromMinutes(10)); // auto-close, dormancy
    }

    private static AgentProfile Agent(string id, int maxConcurrent = 2) => new(new AgentId(id))
    {
        Skills = [new AgentSkill(new SkillId("sales"))],
        Groups = [new AgentGroupId(id == "cid" ? "g2" : "g1")],
        MaxConcurrent = maxConcurrent,
    };

    private static ConversationRequest Chat(string id) => new(new ConversationId(id)) { Skill = new SkillId("sales") };

    private sealed class FailingJournal : IRoutingJournal
    {
        public void Append(RoutingCommand command) => throw new IOException("disk full");
    }
}
