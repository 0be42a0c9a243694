using System.Text;
using CsCheck;
using Microsoft.Extensions.Time.Testing;
using RoutingCore.Tests.State;

namespace RoutingCore.Tests.Journal;

/// <summary>
/// Restoring a document and replaying the journal written after it reproduces the original (issue 18): random runs of every
/// public operation (with timers, refusals, a throwing observer, and repeats of every kind of call, which leave no record)
/// on engine A with a journal attached, a document saved at
/// a random point; engine B restores that document with A's records (read back from their JSON) and must publish exactly
/// A's later events, with their sequence numbers, and save exactly A's final document.
/// </summary>
public sealed class JournalReplayPropertyTests
{
    private const int Runs = 400;

    [Test]
    public void RestoreWithReplay_AtARandomPointOfARandomRun_GivesTheOriginalsEventsAndDocument() => Check(Runs, seed: null, repeats: true);

    /// <summary>
    /// The first failure of the property: a step timer that went stale (its conversation was accepted) before the document
    /// was saved fired afterwards in the original and was journaled; the document leaves stale timers out, so the replay did
    /// not hold it. Firing a stale timer changes nothing, so it is no longer numbered nor journaled, and a replay drops the
    /// stale items it holds as the original did.
    /// </summary>
    [Test]
    public void Regression_StaleTimerLeftOutOfTheDocument_Seed1Jrlpjwk2aJ2() => Check(1, seed: "1Jrlpjwk2aJ2", repeats: false); // generated as before repeats existed

    /// <param name="iterations">How many runs.</param>
    /// <param name="seed">A run to reproduce, or null.</param>
    /// <param name="repeats">Whether the runs repeat calls (issue 18: every kind of call, right after it and later, also across the document's save).</param>
    private static void Check(int iterations, string? seed, bool repeats)
    {
        long records = 0;
        long events = 0;
        int runs = 0;
        int apartRuns = 0;
        Gen.Select(TripGenerators.SingleThread(StateRoundTripPropertyTests.SingleThreadMaxOps, repeats), Gen.Int[0, 100]).Sample(
            (scenario, cut) =>
            {
                TripOp[] steps = [.. scenario.Threads[0].Where(step => step.Kind != TripKind.Save)]; // a save step may swap the engine
                int split = steps.Length * cut / 100;
                using var world = new TripWorld(scenario, new TripTotals());
                var journal = new JsonJournal();
                var original = new EventText();
                using IDisposable attached = world.Engine.AttachJournal(journal);
                using IDisposable subscribed = world.Engine.Subscribe(original);
                world.Run(steps[..split], concurrent: false);
                bool apart = cut % 2 == 1; // every other run saves the memories apart (SaveState(Stream, Stream))
                var state = new MemoryStream();
                var memories = new MemoryStream();
                if (apart)
                {
                    world.Engine.SaveState(state, memories);
                }

                string document = apart ? Encoding.UTF8.GetString(state.ToArray()) : StateKit.Save(world.Engine);
                world.Run(steps[split..], concurrent: false);
                string final = StateKit.Save(world.Engine);

                using var copy = new EngineKit(options: scenario.Options(), logEvents: false, clock: new FakeTimeProvider(world.Clock.GetUtcNow()));
                var replayed = new EventText();
                using IDisposable copySubscribed = copy.Engine.Subscribe(replayed);
                if (apart)
                {
                    copy.Engine.RestoreState(new MemoryStream(state.ToArray()), new MemoryStream(memories.ToArray()), journal.Read());
                    apartRuns++;
                }
                else
                {
                    copy.Engine.RestoreState(new MemoryStream(Encoding.UTF8.GetBytes(document)), journal.Read());
                }


                string[] expected = original.After(JournalDocuments.Counter(document, "lastEventSequence"));
                replayed.Lines.ShouldBe(expected);
                StateKit.Save(copy.Engine).ShouldBe(final);
                ConversationId[] ids = StateRoundTripCheck.IdsIn(final);
                StateRoundTripCheck.Answers(copy.Engine, ids, world.Probes).ShouldBe(StateRoundTripCheck.Answers(world.Engine, ids, world.Probes), "the replayed engine answers differently");
                copy.Engine.LastCommandSequence.ShouldBe(world.Engine.LastCommandSequence);
                records += world.Engine.LastCommandSequence - JournalDocuments.Counter(document, "lastCommandSequence");
                events += expected.Length;
                runs++;
            },
            iter: iterations,
            print: sample => sample.ToString(),
            seed: seed);

        TestContext.Out.WriteLine($"{runs} runs ({apartRuns} with the memories saved apart): {records} records replayed, {events} events compared");
        runs.ShouldBe(iterations);
        records.ShouldBeGreaterThan(iterations * 2, "runs should replay records");
    }
}
