using System.Collections.Immutable;

namespace RoutingCore.Orleans.Serialization;

[GenerateSerializer]
internal struct PlannedAgentSurrogate
{
    [Id(0)]
    public AgentId Agent;

    [Id(1)]
    public double Score;
}

[RegisterConverter]
internal sealed class PlannedAgentConverter : IConverter<PlannedAgent, PlannedAgentSurrogate>
{
    public PlannedAgent ConvertFromSurrogate(in PlannedAgentSurrogate surrogate) => new(surrogate.Agent, surrogate.Score);

    public PlannedAgentSurrogate ConvertToSurrogate(in PlannedAgent value) => new() { Agent = value.Agent, Score = value.Score };
}

[GenerateSerializer]
internal struct RoutingStepSurrogate
{
    [Id(0)]
    public int Index;

    [Id(1)]
    public TimeSpan OfferAfter;

    [Id(2)]
    public ImmutableArray<PlannedAgent> Agents;
}

[RegisterConverter]
internal sealed class RoutingStepConverter : IConverter<RoutingStep, RoutingStepSurrogate>
{
    public RoutingStep ConvertFromSurrogate(in RoutingStepSurrogate surrogate) => new(surrogate.Index, surrogate.OfferAfter, StepAgents.Create(surrogate.Agents.AsSpan()));

    public RoutingStepSurrogate ConvertToSurrogate(in RoutingStep value) => new() { Index = value.Index, OfferAfter = value.OfferAfter, Agents = [.. value.Agents] };
}

[GenerateSerializer]
internal struct ExclusionCountSurrogate
{
    [Id(0)]
    public int Reason;

    [Id(1)]
    public int Agents;
}

[RegisterConverter]
internal sealed class ExclusionCountConverter : IConverter<ExclusionCount, ExclusionCountSurrogate>
{
    public ExclusionCount ConvertFromSurrogate(in ExclusionCountSurrogate surrogate) => new((ExclusionReason)surrogate.Reason, surrogate.Agents);

    public ExclusionCountSurrogate ConvertToSurrogate(in ExclusionCount value) => new() { Reason = (int)value.Reason, Agents = value.Agents };
}

[GenerateSerializer]
internal struct RoutingPlanSurrogate
{
    [Id(0)]
    public ConversationId Conversation;

    [Id(1)]
    public SkillId? Skill;

    [Id(2)]
    public string Strategy;

    [Id(3)]
    public TimeSpan StepDelay;

    [Id(4)]
    public DateTimeOffset PlannedAt;

    [Id(5)]
    public ImmutableArray<RoutingStep> Steps;

    [Id(6)]
    public int AgentCount;

    [Id(7)]
    public ImmutableArray<ExclusionCount> Exclusions;
}

[RegisterConverter]
internal sealed class RoutingPlanConverter : IConverter<RoutingPlan, RoutingPlanSurrogate>
{
    public RoutingPlan ConvertFromSurrogate(in RoutingPlanSurrogate surrogate) =>
        new(surrogate.Conversation, surrogate.Skill, surrogate.Strategy, surrogate.StepDelay, surrogate.PlannedAt, surrogate.Steps, surrogate.AgentCount, surrogate.Exclusions);

    public RoutingPlanSurrogate ConvertToSurrogate(in RoutingPlan value) => new()
    {
        Conversation = value.Conversation,
        Skill = value.Skill,
        Strategy = value.Strategy,
        StepDelay = value.StepDelay,
        PlannedAt = value.PlannedAt,
        Steps = value.Steps,
        AgentCount = value.AgentCount,
        Exclusions = value.Exclusions,
    };
}
