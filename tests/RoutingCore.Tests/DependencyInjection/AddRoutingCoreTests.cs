using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using RoutingCore.Tests.Strategies;

namespace RoutingCore.Tests.DependencyInjection;

public class AddRoutingCoreTests
{
    [Test]
    public void AddRoutingCore_ResolvesAWorkingSingletonEngine()
    {
        var clock = new FakeTimeProvider(TestEngine.Start);
        using ServiceProvider provider = new ServiceCollection()
            .AddSingleton<TimeProvider>(clock)
            .AddRoutingCore(o => o.Strategy = RoutingStrategyNames.LeastLoaded)
            .BuildServiceProvider();
        var engine = provider.GetRequiredService<IRoutingEngine>();
        engine.ShouldBeSameAs(provider.GetRequiredService<IRoutingEngine>());
        engine.AddAgent(TestEngine.Agent("a"), AgentState.Online);
        engine.Plan(TestEngine.Chat("c")).Strategy.ShouldBe(RoutingStrategyNames.LeastLoaded);
        engine.GetAgent("a").StateSince.ShouldBe(TestEngine.Start); // the registered clock is used
    }

    [Test]
    public void AddRoutingCore_InvalidOptions_FailWithEveryErrorWhenResolved()
    {
        using ServiceProvider provider = new ServiceCollection()
            .AddRoutingCore(o =>
            {
                o.Steps = 0;
                o.Strategy = "unknown";
            })
            .BuildServiceProvider();
        var error = Should.Throw<OptionsValidationException>(() => provider.GetRequiredService<IRoutingEngine>());
        error.Failures.Count().ShouldBe(2);
        error.Message.ShouldContain("RoutingOptions.Steps is 0");
        error.Message.ShouldContain("RoutingOptions.Strategy is 'unknown'");
    }

    [Test]
    public void AddRoutingStrategy_UserStrategy_IsFoundByName()
    {
        using ServiceProvider provider = new ServiceCollection()
            .AddRoutingCore(o => o.Strategy = "Fewest-Conversations")
            .AddRoutingStrategy<FewestConversationsStrategy>()
            .BuildServiceProvider();
        var engine = provider.GetRequiredService<IRoutingEngine>();
        engine.AddAgent(TestEngine.Agent("busy"), AgentState.Online);
        engine.AddAgent(TestEngine.Agent("idle"), AgentState.Online);
        engine.Assign(TestEngine.Chat("x"), "busy");
        RoutingPlan plan = engine.Plan(TestEngine.Chat("c"));
        plan.Strategy.ShouldBe("fewest-conversations");
        TestEngine.StepAgents(plan).ShouldBe([["idle"], ["busy"]]);
    }

    [Test]
    public void AddCapacityModel_UserModel_IsFoundByName()
    {
        using ServiceProvider provider = new ServiceCollection()
            .AddRoutingCore(o => o.CapacityModel = "one-at-a-time")
            .AddCapacityModel<OneAtATimeModel>()
            .BuildServiceProvider();
        var engine = provider.GetRequiredService<IRoutingEngine>();
        engine.AddAgent(TestEngine.Agent("a", max: 10), AgentState.Online);
        engine.Assign(TestEngine.Chat("x"), "a");
        engine.Plan(TestEngine.Chat("c")).HasAgents.ShouldBeFalse();
    }

    [Test]
    public void Factory_CreatesIndependentEnginesWithTheirOwnOptions()
    {
        using ServiceProvider provider = new ServiceCollection().AddRoutingCore().BuildServiceProvider();
        var factory = provider.GetRequiredService<IRoutingEngineFactory>();
        IRoutingEngine first = factory.Create(new RoutingOptions { Strategy = RoutingStrategyNames.RoundRobin });
        IRoutingEngine second = factory.Create(new RoutingOptions());
        first.AddAgent(TestEngine.Agent("a"), AgentState.Online);
        second.GetAgents().ShouldBeEmpty();
        Should.Throw<OptionsValidationException>(() => factory.Create(new RoutingOptions { StepDelay = TimeSpan.FromSeconds(-1) }));
    }

    private sealed class OneAtATimeModel : ICapacityModel
    {
        public string Name => "one-at-a-time";

        public double GetLimit(AgentProfile agent, in CapacitySettings settings) => 1;

        public double GetConversationCost(AgentProfile agent, ReadOnlySpan<MediaType> media, in CapacitySettings settings) => 1;

        public double GetConversationLoad(AgentProfile agent, in AssignedConversation conversation, DateTimeOffset now, in CapacitySettings settings) => 1;

        public DateTimeOffset? GetNextLoadChange(AgentProfile agent, in AssignedConversation conversation, DateTimeOffset now, in CapacitySettings settings) => null;
    }
}
