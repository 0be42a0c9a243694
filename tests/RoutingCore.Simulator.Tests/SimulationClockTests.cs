using RoutingCore.Simulator;

namespace RoutingCore.Simulator.Tests;

/// <summary>The fake clock that knows its next timer: what lets the simulation stop exactly at each engine timer.</summary>
public sealed class SimulationClockTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 5, 9, 0, 0, TimeSpan.Zero);

    [Test]
    public void NextDueTicks_FollowsTheArmedTimer_AndClearsWhenItFires()
    {
        var clock = new SimulationClock(Start);
        int fired = 0;
        using ITimer timer = clock.CreateTimer(_ => fired++, null, TimeSpan.FromSeconds(5), Timeout.InfiniteTimeSpan);

        clock.NextDueTicks.ShouldBe(Start.AddSeconds(5).UtcTicks);
        clock.SetUtcNow(Start.AddSeconds(4));
        fired.ShouldBe(0);
        clock.SetUtcNow(Start.AddSeconds(5));
        fired.ShouldBe(1);
        clock.NextDueTicks.ShouldBe(long.MaxValue);
    }

    [Test]
    public void NextDueTicks_IsTheEarliestTimer_AndForgetsDisposedOnes()
    {
        var clock = new SimulationClock(Start);
        ITimer late = clock.CreateTimer(_ => { }, null, TimeSpan.FromSeconds(30), Timeout.InfiniteTimeSpan);
        ITimer early = clock.CreateTimer(_ => { }, null, TimeSpan.FromSeconds(10), Timeout.InfiniteTimeSpan);

        clock.NextDueTicks.ShouldBe(Start.AddSeconds(10).UtcTicks);
        early.Dispose();
        clock.NextDueTicks.ShouldBe(Start.AddSeconds(30).UtcTicks);
        late.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan).ShouldBeTrue();
        clock.NextDueTicks.ShouldBe(long.MaxValue);
        late.Dispose();
    }

    [Test]
    public void NextDueTicks_PeriodicTimer_IsDueAgainOnePeriodLater()
    {
        var clock = new SimulationClock(Start);
        using ITimer timer = clock.CreateTimer(_ => { }, null, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(3));

        clock.SetUtcNow(Start.AddSeconds(2));

        clock.NextDueTicks.ShouldBe(Start.AddSeconds(5).UtcTicks);
    }
}
