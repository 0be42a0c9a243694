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
            driver.Run(150, a, a, b);

            string[] answers = [.. driver.Answers];
            for (int i = 0; i < answers.Length; i += 2)
            {
                answers[i + 1].ShouldBe(answers[i], $"seed {seed}: the engines answered operation {answers[i]} differently");
            }

            string[] expected = [.. a.Log.Events.Skip(eventsBefore).Select(StateKit.Describe)];
            string[] actual = [.. b.Log.Events.Select(StateKit.Describe)];
            actual.ShouldBe(expected, $"seed {seed}: the restored engine published different events");
            expected.Length.ShouldBeGreaterThan(0);
            seen.UnionWith(b.Log.Events.Select(e => e.Kind));
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
}
