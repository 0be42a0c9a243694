using System.Collections.Immutable;

namespace RoutingCore.Tests.Pacing;

internal static class PacingTestData
{
    internal static readonly DateTimeOffset Now = new(2026, 1, 5, 9, 0, 0, TimeSpan.Zero);

    /// <summary>A 300-slot group, nearly full: the queue-position prediction decides (about 50 invitations with the defaults).</summary>
    internal static PacingSnapshot Large() => new()
    {
        AgentGroup = new AgentGroupId("sales"),
        Timestamp = Now,
        Capacity = 300,
        Load = 290,
        ChatsInService = 290,
        Waiting = 0,
        ReadyAgents = 100,
        PendingInvitationAges = [TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(9), TimeSpan.FromSeconds(20)],
        AcceptanceRate = 0.3,
        AcceptDelay = TimeSpan.FromSeconds(8),
        AverageHandleTime = TimeSpan.FromSeconds(300),
        AveragePatience = TimeSpan.FromSeconds(90),
        ReactiveArrivalsPerSecond = 0.5,
    };

    /// <summary>A 10-slot group: the progressive rule decides.</summary>
    internal static PacingSnapshot Small() => new()
    {
        Timestamp = Now,
        Capacity = 10,
        Load = 4,
        ChatsInService = 4,
        Waiting = 1,
        ReadyAgents = 3,
        PendingInvitationAges = [TimeSpan.Zero, TimeSpan.Zero],
        AcceptanceRate = 0.5,
        AcceptDelay = TimeSpan.FromSeconds(5),
        AverageHandleTime = TimeSpan.FromSeconds(240),
        AveragePatience = TimeSpan.FromSeconds(60),
        ReactiveArrivalsPerSecond = 0.05,
    };

    internal static ImmutableArray<TimeSpan> Ages(params double[] seconds) => [.. seconds.Select(TimeSpan.FromSeconds)];
}
