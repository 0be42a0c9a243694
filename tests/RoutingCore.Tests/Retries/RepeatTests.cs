using System.Text;
using Microsoft.Extensions.Time.Testing;
using RoutingCore.Tests.Journal;
using RoutingCore.Tests.State;

namespace RoutingCore.Tests.Retries;

/// <summary>
/// Issue 18, "Safe retries": "A call that already took effect, repeated, answers the same and changes nothing." Done when
/// "For every state-changing member, a test repeats the call after success, and after a reply the caller never saw: nothing
/// changes and the answer is the same." For every member (<see cref="RetryCases"/>) the repeat is made on the same engine
/// after the caller saw the answer, after the answer was lost (the call took effect and failed on the way back), and on an
/// engine rebuilt after a failover — from a document saved after the call, and from an earlier document and the journal.
/// "Nothing changes": the same state document, byte for byte, no event, no journal record, the same
/// <see cref="IRoutingEngine.LastCommandSequence"/>.
/// </summary>
public sealed class RepeatTests
{
    [TestCaseSource(typeof(RetryCases), nameof(RetryCases.All))]
    public void Repeat_AfterSuccess_AnswersTheSame_AndChangesNothing(RetryCase retry)
    {
        using EngineKit kit = RetryCases.NewKit();
        Func<IRoutingEngine, string> call = retry.Prepare(kit.Engine);
        var journal = new JsonJournal();
        string first;
        using (kit.Engine.AttachJournal(journal))
        {
            first = call(kit.Engine);
        }

        journal.Count.ShouldBe(1, "the first call took effect: one record");
        RepeatChangesNothing(kit, call, first);
    }

    [TestCaseSource(typeof(RetryCases), nameof(RetryCases.All))]
    public void Repeat_AfterAReplyTheCallerNeverSaw_AnswersWhatTheFirstWouldHave_AndChangesNothing(RetryCase retry)
    {
        // The twin's caller saw the answer; the lost one's call took effect but failed on its way back (the journal threw,
        // which reaches the caller after the change stood, docs/journal-format.md).
        using EngineKit twin = RetryCases.NewKit();
        string answer = retry.Prepare(twin.Engine)(twin.Engine);
        using EngineKit lost = RetryCases.NewKit();
        Func<IRoutingEngine, string> call = retry.Prepare(lost.Engine);
        using (lost.Engine.AttachJournal(new ThrowingJournal()))
        {
            Should.Throw<IOException>(() => call(lost.Engine));
        }

        StateKit.Save(lost.Engine).ShouldBe(StateKit.Save(twin.Engine), "the call took effect");
        RepeatChangesNothing(lost, call, answer);
    }

    [TestCaseSource(typeof(RetryCases), nameof(RetryCases.All))]
    public void Repeat_OnAnEngineRestoredFromADocumentSavedAfterTheCall_AnswersTheSame_AndChangesNothing(RetryCase retry)
    {
        using EngineKit original = RetryCases.NewKit();
        Func<IRoutingEngine, string> call = retry.Prepare(original.Engine);
        string first = call(original.Engine);
        string document = StateKit.Save(original.Engine);

        using EngineKit failover = RetryCases.NewKit(new FakeTimeProvider(original.Clock.GetUtcNow()));
        StateKit.Restore(failover.Engine, document);
        RepeatChangesNothing(failover, call, first);
    }

    [TestCaseSource(typeof(RetryCases), nameof(RetryCases.All))]
    public void Repeat_OnAnEngineRebuiltFromAnEarlierDocumentAndTheJournal_AnswersTheSame_AndChangesNothing(RetryCase retry)
    {
        using EngineKit original = RetryCases.NewKit();
        Func<IRoutingEngine, string> call = retry.Prepare(original.Engine);
        string before = StateKit.Save(original.Engine);
        var written = new JsonJournal();
        using (original.Engine.AttachJournal(written))
        {
            string first = call(original.Engine);
            written.Count.ShouldBe(1);

            using EngineKit failover = RetryCases.NewKit(new FakeTimeProvider(original.Clock.GetUtcNow()));
            failover.Engine.RestoreState(new MemoryStream(Encoding.UTF8.GetBytes(before)), written.Read()); // the record read back from its JSON
            StateKit.Save(failover.Engine).ShouldBe(StateKit.Save(original.Engine));
            RepeatChangesNothing(failover, call, first);
        }
    }

    /// <summary>The repeat answers <paramref name="expected"/>, and the engine's document, events, journal and command sequence stay as they were.</summary>
    private static void RepeatChangesNothing(EngineKit kit, Func<IRoutingEngine, string> call, string expected)
    {
        var journal = new JsonJournal();
        using IDisposable attached = kit.Engine.AttachJournal(journal);
        string document = StateKit.Save(kit.Engine);
        int events = kit.Log.Events.Count;
        long sequence = kit.Engine.LastCommandSequence;

        call(kit.Engine).ShouldBe(expected);
        call(kit.Engine).ShouldBe(expected, "and again");

        StateKit.Save(kit.Engine).ShouldBe(document);
        kit.Log.Events.Count.ShouldBe(events, "a repeat publishes no event");
        journal.Count.ShouldBe(0, "a repeat is not journaled");
        kit.Engine.LastCommandSequence.ShouldBe(sequence, "a repeat is not numbered");
    }

    /// <summary>A journal whose store fails: the caller gets the exception although the change stood.</summary>
    private sealed class ThrowingJournal : IRoutingJournal
    {
        public void Append(RoutingCommand command) => throw new IOException("the journal's disk is full");
    }
}
