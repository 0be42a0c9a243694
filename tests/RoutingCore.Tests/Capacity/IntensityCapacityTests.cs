namespace RoutingCore.Tests.Capacity;

/// <summary>The intensity-based (dynamic capacity) model, through the engine (seeds 001 and 003).</summary>
public class IntensityCapacityTests
{
    private static (IRoutingEngine Engine, Microsoft.Extensions.Time.Testing.FakeTimeProvider Clock) Create(Action<IntensityCapacityOptions>? configure = null)
    {
        return TestEngine.Create(o =>
        {
            o.CapacityModel = CapacityModelNames.Intensity;
            o.MaxConcurrent.DefaultMaxConcurrent = 4;
            configure?.Invoke(o.Intensity);
        });
    }

    [Test]
    public void Utilization_ActiveConversations_WeighOneEachOverSlots()
    {
        var (engine, _) = Create();
        engine.AddAgent(TestEngine.Agent("a1"), AgentState.Online);
        TestEngine.Load(engine, "a1", 3);
        engine.GetAgent(new AgentId("a1")).Utilization.ShouldBe(0.75, 1e-12);
        engine.Plan(TestEngine.Chat("c")).HasAgents.ShouldBeTrue();
        TestEngine.Load(engine, "a1", 1);
        engine.Plan(TestEngine.Chat("c")).HasAgents.ShouldBeFalse();
    }

    [Test]
    public void Utilization_ConversationWaitingOnConsumerPastTimeToInactive_WeighsInactiveWeight()
    {
        var (engine, clock) = Create();
        engine.AddAgent(TestEngine.Agent("a1"), AgentState.Online);
        List<ConversationId> chats = TestEngine.Load(engine, "a1", 4);
        foreach (ConversationId chat in chats)
        {
            engine.ReportMessage(chat, MessageAuthor.Agent);
        }

        clock.Advance(TimeSpan.FromMinutes(4) - TimeSpan.FromSeconds(1));
        engine.GetAgent(new AgentId("a1")).Utilization.ShouldBe(1.0, 1e-12);
        clock.Advance(TimeSpan.FromSeconds(1));
        engine.GetAgent(new AgentId("a1")).Utilization.ShouldBe(0.1, 1e-12); // (4 × 0.1) / 4 slots
        engine.Plan(TestEngine.Chat("c")).HasAgents.ShouldBeTrue();
    }

    [Test]
    public void Utilization_ConsumerWritesAgain_ConversationTurnsActive()
    {
        var (engine, clock) = Create();
        engine.AddAgent(TestEngine.Agent("a1"), AgentState.Online);
        List<ConversationId> chats = TestEngine.Load(engine, "a1", 2);
        engine.ReportMessage(chats[0], MessageAuthor.Agent);
        clock.Advance(TimeSpan.FromMinutes(5));
        engine.GetAgent(new AgentId("a1")).Utilization.ShouldBe((0.1 + 1) / 4, 1e-12);
        engine.ReportMessage(chats[0], MessageAuthor.Consumer);
        engine.GetAgent(new AgentId("a1")).Utilization.ShouldBe(0.5, 1e-12);
    }

    [Test]
    public void Utilization_CustomWeightsAndTimeToInactive_AreUsed()
    {
        var (engine, clock) = Create(i =>
        {
            i.ActiveWeight = 2;
            i.InactiveWeight = 0;
            i.TimeToInactive = TimeSpan.FromMinutes(1);
        });
        engine.AddAgent(TestEngine.Agent("a1"), AgentState.Online);
        List<ConversationId> chats = TestEngine.Load(engine, "a1", 2);
        engine.GetAgent(new AgentId("a1")).Utilization.ShouldBe(1.0, 1e-12); // 2 × 2 / 4
        engine.ReportMessage(chats[0], MessageAuthor.Agent);
        clock.Advance(TimeSpan.FromMinutes(1));
        engine.GetAgent(new AgentId("a1")).Utilization.ShouldBe(0.5, 1e-12); // inactive weighs nothing
    }

    [Test]
    public void Plan_OverbookAllowance_RaisesTheLimit()
    {
        var (engine, _) = Create(i => i.OverbookAllowance = 0.25);
        engine.AddAgent(TestEngine.Agent("a1"), AgentState.Online);
        TestEngine.Load(engine, "a1", 4);
        engine.Plan(TestEngine.Chat("c")).HasAgents.ShouldBeTrue(); // 5/4 = 1.25 <= 1.25
        TestEngine.Load(engine, "a1", 1);
        engine.Plan(TestEngine.Chat("c")).HasAgents.ShouldBeFalse();
    }

    [Test]
    public void Utilization_PerAgentSlots_OverrideAccountDefault()
    {
        var (engine, _) = Create();
        engine.AddAgent(TestEngine.Agent("a1", max: 10), AgentState.Online);
        TestEngine.Load(engine, "a1", 3);
        engine.GetAgent(new AgentId("a1")).Utilization.ShouldBe(0.3, 1e-12);
    }
}
