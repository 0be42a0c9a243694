using System.Collections.Immutable;

namespace RoutingCore.Orleans.Serialization;

[GenerateSerializer]
internal struct ConversationRequestSurrogate
{
    [Id(0)]
    public ConversationId Id;

    [Id(1)]
    public SkillId? Skill;

    [Id(2)]
    public ImmutableArray<MediaType> Media;

    [Id(3)]
    public ImmutableArray<string> RequiredTags;

    [Id(4)]
    public ImmutableArray<string> OptionalTags;

    [Id(5)]
    public int Priority;

    [Id(6)]
    public ConsumerId? Consumer;

    [Id(7)]
    public DateTimeOffset? CreatedAt;

    [Id(8)]
    public ImmutableDictionary<string, string>? Attributes;

    [Id(9)]
    public string? ConversationType;
}

[RegisterConverter]
internal sealed class ConversationRequestConverter : IConverter<ConversationRequest, ConversationRequestSurrogate>
{
    public ConversationRequest ConvertFromSurrogate(in ConversationRequestSurrogate surrogate) => new(surrogate.Id)
    {
        Skill = surrogate.Skill,
        Media = surrogate.Media,
        RequiredTags = surrogate.RequiredTags,
        OptionalTags = surrogate.OptionalTags,
        Priority = surrogate.Priority,
        Consumer = surrogate.Consumer,
        CreatedAt = surrogate.CreatedAt,
        Attributes = surrogate.Attributes!,
        ConversationType = surrogate.ConversationType,
    };

    public ConversationRequestSurrogate ConvertToSurrogate(in ConversationRequest value) => new()
    {
        Id = value.Id,
        Skill = value.Skill,
        Media = value.Media,
        RequiredTags = value.RequiredTags,
        OptionalTags = value.OptionalTags,
        Priority = value.Priority,
        Consumer = value.Consumer,
        CreatedAt = value.CreatedAt,
        Attributes = value.Attributes,
        ConversationType = value.ConversationType,
    };
}

[GenerateSerializer]
internal struct ConversationSnapshotSurrogate
{
    [Id(0)]
    public ConversationRequest Request;

    [Id(1)]
    public int State;

    [Id(2)]
    public SkillId? Skill;

    [Id(3)]
    public AgentId? Agent;

    [Id(4)]
    public ImmutableArray<AgentId> OfferedTo;

    [Id(5)]
    public int? Step;

    [Id(6)]
    public AgentGroupId? AgentGroup;

    [Id(7)]
    public DateTimeOffset SlaDue;

    [Id(8)]
    public ImmutableArray<AgentId> Excluded;

    [Id(9)]
    public bool Exclusive;
}

[RegisterConverter]
internal sealed class ConversationSnapshotConverter : IConverter<ConversationSnapshot, ConversationSnapshotSurrogate>
{
    public ConversationSnapshot ConvertFromSurrogate(in ConversationSnapshotSurrogate surrogate) =>
        new(surrogate.Request, (ConversationState)surrogate.State, surrogate.Skill, surrogate.Agent, surrogate.OfferedTo, surrogate.Step, surrogate.SlaDue, surrogate.Excluded)
        {
            AgentGroup = surrogate.AgentGroup,
            Exclusive = surrogate.Exclusive,
        };

    public ConversationSnapshotSurrogate ConvertToSurrogate(in ConversationSnapshot value) => new()
    {
        Request = value.Request,
        State = (int)value.State,
        Skill = value.Skill,
        Agent = value.Agent,
        OfferedTo = value.OfferedTo,
        Step = value.Step,
        AgentGroup = value.AgentGroup,
        SlaDue = value.SlaDue,
        Excluded = value.Excluded,
        Exclusive = value.Exclusive,
    };
}

[GenerateSerializer]
internal struct WaitingConversationSurrogate
{
    [Id(0)]
    public ConversationRequest Request;

    [Id(1)]
    public SkillId? Skill;

    [Id(2)]
    public DateTimeOffset SlaDue;

    [Id(3)]
    public DateTimeOffset QueuedAt;

    [Id(4)]
    public long Sequence;

    /// <summary>When the consumer was last heard from; the default (from a sender that predates it) rebuilds it as the 5-argument constructor does.</summary>
    [Id(5)]
    public DateTimeOffset LastConsumerActivityAt;
}

[RegisterConverter]
internal sealed class WaitingConversationConverter : IConverter<WaitingConversation, WaitingConversationSurrogate>
{
    public WaitingConversation ConvertFromSurrogate(in WaitingConversationSurrogate surrogate) =>
        surrogate.LastConsumerActivityAt == default
            ? new(surrogate.Request, surrogate.Skill, surrogate.SlaDue, surrogate.QueuedAt, surrogate.Sequence)
            : new(surrogate.Request, surrogate.Skill, surrogate.SlaDue, surrogate.QueuedAt, surrogate.Sequence, surrogate.LastConsumerActivityAt);

    public WaitingConversationSurrogate ConvertToSurrogate(in WaitingConversation value) => new()
    {
        Request = value.Request,
        Skill = value.Skill,
        SlaDue = value.SlaDue,
        QueuedAt = value.QueuedAt,
        Sequence = value.Sequence,
        LastConsumerActivityAt = value.LastConsumerActivityAt,
    };
}

[GenerateSerializer]
internal struct RoutingEventSurrogate
{
    [Id(0)]
    public int Kind;

    [Id(1)]
    public DateTimeOffset Timestamp;

    [Id(2)]
    public ConversationId Conversation;

    [Id(3)]
    public AgentId? Agent;

    [Id(4)]
    public SkillId? Skill;

    [Id(5)]
    public int Reason;

    [Id(6)]
    public int? Step;

    [Id(7)]
    public string? Detail;

    [Id(8)]
    public long Sequence;

    [Id(9)]
    public bool Exclusive;
}

[RegisterConverter]
internal sealed class RoutingEventConverter : IConverter<RoutingEvent, RoutingEventSurrogate>
{
    public RoutingEvent ConvertFromSurrogate(in RoutingEventSurrogate surrogate) =>
        new((RoutingEventKind)surrogate.Kind, surrogate.Timestamp, surrogate.Conversation, surrogate.Agent, surrogate.Skill, (RoutingEventReason)surrogate.Reason, surrogate.Step, surrogate.Detail)
        {
            Sequence = surrogate.Sequence,
            Exclusive = surrogate.Exclusive,
        };

    public RoutingEventSurrogate ConvertToSurrogate(in RoutingEvent value) => new()
    {
        Kind = (int)value.Kind,
        Timestamp = value.Timestamp,
        Conversation = value.Conversation,
        Agent = value.Agent,
        Skill = value.Skill,
        Reason = (int)value.Reason,
        Step = value.Step,
        Detail = value.Detail,
        Sequence = value.Sequence,
        Exclusive = value.Exclusive,
    };
}
