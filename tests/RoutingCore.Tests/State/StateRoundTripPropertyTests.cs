using System.Runtime.ExceptionServices;
using CsCheck;

namespace RoutingCore.Tests.State;

/// <summary>
/// Every document an engine saves restores (issue 15). Random runs of every public operation — on one thread, and on several
/// threads against one engine — save at random moments; each document must restore into a new engine, which must save the
/// same bytes and keep every invariant, and (when no other thread runs) answer every read like the original. Single-thread
/// runs sometimes continue on the restored engine. Each run ends with a save and a full comparison.
/// </summary>
/// <remarks>
/// The iteration counts keep both tests well under a minute on 2 shared cores in Release. For a larger run set
/// <c>ROUTINGCORE_STATE_SCALE</c> to a multiplier (for example 20).
/// </remarks>
public sealed class StateRoundTripPropertyTests
{
    internal const int SingleThreadRuns = 600;

    internal const int SingleThreadMaxOps = 80;

    internal const int ConcurrentRuns = 100;

    internal const int Threads = 3;

    internal const int ConcurrentMaxOps = 200;

    internal static int Scale => int.TryParse(Environment.GetEnvironmentVariable("ROUTINGCORE_STATE_SCALE"), out int scale) && scale > 0 ? scale : 1;

    [Test]
    public void SaveState_AtRandomMomentsOfSingleThreadRuns_RestoresAndTheCopyAnswersAndSavesAlike()
    {
        var totals = new TripTotals();
        TripGenerators.SingleThread(SingleThreadMaxOps).Sample(
            scenario =>
            {
                using var world = new TripWorld(scenario, totals);
                world.Run(scenario.Threads[0], concurrent: false);
                StateRoundTripCheck.SaveAndCheck(world, totals, compareAnswers: true);
                totals.Run();
            },
            iter: SingleThreadRuns * Scale,
            print: s => s.ToString());

        TestContext.Out.WriteLine($"single-thread round trips: {totals}");
        totals.Runs.ShouldBe(SingleThreadRuns * Scale);
        totals.Saved.ShouldBeGreaterThan(2 * totals.Runs, "runs should save at random moments besides their last");
        totals.RepeatsChecked.ShouldBeGreaterThan(totals.Runs, "runs should repeat calls right after they succeeded (issue 18)");
    }

    [Test]
    public void SaveState_AtRandomMomentsOfConcurrentRuns_RestoresAndTheCopySavesAlike()
    {
        var totals = new TripTotals();
        TripGenerators.Concurrent(Threads, ConcurrentMaxOps).Sample(
            scenario =>
            {
                using var world = new TripWorld(scenario, totals);
                using var start = new Barrier(scenario.Threads.Length);
                var failures = new Exception?[scenario.Threads.Length];
                Thread[] threads = [.. scenario.Threads.Select((steps, i) => new Thread(() =>
                {
                    try
                    {
                        start.SignalAndWait();
                        world.Run(steps, concurrent: true);
                    }
                    catch (Exception e)
                    {
                        failures[i] = e;
                    }
                }))];
                foreach (Thread thread in threads)
                {
                    thread.Start();
                }

                foreach (Thread thread in threads)
                {
                    thread.Join();
                }

                if (failures.FirstOrDefault(f => f is not null) is { } failure)
                {
                    ExceptionDispatchInfo.Capture(failure).Throw();
                }

                StateRoundTripCheck.SaveAndCheck(world, totals, compareAnswers: true);
                totals.Run();
            },
            iter: ConcurrentRuns * Scale,
            threads: 1,
            print: s => s.ToString());

        TestContext.Out.WriteLine($"concurrent round trips ({Threads} threads): {totals}");
        totals.Runs.ShouldBe(ConcurrentRuns * Scale);
        totals.Saved.ShouldBeGreaterThan(2 * totals.Runs);
        totals.SavedAmidOthers.ShouldBeGreaterThan(totals.Runs, "threads should save while the others run");
    }
}
