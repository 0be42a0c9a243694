using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace RoutingCore.Tests.Capacity;

/// <summary>
/// Capacity models per engine: the built-in models are made for each engine from that engine's options, so engines with
/// different settings each apply their own; a model of a user's is used as registered, and a factory registered by name
/// makes one for each engine that names it.
/// </summary>
public class PerEngineCapacityTests
{
    [Test]
    public void NamedEngines_DifferentDefaultMaxConcurrent_EachAppliesItsOwn()
    {
        var services = new ServiceCollection();
        services.AddRoutingEngine("tenant-a", o => o.MaxConcurrent.DefaultMaxConcurrent = 2);
        services.AddRoutingEngine("tenant-b", o => o.MaxConcurrent.DefaultMaxConcurrent = 5);
        using ServiceProvider provider = services.BuildServiceProvider();

        IRoutingEngine a = provider.GetRequiredKeyedService<IRoutingEngine>("tenant-a");
        IRoutingEngine b = provider.GetRequiredKeyedService<IRoutingEngine>("tenant-b");

        Fill(a).ShouldBe(2);
        Fill(b).ShouldBe(5);
        a.GetAgent(new AgentId("ann")).Load.ShouldBe(1.0, 1e-9);
        b.GetAgent(new AgentId("ann")).Load.ShouldBe(1.0, 1e-9);
    }

    [Test]
    public void NamedEngines_DifferentDefaultMaxConcurrentUnderTheIntensityModel_EachAppliesItsOwnSlots()
    {
        var services = new ServiceCollection();
        services.AddRoutingEngine("tenant-a", o =>
        {
            o.CapacityModel = CapacityModelNames.Intensity;
            o.MaxConcurrent.DefaultMaxConcurrent = 2;
        });
        services.AddRoutingEngine("tenant-b", o =>
        {
            o.CapacityModel = CapacityModelNames.Intensity;
            o.MaxConcurrent.DefaultMaxConcurrent = 4;
            o.Intensity.OverbookAllowance = 0.5;
        });
        using ServiceProvider provider = services.BuildServiceProvider();

        IRoutingEngine a = provider.GetRequiredKeyedService<IRoutingEngine>("tenant-a");
        IRoutingEngine b = provider.GetRequiredKeyedService<IRoutingEngine>("tenant-b");

        Fill(a).ShouldBe(2);
        Fill(b).ShouldBe(6); // 4 slots, booked up to 1.5
        a.GetAgent(new AgentId("ann")).Limit.ShouldBe(1.0);
        b.GetAgent(new AgentId("ann")).Limit.ShouldBe(1.5);
    }

    [Test]
    public void EngineFactory_EnginesCreatedWithDifferentOptions_EachAppliesItsOwn()
    {
        var services = new ServiceCollection();
        services.AddRoutingEngine();
        using ServiceProvider provider = services.BuildServiceProvider();
        IRoutingEngineFactory factory = provider.GetRequiredService<IRoutingEngineFactory>();

        using IRoutingEngine one = factory.Create("one", new RoutingOptions { MaxConcurrent = { DefaultMaxConcurrent = 1 } });
        using IRoutingEngine three = factory.Create("three", new RoutingOptions { MaxConcurrent = { DefaultMaxConcurrent = 3 } });

        Fill(one).ShouldBe(1);
        Fill(three).ShouldBe(3);
    }

    [Test]
    public void AddCapacityModelFactory_EachEngineNamingTheModel_GetsItsOwnMadeWithItsName()
    {
        var made = new List<string>();
        var services = new ServiceCollection();
        services.Configure<FixedSlotsOptions>("tenant-a", o => o.Slots = 1);
        services.Configure<FixedSlotsOptions>("tenant-b", o => o.Slots = 2);
        services.AddRoutingEngine("tenant-a", o => o.CapacityModel = FixedSlotsModel.ModelName)
            .AddCapacityModel(FixedSlotsModel.ModelName, (provider, engine) =>
            {
                made.Add(engine);
                return new FixedSlotsModel(provider.GetRequiredService<IOptionsMonitor<FixedSlotsOptions>>().Get(engine).Slots);
            });
        services.AddRoutingEngine("tenant-b", o => o.CapacityModel = FixedSlotsModel.ModelName);
        services.AddRoutingEngine("tenant-c");
        using ServiceProvider provider = services.BuildServiceProvider();

        Fill(provider.GetRequiredKeyedService<IRoutingEngine>("tenant-a")).ShouldBe(1);
        Fill(provider.GetRequiredKeyedService<IRoutingEngine>("tenant-b")).ShouldBe(2);
        Fill(provider.GetRequiredKeyedService<IRoutingEngine>("tenant-c")).ShouldBe(4, "tenant-c keeps the built-in max-concurrent model");
        made.ShouldBe(["tenant-a", "tenant-b"]);
    }

    [Test]
    public void AddCapacityModelFactory_ReturnsNullOrAnotherName_FailsNamingTheModelAndTheEngine()
    {
        var services = new ServiceCollection();
        services.AddRoutingEngine("tenant-a", o => o.CapacityModel = "nothing").AddCapacityModel("nothing", (_, _) => null!);
        services.AddRoutingEngine("tenant-b", o => o.CapacityModel = "misnamed").AddCapacityModel("misnamed", (_, _) => new FixedSlotsModel(1));
        using ServiceProvider provider = services.BuildServiceProvider();

        Should.Throw<InvalidOperationException>(() => provider.GetRequiredKeyedService<IRoutingEngine>("tenant-a"))
            .Message.ShouldBe("The capacity model factory registered as 'nothing' returned null for routing engine 'tenant-a'; return an instance.");
        Should.Throw<InvalidOperationException>(() => provider.GetRequiredKeyedService<IRoutingEngine>("tenant-b"))
            .Message.ShouldStartWith("The capacity model factory registered as 'misnamed' made a model named 'fixed-slots'");
    }

    [Test]
    public void AddCapacityModelFactory_BuiltInOrTakenName_IsRefused()
    {
        var services = new ServiceCollection();
        IRoutingEngineBuilder builder = services.AddRoutingEngine().AddCapacityModel("mine", (_, _) => new FixedSlotsModel(1));

        Should.Throw<ArgumentException>(() => builder.AddCapacityModel("INTENSITY", (_, _) => new FixedSlotsModel(1)))
            .Message.ShouldStartWith("'INTENSITY' is the name of a built-in capacity model");
        Should.Throw<ArgumentException>(() => services.AddRoutingEngine("other").AddCapacityModel("Mine", (_, _) => new FixedSlotsModel(1)))
            .Message.ShouldStartWith("A capacity model factory is already registered as 'mine'");
        Should.Throw<ArgumentException>(() => builder.AddCapacityModel(" ", (_, _) => new FixedSlotsModel(1)));
    }

    [Test]
    public void RegisteredModel_NamedLikeABuiltInOne_IsRefusedWhenTheEngineIsMade()
    {
        var services = new ServiceCollection();
        services.AddRoutingEngine();
        services.AddSingleton<ICapacityModel>(new NamedModel("Max-Concurrent"));
        using ServiceProvider provider = services.BuildServiceProvider();

        Should.Throw<InvalidOperationException>(() => provider.GetRequiredService<IRoutingEngine>())
            .Message.ShouldContain("Two registered capacity models are named 'max-concurrent' (RoutingCore.Capacity.MaxConcurrentCapacityModel and ");
    }

    [Test]
    public void RoutingEngineCreate_ModelNamedLikeABuiltInOne_IsRefused()
    {
        Should.Throw<ArgumentException>(() => RoutingEngine.Create(capacityModels: [new NamedModel("INTENSITY")]))
            .Message.ShouldStartWith("Two capacity models are named 'intensity' (RoutingCore.Capacity.IntensityCapacityModel and ");
    }

    /// <summary>Adds an agent without a maximum of its own and assigns chats until it has no room; returns how many it took.</summary>
    private static int Fill(IRoutingEngine engine)
    {
        var agent = new AgentId("ann");
        engine.AddAgent(new AgentProfile(agent) { Skills = [new AgentSkill(new SkillId("sales"))] }, AgentState.Online);
        int taken = 0;
        while (taken < 20)
        {
            var chat = new ConversationRequest(new ConversationId($"c{taken}")) { Skill = new SkillId("sales") };
            if (!engine.Plan(chat).HasAgents)
            {
                break;
            }

            engine.Assign(chat, agent);
            taken++;
        }

        return taken;
    }

    private sealed class FixedSlotsOptions
    {
        public int Slots { get; set; } = 1;
    }

    /// <summary>Every conversation takes one of a fixed number of slots, whatever the agent's profile says.</summary>
    private sealed class FixedSlotsModel(int slots) : ICapacityModel
    {
        public const string ModelName = "fixed-slots";

        public string Name => ModelName;

        public double GetLimit(AgentProfile agent) => 1;

        public double GetConversationCost(AgentProfile agent, ReadOnlySpan<MediaType> media) => 1.0 / slots;

        public double GetConversationLoad(AgentProfile agent, in AssignedConversation conversation, DateTimeOffset now) => 1.0 / slots;

        public DateTimeOffset? GetNextLoadChange(AgentProfile agent, in AssignedConversation conversation, DateTimeOffset now) => null;
    }

    private sealed class NamedModel(string name) : ICapacityModel
    {
        public string Name => name;

        public double GetLimit(AgentProfile agent) => 1;

        public double GetConversationCost(AgentProfile agent, ReadOnlySpan<MediaType> media) => 1;

        public double GetConversationLoad(AgentProfile agent, in AssignedConversation conversation, DateTimeOffset now) => 1;

        public DateTimeOffset? GetNextLoadChange(AgentProfile agent, in AssignedConversation conversation, DateTimeOffset now) => null;
    }
}
