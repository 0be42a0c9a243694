using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace RoutingCore.Samples.WebHost.Tests;

/// <summary>
/// An application built as <c>dotnet new web</c> builds one (<see cref="WebApplication.CreateBuilder()"/>), registering the
/// engines beside ASP.NET Core's own URL routing (<c>AddRouting()</c>, <c>AddRoutingCore()</c>), on a test server.
/// </summary>
public sealed class NewWebAppTests
{
    [Test]
    public async Task AddRoutingEngine_BesideAspNetCoresRouting_EnginesServeEndpoints()
    {
        WebApplicationBuilder builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        builder.Services.AddRouting();
        builder.Services.AddRoutingCore(); // ASP.NET Core's URL routing services: no engine, and no clash
        builder.Services.AddRoutingEngine(o => o.Strategy = RoutingStrategyNames.LeastLoaded);
        builder.Services.AddRoutingEngine("tenant-a", o => o.Strategy = RoutingStrategyNames.RoundRobin);
        await using WebApplication app = builder.Build();

        // The engine is a service: minimal API handlers take it as a parameter, plain or keyed.
        app.MapPost("/agents/{id}", (string id, IRoutingEngine engine) => AddAgent(engine, id));
        app.MapPost("/conversations/{id}", (string id, IRoutingEngine engine) => Submit(engine, id));
        app.MapPost("/tenant-a/agents/{id}", (string id, [FromKeyedServices("tenant-a")] IRoutingEngine engine) => AddAgent(engine, id));
        app.MapPost("/tenant-a/conversations/{id}", (string id, [FromKeyedServices("tenant-a")] IRoutingEngine engine) => Submit(engine, id));
        await app.StartAsync();
        using HttpClient client = app.GetTestClient();

        (await client.PostAsync("/agents/alice", null)).StatusCode.ShouldBe(HttpStatusCode.OK);
        JsonElement submitted = await Json(await client.PostAsync("/conversations/conv-1", null));
        submitted.GetProperty("state").GetString().ShouldBe(nameof(ConversationState.Offered));
        submitted.GetProperty("offeredTo").EnumerateArray().Select(a => a.GetString()).ShouldBe(["alice"]);
        submitted.GetProperty("strategy").GetString().ShouldBe(RoutingStrategyNames.LeastLoaded);

        (await client.PostAsync("/tenant-a/agents/bob", null)).StatusCode.ShouldBe(HttpStatusCode.OK);
        JsonElement tenantA = await Json(await client.PostAsync("/tenant-a/conversations/conv-1", null));
        tenantA.GetProperty("offeredTo").EnumerateArray().Select(a => a.GetString()).ShouldBe(["bob"], "tenant-a has its own roster");
        tenantA.GetProperty("strategy").GetString().ShouldBe(RoutingStrategyNames.RoundRobin);

        app.Services.GetRequiredService<IRoutingEngine>().GetConversation(new ConversationId("conv-1")).OfferedTo.ShouldBe([new AgentId("alice")]);
        app.Services.GetRequiredService<LinkGenerator>().ShouldNotBeNull("ASP.NET Core's routing is registered too");
        await app.StopAsync();
    }

    [Test]
    public async Task InvalidNamedOptions_TheHostFailsToStart_WithEveryErrorNamingTheEngine()
    {
        WebApplicationBuilder builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        builder.Services.AddRoutingEngine();
        builder.Services.AddRoutingEngine("tenant-b", o =>
        {
            o.Steps = 0;
            o.Strategy = "nope";
        });
        await using WebApplication app = builder.Build();

        var error = await Should.ThrowAsync<OptionsValidationException>(() => app.StartAsync());

        error.OptionsName.ShouldBe("tenant-b");
        error.Failures.Count().ShouldBe(2);
        error.Message.ShouldContain("Routing engine 'tenant-b': RoutingOptions.Steps is 0");
        error.Message.ShouldContain("Routing engine 'tenant-b': RoutingOptions.Strategy is 'nope'");
    }

    private static IResult AddAgent(IRoutingEngine engine, string id)
    {
        engine.AddAgent(new AgentProfile(new AgentId(id)) { Skills = [new AgentSkill(new SkillId("sales"))] }, AgentState.Online);
        return Results.Ok();
    }

    private static IResult Submit(IRoutingEngine engine, string id)
    {
        ConversationSnapshot conversation = engine.Submit(new ConversationRequest(new ConversationId(id)) { Skill = new SkillId("sales") });
        return Results.Ok(new
        {
            state = conversation.State.ToString(),
            offeredTo = conversation.OfferedTo.Select(a => a.Value),
            strategy = engine.Plan(new ConversationRequest(new ConversationId("probe")) { Skill = new SkillId("sales") }).Strategy,
        });
    }

    private static async Task<JsonElement> Json(HttpResponseMessage response)
    {
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }
}
