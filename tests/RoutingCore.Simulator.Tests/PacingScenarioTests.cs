using RoutingCore.Simulator;

namespace RoutingCore.Simulator.Tests;

/// <summary>
/// The committed pacing scenarios (issue 17, part 7): the simulator measures the abandonment of accepted invitations and the
/// occupancy of the paced agents, against their targets. Seed 002 (002_bf8ede6fa79cce21.txt): the pacing algorithm balances
/// "The need for your agents to stay busy" and "The need to minimize the abandonment rate for proactive interactions".
/// </summary>
public sealed class PacingScenarioTests
{
    private static Scenario Load(string name) =>
        Scenario.Load(Path.Combine(ScenarioAndArgumentTests.RepositoryRoot(), "samples", "RoutingCore.Simulator", "scenarios", name + ".json"));

    [TestCase("high-acceptance")]
    [TestCase("short-patience")]
    public void Run_PacingScenario_RealizedAbandonmentOfAcceptedInvitationsIsWithinHalfAPointOfTheTarget(string name)
    {
        Scenario scenario = Load(name);
        SimulationResult result = new Simulation(scenario).Run();

        (result.ProactiveServed + result.ProactiveAbandoned).ShouldBeGreaterThan(1_000);
        result.ProactiveAbandonmentRate.ShouldBeInRange(result.AbandonmentTarget - 0.5, result.AbandonmentTarget + 0.5);
    }

    [Test]
    public void Run_SmallGroup_TenDays_RealizedAbandonmentOfAcceptedInvitationsIsWithinHalfAPointOfTheTarget()
    {
        // Eight agents accept about 270 invitations a day: one day's rate alone varies by about ±1.1 points (binomial), so the bound
        // is checked over ten days (seeds 1–10), about 2,700 accepted invitations.
        int accepted = 0;
        int abandoned = 0;
        double target = 0;
        for (int seed = 1; seed <= 10; seed++)
        {
            Scenario scenario = Load("small-group");
            scenario.Seed = seed;
            SimulationResult result = new Simulation(scenario).Run();
            accepted += result.ProactiveServed + result.ProactiveAbandoned;
            abandoned += result.ProactiveAbandoned;
            target = result.AbandonmentTarget;
        }

        accepted.ShouldBeGreaterThan(2_000);
        (100.0 * abandoned / accepted).ShouldBeInRange(target - 0.5, target + 0.5);
    }

    [Test]
    public void Run_BusyFactorTarget_RealizedOccupancyIsWithinTwoPointsOfIt()
    {
        Scenario scenario = Scenario.Parse("""{ "invitations": { "target": "busy-factor", "busyFactor": 0.8 } }""", "busy factor 0.8");
        SimulationResult result = new Simulation(scenario).Run();

        result.BusyFactorTarget.ShouldBe(80, 1e-9);
        result.PacedOccupancy.ShouldBeInRange(78, 82);
        result.ProactiveAbandonmentRate.ShouldBeLessThanOrEqualTo(result.AbandonmentTarget + 0.5); // the target is the ceiling here
        SummaryTable.Rows(result).ShouldContain(r => r.Value.EndsWith("busy-factor target 80.0%", StringComparison.Ordinal));
    }

    [Test]
    public void Run_SmallGroup_ReportsBothMeasuresAgainstTheirTargets()
    {
        Scenario scenario = Load("small-group");
        SimulationResult result = new Simulation(scenario).Run();

        result.Agents.ShouldBe(8);
        result.ProactiveServed.ShouldBeGreaterThan(100);
        List<(string Label, string Value)> rows = SummaryTable.Rows(result);
        rows.ShouldContain(r => r.Label == "abandonment of accepted invitations" && r.Value.EndsWith("target 3.0%", StringComparison.Ordinal));
        rows.ShouldContain(r => r.Label == "paced occupancy (online agents)");
        HtmlReport.Build(scenario, [result]).ShouldContain("abandonment of accepted invitations");
    }

    [Test]
    public void Parse_BusyFactorTarget_IsReportedAgainstTheOccupancy()
    {
        Scenario scenario = Scenario.Parse("""{ "invitations": { "target": "busy-factor", "busyFactor": 0.75 } }""", "test");
        scenario.Invitations.PacingTarget.ShouldBe(PacingTarget.BusyFactor);
        Should.Throw<ScenarioException>(() => Scenario.Parse("""{ "invitations": { "target": "fastest", "busyFactor": 1.5 } }""", "test")).Message
            .ShouldSatisfyAllConditions(
                m => m.ShouldContain("invitations.target is 'fastest'; valid targets: abandonment-rate, busy-factor."),
                m => m.ShouldContain("invitations.busyFactor is 1.5; it must be strictly between 0 and 1."));
    }
}
