using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using RoutingCore.Tests.Telemetry;

namespace RoutingCore.Tests.DependencyInjection;

/// <summary>Several contact centers in one process: named engines, each with its own options, splits, state and metric series.</summary>
public class NamedEnginesTests
{
    [Test]
    public void TwoNamedEngines_KeepTheirSplitsStateAndMetricsApart()
    {
        using var meters = new TestMeterFactory();
        using var metrics = new MetricsRecorder(meter => meter.Scope == meters);
        var services = new ServiceCollection()
            .AddSingleton<TimeProvider>(new FakeTimeProvider(TestEngine.Start))
            .AddSingleton<IMeterFactory>(meters);
        services.AddRoutingEngine("tenant-a", o => Split(o, g1: 75, g2: 25));
        services.AddRoutingEngine("tenant-b", o => Split(o, g1: 25, g2: 75)).UseWorkloadSplitter(_ => WorkloadSplitter.Create());
        using ServiceProvider provider = services.BuildServiceProvider();

        IRoutingEngine a = provider.GetRequiredKeyedService<IRoutingEngine>("tenant-a");
        IRoutingEngine b = provider.GetRequiredKeyedService<IRoutingEngine>("tenant-b");
        a.ShouldNotBeSameAs(b);
        provider.GetRequiredService<IRoutingEngineProvider>().GetEngine("tenant-a").ShouldBeSameAs(a);
        provider.GetRequiredService<IRoutingEngineProvider>().GetEngine("tenant-b").ShouldBeSameAs(b);
        provider.GetService<IRoutingEngine>().ShouldBeNull("no default engine was registered");

        Serve(a, "a", conversations: 8);
        Serve(b, "b", conversations: 4);

        // Splits: each engine its own distribution and its own counts.
        WorkloadReport splitA = a.GetWorkloadReport(new SkillId("sales"));
        WorkloadReport splitB = b.GetWorkloadReport(new SkillId("sales"));
        splitA.Find(new AgentGroupId("g1"))!.TargetPrimaryPercentage.ShouldBe(75);
        splitB.Find(new AgentGroupId("g1"))!.TargetPrimaryPercentage.ShouldBe(25);
        (splitA.Find(new AgentGroupId("g1"))!.PrimaryCount, splitA.Find(new AgentGroupId("g2"))!.PrimaryCount).ShouldBe((6, 2));
        (splitB.Find(new AgentGroupId("g1"))!.PrimaryCount, splitB.Find(new AgentGroupId("g2"))!.PrimaryCount).ShouldBe((1, 3));
        a.ConfigureWorkload(new SkillId("support"), WorkloadDistribution.Create([new AgentGroupShare(new AgentGroupId("g1"), 50), new AgentGroupShare(new AgentGroupId("g2"), 50)]));
        Should.Throw<RoutingOperationException>(() => b.GetWorkloadReport(new SkillId("support"))).Code.ShouldBe(RoutingErrorCode.NoWorkloadDistribution);

        // State: agents and conversations.
        a.GetAgents().Select(s => s.Id.Value).ShouldBe(["a-g1", "a-g2"]);
        b.GetAgents().Select(s => s.Id.Value).ShouldBe(["b-g1", "b-g2"]);
        a.GetConversation(new ConversationId("a-1")).State.ShouldBe(ConversationState.Assigned);
        Should.Throw<RoutingOperationException>(() => b.GetConversation(new ConversationId("a-1"))).Code.ShouldBe(RoutingErrorCode.UnknownConversation);
        b.SetAgentState(new AgentId("b-g1"), AgentState.Offline);
        b.SetAgentState(new AgentId("b-g2"), AgentState.Offline);
        b.Submit(new ConversationRequest(new ConversationId("b-waiting")) { Skill = new SkillId("sales") }).State.ShouldBe(ConversationState.Waiting);
        a.GetWaitingConversations().ShouldBeEmpty();

        // Metrics: every measurement names its engine; the series add up per engine.
        metrics.Of(RoutingMetricNames.ConversationsRouted).Where(m => m.Tag(RoutingMetricNames.EngineTag) == "tenant-a").Sum(m => m.Value).ShouldBe(8);
        metrics.Of(RoutingMetricNames.ConversationsRouted).Where(m => m.Tag(RoutingMetricNames.EngineTag) == "tenant-b").Sum(m => m.Value).ShouldBe(4);
        metrics.Of(RoutingMetricNames.Offers).Count(m => m.Tag(RoutingMetricNames.EngineTag) == "tenant-a").ShouldBe(8);
        metrics.Of(RoutingMetricNames.Offers).Count(m => m.Tag(RoutingMetricNames.EngineTag) == "tenant-b").ShouldBe(4);
        metrics.QueueLength();
        IReadOnlyList<Recorded> queues = metrics.Of(RoutingMetricNames.QueueLength);
        queues.Last(m => m.Tag(RoutingMetricNames.EngineTag) == "tenant-a").Value.ShouldBe(0);
        queues.Last(m => m.Tag(RoutingMetricNames.EngineTag) == "tenant-b").Value.ShouldBe(1);
        string[] instruments =
        [
            RoutingMetricNames.ConversationsRouted, RoutingMetricNames.Offers, RoutingMetricNames.QueueLength, RoutingMetricNames.Cascades,
        ];
        instruments.SelectMany(metrics.Of).ShouldAllBe(m => m.Tag(RoutingMetricNames.EngineTag) == "tenant-a" || m.Tag(RoutingMetricNames.EngineTag) == "tenant-b");
    }

    [Test]
    public void KeyedServices_ResolveEachNameToItsProvidersEngine()
    {
        var services = new ServiceCollection();
        services.AddRoutingEngine(o => o.Strategy = RoutingStrategyNames.LeastLoaded);
        services.AddRoutingEngine("tenant-a", o => o.Strategy = RoutingStrategyNames.RoundRobin);
        services.AddRoutingEngine("tenant-b", o => o.Strategy = RoutingStrategyNames.SkillBased);
        using ServiceProvider provider = services.BuildServiceProvider();
        var engines = provider.GetRequiredService<IRoutingEngineProvider>();

        engines.Names.ShouldBe(["default", "tenant-a", "tenant-b"]);
        foreach (string name in engines.Names)
        {
            provider.GetRequiredKeyedService<IRoutingEngine>(name).ShouldBeSameAs(engines.GetEngine(name));
        }

        provider.GetRequiredService<IRoutingEngine>().ShouldBeSameAs(engines.GetEngine("default"));
        provider.GetRequiredKeyedService<IRoutingEngine>("tenant-a").Plan(TestEngine.Chat("c")).Strategy.ShouldBe(RoutingStrategyNames.RoundRobin);
        provider.GetRequiredKeyedService<IRoutingEngine>("tenant-b").Plan(TestEngine.Chat("c")).Strategy.ShouldBe(RoutingStrategyNames.SkillBased);
        provider.GetRequiredService<IRoutingEngine>().Plan(TestEngine.Chat("c")).Strategy.ShouldBe(RoutingStrategyNames.LeastLoaded);
    }

    [Test]
    public void GetEngine_UnknownName_ThrowsNamingTheRegisteredEngines()
    {
        var services = new ServiceCollection();
        services.AddRoutingEngine();
        services.AddRoutingEngine("tenant-a");
        services.AddRoutingEngine("tenant-b");
        using ServiceProvider provider = services.BuildServiceProvider();
        var engines = provider.GetRequiredService<IRoutingEngineProvider>();

        var error = Should.Throw<RoutingOperationException>(() => engines.GetEngine("tenant-c"));
        error.Code.ShouldBe(RoutingErrorCode.UnknownEngine);
        error.Message.ShouldStartWith("No routing engine is named 'tenant-c': the registered engines are 'default', 'tenant-a', 'tenant-b'. Register it with services.AddRoutingEngine(\"tenant-c\", ...)");
        RoutingOperationException caseSensitive = Should.Throw<RoutingOperationException>(() => engines.GetEngine("Tenant-A"));
        caseSensitive.Code.ShouldBe(RoutingErrorCode.UnknownEngine);
        caseSensitive.Message.ShouldContain("'Tenant-A'", customMessage: "names are case-sensitive, as options names and service keys");
        Should.Throw<ArgumentNullException>(() => engines.GetEngine(null!));
        provider.GetKeyedService<IRoutingEngine>("tenant-c").ShouldBeNull();
    }

    [Test]
    public void InvalidNamedOptions_FailAtStartWithEveryErrorNamingTheEngine()
    {
        var services = new ServiceCollection();
        services.AddRoutingEngine(o => o.Strategy = RoutingStrategyNames.LeastLoaded);
        services.AddRoutingEngine("tenant-b", o =>
        {
            o.Steps = 0;
            o.Strategy = "nope";
            o.StepDelay = TimeSpan.Zero;
        });
        using ServiceProvider provider = services.BuildServiceProvider();

        // What a host runs when it starts (ValidateOnStart), before any engine is created.
        var error = Should.Throw<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());
        error.OptionsName.ShouldBe("tenant-b");
        error.Failures.Count().ShouldBe(3);
        error.Failures.ShouldAllBe(f => f.StartsWith("Routing engine 'tenant-b': RoutingOptions.", StringComparison.Ordinal));
        error.Message.ShouldContain("Routing engine 'tenant-b': RoutingOptions.Steps is 0");
        error.Message.ShouldContain("Routing engine 'tenant-b': RoutingOptions.Strategy is 'nope'");
        error.Message.ShouldContain("Routing engine 'tenant-b': RoutingOptions.StepDelay is 00:00:00");
        provider.GetRequiredService<IRoutingEngine>().ShouldNotBeNull("the default engine's options are valid");
        Should.Throw<OptionsValidationException>(() => provider.GetRequiredKeyedService<IRoutingEngine>("tenant-b")).OptionsName.ShouldBe("tenant-b");
    }

    [Test]
    public void InvalidOptionsOfTwoEngines_FailAtStartTogether()
    {
        var services = new ServiceCollection();
        services.AddRoutingEngine("tenant-a", o => o.Steps = 0);
        services.AddRoutingEngine("tenant-b", o => o.CapacityModel = "none");
        using ServiceProvider provider = services.BuildServiceProvider();

        var error = Should.Throw<AggregateException>(() => provider.GetRequiredService<IStartupValidator>().Validate());
        error.InnerExceptions.Cast<OptionsValidationException>().Select(e => e.OptionsName).Order(StringComparer.Ordinal).ShouldBe(["tenant-a", "tenant-b"]);
        error.Message.ShouldContain("Routing engine 'tenant-a': RoutingOptions.Steps is 0");
        error.Message.ShouldContain("Routing engine 'tenant-b': RoutingOptions.CapacityModel is 'none'");
    }

    [Test]
    public void DisposingTheServiceProvider_DisposesEveryEngine()
    {
        var services = new ServiceCollection();
        services.AddRoutingEngine();
        services.AddRoutingEngine("tenant-a");
        ServiceProvider provider = services.BuildServiceProvider();
        var engines = provider.GetRequiredService<IRoutingEngineProvider>();
        IRoutingEngine viaProvider = engines.GetEngine("tenant-a");
        IRoutingEngine plain = provider.GetRequiredService<IRoutingEngine>();

        provider.Dispose();

        Should.Throw<ObjectDisposedException>(() => viaProvider.SaveState(Stream.Null));
        Should.Throw<ObjectDisposedException>(() => plain.SaveState(Stream.Null));
        Should.Throw<ObjectDisposedException>(() => engines.GetEngine("tenant-a"));
    }

    /// <summary>Declares groups g1 and g2 and splits skill "sales" between them.</summary>
    private static void Split(RoutingOptions options, int g1, int g2)
    {
        options.AgentGroups = ["g1", "g2"];
        options.Skills["sales"] = new SkillOptions
        {
            Workload = new WorkloadDistributionOptions
            {
                PrimaryGroups =
                [
                    new AgentGroupShareOptions { Group = "g1", Percentage = g1 },
                    new AgentGroupShareOptions { Group = "g2", Percentage = g2 },
                ],
            },
        };
    }

    /// <summary>One agent in each group; submits conversations and has the offered agent accept each.</summary>
    private static void Serve(IRoutingEngine engine, string prefix, int conversations)
    {
        foreach (string group in new[] { "g1", "g2" })
        {
            engine.AddAgent(new AgentProfile(new AgentId($"{prefix}-{group}")) { Skills = [new AgentSkill(new SkillId("sales"))], Groups = [new AgentGroupId(group)], MaxConcurrent = 20 }, AgentState.Online);
        }

        for (int i = 1; i <= conversations; i++)
        {
            ConversationSnapshot offered = engine.Submit(new ConversationRequest(new ConversationId($"{prefix}-{i}")) { Skill = new SkillId("sales") });
            engine.Accept(offered.Id, offered.OfferedTo.ShouldHaveSingleItem());
        }
    }
}
