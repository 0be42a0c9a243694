
namespace RoutingCore.Tests.Pacing;

public class ErlangATests
{
    private static TimeSpan S(double seconds) => TimeSpan.FromSeconds(seconds);

    // Independent high-accuracy references, computed with 60-digit Python decimals by a different method: the birth-death distribution
    // summed directly in the original scale (no Erlang B shortcut, no rescaling), and the service level from the closed form
    // P(j < n) + π_n·nμ·e^x·x^-(c+1)/θ·[γ(c+1, x) − γ(c+1, x·e^(−θT))], x = λ/θ, c = nμ/θ, with the lower incomplete gamma γ
    // summed from its power series — not the quadrature the library uses.
    // Columns: agents, arrivals/s, AHT s, patience s, T s | P(wait), P(abandon), ASA s, service level, occupancy.
    [TestCase(12, 10.0 / 180, 180, 120, 20, 0.279807018645444, 0.0615973770036804, 7.39168524044165, 0.825582644361764, 0.782002185830266)]
    [TestCase(50, 0.2, 300, 60, 30, 0.665817100878831, 0.187748947019914, 11.2649368211949, 0.724768625688411, 0.974701263576103)]
    [TestCase(3, 0.01, 200, 100, 10, 0.291800445299784, 0.137379599230195, 13.7379599230195, 0.734464179270558, 0.57508026717987)]
    [TestCase(1000, 4.0, 300, 120, 20, 0.999917685823436, 0.166667058283968, 20.0000469940762, 0.324560748863102, 0.999999530059238)]
    [TestCase(5000, 0.98 * 5000 / 300, 300, 300, 15, 0.0779449562265139, 0.000498671270859202, 0.149601381257761, 0.999500878612405, 0.979511302154558)]
    public void Evaluate_ReferenceCases_MatchIndependentHighPrecisionCalculation(
        int agents, double arrivals, double aht, double patience, double within,
        double waiting, double abandonment, double asaSeconds, double serviceLevel, double occupancy)
    {
        var r = ErlangA.Evaluate(agents, arrivals, S(aht), S(patience), S(within));
        r.ProbabilityOfWaiting.ShouldBe(waiting, 1e-12);
        r.ProbabilityOfAbandonment.ShouldBe(abandonment, 1e-12);
        r.AverageSpeedOfAnswer.TotalSeconds.ShouldBe(asaSeconds, 1e-6); // TimeSpan resolution is 100 ns
        r.ServiceLevel.ShouldBe(serviceLevel, 1e-10);
        r.Occupancy.ShouldBe(occupancy, 1e-12);
    }

    [Test]
    public void Evaluate_AbandonmentProbability_EqualsAbandonRateTimesMeanWait()
    {
        // In M/M/n+M, P(abandon) = θ·E[Q]/λ = θ·E[W] (Little's law over all arrivals).
        var r = ErlangA.Evaluate(40, 0.15, S(300), S(90), S(20));
        r.ProbabilityOfAbandonment.ShouldBe(r.AverageSpeedOfAnswer.TotalSeconds / 90, 1e-8);
    }

    [Test]
    public void Evaluate_VeryLongAnswerTarget_ServiceLevelApproachesOneMinusAbandonment()
    {
        var r = ErlangA.Evaluate(12, 10.0 / 180, S(180), S(120), S(100_000));
        r.ServiceLevel.ShouldBe(1 - r.ProbabilityOfAbandonment, 1e-10);
    }

    [TestCase(14)]
    [TestCase(12)]
    [TestCase(11)]
    public void Evaluate_PatienceTendsToInfinity_ApproachesErlangC(int agents)
    {
        // A = 10 Erlangs, AHT 180 s, T = 20 s: the Erlang C worked example above. Patience of 10^8 s is effectively infinite.
        var r = ErlangA.Evaluate(agents, 10.0 / 180, S(180), S(1e8), S(20));
        r.ProbabilityOfWaiting.ShouldBe(ErlangC.ProbabilityOfWaiting(agents, 10), 1e-4);
        r.ServiceLevel.ShouldBe(ErlangC.ServiceLevel(agents, 10, S(180), S(20)), 1e-4);
        r.AverageSpeedOfAnswer.TotalSeconds.ShouldBe(ErlangC.AverageSpeedOfAnswer(agents, 10, S(180)).TotalSeconds, 0.01);
        r.ProbabilityOfAbandonment.ShouldBeLessThan(1e-4);
        r.Occupancy.ShouldBe(10.0 / agents, 1e-4);
    }

    [Test]
    public void Evaluate_PatienceGrows_ConvergesMonotonicallyTowardErlangC()
    {
        double erlangC = ErlangC.ProbabilityOfWaiting(12, 10);
        double previous = 0;
        foreach (double patience in new[] { 10.0, 100, 1_000, 10_000, 100_000, 1_000_000 })
        {
            double pw = ErlangA.Evaluate(12, 10.0 / 180, S(180), S(patience), S(20)).ProbabilityOfWaiting;
            pw.ShouldBeGreaterThan(previous);
            pw.ShouldBeLessThanOrEqualTo(erlangC + 1e-12);
            previous = pw;
        }

        (erlangC - previous).ShouldBeLessThan(2e-4);
    }

    [TestCase(1000, 0.9)]
    [TestCase(1000, 1.2)]
    [TestCase(5000, 0.98)]
    [TestCase(5000, 1.5)]
    [TestCase(10000, 1.0)]
    [TestCase(10000, 2.0)]
    public void Evaluate_ThousandsOfAgents_IsFiniteAndConsistent(int agents, double loadPerAgent)
    {
        const double aht = 300, patience = 120;
        double arrivals = agents * loadPerAgent / aht;
        var r = ErlangA.Evaluate(agents, arrivals, S(aht), S(patience), S(20));
        foreach (double v in new[] { r.ProbabilityOfWaiting, r.ProbabilityOfAbandonment, r.ServiceLevel, r.Occupancy })
        {
            double.IsNaN(v).ShouldBeFalse();
            v.ShouldBeInRange(0.0, 1.0);
        }

        r.ProbabilityOfAbandonment.ShouldBe(r.AverageSpeedOfAnswer.TotalSeconds / patience, 1e-6);
        r.ServiceLevel.ShouldBeLessThanOrEqualTo(1 - r.ProbabilityOfAbandonment + 1e-12);
        if (loadPerAgent > 1)
        {
            // Overloaded: the excess is shed by abandonment, so agents are busy and at least (A - n)/A abandon (fluid limit).
            r.Occupancy.ShouldBeGreaterThan(0.99);
            r.ProbabilityOfAbandonment.ShouldBeGreaterThanOrEqualTo((loadPerAgent - 1) / loadPerAgent - 1e-3);
        }
        else
        {
            r.ProbabilityOfWaiting.ShouldBeLessThanOrEqualTo(ErlangC.ProbabilityOfWaiting(agents, agents * loadPerAgent) + 1e-12);
        }
    }

    [Test]
    public void Evaluate_NoAgents_EveryoneWaitsAndAbandons()
    {
        var r = ErlangA.Evaluate(0, 0.5, S(300), S(60), S(20));
        r.ProbabilityOfWaiting.ShouldBe(1);
        r.ProbabilityOfAbandonment.ShouldBe(1, 1e-12);
        r.AverageSpeedOfAnswer.TotalSeconds.ShouldBe(60, 1e-6);
        r.ServiceLevel.ShouldBe(0);
        r.Occupancy.ShouldBe(0);
    }

    [Test]
    public void Evaluate_NoArrivals_IsIdeal()
        => ErlangA.Evaluate(5, 0, S(300), S(60), S(20)).ShouldBe(new ErlangAResult(0, 0, TimeSpan.Zero, 1, 0));

    [Test]
    public void Evaluate_NegativeAgents_ThrowsNamingAgents()
        => Should.Throw<ArgumentOutOfRangeException>(() => ErlangA.Evaluate(-1, 1, S(1), S(1), S(1))).ParamName.ShouldBe("agents");

    [TestCase(-1.0)]
    [TestCase(double.NaN)]
    [TestCase(double.PositiveInfinity)]
    public void Evaluate_InvalidArrivalRate_ThrowsNamingArrivalsPerSecond(double arrivals)
        => Should.Throw<ArgumentOutOfRangeException>(() => ErlangA.Evaluate(1, arrivals, S(1), S(1), S(1))).ParamName.ShouldBe("arrivalsPerSecond");

    [TestCase(0)]
    [TestCase(-5)]
    public void Evaluate_NonPositiveHandleTime_ThrowsNamingAverageHandleTime(double seconds)
        => Should.Throw<ArgumentOutOfRangeException>(() => ErlangA.Evaluate(1, 1, S(seconds), S(1), S(1))).ParamName.ShouldBe("averageHandleTime");

    [TestCase(0)]
    [TestCase(-5)]
    public void Evaluate_NonPositivePatience_ThrowsNamingAveragePatience(double seconds)
        => Should.Throw<ArgumentOutOfRangeException>(() => ErlangA.Evaluate(1, 1, S(1), S(seconds), S(1))).ParamName.ShouldBe("averagePatience");

    [Test]
    public void Evaluate_NegativeAnswerTime_ThrowsNamingAnswerWithin()
        => Should.Throw<ArgumentOutOfRangeException>(() => ErlangA.Evaluate(1, 1, S(1), S(1), S(-1))).ParamName.ShouldBe("answerWithin");

    [Test]
    public void Evaluate_PatienceAstronomicalUnderOverload_ThrowsNamingAveragePatienceInsteadOfHanging()
        => Should.Throw<ArgumentOutOfRangeException>(() => ErlangA.Evaluate(10, 1, S(100), S(5e11), S(20))).ParamName.ShouldBe("averagePatience");

    [Test]
    public void AbandonmentAtPosition_FreeAgentOrQueue_MatchesConditionalFormula()
    {
        ErlangA.AbandonmentAtPosition(-0.5, 1, 0.1).ShouldBe(0);
        ErlangA.AbandonmentAtPosition(0, 1, 0.1).ShouldBe(0.1 / 1.1, 1e-15);
        ErlangA.AbandonmentAtPosition(4, 1, 0.1).ShouldBe(0.5 / 1.5, 1e-15);
    }
}
