using System.Collections.Immutable;

namespace RoutingCore.Orleans.Serialization;

[GenerateSerializer]
internal struct PacingStatisticsSurrogate
{
    [Id(0)]
    public DateTimeOffset? MeasuredAt;

    [Id(1)]
    public ImmutableArray<TimeSpan> PendingInvitationAges;

    [Id(2)]
    public double AcceptanceRate;

    [Id(3)]
    public TimeSpan AcceptDelay;

    [Id(4)]
    public TimeSpan AverageHandleTime;

    [Id(5)]
    public TimeSpan AveragePatience;

    [Id(6)]
    public double ReactiveArrivalsPerSecond;

    [Id(7)]
    public TimeSpan AverageAnswerDelay;

    [Id(8)]
    public int InvitationsAnswered;

    [Id(9)]
    public int InvitationsAbandoned;

    [Id(10)]
    public SkillId? Skill;
}

[RegisterConverter]
internal sealed class PacingStatisticsConverter : IConverter<PacingStatistics, PacingStatisticsSurrogate>
{
    public PacingStatistics ConvertFromSurrogate(in PacingStatisticsSurrogate surrogate) => new()
    {
        Skill = surrogate.Skill,
        MeasuredAt = surrogate.MeasuredAt,
        PendingInvitationAges = surrogate.PendingInvitationAges,
        AcceptanceRate = surrogate.AcceptanceRate,
        AcceptDelay = surrogate.AcceptDelay,
        AverageHandleTime = surrogate.AverageHandleTime,
        AveragePatience = surrogate.AveragePatience,
        AverageAnswerDelay = surrogate.AverageAnswerDelay,
        ReactiveArrivalsPerSecond = surrogate.ReactiveArrivalsPerSecond,
        InvitationsAnswered = surrogate.InvitationsAnswered,
        InvitationsAbandoned = surrogate.InvitationsAbandoned,
    };

    public PacingStatisticsSurrogate ConvertToSurrogate(in PacingStatistics value) => new()
    {
        Skill = value.Skill,
        MeasuredAt = value.MeasuredAt,
        PendingInvitationAges = value.PendingInvitationAges,
        AcceptanceRate = value.AcceptanceRate,
        AcceptDelay = value.AcceptDelay,
        AverageHandleTime = value.AverageHandleTime,
        AveragePatience = value.AveragePatience,
        AverageAnswerDelay = value.AverageAnswerDelay,
        ReactiveArrivalsPerSecond = value.ReactiveArrivalsPerSecond,
        InvitationsAnswered = value.InvitationsAnswered,
        InvitationsAbandoned = value.InvitationsAbandoned,
    };
}

[GenerateSerializer]
internal struct PacingSnapshotSurrogate
{
    [Id(0)]
    public AgentGroupId AgentGroup;

    [Id(1)]
    public DateTimeOffset Timestamp;

    [Id(2)]
    public double Capacity;

    [Id(3)]
    public double Load;

    [Id(4)]
    public int ChatsInService;

    [Id(5)]
    public int Waiting;

    [Id(6)]
    public int ReadyAgents;

    [Id(7)]
    public ImmutableArray<TimeSpan> PendingInvitationAges;

    [Id(8)]
    public double AcceptanceRate;

    [Id(9)]
    public TimeSpan AcceptDelay;

    [Id(10)]
    public TimeSpan AverageHandleTime;

    [Id(11)]
    public TimeSpan AveragePatience;

    [Id(12)]
    public double ReactiveArrivalsPerSecond;

    [Id(13)]
    public double? FreeSlots;

    [Id(14)]
    public TimeSpan AverageAnswerDelay;

    [Id(15)]
    public int InvitationsAnswered;

    [Id(16)]
    public int InvitationsAbandoned;
}

[RegisterConverter]
internal sealed class PacingSnapshotConverter : IConverter<PacingSnapshot, PacingSnapshotSurrogate>
{
    public PacingSnapshot ConvertFromSurrogate(in PacingSnapshotSurrogate surrogate) => new()
    {
        AgentGroup = surrogate.AgentGroup,
        Timestamp = surrogate.Timestamp,
        Capacity = surrogate.Capacity,
        Load = surrogate.Load,
        FreeSlots = surrogate.FreeSlots,
        ChatsInService = surrogate.ChatsInService,
        Waiting = surrogate.Waiting,
        ReadyAgents = surrogate.ReadyAgents,
        PendingInvitationAges = surrogate.PendingInvitationAges,
        AcceptanceRate = surrogate.AcceptanceRate,
        AcceptDelay = surrogate.AcceptDelay,
        AverageHandleTime = surrogate.AverageHandleTime,
        AveragePatience = surrogate.AveragePatience,
        AverageAnswerDelay = surrogate.AverageAnswerDelay,
        ReactiveArrivalsPerSecond = surrogate.ReactiveArrivalsPerSecond,
        InvitationsAnswered = surrogate.InvitationsAnswered,
        InvitationsAbandoned = surrogate.InvitationsAbandoned,
    };

    public PacingSnapshotSurrogate ConvertToSurrogate(in PacingSnapshot value) => new()
    {
        AgentGroup = value.AgentGroup,
        Timestamp = value.Timestamp,
        Capacity = value.Capacity,
        Load = value.Load,
        FreeSlots = value.FreeSlots,
        ChatsInService = value.ChatsInService,
        Waiting = value.Waiting,
        ReadyAgents = value.ReadyAgents,
        PendingInvitationAges = value.PendingInvitationAges,
        AcceptanceRate = value.AcceptanceRate,
        AcceptDelay = value.AcceptDelay,
        AverageHandleTime = value.AverageHandleTime,
        AveragePatience = value.AveragePatience,
        AverageAnswerDelay = value.AverageAnswerDelay,
        ReactiveArrivalsPerSecond = value.ReactiveArrivalsPerSecond,
        InvitationsAnswered = value.InvitationsAnswered,
        InvitationsAbandoned = value.InvitationsAbandoned,
    };
}

[GenerateSerializer]
internal struct PacingDecisionSurrogate
{
    [Id(0)]
    public int Invitations;

    [Id(1)]
    public double PredictedAbandonment;

    [Id(2)]
    public double PredictedOccupancy;

    [Id(3)]
    public int Reason;

    [Id(4)]
    public string? Message;
}

[RegisterConverter]
internal sealed class PacingDecisionConverter : IConverter<PacingDecision, PacingDecisionSurrogate>
{
    public PacingDecision ConvertFromSurrogate(in PacingDecisionSurrogate surrogate) =>
        new(surrogate.Invitations, surrogate.PredictedAbandonment, surrogate.PredictedOccupancy, (PacingReason)surrogate.Reason, surrogate.Message);

    public PacingDecisionSurrogate ConvertToSurrogate(in PacingDecision value) => new()
    {
        Invitations = value.Invitations,
        PredictedAbandonment = value.PredictedAbandonment,
        PredictedOccupancy = value.PredictedOccupancy,
        Reason = (int)value.Reason,
        Message = value.Message,
    };
}
