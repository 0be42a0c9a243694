using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using RoutingCore;

// An ASP.NET Core app built on the packed RoutingCore package: it serves on a free loopback port, routes a conversation
// through its own HTTP endpoints with HttpClient, and exits 0 when every answer is right.
WebApplicationBuilder builder = WebApplication.CreateBuilder(args);
builder.WebHost.UseUrls("http://127.0.0.1:0");
builder.Logging.SetMinimumLevel(LogLevel.Warning);

// ASP.NET Core's URL routing and the routing engine side by side: AddRouting/AddRoutingCore are ASP.NET Core's own.
builder.Services.AddRouting();
builder.Services.AddRoutingCore();
builder.Services.AddRoutingEngine(options => options.Strategy = RoutingStrategyNames.LeastLoaded);
builder.Services.AddRoutingEngine("tenant-b", options => options.Strategy = RoutingStrategyNames.RoundRobin);

WebApplication app = builder.Build();
app.MapPost("/agents/{id}", (string id, IRoutingEngine engine) =>
{
    engine.AddAgent(new AgentProfile(new AgentId(id)) { Skills = [new AgentSkill(new SkillId("sales"))] }, AgentState.Online);
    return Results.NoContent();
});
app.MapPost("/conversations/{id}", (string id, IRoutingEngine engine) =>
    engine.Submit(new ConversationRequest(new ConversationId(id)) { Skill = new SkillId("sales") }).ToString());
app.MapPost("/conversations/{id}/accept/{agent}", (string id, string agent, IRoutingEngine engine) =>
{
    engine.Accept(new ConversationId(id), new AgentId(agent));
    return engine.GetConversation(new ConversationId(id)).ToString();
});
app.MapGet("/tenant-b/agents", ([FromKeyedServices("tenant-b")] IRoutingEngine engine) => engine.GetAgents().Length.ToString(System.Globalization.CultureInfo.InvariantCulture));

await app.StartAsync();
string address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
var failures = new List<string>();
using (var http = new HttpClient { BaseAddress = new Uri(address), Timeout = TimeSpan.FromSeconds(30) })
{
    async Task Expect(HttpMethod method, string path, string expected)
    {
        using HttpResponseMessage response = await http.SendAsync(new HttpRequestMessage(method, path));
        string body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode || body != expected)
        {
            failures.Add($"{method} {path}: expected {(expected.Length == 0 ? "no content" : $"'{expected}'")}, got {(int)response.StatusCode} '{body}'");
        }
    }

    await Expect(HttpMethod.Post, "/agents/alice", "");
    await Expect(HttpMethod.Post, "/conversations/conv-1", "conv-1 Offered skill sales offered to alice (exclusive)");
    await Expect(HttpMethod.Post, "/conversations/conv-1/accept/alice", "conv-1 Assigned skill sales with alice");
    await Expect(HttpMethod.Get, "/tenant-b/agents", "0");
}

await app.StopAsync();
foreach (string failure in failures)
{
    Console.Error.WriteLine($"web package check: {failure}");
}

if (failures.Count == 0)
{
    Console.WriteLine($"web package check: conv-1 routed to alice over HTTP ({address}) through RoutingCore {typeof(IRoutingEngine).Assembly.GetName().Version}");
}

return failures.Count == 0 ? 0 : 1;
