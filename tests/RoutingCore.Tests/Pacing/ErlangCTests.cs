
namespace RoutingCore.Tests.Pacing;

public class ErlangCTests
{
    private static readonly TimeSpan Aht180 = TimeSpan.FromSeconds(180);
    private static readonly TimeSpan Within20 = TimeSpan.FromSeconds(20);

    // The commonly quoted worked example: 100 calls in 30 minutes, AHT 3 minutes => A = 10 Erlangs, target 80 % answered in 20 s
    // (Call Centre Helper, "Erlang C Formula - Made Simple With an Easy Worked Example"). Published results from pyworkforce 0.1.0,
    // https://pypi.org/project/pyworkforce/0.1.0/ : raw_positions 14, service_level 0.8883500191794669,
    // waiting_probability 0.1741319335950498, occupancy 0.7142857142857143.
    [Test]
    public void ProbabilityOfWaiting_TenErlangsFourteenAgents_MatchesPublished()
        => ErlangC.ProbabilityOfWaiting(14, 10).ShouldBe(0.1741319335950498, 1e-12);

    [Test]
    public void ServiceLevel_TenErlangsFourteenAgents_MatchesPublished()
        => ErlangC.ServiceLevel(14, 10, Aht180, Within20).ShouldBe(0.8883500191794669, 1e-12);

    [Test]
    public void RequiredAgents_TenErlangsEightyPercentIn20Seconds_IsPublishedFourteen()
    {
        ErlangC.RequiredAgents(10, Aht180, Within20, 0.8).ShouldBe(14);
        ErlangC.ServiceLevel(13, 10, Aht180, Within20).ShouldBeLessThan(0.8);
    }

    [Test]
    public void AverageSpeedOfAnswer_TenErlangsFourteenAgents_IsPwTimesAhtOverSpareAgents()
    {
        // 0.1741319335950498 * 180 s / (14 - 10) = 7.835937011777 s (the worked example quotes about 7.8 s).
        ErlangC.AverageSpeedOfAnswer(14, 10, Aht180).TotalSeconds.ShouldBe(7.835937011777243, 1e-6);
    }

    [TestCase(11, 0.68211820468933237)]
    [TestCase(12, 0.44938822429827087)]
    [TestCase(13, 0.28527045303649294)]
    [TestCase(15, 0.10204236700798801)]
    public void ProbabilityOfWaiting_TenErlangs_MatchesHighPrecisionReference(int agents, double reference)
        => ErlangC.ProbabilityOfWaiting(agents, 10).ShouldBe(reference, 1e-13); // 50-digit decimal reference (Python)

    [Test]
    public void ServiceLevel_FortyEightErlangsFiftyFiveAgents_MatchesReference()
    {
        // Example of the widely copied "Erlang-C formula" tutorial (mitan.co.uk): 360 calls per half hour, 4 minutes, 55 agents,
        // 15 s target. Values from an independent 50-digit decimal calculation: Pw 0.238700936378009, SL 0.845883092170580, ASA 8.18403 s.
        ErlangC.ProbabilityOfWaiting(55, 48).ShouldBe(0.238700936378009, 1e-12);
        ErlangC.ServiceLevel(55, 48, TimeSpan.FromMinutes(4), TimeSpan.FromSeconds(15)).ShouldBe(0.8458830921705803, 1e-12);
        ErlangC.AverageSpeedOfAnswer(55, 48, TimeSpan.FromMinutes(4)).TotalSeconds.ShouldBe(8.184032104388887, 1e-6);
    }

    [TestCase(1000, 0.0682534153771414)]
    [TestCase(5000, 0.000175424378462947)]
    [TestCase(10000, 1.92854723186814e-07)]
    public void ProbabilityOfWaiting_ThousandsOfAgentsAt95Percent_IsFiniteAndMatchesReference(int agents, double reference)
    {
        double pw = ErlangC.ProbabilityOfWaiting(agents, agents * 0.95);
        double.IsFinite(pw).ShouldBeTrue();
        pw.ShouldBe(reference, reference * 1e-9); // 50-digit decimal reference (Python)
    }

    [TestCase(1000)]
    [TestCase(5000)]
    [TestCase(10000)]
    public void AllMeasures_ThousandsOfAgentsNearSaturation_AreSensible(int agents)
    {
        double load = agents - 0.5;
        double pw = ErlangC.ProbabilityOfWaiting(agents, load);
        pw.ShouldBeInRange(0.9, 1.0);
        double sl = ErlangC.ServiceLevel(agents, load, Aht180, Within20);
        sl.ShouldBeInRange(0.0, 0.2);
        ErlangC.AverageSpeedOfAnswer(agents, load, Aht180).ShouldBeGreaterThan(TimeSpan.FromSeconds(300));
        int required = ErlangC.RequiredAgents(agents * 0.9, Aht180, Within20, 0.8);
        required.ShouldBeGreaterThan((int)(agents * 0.9));
        required.ShouldBeLessThan(agents);
    }

    [TestCase(10, 10.0)]
    [TestCase(10, 12.5)]
    [TestCase(10000, 20000.0)]
    public void AllMeasures_LoadAtOrAboveAgents_AreSaturated(int agents, double load)
    {
        ErlangC.ProbabilityOfWaiting(agents, load).ShouldBe(1);
        ErlangC.ServiceLevel(agents, load, Aht180, Within20).ShouldBe(0);
        ErlangC.AverageSpeedOfAnswer(agents, load, Aht180).ShouldBe(TimeSpan.MaxValue);
    }

    [Test]
    public void AllMeasures_ZeroLoad_AreIdeal()
    {
        ErlangC.ProbabilityOfWaiting(3, 0).ShouldBe(0);
        ErlangC.ServiceLevel(3, 0, Aht180, TimeSpan.Zero).ShouldBe(1);
        ErlangC.AverageSpeedOfAnswer(3, 0, Aht180).ShouldBe(TimeSpan.Zero);
        ErlangC.RequiredAgents(0, Aht180, Within20, 0.8).ShouldBe(0);
    }

    [Test]
    public void ServiceLevel_ZeroAnswerTime_IsProbabilityOfNotWaiting()
        => ErlangC.ServiceLevel(14, 10, Aht180, TimeSpan.Zero).ShouldBe(1 - 0.1741319335950498, 1e-12);

    [TestCase(0)]
    [TestCase(-1)]
    public void AllMeasures_InvalidAgents_ThrowNamingAgents(int agents)
    {
        Should.Throw<ArgumentOutOfRangeException>(() => ErlangC.ProbabilityOfWaiting(agents, 1)).ParamName.ShouldBe("agents");
        Should.Throw<ArgumentOutOfRangeException>(() => ErlangC.ServiceLevel(agents, 1, Aht180, Within20)).ParamName.ShouldBe("agents");
        Should.Throw<ArgumentOutOfRangeException>(() => ErlangC.AverageSpeedOfAnswer(agents, 1, Aht180)).ParamName.ShouldBe("agents");
    }

    [TestCase(-0.1)]
    [TestCase(double.NaN)]
    [TestCase(double.PositiveInfinity)]
    public void AllMeasures_InvalidLoad_ThrowNamingOfferedLoad(double load)
    {
        Should.Throw<ArgumentOutOfRangeException>(() => ErlangC.ProbabilityOfWaiting(5, load)).ParamName.ShouldBe("offeredLoad");
        Should.Throw<ArgumentOutOfRangeException>(() => ErlangC.ServiceLevel(5, load, Aht180, Within20)).ParamName.ShouldBe("offeredLoad");
        Should.Throw<ArgumentOutOfRangeException>(() => ErlangC.AverageSpeedOfAnswer(5, load, Aht180)).ParamName.ShouldBe("offeredLoad");
        Should.Throw<ArgumentOutOfRangeException>(() => ErlangC.RequiredAgents(load, Aht180, Within20, 0.8)).ParamName.ShouldBe("offeredLoad");
    }

    [Test]
    public void RequiredAgents_LoadAboveMaximum_ThrowsNamingOfferedLoad()
        => Should.Throw<ArgumentOutOfRangeException>(() => ErlangC.RequiredAgents(2e8, Aht180, Within20, 0.8)).ParamName.ShouldBe("offeredLoad");

    [TestCase(0)]
    [TestCase(-1)]
    public void AllMeasures_NonPositiveHandleTime_ThrowNamingAverageHandleTime(int seconds)
    {
        var aht = TimeSpan.FromSeconds(seconds);
        Should.Throw<ArgumentOutOfRangeException>(() => ErlangC.ServiceLevel(5, 1, aht, Within20)).ParamName.ShouldBe("averageHandleTime");
        Should.Throw<ArgumentOutOfRangeException>(() => ErlangC.AverageSpeedOfAnswer(5, 1, aht)).ParamName.ShouldBe("averageHandleTime");
        Should.Throw<ArgumentOutOfRangeException>(() => ErlangC.RequiredAgents(1, aht, Within20, 0.8)).ParamName.ShouldBe("averageHandleTime");
    }

    [Test]
    public void AllMeasures_NegativeAnswerTime_ThrowNamingAnswerWithin()
    {
        var negative = TimeSpan.FromSeconds(-1);
        Should.Throw<ArgumentOutOfRangeException>(() => ErlangC.ServiceLevel(5, 1, Aht180, negative)).ParamName.ShouldBe("answerWithin");
        Should.Throw<ArgumentOutOfRangeException>(() => ErlangC.RequiredAgents(1, Aht180, negative, 0.8)).ParamName.ShouldBe("answerWithin");
    }

    [TestCase(0.0)]
    [TestCase(1.0)]
    [TestCase(-0.5)]
    [TestCase(1.5)]
    [TestCase(double.NaN)]
    public void RequiredAgents_TargetOutsideOpenUnitInterval_ThrowsNamingTargetServiceLevel(double target)
        => Should.Throw<ArgumentOutOfRangeException>(() => ErlangC.RequiredAgents(1, Aht180, Within20, target)).ParamName.ShouldBe("targetServiceLevel");
}
