using Orleans.TestingHost;

namespace RoutingCore.Orleans.Tests;

/// <summary>Subscriptions lapse <see cref="RoutingCoreOrleansOptions.ObserverExpiry"/> after the last Subscribe.</summary>
[TestFixture]
public sealed class ObserverExpiryTests
{
    private static readonly TimeSpan Expiry = TimeSpan.FromSeconds(3);

    private TestCluster _cluster = null!;

    [OneTimeSetUp]
    public async Task StartCluster() => _cluster = await ClusterKit.StartAsync(1, Expiry);

    [OneTimeTearDown]
    public async Task StopCluster()
    {
        await _cluster.StopAllSilosAsync();
        await _cluster.DisposeAsync();
    }

    [Test]
    public async Task Subscribe_NotRefreshed_LapsesAfterExpiry_RefreshedAgain_Delivers()
    {
        var collector = new EventCollector();
        IRoutingEventObserver observer = _cluster.Client.CreateObjectReference<IRoutingEventObserver>(collector);
        IRoutingTenantGrain grain = _cluster.GrainFactory.GetGrain<IRoutingTenantGrain>("expiry");
        await grain.Subscribe(observer);
        await grain.AddAgent(ClusterKit.Agent("ivy"), AgentState.Online);
        await grain.Submit(ClusterKit.Conversation("c-heard"));
        await collector.WaitFor((_, e) => e.Conversation == new ConversationId("c-heard"));
        await grain.Close(new ConversationId("c-heard"));

        await Task.Delay(Expiry + TimeSpan.FromMilliseconds(500));
        await grain.Submit(ClusterKit.Conversation("c-lapsed"));
        await Task.Delay(300);
        collector.Events.ShouldNotContain(e => e.Event.Conversation == new ConversationId("c-lapsed"));

        await grain.Subscribe(observer);
        await grain.Accept(new ConversationId("c-lapsed"), new AgentId("ivy"));
        RoutingEvent accepted = await collector.WaitFor((_, e) => e.Kind == RoutingEventKind.Accepted);
        accepted.Conversation.ShouldBe(new ConversationId("c-lapsed"));
    }
}
