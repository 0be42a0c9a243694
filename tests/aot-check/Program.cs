using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using RoutingCore;

// Exercises the engine through dependency injection, options validation, the lifecycle and the metrics under native AOT.
long offers = 0;
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
listener.SetMeasurementEventCallback<long>((instrument, value, _, _) =>
{
    if (instrument.Name == RoutingMetricNames.Offers)
    {
        offers += value;
    }
});
listener.Start();

using ServiceProvider services = new ServiceCollection()
    .AddRoutingCore(o => o.Strategy = RoutingStrategyNames.LeastLoaded)
    .BuildServiceProvider();
IRoutingEngine engine = services.GetRequiredService<IRoutingEngine>();
engine.AddAgent(new AgentProfile("alice") { Skills = [new AgentSkill("sales")] }, AgentState.Online);
ConversationSnapshot submitted = engine.Submit(new ConversationRequest("conv-1") { Skill = new SkillId("sales") });
engine.Accept("conv-1", "alice");
ConversationSnapshot accepted = engine.GetConversation("conv-1");
Console.WriteLine($"aot check: {submitted.State} -> {accepted.State} with {accepted.Agent}; {offers} offer(s) measured");
return accepted.State == ConversationState.Assigned && offers == 1 ? 0 : 1;
