using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using RoutingCore.Tests.Telemetry;

namespace RoutingCore.Tests.DependencyInjection;

/// <summary><see cref="IRoutingEngineFactory"/>: engines created at run time, one per tenant, each with its own parts.</summary>
public class EngineFactoryTests
{
    private static readonly RoutingOptions TwoGroups = new() { AgentGroups = ["g1", "g2"] };

    [Test]
    public void Create_IndependentEnginesWithTheirOwnOptions()
    {
        var services = new ServiceCollection();
        services.AddRoutingEngine();
        using ServiceProvider provider = services.BuildServiceProvider();
        var factory = provider.GetRequiredService<IRoutingEngineFactory>();

        using IRoutingEngine first = factory.Create(new RoutingOptions { Strategy = RoutingStrategyNames.RoundRobin });
        using IRoutingEngine second = factory.Create("tenant-b", new RoutingOptions());
        first.AddAgent(TestEngine.Agent("a"), AgentState.Online);
        second.GetAgents().ShouldBeEmpty();
        first.Plan(TestEngine.Chat("c")).Strategy.ShouldBe(RoutingStrategyNames.RoundRobin);
        second.Plan(TestEngine.Chat("c")).Strategy.ShouldBe(RoutingDefaults.Strategy);
    }

    [Test]
    public void Create_OnTheCallersClock_ItsTimersRunOnThatClockWithTheRegisteredParts()
    {
        // A host whose engines each need their own clock (RoutingCore.Orleans: the grain's timers) still takes the parts
        // registered in DI: here a splitter made for each engine.
        var made = new SplitterCount();
        using ServiceProvider provider = CountingSplitters(made);
        var factory = provider.GetRequiredService<IRoutingEngineFactory>();
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(TestEngine.Start);
        using IRoutingEngine engine = factory.Create("tenant-a", new RoutingOptions { Strategy = RoutingStrategyNames.LeastLoaded, StepDelay = TimeSpan.FromSeconds(10) }, clock);

        engine.AddAgent(TestEngine.Agent("idle", max: 2), AgentState.Online);
        engine.AddAgent(TestEngine.Agent("busy", max: 2), AgentState.Online);
        engine.Assign(TestEngine.Chat("load"), new AgentId("busy"));
        engine.Submit(TestEngine.Chat("c")).OfferedTo.ShouldBe([new AgentId("idle")]);
        clock.Advance(TimeSpan.FromSeconds(10));

        engine.GetConversation(new ConversationId("c")).OfferedTo.ShouldContain(new AgentId("busy"), "the step ran on the caller's clock");
        made.Value.ShouldBe(1);
        Should.Throw<ArgumentNullException>(() => factory.Create("tenant-b", new RoutingOptions(), null!)).ParamName.ShouldBe("timeProvider");
        Should.Throw<NotSupportedException>(() => ((IRoutingEngineFactory)new OwnFactory()).Create("tenant-c", new RoutingOptions(), clock))
            .Message.ShouldContain($"{typeof(OwnFactory).FullName} does not create engines on a clock of the caller's");
    }

    /// <summary>A provider whose default engine's parts include a splitter factory that counts the splitters it makes.</summary>
    private static ServiceProvider CountingSplitters(SplitterCount made)
    {
        var services = new ServiceCollection();
        services.AddRoutingEngine().UseWorkloadSplitter(_ =>
        {
            made.Value++;
            return WorkloadSplitter.Create();
        });
        return services.BuildServiceProvider();
    }

    private sealed class SplitterCount
    {
        public int Value { get; set; }
    }

    /// <summary>A factory of the host's own, written before engines could be created on another clock.</summary>
    private sealed class OwnFactory : IRoutingEngineFactory
    {
        public IRoutingEngine Create(RoutingOptions options) => RoutingEngine.Create(options);

        public IRoutingEngine Create(string name, RoutingOptions options) => RoutingEngine.Create(options, name: name);
    }

    [Test]
    public void Create_SplitterFactoryRegistered_TenantBDoesNotSeeTenantAsDistribution()
    {
        var made = new SplitterCount();
        using ServiceProvider provider = CountingSplitters(made);
        var factory = provider.GetRequiredService<IRoutingEngineFactory>();
        using IRoutingEngine tenantA = factory.Create("tenant-a", TwoGroups);
        using IRoutingEngine tenantB = factory.Create("tenant-b", TwoGroups);

        tenantA.ConfigureWorkload(new SkillId("sales"), WorkloadDistribution.Create([new AgentGroupShare(new AgentGroupId("g1"), 70), new AgentGroupShare(new AgentGroupId("g2"), 30)]));

        made.Value.ShouldBe(2, "one splitter per engine");
        Should.Throw<RoutingOperationException>(() => tenantB.GetWorkloadReport(new SkillId("sales")), "tenant B has no distribution of its own").Code.ShouldBe(RoutingErrorCode.NoWorkloadDistribution);
        tenantB.ConfigureWorkload(new SkillId("sales"), WorkloadDistribution.Create([new AgentGroupShare(new AgentGroupId("g1"), 20), new AgentGroupShare(new AgentGroupId("g2"), 80)]));
        tenantA.GetWorkloadReport(new SkillId("sales")).Find(new AgentGroupId("g1"))!.TargetPrimaryPercentage.ShouldBe(70, "tenant B's split does not replace tenant A's");
        tenantB.GetWorkloadReport(new SkillId("sales")).Find(new AgentGroupId("g1"))!.TargetPrimaryPercentage.ShouldBe(20);
    }

    [Test]
    public void Create_ASplitterRegisteredAsAService_IsNotSharedByTheEngines()
    {
        var shared = new AskedSplitter();
        var services = new ServiceCollection().AddSingleton<WorkloadSplitter>(shared);
        services.AddRoutingEngine();
        using ServiceProvider provider = services.BuildServiceProvider();
        var factory = provider.GetRequiredService<IRoutingEngineFactory>();
        using IRoutingEngine tenantA = factory.Create("tenant-a", TwoGroups);
        using IRoutingEngine tenantB = factory.Create("tenant-b", TwoGroups);

        tenantA.ConfigureWorkload(new SkillId("sales"), WorkloadDistribution.Create([new AgentGroupShare(new AgentGroupId("g1"), 70), new AgentGroupShare(new AgentGroupId("g2"), 30)]));
        tenantA.AddAgent(new AgentProfile(new AgentId("a")) { Skills = [new AgentSkill(new SkillId("sales"))], Groups = [new AgentGroupId("g1")] }, AgentState.Online);
        tenantA.Submit(new ConversationRequest(new ConversationId("c1")) { Skill = new SkillId("sales") });

        tenantA.GetWorkloadReport(new SkillId("sales")).Find(new AgentGroupId("g1"))!.TargetPrimaryPercentage.ShouldBe(70);
        shared.Asked.ShouldBe(0, "the engine split with a built-in splitter of its own, not the registered service");
        Should.Throw<RoutingOperationException>(() => tenantB.GetWorkloadReport(new SkillId("sales"))).Code.ShouldBe(RoutingErrorCode.NoWorkloadDistribution);
    }

    [Test]
    public void Create_SplitterFactoryReturnsTheSameInstance_RefusesTheSecondEngineNamingBoth()
    {
        WorkloadSplitter shared = WorkloadSplitter.Create();
        var services = new ServiceCollection();
        services.AddRoutingEngine().UseWorkloadSplitter(_ => shared);
        using ServiceProvider provider = services.BuildServiceProvider();
        var factory = provider.GetRequiredService<IRoutingEngineFactory>();
        using IRoutingEngine tenantA = factory.Create("tenant-a", TwoGroups);

        var error = Should.Throw<InvalidOperationException>(() => factory.Create("tenant-b", TwoGroups));
        error.Message.ShouldStartWith("The workload splitter factory gave routing engine 'tenant-b' the splitter (RoutingCore.QuotaWorkloadSplitter) it already gave routing engine 'tenant-a'");
    }

    [Test]
    public void Create_InvalidOptions_ThrowEveryErrorNamingTheEngine()
    {
        var services = new ServiceCollection();
        services.AddRoutingEngine();
        using ServiceProvider provider = services.BuildServiceProvider();
        var factory = provider.GetRequiredService<IRoutingEngineFactory>();

        var named = Should.Throw<OptionsValidationException>(() => factory.Create("tenant-x", new RoutingOptions { Steps = 0, StepDelay = TimeSpan.FromSeconds(-1) }));
        named.OptionsName.ShouldBe("tenant-x");
        named.Failures.Count().ShouldBe(2);
        named.Failures.ShouldAllBe(f => f.StartsWith("Routing engine 'tenant-x': RoutingOptions.", StringComparison.Ordinal));

        var unnamed = Should.Throw<OptionsValidationException>(() => factory.Create(new RoutingOptions { Steps = 0 }));
        unnamed.Failures.ShouldHaveSingleItem().ShouldStartWith("RoutingOptions.Steps is 0");
        Should.Throw<ArgumentException>(() => factory.Create(" ", new RoutingOptions())).ParamName.ShouldBe("name");
    }

    [Test]
    public void Create_TakesThePartsOfItsNameOrElseOfTheDefaultEngine()
    {
        var made = new List<string>();
        var services = new ServiceCollection();
        services.AddRoutingEngine().UseWorkloadSplitter(_ => Made("default"));
        services.AddRoutingEngine("vip").UseWorkloadSplitter(_ => Made("vip"));
        using ServiceProvider provider = services.BuildServiceProvider();
        var factory = provider.GetRequiredService<IRoutingEngineFactory>();

        using IRoutingEngine vip = factory.Create("vip", new RoutingOptions());
        using IRoutingEngine tenant = factory.Create("tenant-x", new RoutingOptions());
        using IRoutingEngine unnamed = factory.Create(new RoutingOptions());

        made.ShouldBe(["vip", "default", "default"]);

        WorkloadSplitter Made(string registration)
        {
            made.Add(registration);
            return WorkloadSplitter.Create();
        }
    }

    [Test]
    public void Create_WithAName_TagsTheEnginesMetricsWithIt()
    {
        using var meters = new TestMeterFactory();
        using var metrics = new MetricsRecorder(meter => meter.Scope == meters);
        var services = new ServiceCollection().AddSingleton<System.Diagnostics.Metrics.IMeterFactory>(meters);
        services.AddRoutingEngine();
        using ServiceProvider provider = services.BuildServiceProvider();
        var factory = provider.GetRequiredService<IRoutingEngineFactory>();
        using IRoutingEngine tenant = factory.Create("tenant-x", new RoutingOptions());
        using IRoutingEngine unnamed = factory.Create(new RoutingOptions());

        tenant.AddAgent(TestEngine.Agent("a"), AgentState.Online);
        tenant.Submit(TestEngine.Chat("c1"));
        unnamed.AddAgent(TestEngine.Agent("a"), AgentState.Online);
        unnamed.Submit(TestEngine.Chat("c1"));

        metrics.Of(RoutingMetricNames.Offers).Select(m => m.Tag(RoutingMetricNames.EngineTag)).ShouldBe(["tenant-x", RoutingDefaults.EngineName]);
    }

    /// <summary>The built-in split, counting how often an engine asked it.</summary>
    private sealed class AskedSplitter : WorkloadSplitter
    {
        private readonly WorkloadSplitter _builtIn = Create();

        public int Asked { get; private set; }

        protected override int ChoosePrimaryCore(in WorkloadSplitContext context)
        {
            Asked++;
            return _builtIn.ChoosePrimary(context);
        }

        protected override int RankSecondariesCore(in WorkloadSplitContext context, Span<int> destination)
        {
            Asked++;
            return _builtIn.RankSecondaries(context, destination);
        }
    }
}
