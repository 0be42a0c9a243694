using RoutingCore.Simulator;

namespace RoutingCore.Simulator.Tests;

/// <summary>Whole simulated days on a small scenario: they run, they are reproducible, and their books balance.</summary>
public sealed class SimulationTests
{
    /// <summary>A small day: 30 agents and 1,200 conversations (a fraction of a second).</summary>
    internal static Scenario Tiny(int seed = 7) => new()
    {
        Name = "tiny day",
        Seed = seed,
        Agents = 30,
        Conversations = 1_200,
    };

    /// <summary>One run of the tiny day, shared by the tests that only read its result.</summary>
    private static readonly Lazy<SimulationResult> TinyRun = new(() => new Simulation(Tiny()).Run());

    [Test]
    public void Run_TinyScenario_ServesMostConversationsAndCountsEveryEngineActivity()
    {
        SimulationResult result = TinyRun.Value;

        result.ReactiveArrived.ShouldBe(1_200);
        result.Served.ShouldBeGreaterThan(result.Arrived / 2);
        result.Offers.ShouldBeGreaterThanOrEqualTo(result.Served);
        result.Messages.ShouldBeGreaterThan(result.Served);
        result.InvitationsSent.ShouldBeGreaterThan(0);
        result.InvitationsAccepted.ShouldBe(result.ProactiveArrived);
        result.ServiceLevel.ShouldBeInRange(0, 100);
        result.AverageSpeedOfAnswer.ShouldBeGreaterThan(0);
        result.OverallOccupancy.ShouldBeInRange(1, 100);
    }

    [Test]
    public void Run_ClockStopsAtEveryEngineTimer_NoAnswerIsScheduledInThePast()
    {
        SimulationResult result = TinyRun.Value;

        result.Timeouts.ShouldBeGreaterThan(0); // engine step timers did fire during the day
        result.LateEvents.ShouldBe(0);
    }

    [Test]
    public void Run_OffersTrackedFromEngineEvents_EveryAnswerFindsItsOfferPending()
    {
        SimulationResult result = TinyRun.Value;

        // The simulator answers only offers that the engine's events left pending; the engine must agree every time.
        result.Declines.ShouldBeGreaterThan(0);
        result.FailedAccepts.ShouldBe(0);
    }

    [TestCaseSource(typeof(StrategyNames), nameof(StrategyNames.All))]
    public void Run_EveryStrategy_ConversationsAreConserved(string strategy)
    {
        SimulationResult result = new Simulation(Tiny(), strategy).Run();

        result.Strategy.ShouldBe(strategy);
        (result.Served + result.Abandoned + result.StillWaiting).ShouldBe(result.Arrived);
        result.Disagreements.ShouldBeEmpty(); // what the engine's events said matches its snapshots at the end of the day
        result.Completed.ShouldBeLessThanOrEqualTo(result.Served);
        result.Abandoned.ShouldBeGreaterThan(0);
    }

    [Test]
    public void Run_PrimaryGroups_SharesStayNearTheirTargets()
    {
        SimulationResult result = TinyRun.Value;

        List<GroupShare> primary = [.. result.Shares.Where(s => s.Role == "primary")];
        primary.Select(s => s.Group).ShouldBe(["vendor-a", "vendor-b", "vendor-c"]);
        primary.Select(s => s.TargetPercent).ShouldBe([40.0, 30.0, 30.0]);
        long taken = primary.Sum(s => s.Primary);
        taken.ShouldBeGreaterThan(500);
        foreach (GroupShare share in primary)
        {
            // The engine hands out primary turns within one conversation of each percentage; the report counts what each
            // group took, so a turn whose conversation was abandoned or cascaded first is missing there: near, not exact.
            Math.Abs(share.ActualPercent - share.TargetPercent).ShouldBeLessThan(1.5, share.Group);
        }

        // Every conversation the secondary group took was cascaded to it first (some cascaded ones were abandoned instead).
        long cascadedTaken = result.Shares.Single(s => s.Role == "secondary").Cascaded;
        cascadedTaken.ShouldBeGreaterThan(0);
        cascadedTaken.ShouldBeLessThanOrEqualTo(result.Cascaded);
    }

    [Test]
    public void Constructor_InvalidScenarioOrStrategy_IsRefusedWithTheReason()
    {
        Scenario scenario = Tiny();
        scenario.Agents = -3;

        Should.Throw<ScenarioException>(() => new Simulation(scenario)).Message.ShouldContain("agents is -3; it must be between 1 and 100000.");
        Should.Throw<ScenarioException>(() => new Simulation(Tiny(), "fastest")).Message.ShouldContain("Unknown strategy 'fastest'; valid strategies: broadcast,");
    }

    [Test]
    public void Report_SameSeed_IsTheSameByteForByte()
    {
        Scenario scenario = Tiny();
        string first = HtmlReport.Build(scenario, [new Simulation(scenario).Run()]);
        string second = HtmlReport.Build(scenario, [new Simulation(Tiny()).Run()]);

        second.ShouldBe(first);
        first.Split("<svg").Length.ShouldBe(6); // five charts
        first.ShouldContain("seed 7");
    }

    [Test]
    public void Report_DifferentSeeds_Differ()
    {
        SimulationResult one = new Simulation(Tiny(seed: 1)).Run();
        SimulationResult two = new Simulation(Tiny(seed: 2)).Run();

        SummaryTable.Format(two).ShouldNotBe(SummaryTable.Format(one));
        HtmlReport.Build(Tiny(seed: 2), [two]).ShouldNotBe(HtmlReport.Build(Tiny(seed: 1), [one]));
    }

    [Test]
    public void Run_SameSeedDifferentStrategies_SameReactiveArrivals()
    {
        SimulationResult leastLoaded = new Simulation(Tiny(), RoutingStrategyNames.LeastLoaded).Run();
        SimulationResult roundRobin = new Simulation(Tiny(), RoutingStrategyNames.RoundRobin).Run();

        roundRobin.ReactiveArrived.ShouldBe(leastLoaded.ReactiveArrived);
        roundRobin.ArrivalsByBucket.Sum().ShouldBe(roundRobin.Arrived);
        roundRobin.Offers.ShouldNotBe(leastLoaded.Offers);
    }

    [Test]
    public void Report_Comparison_HasOneColumnPerStrategy()
    {
        Scenario scenario = Tiny();
        SimulationResult[] results = [new Simulation(scenario, RoutingStrategyNames.Broadcast).Run(), new Simulation(scenario, RoutingStrategyNames.Dynamic).Run()];

        string table = SummaryTable.FormatComparison(results);
        string html = HtmlReport.Build(scenario, results);

        table.Split('\n')[0].ShouldContain("broadcast");
        table.Split('\n')[0].ShouldContain("dynamic");
        html.ShouldContain("<th>broadcast</th><th>dynamic</th>");
        html.Split("<svg").Length.ShouldBe(4); // three comparison charts
    }
}
