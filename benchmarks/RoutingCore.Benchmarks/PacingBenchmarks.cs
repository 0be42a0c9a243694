using System.Collections.Immutable;
using BenchmarkDotNet.Attributes;

namespace RoutingCore.Benchmarks;

/// <summary>Cost of one pacing decision for an agent group of 30 or 3,000 slots.</summary>
[MemoryDiagnoser]
public class PacingBenchmarks
{
    private static readonly DateTimeOffset Now = new(2026, 1, 5, 9, 0, 0, TimeSpan.Zero);

    private IPacingCalculator _calculator = null!;
    private PacingSnapshot _snapshot = null!;

    /// <summary>The group's total capacity in slots.</summary>
    [Params(30, 3000)]
    public int Slots { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _calculator = PacingCalculatorFactory.Create();
        int pending = Math.Max(3, Slots / 50);
        var ages = ImmutableArray.CreateBuilder<TimeSpan>(pending);
        for (int i = 0; i < pending; i++)
        {
            ages.Add(TimeSpan.FromSeconds(i * 45.0 / pending));
        }

        _snapshot = new PacingSnapshot
        {
            Timestamp = Now,
            Capacity = Slots,
            Load = Slots * 0.9,
            ChatsInService = (int)(Slots * 0.9),
            Waiting = Slots / 100,
            ReadyAgents = Math.Max(1, Slots / 3),
            PendingInvitationAges = ages.MoveToImmutable(),
            AcceptanceRate = 0.25,
            AcceptDelay = TimeSpan.FromSeconds(8),
            AverageHandleTime = TimeSpan.FromSeconds(300),
            AveragePatience = TimeSpan.FromSeconds(90),
            ReactiveArrivalsPerSecond = Slots / 600.0,
        };
    }

    [Benchmark]
    public int Decide() => _calculator.Calculate(_snapshot, Now).Invitations;
}
