
namespace RoutingCore.Tests.Pacing;

public class ErlangBTests
{
    // Finds the offered load at which ErlangB.Blocking(servers, load) equals the blocking target (bisection; Blocking increases with load).
    private static double LoadAtBlocking(int servers, double blocking)
    {
        double lo = 0, hi = servers * 2.0;
        for (int i = 0; i < 200; i++)
        {
            double mid = (lo + hi) / 2;
            if (ErlangB.Blocking(servers, mid) < blocking)
            {
                lo = mid;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }

    [Test]
    public void Blocking_FifteenLinesAtOnePercent_CarriesPublished8108Erlangs()
    {
        // Published: "15 lines ... one call in one hundred will be blocked ... 8.108 Erlangs"
        // (Westbay Engineers, Erlang calculator manual, https://erlang.com/calculatormanual/howmuchtrafficcanatrunkgrouphandle.htm).
        LoadAtBlocking(15, 0.01).ShouldBe(8.108, 0.0005);
        ErlangB.Blocking(15, 8.108).ShouldBe(0.01000, 0.000005);
    }

    [TestCase(10, 4.46)]
    [TestCase(50, 37.9)]
    [TestCase(100, 84.1)]
    public void Blocking_ClassicTableAtOnePercent_MatchesTabulatedLoadToThreeDigits(int servers, double tabulatedLoad)
    {
        // Classic Erlang B tables (for example the erlang.com Erlang B table; the same values appear in most telephony traffic handbooks)
        // list the load carried at 1 % blocking to three significant digits: 10 lines 4.46 E, 50 lines 37.9 E, 100 lines 84.1 E.
        double load = LoadAtBlocking(servers, 0.01);
        (Math.Abs(load - tabulatedLoad) / tabulatedLoad).ShouldBeLessThan(0.0007);
    }

    [TestCase(10, 4.461176857577691)]
    [TestCase(15, 8.108042797184451)]
    [TestCase(50, 37.90139808852489)]
    [TestCase(100, 84.06415889394775)]
    public void Blocking_LoadAtOnePercent_MatchesHighPrecisionReference(int servers, double reference)
    {
        // Reference: the same bisection over an independent 50-digit decimal implementation of the recursion (Python decimal module).
        LoadAtBlocking(servers, 0.01).ShouldBe(reference, reference * 1e-9);
    }

    [Test]
    public void Blocking_ThirtyServersTwentyFiveErlangs_MatchesReference()
    {
        // Wolfram Language ErlangB documentation: "30 call lines and the traffic is 25 Erlangs ... approximately 0.05"
        // (https://reference.wolfram.com/language/ref/ErlangB.html); 50-digit reference 0.052603172228140617.
        ErlangB.Blocking(30, 25).ShouldBe(0.052603172228140617, 1e-14);
    }

    [TestCase(1000, 0.9, 5.92986267014622e-05)]
    [TestCase(1000, 1.0, 0.0248119176461604)]
    [TestCase(1000, 1.1, 0.0986251696893491)]
    [TestCase(5000, 0.9, 1.29183180785281e-14)]
    [TestCase(5000, 1.0, 0.0111993582785055)]
    [TestCase(5000, 1.1, 0.0926546389628451)]
    [TestCase(10000, 0.9, 2.09161979441929e-26)]
    [TestCase(10000, 1.0, 0.00793656324880567)]
    [TestCase(10000, 1.1, 0.0917991661060764)]
    public void Blocking_ThousandsOfServers_IsFiniteAndMatchesReference(int servers, double loadPerServer, double reference)
    {
        // References: 50-digit decimal recursion (Python). No factorials, so no overflow at 10,000 servers.
        double b = ErlangB.Blocking(servers, servers * loadPerServer);
        double.IsFinite(b).ShouldBeTrue();
        b.ShouldBe(reference, reference * 1e-10);
    }

    [Test]
    public void Blocking_HugeAndTinyLoads_StayInUnitInterval()
    {
        ErlangB.Blocking(10000, 1e-300).ShouldBe(0);
        ErlangB.Blocking(10000, 1e300).ShouldBe(1, 1e-12);
        ErlangB.Blocking(int.MaxValue / 100_000, 0.5).ShouldBe(0);
    }

    [Test]
    public void Blocking_ZeroServers_IsOne() => ErlangB.Blocking(0, 3).ShouldBe(1);

    [Test]
    public void Blocking_ZeroLoad_IsZero() => ErlangB.Blocking(5, 0).ShouldBe(0);

    [Test]
    public void Blocking_NegativeServers_ThrowsNamingServers()
        => Should.Throw<ArgumentOutOfRangeException>(() => ErlangB.Blocking(-1, 1)).ParamName.ShouldBe("servers");

    [TestCase(-1.0)]
    [TestCase(double.NaN)]
    [TestCase(double.PositiveInfinity)]
    [TestCase(double.NegativeInfinity)]
    public void Blocking_InvalidLoad_ThrowsNamingOfferedLoad(double load)
        => Should.Throw<ArgumentOutOfRangeException>(() => ErlangB.Blocking(3, load)).ParamName.ShouldBe("offeredLoad");
}
