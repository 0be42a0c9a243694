using Microsoft.Extensions.Time.Testing;

namespace RoutingCore.Tests;

/// <summary>Short-hands for tests: an engine from <see cref="EngineKit"/> with its clock, agents, chats and loads.</summary>
internal static class TestEngine
{
    public static readonly DateTimeOffset Start = EngineKit.Start;

    public static (IRoutingEngine Engine, FakeTimeProvider Clock) Create(Action<RoutingOptions>? configure = null, params IRoutingStrategy[] strategies)
    {
        var kit = new EngineKit(configure, strategies: strategies, logEvents: false);
        return (kit.Engine, kit.Clock);
    }

    public static AgentProfile Agent(string id, string skill = "sales", int? max = null, params string[] tags) => new(new AgentId(id))
    {
        Skills = [new SkillId(skill)],
        Tags = [.. tags],
        MaxConcurrent = max,
    };

    public static ConversationRequest Chat(string id, string? skill = "sales") => new(new ConversationId(id)) { Skill = skill is null ? (SkillId?)null : new SkillId(skill) };

    /// <summary>Assigns <paramref name="count"/> chats to an agent, returning their ids.</summary>
    public static List<ConversationId> Load(IRoutingEngine engine, string agent, int count, string skill = "sales", params MediaType[] media)
    {
        var ids = new List<ConversationId>();
        for (int i = 0; i < count; i++)
        {
            var id = new ConversationId($"{agent}-load-{Guid.NewGuid():N}");
            engine.Assign(new ConversationRequest(id) { Skill = new SkillId(skill), Media = media.Length == 0 ? [MediaType.Chat] : [.. media] }, new AgentId(agent));
            ids.Add(id);
        }

        return ids;
    }

    public static string[][] StepAgents(RoutingPlan plan) =>
        plan.Steps.Select(s => s.Agents.Select(a => a.Agent.Value).ToArray()).ToArray();
}
