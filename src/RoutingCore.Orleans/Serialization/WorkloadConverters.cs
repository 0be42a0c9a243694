using System.Collections.Immutable;

namespace RoutingCore.Orleans.Serialization;

[GenerateSerializer]
internal struct AgentGroupShareSurrogate
{
    [Id(0)]
    public AgentGroupId Group;

    [Id(1)]
    public double Percentage;
}

[RegisterConverter]
internal sealed class AgentGroupShareConverter : IConverter<AgentGroupShare, AgentGroupShareSurrogate>
{
    public AgentGroupShare ConvertFromSurrogate(in AgentGroupShareSurrogate surrogate) => new(surrogate.Group, surrogate.Percentage);

    public AgentGroupShareSurrogate ConvertToSurrogate(in AgentGroupShare value) => new() { Group = value.Group, Percentage = value.Percentage };
}

[GenerateSerializer]
internal struct WorkloadDistributionSurrogate
{
    [Id(0)]
    public ImmutableArray<AgentGroupShare> Primary;

    [Id(1)]
    public ImmutableArray<AgentGroupShare> Secondary;

    [Id(2)]
    public TimeSpan? MaxWait;
}

[RegisterConverter]
internal sealed class WorkloadDistributionConverter : IConverter<WorkloadDistribution, WorkloadDistributionSurrogate>
{
    // Create validates again: a distribution that was valid where it was made is valid here.
    public WorkloadDistribution ConvertFromSurrogate(in WorkloadDistributionSurrogate surrogate) =>
        WorkloadDistribution.Create(surrogate.Primary, surrogate.Secondary, surrogate.MaxWait);

    public WorkloadDistributionSurrogate ConvertToSurrogate(in WorkloadDistribution value) => new()
    {
        Primary = value.Primary,
        Secondary = value.Secondary,
        MaxWait = value.MaxWait,
    };
}

[GenerateSerializer]
internal struct WorkloadGroupReportSurrogate
{
    [Id(0)]
    public AgentGroupId Group;

    [Id(1)]
    public int Role;

    [Id(2)]
    public double TargetPrimaryPercentage;

    [Id(3)]
    public double TargetSecondaryPercentage;

    [Id(4)]
    public double ActualPrimaryPercentage;

    [Id(5)]
    public double ActualSecondaryPercentage;

    [Id(6)]
    public long PrimaryCount;

    [Id(7)]
    public long CascadedCount;

    [Id(8)]
    public long PrimaryCountSinceChange;

    [Id(9)]
    public long CascadedCountSinceChange;

    [Id(10)]
    public long PrimaryOwed;
}

[RegisterConverter]
internal sealed class WorkloadGroupReportConverter : IConverter<WorkloadGroupReport, WorkloadGroupReportSurrogate>
{
    public WorkloadGroupReport ConvertFromSurrogate(in WorkloadGroupReportSurrogate surrogate) => new()
    {
        Group = surrogate.Group,
        Role = (WorkloadGroupRole)surrogate.Role,
        TargetPrimaryPercentage = surrogate.TargetPrimaryPercentage,
        TargetSecondaryPercentage = surrogate.TargetSecondaryPercentage,
        ActualPrimaryPercentage = surrogate.ActualPrimaryPercentage,
        ActualSecondaryPercentage = surrogate.ActualSecondaryPercentage,
        PrimaryCount = surrogate.PrimaryCount,
        CascadedCount = surrogate.CascadedCount,
        PrimaryCountSinceChange = surrogate.PrimaryCountSinceChange,
        CascadedCountSinceChange = surrogate.CascadedCountSinceChange,
        PrimaryOwed = surrogate.PrimaryOwed,
    };

    public WorkloadGroupReportSurrogate ConvertToSurrogate(in WorkloadGroupReport value) => new()
    {
        Group = value.Group,
        Role = (int)value.Role,
        TargetPrimaryPercentage = value.TargetPrimaryPercentage,
        TargetSecondaryPercentage = value.TargetSecondaryPercentage,
        ActualPrimaryPercentage = value.ActualPrimaryPercentage,
        ActualSecondaryPercentage = value.ActualSecondaryPercentage,
        PrimaryCount = value.PrimaryCount,
        CascadedCount = value.CascadedCount,
        PrimaryCountSinceChange = value.PrimaryCountSinceChange,
        CascadedCountSinceChange = value.CascadedCountSinceChange,
        PrimaryOwed = value.PrimaryOwed,
    };
}

[GenerateSerializer]
internal struct WorkloadReportSurrogate
{
    [Id(0)]
    public SkillId Skill;

    [Id(1)]
    public WorkloadDistribution Distribution;

    [Id(2)]
    public ImmutableArray<WorkloadGroupReport> Groups;

    [Id(3)]
    public long PrimaryTotal;

    [Id(4)]
    public long CascadedTotal;

    [Id(5)]
    public long PrimaryTotalSinceChange;

    [Id(6)]
    public long CascadedTotalSinceChange;

    [Id(7)]
    public int Version;
}

[RegisterConverter]
internal sealed class WorkloadReportConverter : IConverter<WorkloadReport, WorkloadReportSurrogate>
{
    public WorkloadReport ConvertFromSurrogate(in WorkloadReportSurrogate surrogate) => new()
    {
        Skill = surrogate.Skill,
        Distribution = surrogate.Distribution,
        Groups = surrogate.Groups,
        PrimaryTotal = surrogate.PrimaryTotal,
        CascadedTotal = surrogate.CascadedTotal,
        PrimaryTotalSinceChange = surrogate.PrimaryTotalSinceChange,
        CascadedTotalSinceChange = surrogate.CascadedTotalSinceChange,
        Version = surrogate.Version,
    };

    public WorkloadReportSurrogate ConvertToSurrogate(in WorkloadReport value) => new()
    {
        Skill = value.Skill,
        Distribution = value.Distribution,
        Groups = value.Groups,
        PrimaryTotal = value.PrimaryTotal,
        CascadedTotal = value.CascadedTotal,
        PrimaryTotalSinceChange = value.PrimaryTotalSinceChange,
        CascadedTotalSinceChange = value.CascadedTotalSinceChange,
        Version = value.Version,
    };
}
