// A first look at RoutingCore: a small roster, a few conversations, and the plans the engine makes for them.
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using RoutingCore;

var registrations = new ServiceCollection();
registrations.AddRoutingEngine(options =>
{
    options.Strategy = RoutingStrategyNames.LeastLoaded; // the account-wide strategy
    options.Steps = 3;
    options.StepDelay = TimeSpan.FromSeconds(12);
    options.Skills["vip"] = new SkillOptions { Strategy = RoutingStrategyNames.SkillBased, Steps = 2 };
    options.Skills["support"] = new SkillOptions { Strategy = FewestConversationsStrategy.StrategyName, Steps = 3 }; // our own, below
}).AddStrategy<FewestConversationsStrategy>();
using ServiceProvider services = registrations.BuildServiceProvider();

IRoutingEngine engine = services.GetRequiredService<IRoutingEngine>();

// Ids are typed (AgentId, ConversationId, SkillId...): one kind cannot be passed where another is expected.
var sales = new SkillId("sales");
var vip = new SkillId("vip");

// Seed 004's example: five agents with 0, 1, 1, 2 and 3 chats of four.
int[] chats = [0, 1, 1, 2, 3];
for (int i = 0; i < chats.Length; i++)
{
    engine.AddAgent(
        new AgentProfile(new AgentId($"agent{i + 1}"))
        {
            Skills = [new AgentSkill(sales), new AgentSkill(vip, Proficiency: i % 2 == 0 ? 1.0 : 0.6), new AgentSkill(new SkillId("support"))],
            Tags = i < 3 ? ["en", "es"] : ["en"],
            Media = [new MediaCapacity(MediaType.Chat, 4), new MediaCapacity(MediaType.Voice, 1)],
        },
        AgentState.Online);

    for (int c = 0; c < chats[i]; c++)
    {
        engine.Assign(new ConversationRequest(new ConversationId($"existing-{i}-{c}")) { Skill = sales }, new AgentId($"agent{i + 1}"));
    }
}

engine.AddAgent(new AgentProfile(new AgentId("agent6")) { Skills = [new AgentSkill(sales)] }, AgentState.Away);

Console.WriteLine("Roster:");
foreach (AgentSnapshot agent in engine.GetAgents())
{
    Console.WriteLine($"  {agent}");
}

Print("A sales chat (least-loaded, 3 steps)", engine.Plan(new ConversationRequest(new ConversationId("chat-1")) { Skill = sales }));
Print("A Spanish-only sales chat", engine.Plan(new ConversationRequest(new ConversationId("chat-2")) { Skill = sales, RequiredTags = ["es"] }));
Print("A VIP chat preferring Spanish (skill-based, 2 steps)", engine.Plan(new ConversationRequest(new ConversationId("chat-3")) { Skill = vip, OptionalTags = ["es"] }));
Print("A support chat (our own strategy: fewest conversations first)", engine.Plan(new ConversationRequest(new ConversationId("chat-4")) { Skill = new SkillId("support") }));
Print("A sales voice call", engine.Plan(new ConversationRequest(new ConversationId("call-1")) { Skill = sales, Media = [MediaType.Voice] }));

Console.WriteLine();
Console.WriteLine("Why? The engine explains every agent:");
Console.WriteLine(engine.Explain(new ConversationRequest(new ConversationId("call-1")) { Skill = sales, Media = [MediaType.Voice] }));

// The lifecycle, on a fake clock: offers step by step, a timeout and forced pause, an acceptance, a queue.
Console.WriteLine();
Console.WriteLine("A minute in a small contact center (fake clock, every event printed):");
var clock = new FakeTimeProvider(new DateTimeOffset(2026, 1, 5, 9, 0, 0, TimeSpan.Zero));
using IRoutingEngine center = RoutingEngine.Create(new RoutingOptions { Strategy = RoutingStrategyNames.LeastLoaded, Steps = 2 }, clock);
using IDisposable subscription = center.Subscribe(new PrintingObserver());
var ann = new AgentId("ann");
var bob = new AgentId("bob");
var c1 = new ConversationId("c1");
var earlier = new ConversationId("earlier");
center.AddAgent(new AgentProfile(ann) { Skills = [new AgentSkill(sales)], MaxConcurrent = 1 }, AgentState.Online);
center.AddAgent(new AgentProfile(bob) { Skills = [new AgentSkill(sales)], MaxConcurrent = 2 }, AgentState.Online);
center.Assign(new ConversationRequest(earlier) { Skill = sales }, bob);
center.Submit(new ConversationRequest(c1) { Skill = sales });                   // ann (least loaded) alone in step 1, bob in step 2
clock.Advance(TimeSpan.FromSeconds(12));                                         // ann ignores it: a timeout, no pause (bob was eligible); bob is offered
center.Accept(c1, bob);                                                          // bob is full now
center.Submit(new ConversationRequest(new ConversationId("c2")) { Skill = sales }); // only ann is eligible: an exclusive ("starred") offer
clock.Advance(TimeSpan.FromSeconds(12));                                         // ann ignores a starred offer: forced pause; c2 waits
center.Submit(new ConversationRequest(new ConversationId("c3")) { Skill = sales, Priority = 1 }); // nobody free: it waits
center.Close(earlier);                                                           // bob frees up: c3 (first in the queue) is dispatched at once
center.SetAgentState(ann, AgentState.Online);                                    // ann is back: c2 goes to her at once

static void Print(string title, RoutingPlan plan)
{
    Console.WriteLine();
    Console.WriteLine($"{title}:");
    Console.WriteLine($"  {plan}");
}

/// <summary>Prints every routing event.</summary>
internal sealed class PrintingObserver : IRoutingObserver
{
    public void OnEvent(RoutingEvent routingEvent) => Console.WriteLine($"  {routingEvent}");
}

/// <summary>
/// A strategy of our own: the fewer conversations an agent holds, the higher it scores. The engine hands a strategy its
/// candidates as columns (one span per field); read the ones you need and fill one score per candidate.
/// </summary>
internal sealed class FewestConversationsStrategy : IRoutingStrategy
{
    public const string StrategyName = "fewest-conversations";

    public string Name => StrategyName;

    public void Score(in ScoringContext context, in ScoringColumns candidates, Span<double> scores)
    {
        ReadOnlySpan<int> active = candidates.ActiveConversations;
        for (int i = 0; i < active.Length; i++)
        {
            scores[i] = 1.0 / (1 + active[i]);
        }
    }

    public IReadOnlyList<ScoreComponent> Explain(in ScoringContext context, in ScoringColumns candidates, int index) =>
        [new ScoreComponent("conversations", 1.0 / (1 + candidates.ActiveConversations[index]), 1)];
}
