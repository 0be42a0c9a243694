using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using RoutingCore;

// Exercises the engine through dependency injection (a default and a named, keyed engine), options validation, the
// lifecycle and the metrics under native AOT.
var offers = new Dictionary<string, long>();
using var listener = new MeterListener
{
    InstrumentPublished = (instrument, l) =>
    {
        if (instrument.Meter.Name == RoutingMetricNames.MeterName)
        {
            l.EnableMeasurementEvents(instrument);
        }
    },
};
listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
{
    foreach (KeyValuePair<string, object?> tag in tags)
    {
        if (instrument.Name == RoutingMetricNames.Offers && tag.Key == RoutingMetricNames.EngineTag)
        {
            offers[(string)tag.Value!] = offers.GetValueOrDefault((string)tag.Value!) + value;
        }
    }
});
listener.Start();

// The default engine and a named one (a keyed service), with a queue ordering made for the named engine.
var registrations = new ServiceCollection();
registrations.AddRoutingEngine(o => o.Strategy = RoutingStrategyNames.LeastLoaded);
registrations.AddRoutingEngine("tenant-b", o => o.Strategy = RoutingStrategyNames.RoundRobin).UseQueueOrdering<NewestFirst>();
using ServiceProvider services = registrations.BuildServiceProvider();
IRoutingEngine engine = services.GetRequiredService<IRoutingEngine>();
IRoutingEngine tenantB = services.GetRequiredKeyedService<IRoutingEngine>("tenant-b");
int routed = 0;
foreach (IRoutingEngine each in new[] { engine, tenantB })
{
    var alice = new AgentId("alice");
    var conversation = new ConversationId("conv-1");
    each.AddAgent(new AgentProfile(alice) { Skills = [new AgentSkill(new SkillId("sales"))] }, AgentState.Online);
    ConversationSnapshot submitted = each.Submit(new ConversationRequest(conversation) { Skill = new SkillId("sales") });
    each.Accept(conversation, alice);
    ConversationSnapshot accepted = each.GetConversation(conversation);
    Console.WriteLine($"aot check: {submitted.State} -> {accepted.State} with {accepted.Agent}");
    routed += accepted.State == ConversationState.Assigned ? 1 : 0;
}

Console.WriteLine($"aot check: offers measured by engine: {string.Join(", ", offers.Select(o => $"{o.Key}={o.Value}"))}");
return routed == 2 && offers.GetValueOrDefault(RoutingDefaults.EngineName) == 1 && offers.GetValueOrDefault("tenant-b") == 1 ? 0 : 1;

/// <summary>Serves the newest waiting conversation first (made by dependency injection for the named engine).</summary>
internal sealed class NewestFirst : IWaitingQueueOrdering
{
    public int Compare(WaitingConversation x, WaitingConversation y, DateTimeOffset now) => y.Sequence.CompareTo(x.Sequence);
}
