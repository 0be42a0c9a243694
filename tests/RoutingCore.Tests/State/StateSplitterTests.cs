using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace RoutingCore.Tests.State;

/// <summary>Only the built-in workload splitter's state can be saved; a custom one makes SaveState and RestoreState fail clearly.</summary>
public sealed class StateSplitterTests
{
    [Test]
    public void SaveAndRestore_CustomSplitter_ThrowNamingTheSplitter()
    {
        var services = new ServiceCollection();
        services.AddRoutingEngine().UseWorkloadSplitter(_ => new CountingSplitter(WorkloadSplitter.Create()));
        using ServiceProvider provider = services.BuildServiceProvider();
        IRoutingEngine engine = provider.GetRequiredService<IRoutingEngine>();
        engine.AddAgent(new AgentProfile(new AgentId("ann")) { Skills = [new AgentSkill(new SkillId("sales"))] }, AgentState.Online);

        var save = Should.Throw<RoutingOperationException>(() => StateKit.Save(engine));
        save.Code.ShouldBe(RoutingErrorCode.CustomSplitterState);
        save.Message.ShouldContain(typeof(CountingSplitter).FullName!);
        save.Message.ShouldContain("cannot save its state");

        IRoutingEngine empty = provider.GetRequiredService<IRoutingEngineFactory>().Create(new RoutingOptions());
        using var source = new MemoryStream("{\"formatVersion\":1}"u8.ToArray());
        RoutingOperationException restore = Should.Throw<RoutingOperationException>(() => empty.RestoreState(source));
        restore.Code.ShouldBe(RoutingErrorCode.CustomSplitterState);
        restore.Message.ShouldContain("cannot restore its state");
        empty.GetAgents().ShouldBeEmpty();
        engine.GetAgents().Length.ShouldBe(1);
    }

    [Test]
    public void SaveAndRestore_BuiltInSplitterFromDependencyInjection_Works()
    {
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(new FakeTimeProvider(TestEngine.Start));
        services.AddRoutingEngine(o => o.AgentGroups = ["g1", "g2"]).UseWorkloadSplitter(_ => WorkloadSplitter.Create());
        using ServiceProvider provider = services.BuildServiceProvider();
        IRoutingEngineFactory factory = provider.GetRequiredService<IRoutingEngineFactory>();
        IRoutingEngine engine = factory.Create(new RoutingOptions { AgentGroups = ["g1", "g2"] });
        engine.ConfigureWorkload(new SkillId("sales"), WorkloadDistribution.Create([new AgentGroupShare(new AgentGroupId("g1"), 50), new AgentGroupShare(new AgentGroupId("g2"), 50)]));
        engine.Submit(new ConversationRequest(new ConversationId("c1")) { Skill = new SkillId("sales") });
        string document = StateKit.Save(engine);
        engine.Dispose();

        IRoutingEngine restored = factory.Create(new RoutingOptions { AgentGroups = ["g1", "g2"] });
        StateKit.Restore(restored, document);
        StateKit.Save(restored).ShouldBe(document);
        restored.GetWorkloadReport(new SkillId("sales")).Distribution.Primary.Length.ShouldBe(2);
    }

    /// <summary>A host's own splitter: delegates to the built-in one (also used by the error-code tests).</summary>
    internal sealed class CountingSplitter(WorkloadSplitter inner) : WorkloadSplitter
    {
        protected override int ChoosePrimaryCore(in WorkloadSplitContext context) => inner.ChoosePrimary(context);

        protected override int RankSecondariesCore(in WorkloadSplitContext context, Span<int> destination) => inner.RankSecondaries(context, destination);
    }
}
