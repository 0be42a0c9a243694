using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization;
using RoutingCore.State;
using static RoutingCore.Engine.StateChecks;

namespace RoutingCore.Engine;

/// <summary>
/// The JSON of a command record (docs/journal-format.md): one compact object per record, the arguments of its kind only,
/// written and read by the source-generated <see cref="CommandJsonContext"/>. Profiles and requests are written as the
/// state document writes them, and checked as a call checks its arguments when read.
/// </summary>
internal static class CommandJson
{
    /// <summary>The format version records are written in, and the newest read.</summary>
    public const int FormatVersion = 1;

    private const string Subject = "command record";

    public static void Write(RoutingCommand command, IBufferWriter<byte> destination)
    {
        using var writer = new Utf8JsonWriter(destination);
        JsonSerializer.Serialize(writer, ToDto((EngineCommand)command), CommandJsonContext.Default.CommandDto);
    }

    public static RoutingCommand Read(ReadOnlySpan<byte> utf8Json)
    {
        CommandDto? dto;
        try
        {
            dto = JsonSerializer.Deserialize(utf8Json, CommandJsonContext.Default.CommandDto);
        }
        catch (JsonException ex)
        {
            throw new RoutingStateException(Subject, ex.Path ?? "$", $"the text is not a valid command record: {ex.Message}", ex);
        }

        if (dto is null)
        {
            throw new RoutingStateException(Subject, "$", "the record is null; expected a JSON object that RoutingCommand.WriteTo wrote.", null);
        }

        try
        {
            return FromDto(dto);
        }
        catch (RoutingStateException ex) when (ex.Reason is not null)
        {
            throw new RoutingStateException(Subject, ex.Path, ex.Reason, ex.InnerException);
        }
    }

    private static CommandDto ToDto(EngineCommand command)
    {
        var dto = new CommandDto { V = FormatVersion, Seq = command.Sequence, At = command.At, Kind = command.Kind };
        switch (command)
        {
            case AddAgentCommand c:
                dto.Profile = StateWriter.CaptureProfile(c.Profile);
                dto.State = c.State;
                break;
            case UpdateAgentCommand c:
                dto.Profile = StateWriter.CaptureProfile(c.Profile);
                break;
            case RemoveAgentCommand c:
                dto.Agent = c.Agent.Value;
                break;
            case SetAgentStateCommand c:
                dto.Agent = c.Agent.Value;
                dto.State = c.State;
                break;
            case SubmitCommand c:
                dto.Request = StateWriter.CaptureRequest(c.Request);
                break;
            case AssignCommand c:
                dto.Request = StateWriter.CaptureRequest(c.Request);
                dto.Agent = c.Agent.Value;
                break;
            case ConversationCommand c:
                dto.Conversation = c.Conversation.Value;
                dto.Agent = c.Agent.IsEmpty ? null : c.Agent.Value;
                dto.Operation = c.Operation.IsEmpty ? null : c.Operation.Value;
                (dto.Skill, dto.Author, dto.MessageAt, dto.MessageId) = c switch
                {
                    TransferCommand t => (t.Skill.Value, (MessageAuthor?)null, (DateTimeOffset?)null, (string?)null),
                    ReportMessageCommand m => (null, m.Author, m.MessageAt, m.Message.IsEmpty ? null : m.Message.Value),
                    _ => (null, null, null, null),
                };
                break;
            case ConfigureWorkloadCommand c:
                dto.Skill = c.Skill.Value;
                dto.Workload = c.Distribution is { } distribution
                    ? new WorkloadConfigDto
                    {
                        Primary = [.. distribution.Primary.Select(Share)],
                        Secondary = [.. distribution.Secondary.Select(Share)],
                        MaxWait = distribution.MaxWait,
                    }
                    : null;
                break;
            case TimerFiredCommand c:
                dto.Timer = c.Timer;
                dto.Conversation = c.Conversation.IsEmpty ? null : c.Conversation.Value;
                dto.Agent = c.Agent.IsEmpty ? null : c.Agent.Value;
                dto.Token = c.Token;
                break;
        }

        return dto;

        static ShareConfigDto Share(AgentGroupShare share) => new() { Group = share.Group.Value, Percentage = share.Percentage };
    }

    private static EngineCommand FromDto(CommandDto dto)
    {
        if (dto.V > FormatVersion || dto.V < 1)
        {
            throw Refuse("$.v", dto.V < 1
                ? $"format version {dto.V} does not exist; versions start at 1."
                : $"the record was written by format version {dto.V}, and this engine reads up to format version {FormatVersion}. Replay it with a newer RoutingCore.");
        }

        if (dto.Seq < 1)
        {
            throw Refuse("$.seq", $"sequence {dto.Seq} is not a record's; sequences start at 1.");
        }

        Defined(dto.Kind, "$.kind");
        EngineCommand command = dto.Kind switch
        {
            RoutingCommandKind.AddAgent => new AddAgentCommand(StateSections.ReadProfile(Required(dto.Profile, "$.profile"), "$.profile"), State(dto)),
            RoutingCommandKind.UpdateAgent => new UpdateAgentCommand(StateSections.ReadProfile(Required(dto.Profile, "$.profile"), "$.profile")),
            RoutingCommandKind.RemoveAgent => new RemoveAgentCommand(Agent(dto)),
            RoutingCommandKind.SetAgentState => new SetAgentStateCommand(Agent(dto), State(dto)),
            RoutingCommandKind.Submit => new SubmitCommand(StateSections.ReadRequest(Required(dto.Request, "$.request"), "$.request")),
            RoutingCommandKind.Assign => new AssignCommand(StateSections.ReadRequest(Required(dto.Request, "$.request"), "$.request"), Agent(dto)),
            RoutingCommandKind.Accept => new AcceptCommand(Conversation(dto), Agent(dto)),
            RoutingCommandKind.Decline => new DeclineCommand(Conversation(dto), Agent(dto)),
            RoutingCommandKind.ReturnToQueue => new ReturnToQueueCommand(Conversation(dto)) { Operation = Operation(dto) },
            RoutingCommandKind.Transfer => new TransferCommand(Conversation(dto), Id(dto.Skill, "$.skill", static v => new SkillId(v))) { Operation = Operation(dto) },
            RoutingCommandKind.ReportMessage => new ReportMessageCommand(Conversation(dto), Author(dto), dto.MessageAt, OptionalId(dto.MessageId, "$.messageId", static v => new MessageId(v)) ?? default),
            RoutingCommandKind.Close => new CloseCommand(Conversation(dto)),
            RoutingCommandKind.ConfigureWorkload => new ConfigureWorkloadCommand(Id(dto.Skill, "$.skill", static v => new SkillId(v)), Distribution(dto.Workload)),
            _ => Timer(dto),
        };
        command.Sequence = dto.Seq;
        command.At = dto.At;
        return command;
    }

    private static TimerFiredCommand Timer(CommandDto dto)
    {
        EngineTimerKind kind = dto.Timer ?? throw Refuse("$.timer", "the timer kind is missing; it is required for a TimerFired record.");
        Defined(kind, "$.timer");
        ConversationId conversation = OptionalId(dto.Conversation, "$.conversation", static v => new ConversationId(v)) ?? default;
        AgentId agent = OptionalId(dto.Agent, "$.agent", static v => new AgentId(v)) ?? default;
        if (conversation.IsEmpty == agent.IsEmpty)
        {
            throw Refuse("$", "a TimerFired record names its target: a conversation or an agent, exactly one of them.");
        }

        return new TimerFiredCommand(new TimerItem(kind, conversation, agent, dto.Token ?? throw Refuse("$.token", "the timer's token is missing; it is required.")));
    }

    private static AgentId Agent(CommandDto dto) => Id(dto.Agent, "$.agent", static v => new AgentId(v));

    private static ConversationId Conversation(CommandDto dto) => Id(dto.Conversation, "$.conversation", static v => new ConversationId(v));

    /// <summary>The optional operation id (absent in records of calls made without one, and in records written before it existed).</summary>
    private static OperationId Operation(CommandDto dto) => OptionalId(dto.Operation, "$.operation", static v => new OperationId(v)) ?? default;

    private static AgentState State(CommandDto dto)
    {
        AgentState state = dto.State ?? throw Refuse("$.state", "the agent state is missing; it is required.");
        Defined(state, "$.state");
        return state;
    }

    private static MessageAuthor Author(CommandDto dto)
    {
        MessageAuthor author = dto.Author ?? throw Refuse("$.author", "the message's author is missing; it is required.");
        Defined(author, "$.author");
        return author;
    }

    private static WorkloadDistribution? Distribution(WorkloadConfigDto? dto) => dto is null
        ? null
        : Valid(
            () => WorkloadDistribution.Create(
                Required(dto.Primary, "$.workload.primary").Select((s, i) => Share(s, $"$.workload.primary[{i}]")),
                dto.Secondary?.Select((s, i) => Share(s, $"$.workload.secondary[{i}]")),
                dto.MaxWait),
            "$.workload");

    private static AgentGroupShare Share(ShareConfigDto? dto, string path)
    {
        ShareConfigDto share = Required(dto, path);
        return new AgentGroupShare(Id(share.Group, path + ".group", static v => new AgentGroupId(v)), share.Percentage);
    }
}

/// <summary>One command record on the wire (docs/journal-format.md); only its kind's arguments are set.</summary>
internal sealed class CommandDto
{
    public required int V { get; init; }

    public required long Seq { get; init; }

    public required DateTimeOffset At { get; init; }

    public required RoutingCommandKind Kind { get; init; }

    public ProfileDto? Profile { get; set; }

    public RequestDto? Request { get; set; }

    public string? Conversation { get; set; }

    public string? Agent { get; set; }

    public AgentState? State { get; set; }

    public string? Skill { get; set; }

    public MessageAuthor? Author { get; set; }

    public DateTimeOffset? MessageAt { get; set; }

    /// <summary>ReportMessage: the message's id, when the caller gave one (optional in format version 1).</summary>
    public string? MessageId { get; set; }

    /// <summary>ReturnToQueue, Transfer: the caller's operation id, when it gave one (optional in format version 1).</summary>
    public string? Operation { get; set; }

    public WorkloadConfigDto? Workload { get; set; }

    public EngineTimerKind? Timer { get; set; }

    public long? Token { get; set; }
}

internal sealed class WorkloadConfigDto
{
    public required ShareConfigDto[] Primary { get; init; }

    public ShareConfigDto[]? Secondary { get; init; }

    public TimeSpan? MaxWait { get; init; }
}

internal sealed class ShareConfigDto
{
    public required string Group { get; init; }

    public required double Percentage { get; init; }
}

/// <summary>The source-generated serializer of <see cref="CommandDto"/>: compact, camel case, enums by name, nulls left out.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    UseStringEnumConverter = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(CommandDto))]
internal sealed partial class CommandJsonContext : JsonSerializerContext;
