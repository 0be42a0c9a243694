using System.Collections.Immutable;

namespace RoutingCore.Orleans.Serialization;

[GenerateSerializer]
internal struct AgentSkillSurrogate
{
    [Id(0)]
    public SkillId Skill;

    [Id(1)]
    public double? Proficiency;
}

[RegisterConverter]
internal sealed class AgentSkillConverter : IConverter<AgentSkill, AgentSkillSurrogate>
{
    public AgentSkill ConvertFromSurrogate(in AgentSkillSurrogate surrogate) => new(surrogate.Skill, surrogate.Proficiency);

    public AgentSkillSurrogate ConvertToSurrogate(in AgentSkill value) => new() { Skill = value.Skill, Proficiency = value.Proficiency };
}

[GenerateSerializer]
internal struct MediaCapacitySurrogate
{
    [Id(0)]
    public MediaType Media;

    [Id(1)]
    public int? MaxSessions;
}

[RegisterConverter]
internal sealed class MediaCapacityConverter : IConverter<MediaCapacity, MediaCapacitySurrogate>
{
    public MediaCapacity ConvertFromSurrogate(in MediaCapacitySurrogate surrogate) => new(surrogate.Media, surrogate.MaxSessions);

    public MediaCapacitySurrogate ConvertToSurrogate(in MediaCapacity value) => new() { Media = value.Media, MaxSessions = value.MaxSessions };
}

[GenerateSerializer]
internal struct AgentProfileSurrogate
{
    [Id(0)]
    public AgentId Id;

    [Id(1)]
    public string? DisplayName;

    [Id(2)]
    public ImmutableArray<AgentSkill> Skills;

    [Id(3)]
    public ImmutableArray<string> Tags;

    [Id(4)]
    public ImmutableArray<AgentGroupId> Groups;

    [Id(5)]
    public ImmutableArray<MediaCapacity> Media;

    [Id(6)]
    public int? MaxConcurrent;
}

[RegisterConverter]
internal sealed class AgentProfileConverter : IConverter<AgentProfile, AgentProfileSurrogate>
{
    public AgentProfile ConvertFromSurrogate(in AgentProfileSurrogate surrogate) => new(surrogate.Id)
    {
        DisplayName = surrogate.DisplayName,
        Skills = surrogate.Skills,
        Tags = surrogate.Tags,
        Groups = surrogate.Groups,
        Media = surrogate.Media,
        MaxConcurrent = surrogate.MaxConcurrent,
    };

    public AgentProfileSurrogate ConvertToSurrogate(in AgentProfile value) => new()
    {
        Id = value.Id,
        DisplayName = value.DisplayName,
        Skills = value.Skills,
        Tags = value.Tags,
        Groups = value.Groups,
        Media = value.Media,
        MaxConcurrent = value.MaxConcurrent,
    };
}

[GenerateSerializer]
internal struct AgentSnapshotSurrogate
{
    [Id(0)]
    public AgentProfile Profile;

    [Id(1)]
    public int State;

    [Id(2)]
    public DateTimeOffset StateSince;

    [Id(3)]
    public double Load;

    [Id(4)]
    public double Limit;

    [Id(5)]
    public double Reserved;

    [Id(6)]
    public int PendingOffers;

    [Id(7)]
    public int Declines;

    [Id(8)]
    public int Timeouts;

    [Id(9)]
    public int Conversations;

    [Id(10)]
    public DateTimeOffset? LastAcceptedAt;
}

[RegisterConverter]
internal sealed class AgentSnapshotConverter : IConverter<AgentSnapshot, AgentSnapshotSurrogate>
{
    public AgentSnapshot ConvertFromSurrogate(in AgentSnapshotSurrogate surrogate) =>
        new(surrogate.Profile, (AgentState)surrogate.State, surrogate.StateSince, surrogate.Load, surrogate.Limit, surrogate.Conversations, surrogate.LastAcceptedAt)
        {
            Reserved = surrogate.Reserved,
            PendingOffers = surrogate.PendingOffers,
            Declines = surrogate.Declines,
            Timeouts = surrogate.Timeouts,
        };

    public AgentSnapshotSurrogate ConvertToSurrogate(in AgentSnapshot value) => new()
    {
        Profile = value.Profile,
        State = (int)value.State,
        StateSince = value.StateSince,
        Load = value.Load,
        Limit = value.Limit,
        Reserved = value.Reserved,
        PendingOffers = value.PendingOffers,
        Declines = value.Declines,
        Timeouts = value.Timeouts,
        Conversations = value.Conversations,
        LastAcceptedAt = value.LastAcceptedAt,
    };
}
