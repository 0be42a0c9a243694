using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using RoutingCore.Tests.Strategies;

namespace RoutingCore.Tests.DependencyInjection;

/// <summary><c>services.AddRoutingEngine(...)</c> and its builder: the default engine, options, and the parts a host swaps in.</summary>
public class AddRoutingEngineTests
{
    [Test]
    public void AddRoutingEngine_ResolvesAWorkingSingletonEngine()
    {
        var clock = new FakeTimeProvider(TestEngine.Start);
        var services = new ServiceCollection().AddSingleton<TimeProvider>(clock);
        services.AddRoutingEngine(o => o.Strategy = RoutingStrategyNames.LeastLoaded);
        using ServiceProvider provider = services.BuildServiceProvider();

        var engine = provider.GetRequiredService<IRoutingEngine>();
        engine.ShouldBeSameAs(provider.GetRequiredService<IRoutingEngine>());
        engine.AddAgent(TestEngine.Agent("a"), AgentState.Online);
        engine.Plan(TestEngine.Chat("c")).Strategy.ShouldBe(RoutingStrategyNames.LeastLoaded);
        engine.GetAgent(new AgentId("a")).StateSince.ShouldBe(TestEngine.Start); // the registered clock is used
    }

    [Test]
    public void AddRoutingEngine_DefaultEngine_IsPlainKeyedAndByNameTheSameInstance()
    {
        var services = new ServiceCollection();
        IRoutingEngineBuilder builder = services.AddRoutingEngine();
        using ServiceProvider provider = services.BuildServiceProvider();

        builder.Name.ShouldBe(RoutingDefaults.EngineName);
        builder.Services.ShouldBeSameAs(services);
        IRoutingEngine engine = provider.GetRequiredService<IRoutingEngine>();
        provider.GetRequiredKeyedService<IRoutingEngine>(RoutingDefaults.EngineName).ShouldBeSameAs(engine);
        provider.GetRequiredService<IRoutingEngineProvider>().GetEngine("default").ShouldBeSameAs(engine);
        provider.GetRequiredService<IRoutingEngineProvider>().Names.ShouldBe(["default"]);
    }

    [Test]
    public void AddRoutingEngine_NamedDefault_IsTheDefaultEngine()
    {
        var services = new ServiceCollection();
        services.AddRoutingEngine(o => o.Steps = 2);
        services.AddRoutingEngine(RoutingDefaults.EngineName, o => o.Strategy = RoutingStrategyNames.RoundRobin);
        using ServiceProvider provider = services.BuildServiceProvider();

        provider.GetRequiredService<IRoutingEngineProvider>().Names.ShouldBe(["default"]);
        provider.GetRequiredService<IOptions<RoutingOptions>>().Value.Strategy.ShouldBe(RoutingStrategyNames.RoundRobin);
        provider.GetRequiredService<IRoutingEngine>().Plan(TestEngine.Chat("c")).Strategy.ShouldBe(RoutingStrategyNames.RoundRobin);
    }

    [Test]
    public void AddRoutingEngine_DefaultEngine_ReadsTheUnnamedOptions()
    {
        var services = new ServiceCollection();
        services.Configure<RoutingOptions>(o => o.Steps = 5);
        services.AddRoutingEngine().Configure(o => o.Strategy = RoutingStrategyNames.RoundRobin);
        using ServiceProvider provider = services.BuildServiceProvider();

        RoutingOptions options = provider.GetRequiredService<IOptions<RoutingOptions>>().Value;
        options.Steps.ShouldBe(5);
        options.Strategy.ShouldBe(RoutingStrategyNames.RoundRobin);
        provider.GetRequiredService<IRoutingEngine>().Plan(TestEngine.Chat("c")).Strategy.ShouldBe(RoutingStrategyNames.RoundRobin);
    }

    [Test]
    public void AddRoutingEngine_CalledTwiceWithOneName_ConfiguresOneEngine()
    {
        var services = new ServiceCollection();
        services.AddRoutingEngine("tenant-a", o => o.Strategy = RoutingStrategyNames.RoundRobin);
        services.AddRoutingEngine("tenant-a", o => o.Steps = 1);
        using ServiceProvider provider = services.BuildServiceProvider();

        var engines = provider.GetRequiredService<IRoutingEngineProvider>();
        engines.Names.ShouldBe(["tenant-a"]);
        IRoutingEngine engine = engines.GetEngine("tenant-a");
        engine.AddAgent(TestEngine.Agent("a"), AgentState.Online);
        engine.AddAgent(TestEngine.Agent("b"), AgentState.Online);
        RoutingPlan plan = engine.Plan(TestEngine.Chat("c"));
        plan.Strategy.ShouldBe(RoutingStrategyNames.RoundRobin);
        plan.Steps.Length.ShouldBe(1);
    }

    [Test]
    public void AddRoutingEngine_InvalidName_ThrowsNamingTheProblem()
    {
        var services = new ServiceCollection();
        Should.Throw<ArgumentNullException>(() => services.AddRoutingEngine((string)null!)).ParamName.ShouldBe("name");
        Should.Throw<ArgumentException>(() => services.AddRoutingEngine(" ")).Message.ShouldContain("routing engine name must not be empty");
        Should.Throw<ArgumentException>(() => services.AddRoutingEngine("a\tb")).Message.ShouldContain("control characters");
        Should.Throw<ArgumentException>(() => services.AddRoutingEngine(" tenant-a")).Message.ShouldContain("A routing engine name must not start or end with white space (got ' tenant-a'); trim it");
        Should.Throw<ArgumentNullException>(() => services.AddRoutingEngine((Action<RoutingOptions>)null!));
        services.ShouldBeEmpty("a refused registration registers nothing");
    }

    [Test]
    public void AddRoutingEngine_InvalidOptions_FailWithEveryErrorWhenResolved()
    {
        var services = new ServiceCollection();
        services.AddRoutingEngine(o =>
        {
            o.Steps = 0;
            o.Strategy = "unknown";
        });
        using ServiceProvider provider = services.BuildServiceProvider();

        var error = Should.Throw<OptionsValidationException>(() => provider.GetRequiredService<IRoutingEngine>());
        error.Failures.Count().ShouldBe(2);
        error.Message.ShouldContain("RoutingOptions.Steps is 0");
        error.Message.ShouldContain("RoutingOptions.Strategy is 'unknown'");
    }

    [Test]
    public void Configure_WithADependency_ReadsTheService()
    {
        var services = new ServiceCollection().AddSingleton(new TenantSettings(RoutingStrategyNames.RoundRobin));
        services.AddRoutingEngine("tenant-a").Configure<TenantSettings>((o, settings) => o.Strategy = settings.Strategy);
        using ServiceProvider provider = services.BuildServiceProvider();

        IRoutingEngine engine = provider.GetRequiredKeyedService<IRoutingEngine>("tenant-a");
        engine.Plan(TestEngine.Chat("c")).Strategy.ShouldBe(RoutingStrategyNames.RoundRobin);
    }

    [Test]
    public void AddStrategy_UserStrategy_IsFoundByName()
    {
        var services = new ServiceCollection();
        services.AddRoutingEngine(o => o.Strategy = "Fewest-Conversations").AddStrategy<FewestConversationsStrategy>();
        using ServiceProvider provider = services.BuildServiceProvider();

        var engine = provider.GetRequiredService<IRoutingEngine>();
        engine.AddAgent(TestEngine.Agent("busy"), AgentState.Online);
        engine.AddAgent(TestEngine.Agent("idle"), AgentState.Online);
        engine.Assign(TestEngine.Chat("x"), new AgentId("busy"));
        RoutingPlan plan = engine.Plan(TestEngine.Chat("c"));
        plan.Strategy.ShouldBe("fewest-conversations");
        TestEngine.StepAgents(plan).ShouldBe([["idle"], ["busy"]]);
    }

    [Test]
    public void AddCapacityModel_UserModel_IsFoundByName()
    {
        var services = new ServiceCollection();
        services.AddRoutingEngine(o => o.CapacityModel = "one-at-a-time").AddCapacityModel<OneAtATimeModel>();
        using ServiceProvider provider = services.BuildServiceProvider();

        var engine = provider.GetRequiredService<IRoutingEngine>();
        engine.AddAgent(TestEngine.Agent("a", max: 10), AgentState.Online);
        engine.Assign(TestEngine.Chat("x"), new AgentId("a"));
        engine.Plan(TestEngine.Chat("c")).HasAgents.ShouldBeFalse();
    }

    [Test]
    public void UseQueueOrdering_OrdersOnlyThatEnginesQueue()
    {
        var services = new ServiceCollection().AddSingleton<TimeProvider>(new FakeTimeProvider(TestEngine.Start));
        services.AddRoutingEngine("newest-first").UseQueueOrdering<NewestFirst>();
        services.AddRoutingEngine("instance").UseQueueOrdering(new NewestFirst());
        services.AddRoutingEngine("fifo");
        using ServiceProvider provider = services.BuildServiceProvider();

        Served(provider.GetRequiredKeyedService<IRoutingEngine>("newest-first")).ShouldBe("c3");
        Served(provider.GetRequiredKeyedService<IRoutingEngine>("instance")).ShouldBe("c3");
        Served(provider.GetRequiredKeyedService<IRoutingEngine>("fifo")).ShouldBe("c1", "the default ordering serves the first arrival");

        static string Served(IRoutingEngine engine)
        {
            engine.AddAgent(TestEngine.Agent("a", max: 1), AgentState.Offline);
            for (int i = 1; i <= 3; i++)
            {
                engine.Submit(TestEngine.Chat($"c{i}"));
            }

            engine.SetAgentState(new AgentId("a"), AgentState.Online); // room for one: the queue's first is offered
            return new[] { "c1", "c2", "c3" }.Single(id => engine.GetConversation(new ConversationId(id)).State == ConversationState.Offered);
        }
    }

    [Test]
    public void UsePacingCalculator_EachEngineGetsItsOwnFromItsPacingOptions()
    {
        var made = new List<(FixedPacing Calculator, TimeSpan Interval)>();
        var services = new ServiceCollection();
        services.AddRoutingEngine("tenant-a", o => o.Pacing.Interval = TimeSpan.FromSeconds(20))
            .UsePacingCalculator((_, pacing) => Made(new FixedPacing(7), pacing));
        services.AddRoutingEngine("tenant-b", o => o.Pacing.Interval = TimeSpan.FromSeconds(30))
            .UsePacingCalculator((_, pacing) => Made(new FixedPacing(9), pacing));
        using ServiceProvider provider = services.BuildServiceProvider();

        var statistics = new PacingStatistics { AcceptanceRate = 0.5, AverageHandleTime = TimeSpan.FromMinutes(5) };
        provider.GetRequiredKeyedService<IRoutingEngine>("tenant-a").Pace(new AgentGroupId("g"), statistics).Invitations.ShouldBe(7);
        provider.GetRequiredKeyedService<IRoutingEngine>("tenant-b").Pace(new AgentGroupId("g"), statistics).Invitations.ShouldBe(9);
        made.Select(m => m.Interval.TotalSeconds).ShouldBe([20, 30]);
        made[0].Calculator.Calls.ShouldBe(1);
        made[1].Calculator.Calls.ShouldBe(1);

        FixedPacing Made(FixedPacing calculator, PacingOptions pacing)
        {
            made.Add((calculator, pacing.Interval));
            return calculator;
        }
    }

    [Test]
    public void UseWorkloadSplitter_FactoryReturnsNull_FailsNamingTheEngine()
    {
        var services = new ServiceCollection();
        services.AddRoutingEngine("tenant-a").UseWorkloadSplitter(_ => null!);
        using ServiceProvider provider = services.BuildServiceProvider();

        Should.Throw<InvalidOperationException>(() => provider.GetRequiredKeyedService<IRoutingEngine>("tenant-a"))
            .Message.ShouldBe("The workload splitter factory registered for routing engine 'tenant-a' returned null; return an instance.");
    }

    private sealed record TenantSettings(string Strategy);

    /// <summary>Serves the newest waiting conversation first.</summary>
    private sealed class NewestFirst : IWaitingQueueOrdering
    {
        public int Compare(WaitingConversation x, WaitingConversation y, DateTimeOffset now) => y.Sequence.CompareTo(x.Sequence);
    }

    /// <summary>Always allows the same number of invitations, and counts its calls.</summary>
    private sealed class FixedPacing(int invitations) : IPacingCalculator
    {
        public int Calls { get; private set; }

        public PacingDecision Calculate(PacingSnapshot snapshot, DateTimeOffset now)
        {
            Calls++;
            return new PacingDecision(invitations, 0, 0, PacingReason.None, null);
        }
    }

    private sealed class OneAtATimeModel : ICapacityModel
    {
        public string Name => "one-at-a-time";

        public double GetLimit(AgentProfile agent) => 1;

        public double GetConversationCost(AgentProfile agent, ReadOnlySpan<MediaType> media) => 1;

        public double GetConversationLoad(AgentProfile agent, in AssignedConversation conversation, DateTimeOffset now) => 1;

        public DateTimeOffset? GetNextLoadChange(AgentProfile agent, in AssignedConversation conversation, DateTimeOffset now) => null;
    }
}
