using Microsoft.Extensions.DependencyInjection;
using RoutingCore;

// Routes one conversation through the packed RoutingCore package, without and with dependency injection: exits 0 when
// it reaches the agent. With the arguments "packages <folder>": checks the packed files in that folder instead
// (PackedFiles: the packages' versions and dependencies, and the sources embedded in their symbols).
if (args is ["packages", string folder])
{
    return PackedFiles.Check(folder);
}

var alice = new AgentId("alice");
var conversation = new ConversationId("conv-1");
using IRoutingEngine engine = RoutingEngine.Create(new RoutingOptions { Strategy = RoutingStrategyNames.LeastLoaded });
engine.AddAgent(new AgentProfile(alice) { Skills = [new AgentSkill(new SkillId("sales"))] }, AgentState.Online);
ConversationSnapshot submitted = engine.Submit(new ConversationRequest(conversation) { Skill = new SkillId("sales") });
if (submitted.State != ConversationState.Offered || submitted.OfferedTo.Length != 1 || submitted.OfferedTo[0] != alice)
{
    Console.Error.WriteLine($"package check: expected conv-1 offered to alice, got {submitted.State} to [{string.Join(", ", submitted.OfferedTo)}]");
    return 1;
}

engine.Accept(conversation, alice);
ConversationSnapshot accepted = engine.GetConversation(conversation);
if (accepted.State != ConversationState.Assigned || accepted.Agent != alice)
{
    Console.Error.WriteLine($"package check: expected conv-1 assigned to alice, got {accepted.State}");
    return 1;
}

// The same through dependency injection: the default engine and a named one (a keyed service), each its own state.
using (ServiceProvider services = Registration.Build())
{
    IRoutingEngine registered = services.GetRequiredService<IRoutingEngine>();
    IRoutingEngine tenantB = services.GetRequiredKeyedService<IRoutingEngine>("tenant-b");
    registered.AddAgent(new AgentProfile(alice) { Skills = [new AgentSkill(new SkillId("sales"))] }, AgentState.Online);
    ConversationSnapshot viaServices = registered.Submit(new ConversationRequest(conversation) { Skill = new SkillId("sales") });
    if (viaServices.State != ConversationState.Offered || tenantB.GetAgents().Length != 0)
    {
        Console.Error.WriteLine($"package check: expected conv-1 offered by the registered engine and an empty tenant-b, got {viaServices.State} and {tenantB.GetAgents().Length} agent(s)");
        return 1;
    }
}

Console.WriteLine($"package check: conv-1 routed to {accepted.Agent} through RoutingCore {typeof(IRoutingEngine).Assembly.GetName().Version}");
return 0;
