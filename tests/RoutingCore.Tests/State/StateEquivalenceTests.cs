using RoutingCore.Tests.Lifecycle;

namespace RoutingCore.Tests.State;

/// <summary>
/// After a restore the same events give the same decisions: engine A runs a seeded random event stream; at a random point
/// it is saved and restored into B (its own clock, same time, same options); the rest of the stream goes to both, and
/// every answer, every published event and the final documents must be equal.
/// </summary>
public sealed class StateEquivalenceTests
{
    private static readonly StateScenario[] Scenarios =
    [
        new(RoutingStrategyNames.Broadcast, CapacityModelNames.MaxConcurrent, Workload: false, ForcedPause: true, AutoClose: false),
        new(RoutingStrategyNames.SkillBased, CapacityModelNames.Intensity, Workload: true, ForcedPause: false, AutoClose: true),
        new(RoutingStrategyNames.RoundRobin, CapacityModelNames.MaxConcurrent, Workload: true, ForcedPause: true, AutoClose: true),
        new(RoutingStrategyNames.LeastLoaded, CapacityModelNames.Intensity, Workload: false, ForcedPause: true, AutoClose: true),
        new(RoutingStrategyNames.Dynamic, CapacityModelNames.MaxConcurrent, Workload: true, ForcedPause: false, AutoClose: false),
        new(RoutingStrategyNames.CustomWeighted, CapacityModelNames.Intensity, Workload: true, ForcedPause: true, AutoClose: false),
    ];

    private static IEnumerable<TestCaseData> Cases()
    {
        foreach (StateScenario scenario in Scenarios)
        {
            yield return new TestCaseData(scenario, 12).SetArgDisplayNames(scenario.ToString());
        }
    }

    [TestCaseSource(nameof(Cases))]
    public void RestoredEngine_SameEvents_SameDecisionsAndState(StateScenario scenario, int seeds)
    {
        int pendingAtSave = 0;
        var seen = new HashSet<RoutingEventKind>();
        for (int seed = 1; seed <= seeds; seed++)
        {
            var random = new Random(seed * 7919);
            int before = random.Next(20, 160);
            using Center a = StateKit.NewCenter(scenario);
            var driver = new RandomDriver(seed, scenario);
            driver.Run(before, a, a);

            string document = StateKit.Save(a.Engine);
            pendingAtSave += a.Engine.GetAgents().Sum(agent => agent.PendingOffers);
            using Center b = StateKit.NewCenter(scenario, a.Clock.GetUtcNow());
            StateKit.Restore(b.Engine, document);
            StateKit.Save(b.Engine).ShouldBe(document, $"seed {seed}: the restored engine's document differs");

            int eventsBefore = a.Log.Events.Count;
            driver.Answers.Clear();
            driver.Run(75, a, a, b);
            ShouldAnswerAlike(driver.Answers, 2, seed);

            // A second restore, from the restored engine, at a later point: C continues alongside A and B.
            string second = StateKit.Save(b.Engine);
            second.ShouldBe(StateKit.Save(a.Engine), $"seed {seed}: the engines differ before the second restore");
            using Center c = StateKit.NewCenter(scenario, b.Clock.GetUtcNow());
            StateKit.Restore(c.Engine, second);
            int bEventsBefore = b.Log.Events.Count;
            driver.Answers.Clear();
            driver.Run(75, a, a, b, c);
            ShouldAnswerAlike(driver.Answers, 3, seed);

            string[] expected = [.. a.Log.Events.Skip(eventsBefore).Select(StateKit.Describe)];
            string[] actual = [.. b.Log.Events.Select(StateKit.Describe)];
            actual.ShouldBe(expected, $"seed {seed}: the restored engine published different events");
            expected.Length.ShouldBeGreaterThan(0);
            c.Log.Events.Select(StateKit.Describe).ShouldBe(actual.Skip(bEventsBefore), $"seed {seed}: the twice-restored engine published different events");
            seen.UnionWith(b.Log.Events.Select(e => e.Kind));
            StateKit.Save(c.Engine).ShouldBe(StateKit.Save(a.Engine), $"seed {seed}: the twice-restored engine ended in a different state");
            StateKit.Save(b.Engine).ShouldBe(StateKit.Save(a.Engine), $"seed {seed}: the engines ended in different states");
        }

        pendingAtSave.ShouldBeGreaterThan(0, "some saves should catch offers mid-step");
        List<RoutingEventKind> wanted =
        [
            RoutingEventKind.Offered, RoutingEventKind.Accepted, RoutingEventKind.Declined, RoutingEventKind.OfferTimedOut,
            RoutingEventKind.Queued, RoutingEventKind.Dispatched, RoutingEventKind.Transferred, RoutingEventKind.ReturnedToQueue,
        ];
        if (scenario.Workload)
        {
            wanted.Add(RoutingEventKind.Cascaded);
        }

        if (scenario.ForcedPause)
        {
            wanted.Add(RoutingEventKind.AgentPaused);
        }

        if (scenario.AutoClose)
        {
            wanted.Add(RoutingEventKind.Dormant);
        }

        wanted.Except(seen).ShouldBeEmpty("the restored engines should have gone through every kind of decision the scenario allows");
    }

    /// <summary>Each operation's answers (one per engine, in a row) are all equal to the first engine's.</summary>
    private static void ShouldAnswerAlike(List<string> answers, int engines, int seed)
    {
        answers.Count.ShouldBeGreaterThan(0);
        for (int i = 0; i < answers.Count; i += engines)
        {
            for (int k = 1; k < engines; k++)
            {
                answers[i + k].ShouldBe(answers[i], $"seed {seed}: engine {k} answered operation {answers[i]} differently");
            }
        }
    }
}
