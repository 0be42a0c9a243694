using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Testing;

namespace RoutingCore.Samples.WebHost.Tests;

/// <summary>The host sample end to end, in memory: agents, a conversation offered on the event stream, accepted and closed.</summary>
public sealed class WebHostTests
{
    private WebApplicationFactory<Program> _factory = null!;
    private HttpClient _client = null!;

    [SetUp]
    public void SetUp()
    {
        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(builder => builder.UseSetting("Sample:DataFolder", "")); // in memory only
        _client = _factory.CreateClient();
    }

    [TearDown]
    public void TearDown()
    {
        _client.Dispose();
        _factory.Dispose();
    }

    [Test]
    public async Task Conversation_IsOfferedOnTheEventStream_AcceptedAndClosed()
    {
        (await _client.PostAsJsonAsync("/agents", new { id = "alice", skills = new[] { "sales" } })).StatusCode.ShouldBe(HttpStatusCode.Created);
        (await _client.PostAsJsonAsync("/agents", new { id = "bob", skills = new[] { "sales" }, state = "Away" })).StatusCode.ShouldBe(HttpStatusCode.Created);

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using HttpResponseMessage stream = await _client.GetAsync("/events", HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        stream.Content.Headers.ContentType!.MediaType.ShouldBe("text/event-stream");
        using var reader = new StreamReader(await stream.Content.ReadAsStreamAsync(timeout.Token));
        await ReadUntil(reader, "event: ready", timeout.Token);

        HttpResponseMessage submitted = await _client.PostAsJsonAsync("/conversations", new { id = "conv-1", skill = "sales" }, timeout.Token);
        submitted.StatusCode.ShouldBe(HttpStatusCode.Created);
        JsonElement offered = await ReadEvent(reader, "Offered", timeout.Token);
        offered.GetProperty("conversation").GetString().ShouldBe("conv-1");
        offered.GetProperty("agent").GetString().ShouldBe("alice", "bob is away");

        HttpResponseMessage accepted = await _client.PostAsJsonAsync("/conversations/conv-1/accept", new { agent = "alice" }, timeout.Token);
        accepted.StatusCode.ShouldBe(HttpStatusCode.OK);
        JsonElement assigned = await accepted.Content.ReadFromJsonAsync<JsonElement>(timeout.Token);
        assigned.GetProperty("state").GetString().ShouldBe("Assigned");
        assigned.GetProperty("agent").GetString().ShouldBe("alice");
        (await ReadEvent(reader, "Accepted", timeout.Token)).GetProperty("agent").GetString().ShouldBe("alice");

        HttpResponseMessage closed = await _client.PostAsync("/conversations/conv-1/close", null, timeout.Token);
        closed.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await ReadEvent(reader, "Closed", timeout.Token)).GetProperty("conversation").GetString().ShouldBe("conv-1");
        JsonElement after = await _client.GetFromJsonAsync<JsonElement>("/conversations/conv-1", timeout.Token);
        after.GetProperty("state").GetString().ShouldBe("Closed");

        JsonElement alice = await _client.GetFromJsonAsync<JsonElement>("/agents/alice", timeout.Token);
        alice.GetProperty("conversations").GetInt32().ShouldBe(0);
    }

    [Test]
    public async Task Events_ResumeAfterTheLastEventId_WithEachEventsSequenceAsItsId()
    {
        await _client.PostAsJsonAsync("/conversations", new { id = "conv-1", skill = "sales" }); // nobody: Submitted (1), Queued (2)
        await _client.PostAsJsonAsync("/conversations", new { id = "conv-2", skill = "sales" }); // Submitted (3), Queued (4)

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var request = new HttpRequestMessage(HttpMethod.Get, "/events");
        request.Headers.Add("Last-Event-ID", "2"); // what an EventSource sends when it reconnects
        using HttpResponseMessage stream = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        using var reader = new StreamReader(await stream.Content.ReadAsStreamAsync(timeout.Token));
        await ReadUntil(reader, "event: ready", timeout.Token);

        string? firstId = null;
        while (firstId is null && await reader.ReadLineAsync(timeout.Token) is { } line)
        {
            firstId = line.StartsWith("id: ", StringComparison.Ordinal) ? line : null;
        }

        firstId.ShouldBe("id: 3", "the first event after the one the client saw last");
        JsonElement next = await ReadEvent(reader, "Queued", timeout.Token);
        next.GetProperty("sequence").GetInt64().ShouldBe(4);
        next.GetProperty("conversation").GetString().ShouldBe("conv-2");

        HttpResponseMessage negative = await _client.GetAsync("/events?after=-1", timeout.Token);
        negative.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await negative.Content.ReadFromJsonAsync<JsonElement>(timeout.Token)).GetProperty("errors").GetProperty("after")[0].GetString()!.ShouldStartWith("after is -1;");
        using var badHeader = new HttpRequestMessage(HttpMethod.Get, "/events");
        badHeader.Headers.Add("Last-Event-ID", "ready");
        (await _client.SendAsync(badHeader, timeout.Token)).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Test]
    public async Task Metrics_ShowTheEnginesInstruments()
    {
        await _client.PostAsJsonAsync("/agents", new { id = "alice", skills = new[] { "sales" } });
        await _client.PostAsJsonAsync("/conversations", new { id = "conv-1", skill = "sales" });
        await _client.PostAsJsonAsync("/conversations/conv-1/accept", new { agent = "alice" });
        await _client.PostAsJsonAsync("/conversations", new { id = "conv-2", skill = "vip" }); // nobody holds vip: any agent may take it

        JsonElement metrics = await _client.GetFromJsonAsync<JsonElement>("/metrics");
        JsonElement routed = metrics.GetProperty(RoutingMetricNames.ConversationsRouted);
        routed.GetProperty("engine=default,skill=sales,strategy=least-loaded").GetProperty("sum").GetDouble().ShouldBe(1, "appsettings.json sets least-loaded");
        metrics.GetProperty(RoutingMetricNames.QueueLength).EnumerateObject().Single().Value.GetProperty("last").GetDouble().ShouldBe(0);
    }

    [Test]
    public async Task BadRequest_GetsAProblemDetailNamingTheField()
    {
        HttpResponseMessage response = await _client.PostAsJsonAsync("/conversations", new { skill = "sales" });

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        JsonElement problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        problem.GetProperty("errors").GetProperty("id")[0].GetString()!.ShouldContain("needs an id");
    }

    [Test]
    public async Task EngineErrors_MapTo404And409And400()
    {
        await _client.PostAsJsonAsync("/agents", new { id = "alice", skills = new[] { "sales" } });

        HttpResponseMessage unknown = await _client.GetAsync("/conversations/nope");
        unknown.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        JsonElement notFound = await unknown.Content.ReadFromJsonAsync<JsonElement>();
        notFound.GetProperty("code").GetString().ShouldBe(nameof(RoutingErrorCode.UnknownConversation));
        notFound.GetProperty("detail").GetString()!.ShouldContain("'nope'");
        (await Code(await _client.GetAsync("/agents/zed"), HttpStatusCode.NotFound)).ShouldBe(nameof(RoutingErrorCode.UnknownAgent));

        await _client.PostAsJsonAsync("/conversations", new { id = "conv-1", skill = "sales" });
        await _client.PostAsJsonAsync("/conversations/conv-1/accept", new { agent = "alice" });
        HttpResponseMessage again = await _client.PostAsJsonAsync("/conversations/conv-1/accept", new { agent = "alice" });
        again.StatusCode.ShouldBe(HttpStatusCode.OK, "issue 18: a repeated accept by the agent who holds it succeeds without effect");
        (await Code(await _client.PostAsJsonAsync("/conversations/conv-1/decline", new { agent = "alice" }), HttpStatusCode.Conflict))
            .ShouldBe(nameof(RoutingErrorCode.AlreadyAccepted));
        (await Code(await _client.PostAsJsonAsync("/conversations/conv-1/accept", new { agent = "zed" }), HttpStatusCode.NotFound))
            .ShouldBe(nameof(RoutingErrorCode.UnknownAgent));
        (await Code(await _client.PostAsJsonAsync("/conversations", new { id = "conv-1", skill = "support" }), HttpStatusCode.Conflict))
            .ShouldBe(nameof(RoutingErrorCode.ConversationAlreadyExists)); // another request under the id (the same one is a repeat)

        HttpResponseMessage duplicate = await _client.PostAsJsonAsync("/agents", new { id = "alice", skills = new[] { "support" } });
        (await Code(duplicate, HttpStatusCode.Conflict)).ShouldBe(nameof(RoutingErrorCode.AgentAlreadyExists));

        await _client.PostAsync("/conversations/conv-1/close", null);
        (await _client.PostAsync("/conversations/conv-1/close", null)).StatusCode.ShouldBe(HttpStatusCode.OK, "issue 18: closing a closed conversation returns without effect");
        (await Code(await _client.PostAsJsonAsync("/conversations/conv-1/accept", new { agent = "alice" }), HttpStatusCode.Conflict))
            .ShouldBe(nameof(RoutingErrorCode.ConversationClosed));

        HttpResponseMessage malformed = await _client.PostAsJsonAsync("/conversations", new { id = "conv-2", requiredTags = new[] { " " } });
        malformed.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await malformed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("conversation")[0].GetString()!.ShouldContain("required tag");
    }

    [Test]
    public async Task Accept_LostTheRace_Is409WithItsCode_AndTheWinnerKeepsTheConversation()
    {
        await _client.PostAsJsonAsync("/agents", new { id = "alice", skills = new[] { "sales" } });
        await _client.PostAsJsonAsync("/agents", new { id = "bob", skills = new[] { "sales" } });
        JsonElement submitted = await (await _client.PostAsJsonAsync("/conversations", new { id = "conv-1", skill = "sales" })).Content.ReadFromJsonAsync<JsonElement>();
        submitted.GetProperty("offeredTo").GetArrayLength().ShouldBe(2);

        (await _client.PostAsJsonAsync("/conversations/conv-1/accept", new { agent = "bob" })).StatusCode.ShouldBe(HttpStatusCode.OK);
        HttpResponseMessage late = await _client.PostAsJsonAsync("/conversations/conv-1/accept", new { agent = "alice" });

        (await Code(late, HttpStatusCode.Conflict)).ShouldBe(nameof(RoutingErrorCode.OfferWithdrawn));
        (await _client.GetFromJsonAsync<JsonElement>("/conversations/conv-1")).GetProperty("agent").GetString().ShouldBe("bob");
    }

    /// <summary>Checks the status and that the body is problem details; returns its <c>code</c>.</summary>
    private static async Task<string?> Code(HttpResponseMessage response, HttpStatusCode status)
    {
        response.StatusCode.ShouldBe(status);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString();
    }

    [Test]
    public async Task Queue_AndPacing_AnswerFromTheEngine()
    {
        await _client.PostAsJsonAsync("/agents", new { id = "alice", skills = new[] { "sales" }, groups = new[] { "vendor-a" }, state = "Offline" });
        await _client.PostAsJsonAsync("/conversations", new { id = "conv-1", skill = "sales" });

        JsonElement queue = await _client.GetFromJsonAsync<JsonElement>("/queue");
        queue.EnumerateArray().Select(w => w.GetProperty("id").GetString()).ShouldBe(["conv-1"]);

        HttpResponseMessage paced = await _client.PostAsJsonAsync("/pacing/vendor-a", new
        {
            acceptanceRate = 0.5, acceptDelaySeconds = 10, averageHandleTimeSeconds = 300, averagePatienceSeconds = 120,
        });
        paced.StatusCode.ShouldBe(HttpStatusCode.OK);
        JsonElement decision = await paced.Content.ReadFromJsonAsync<JsonElement>();
        decision.GetProperty("invitations").GetInt32().ShouldBe(0);
        decision.GetProperty("reason").GetString().ShouldBe("NoReadyAgents", "alice is offline");

        (await _client.PutAsJsonAsync("/agents/alice/state", new { state = "Online" })).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await _client.GetFromJsonAsync<JsonElement>("/queue")).GetArrayLength().ShouldBe(0);
    }

    private static async Task ReadUntil(StreamReader reader, string line, CancellationToken cancellation)
    {
        while (await reader.ReadLineAsync(cancellation) is { } read)
        {
            if (read == line)
            {
                return;
            }
        }

        Assert.Fail($"the event stream ended before '{line}'");
    }

    /// <summary>Reads events until one of <paramref name="kind"/>; returns its data.</summary>
    private static async Task<JsonElement> ReadEvent(StreamReader reader, string kind, CancellationToken cancellation)
    {
        string? eventType = null;
        while (await reader.ReadLineAsync(cancellation) is { } line)
        {
            if (line.StartsWith("event: ", StringComparison.Ordinal))
            {
                eventType = line["event: ".Length..];
            }
            else if (line.StartsWith("data: ", StringComparison.Ordinal) && eventType == kind)
            {
                return JsonDocument.Parse(line["data: ".Length..]).RootElement.Clone();
            }
        }

        throw new AssertionException($"the event stream ended before a '{kind}' event");
    }
}
