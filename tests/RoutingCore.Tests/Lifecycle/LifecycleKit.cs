using Microsoft.Extensions.Time.Testing;

namespace RoutingCore.Tests.Lifecycle;

/// <summary>An engine on a fake clock with an event log.</summary>
internal sealed class Center : IDisposable
{
    public Center(Action<RoutingOptions>? configure = null, IWaitingQueueOrdering? ordering = null) =>
        Kit = new EngineKit(configure, queueOrdering: ordering);

    public EngineKit Kit { get; }

    public IRoutingEngine Engine => Kit.Engine;

    public FakeTimeProvider Clock => Kit.Clock;

    public EventLog Log => Kit.Log;

    public TimeSpan Elapsed => Kit.Elapsed;

    public Center Agent(string id, AgentState state = AgentState.Online, int? max = null, params string[] skills)
    {
        Engine.AddAgent(new AgentProfile(new AgentId(id))
        {
            Skills = [.. (skills.Length == 0 ? ["sales"] : skills).Select(s => new AgentSkill(new SkillId(s)))],
            MaxConcurrent = max,
        }, state);
        return this;
    }

    public ConversationSnapshot Submit(string id, string? skill = "sales", int priority = 0, string? type = null) =>
        Engine.Submit(new ConversationRequest(new ConversationId(id))
        {
            Skill = skill is null ? (SkillId?)null : new SkillId(skill),
            Priority = priority,
            ConversationType = type,
        });

    public ConversationSnapshot Get(string id) => Engine.GetConversation(new ConversationId(id));

    public ConversationState State(string id) => Get(id).State;

    public string[] OfferedTo(string id) => [.. Get(id).OfferedTo.Select(a => a.Value)];

    public string[] Waiting(string? skill = null) =>
        [.. Engine.GetWaitingConversations(skill is null ? (SkillId?)null : new SkillId(skill)).Select(w => w.Id.Value)];

    public void Advance(double seconds) => Clock.Advance(TimeSpan.FromSeconds(seconds));

    public void Dispose() => Kit.Dispose();
}
