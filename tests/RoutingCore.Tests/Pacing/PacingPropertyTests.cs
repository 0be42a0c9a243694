using System.Collections.Immutable;
using CsCheck;
using static RoutingCore.Tests.Pacing.PacingTestData;

namespace RoutingCore.Tests.Pacing;

/// <summary>Property-based checks of the pacing invariants and monotonicity claims over random snapshots (CsCheck).</summary>
public class PacingPropertyTests
{
    private const int Iterations = 3000;
    private const int Cap = 100_000; // high enough that the cap rarely hides a difference (capping preserves monotonicity anyway)

    private static readonly Gen<PacingSnapshot> Snapshots = Gen.Select(
        Gen.Int[0, 4000],
        Gen.Double[0, 1.3],
        Gen.Int[0, 4000],
        Gen.Int[0, 200],
        Gen.Double[0, 90].Array[0, 30],
        Gen.Double[0, 1],
        Gen.Double[0, 30],
        Gen.Double[20, 1200],
        Gen.Double[5, 900],
        Gen.Double[0, 5],
        Gen.Int[1, 300],
        (capacity, loadFraction, chats, waiting, ages, p, delay, aht, patience, reactive, ready) => new PacingSnapshot
        {
            Timestamp = Now,
            Capacity = capacity,
            Load = capacity * loadFraction,
            ChatsInService = chats,
            Waiting = waiting,
            PendingInvitationAges = [.. ages.Select(TimeSpan.FromSeconds)],
            AcceptanceRate = p,
            AcceptDelay = TimeSpan.FromSeconds(delay),
            AverageHandleTime = TimeSpan.FromSeconds(aht),
            AveragePatience = TimeSpan.FromSeconds(patience),
            ReactiveArrivalsPerSecond = reactive,
            ReadyAgents = ready,
        });

    private static IPacingCalculator Calculator(PacingTarget target, double abandonment = 0.03, double busy = 0.8, int max = Cap)
        => PacingCalculatorFactory.Create(new PacingOptions { Target = target, AbandonmentRate = abandonment, BusyFactor = busy, MaxInvitationsPerInterval = max });

    private static int Invitations(IPacingCalculator calculator, PacingSnapshot snapshot) => calculator.Calculate(snapshot, Now).Invitations;

    [TestCase(PacingTarget.AbandonmentRate)]
    [TestCase(PacingTarget.BusyFactor)]
    public void Calculate_RandomSnapshots_StaysWithinBoundsWithConsistentReason(PacingTarget target)
    {
        var calculator = Calculator(target, max: 50);
        Snapshots.Sample(snapshot =>
        {
            var d = calculator.Calculate(snapshot, Now);
            d.Invitations.ShouldBeInRange(0, 50);
            d.PredictedAbandonment.ShouldBeInRange(0.0, 1.0);
            d.PredictedOccupancy.ShouldBeInRange(0.0, 1.0);
            if (d.Invitations == 0)
            {
                d.Reason.ShouldBeOneOf(PacingReason.NoFreeCapacity, PacingReason.TargetReached);
            }
            else
            {
                d.Reason.ShouldBe(PacingReason.None);
            }
        }, iter: Iterations, threads: 1);
    }

    [TestCase(PacingTarget.AbandonmentRate)]
    [TestCase(PacingTarget.BusyFactor)]
    public void Calculate_QueueGrows_NeverMoreInvitations(PacingTarget target)
    {
        var c = Calculator(target);
        Gen.Select(Snapshots, Gen.Int[1, 100]).Sample((s, extra) =>
            Invitations(c, s with { Waiting = s.Waiting + extra }).ShouldBeLessThanOrEqualTo(Invitations(c, s)), iter: Iterations, threads: 1);
    }

    [TestCase(PacingTarget.AbandonmentRate)]
    [TestCase(PacingTarget.BusyFactor)]
    public void Calculate_PendingInvitationsGrow_NeverMoreInvitations(PacingTarget target)
    {
        var c = Calculator(target);
        Gen.Select(Snapshots, Gen.Double[0, 59].Array[1, 10]).Sample((s, extra) =>
        {
            var more = s with { PendingInvitationAges = s.PendingInvitationAges.AddRange(extra.Select(TimeSpan.FromSeconds)) };
            Invitations(c, more).ShouldBeLessThanOrEqualTo(Invitations(c, s));
        }, iter: Iterations, threads: 1);
    }

    [TestCase(PacingTarget.AbandonmentRate)]
    [TestCase(PacingTarget.BusyFactor)]
    public void Calculate_AcceptanceRateGrows_NeverMoreInvitations(PacingTarget target)
    {
        var c = Calculator(target);
        Gen.Select(Snapshots, Gen.Double[0.001, 1]).Sample((s, delta) =>
            Invitations(c, s with { AcceptanceRate = Math.Min(1, s.AcceptanceRate + delta) }).ShouldBeLessThanOrEqualTo(Invitations(c, s)),
            iter: Iterations, threads: 1);
    }

    [TestCase(PacingTarget.AbandonmentRate)]
    [TestCase(PacingTarget.BusyFactor)]
    public void Calculate_ReactiveTrafficGrows_NeverMoreInvitations(PacingTarget target)
    {
        var c = Calculator(target);
        Gen.Select(Snapshots, Gen.Double[0.001, 5]).Sample((s, delta) =>
            Invitations(c, s with { ReactiveArrivalsPerSecond = s.ReactiveArrivalsPerSecond + delta }).ShouldBeLessThanOrEqualTo(Invitations(c, s)),
            iter: Iterations, threads: 1);
    }

    [TestCase(PacingTarget.AbandonmentRate)]
    [TestCase(PacingTarget.BusyFactor)]
    public void Calculate_CapacityGrows_NeverFewerInvitations(PacingTarget target)
    {
        // Includes groups crossing the small-group threshold (30 slots), where the method switches.
        var c = Calculator(target);
        Gen.Select(Snapshots, Gen.Int[1, 500]).Sample((s, extra) =>
            Invitations(c, s with { Capacity = s.Capacity + extra }).ShouldBeGreaterThanOrEqualTo(Invitations(c, s)), iter: Iterations, threads: 1);
    }

    [TestCase(PacingTarget.AbandonmentRate)]
    [TestCase(PacingTarget.BusyFactor)]
    public void Calculate_LoadFalls_NeverFewerInvitations(PacingTarget target)
    {
        var c = Calculator(target);
        Gen.Select(Snapshots, Gen.Double[0.01, 1]).Sample((s, fraction) =>
            Invitations(c, s with { Load = s.Load * (1 - fraction) }).ShouldBeGreaterThanOrEqualTo(Invitations(c, s)), iter: Iterations, threads: 1);
    }

    [TestCase(PacingTarget.AbandonmentRate)]
    [TestCase(PacingTarget.BusyFactor)]
    public void Calculate_PatienceGrows_NeverFewerInvitations(PacingTarget target)
    {
        var c = Calculator(target);
        Gen.Select(Snapshots, Gen.Double[1.01, 10]).Sample((s, factor) =>
            Invitations(c, s with { AveragePatience = s.AveragePatience * factor }).ShouldBeGreaterThanOrEqualTo(Invitations(c, s)), iter: Iterations, threads: 1);
    }

    [TestCase(PacingTarget.AbandonmentRate)]
    [TestCase(PacingTarget.BusyFactor)]
    public void Calculate_AbandonmentTargetGrows_NeverFewerInvitations(PacingTarget target)
    {
        Gen.Select(Snapshots, Gen.Double[0.001, 0.5], Gen.Double[0.001, 0.4]).Sample((s, rate, delta) =>
            Invitations(Calculator(target, abandonment: rate + delta), s).ShouldBeGreaterThanOrEqualTo(Invitations(Calculator(target, abandonment: rate), s)),
            iter: 1000, threads: 1);
    }

    [Test]
    public void Calculate_BusyFactorTargetGrows_NeverFewerInvitations()
    {
        Gen.Select(Snapshots, Gen.Double[0.05, 0.9], Gen.Double[0.01, 0.09]).Sample((s, busy, delta) =>
            Invitations(Calculator(PacingTarget.BusyFactor, busy: busy + delta), s)
                .ShouldBeGreaterThanOrEqualTo(Invitations(Calculator(PacingTarget.BusyFactor, busy: busy), s)),
            iter: 1000, threads: 1);
    }

    [Test]
    public void Calculate_RandomLargeGroupsUnderAbandonmentTarget_LastInvitationWithinTarget()
    {
        var c = Calculator(PacingTarget.AbandonmentRate);
        Snapshots.Where(s => s.Capacity >= 30).Sample(s =>
        {
            var d = c.Calculate(s, Now);
            if (d.Invitations > 0)
            {
                // Either the queue-position rule held the marginal invitation within 3 %, or the progressive rule put it in a free slot.
                d.PredictedAbandonment.ShouldBeLessThanOrEqualTo(0.03 + 1e-12);
            }
        }, iter: Iterations, threads: 1);
    }

    [Test]
    public void Snapshots_Generator_CoversBothMethodsAndBothOutcomes()
    {
        var c = Calculator(PacingTarget.AbandonmentRate);
        int small = 0, large = 0, zero = 0, positive = 0;
        Snapshots.Sample(s =>
        {
            if (s.Capacity < 30) { small++; } else { large++; }
            if (Invitations(c, s) == 0) { zero++; } else { positive++; }
        }, iter: 2000, threads: 1);
        small.ShouldBeGreaterThan(0);
        large.ShouldBeGreaterThan(1000);
        zero.ShouldBeGreaterThan(100);
        positive.ShouldBeGreaterThan(100);
    }
}
