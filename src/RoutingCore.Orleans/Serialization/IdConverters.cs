namespace RoutingCore.Orleans.Serialization;

// The ids of the core library (small record structs over one string) cross the grain boundary as that string, or null
// for the empty (default) id.

/// <summary>The wire form of an id: its value, <see langword="null"/> for the empty id.</summary>
[GenerateSerializer]
[Immutable]
internal struct IdSurrogate
{
    [Id(0)]
    public string? Value;

    public IdSurrogate(string? value) => Value = value;
}

[RegisterConverter]
internal sealed class AgentIdConverter : IConverter<AgentId, IdSurrogate>
{
    public AgentId ConvertFromSurrogate(in IdSurrogate surrogate) => surrogate.Value is { } value ? new AgentId(value) : default;

    public IdSurrogate ConvertToSurrogate(in AgentId value) => new(value.IsEmpty ? null : value.Value);
}

[RegisterConverter]
internal sealed class SkillIdConverter : IConverter<SkillId, IdSurrogate>
{
    public SkillId ConvertFromSurrogate(in IdSurrogate surrogate) => surrogate.Value is { } value ? new SkillId(value) : default;

    public IdSurrogate ConvertToSurrogate(in SkillId value) => new(value.IsEmpty ? null : value.Value);
}

[RegisterConverter]
internal sealed class ConversationIdConverter : IConverter<ConversationId, IdSurrogate>
{
    public ConversationId ConvertFromSurrogate(in IdSurrogate surrogate) => surrogate.Value is { } value ? new ConversationId(value) : default;

    public IdSurrogate ConvertToSurrogate(in ConversationId value) => new(value.IsEmpty ? null : value.Value);
}

[RegisterConverter]
internal sealed class ConsumerIdConverter : IConverter<ConsumerId, IdSurrogate>
{
    public ConsumerId ConvertFromSurrogate(in IdSurrogate surrogate) => surrogate.Value is { } value ? new ConsumerId(value) : default;

    public IdSurrogate ConvertToSurrogate(in ConsumerId value) => new(value.IsEmpty ? null : value.Value);
}

[RegisterConverter]
internal sealed class AgentGroupIdConverter : IConverter<AgentGroupId, IdSurrogate>
{
    public AgentGroupId ConvertFromSurrogate(in IdSurrogate surrogate) => surrogate.Value is { } value ? new AgentGroupId(value) : default;

    public IdSurrogate ConvertToSurrogate(in AgentGroupId value) => new(value.IsEmpty ? null : value.Value);
}

[RegisterConverter]
internal sealed class OperationIdConverter : IConverter<OperationId, IdSurrogate>
{
    public OperationId ConvertFromSurrogate(in IdSurrogate surrogate) => surrogate.Value is { } value ? new OperationId(value) : default;

    public IdSurrogate ConvertToSurrogate(in OperationId value) => new(value.IsEmpty ? null : value.Value);
}

[RegisterConverter]
internal sealed class MessageIdConverter : IConverter<MessageId, IdSurrogate>
{
    public MessageId ConvertFromSurrogate(in IdSurrogate surrogate) => surrogate.Value is { } value ? new MessageId(value) : default;

    public IdSurrogate ConvertToSurrogate(in MessageId value) => new(value.IsEmpty ? null : value.Value);
}

[RegisterConverter]
internal sealed class MediaTypeConverter : IConverter<MediaType, IdSurrogate>
{
    public MediaType ConvertFromSurrogate(in IdSurrogate surrogate) => surrogate.Value is { } value ? new MediaType(value) : default;

    public IdSurrogate ConvertToSurrogate(in MediaType value) => new(value.IsEmpty ? null : value.Name);
}
