using Microsoft.Extensions.Time.Testing;

namespace RoutingCore.Tests.Lifecycle;

/// <summary>Records every event an engine publishes.</summary>
internal sealed class EventLog : IRoutingObserver
{
    private readonly List<RoutingEvent> _events = [];

    public IReadOnlyList<RoutingEvent> Events
    {
        get
        {
            lock (_events)
            {
                return [.. _events];
            }
        }
    }

    public void OnEvent(RoutingEvent routingEvent)
    {
        lock (_events)
        {
            _events.Add(routingEvent);
        }
    }

    public RoutingEvent[] Of(RoutingEventKind kind, string? conversation = null) =>
        [.. Events.Where(e => e.Kind == kind && (conversation is null || e.Conversation.Value == conversation))];

    public string[] AgentsOf(RoutingEventKind kind, string conversation) =>
        [.. Of(kind, conversation).Select(e => e.Agent!.Value.Value)];
}

/// <summary>An engine on a fake clock with an event log.</summary>
internal sealed class Center : IDisposable
{
    public Center(Action<RoutingOptions>? configure = null, IWaitingQueueOrdering? ordering = null)
    {
        Clock = new FakeTimeProvider(TestEngine.Start);
        var options = new RoutingOptions();
        configure?.Invoke(options);
        Engine = RoutingEngine.Create(options, Clock, queueOrdering: ordering);
        Engine.Subscribe(Log);
    }

    public IRoutingEngine Engine { get; }

    public FakeTimeProvider Clock { get; }

    public EventLog Log { get; } = new();

    public TimeSpan Elapsed => Clock.GetUtcNow() - TestEngine.Start;

    public Center Agent(string id, AgentState state = AgentState.Online, int? max = null, params string[] skills)
    {
        Engine.AddAgent(new AgentProfile(id)
        {
            Skills = [.. (skills.Length == 0 ? ["sales"] : skills).Select(s => new AgentSkill(s))],
            MaxConcurrent = max,
        }, state);
        return this;
    }

    public ConversationSnapshot Submit(string id, string? skill = "sales", int priority = 0, string? type = null) =>
        Engine.Submit(new ConversationRequest(id)
        {
            Skill = skill is null ? (SkillId?)null : new SkillId(skill),
            Priority = priority,
            ConversationType = type,
        });

    public ConversationSnapshot Get(string id) => Engine.GetConversation(id);

    public ConversationState State(string id) => Get(id).State;

    public string[] OfferedTo(string id) => [.. Get(id).OfferedTo.Select(a => a.Value)];

    public string[] Waiting(string? skill = null) =>
        [.. Engine.GetWaitingConversations(skill is null ? (SkillId?)null : new SkillId(skill)).Select(w => w.Id.Value)];

    public void Advance(double seconds) => Clock.Advance(TimeSpan.FromSeconds(seconds));

    public void Dispose() => Engine.Dispose();
}
