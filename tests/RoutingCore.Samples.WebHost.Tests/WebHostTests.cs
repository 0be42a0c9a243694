using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace RoutingCore.Samples.WebHost.Tests;

/// <summary>The host sample end to end, in memory: agents, a conversation offered on the event stream, accepted and closed.</summary>
public sealed class WebHostTests : InMemoryHost
{
    [Test]
    public async Task Conversation_IsOfferedOnTheEventStream_AcceptedAndClosed()
    {
        (await Client.PostAsJsonAsync("/agents", new { id = "alice", skills = new[] { "sales" } })).StatusCode.ShouldBe(HttpStatusCode.Created);
        (await Client.PostAsJsonAsync("/agents", new { id = "bob", skills = new[] { "sales" }, state = "Away" })).StatusCode.ShouldBe(HttpStatusCode.Created);

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using HttpResponseMessage stream = await Client.GetAsync("/events", HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        stream.Content.Headers.ContentType!.MediaType.ShouldBe("text/event-stream");
        using var reader = new StreamReader(await stream.Content.ReadAsStreamAsync(timeout.Token));
        await ReadUntil(reader, "event: ready", timeout.Token);

        HttpResponseMessage submitted = await Client.PostAsJsonAsync("/conversations", new { id = "conv-1", skill = "sales" }, timeout.Token);
        submitted.StatusCode.ShouldBe(HttpStatusCode.Created);
        JsonElement offered = await ReadEvent(reader, "Offered", timeout.Token);
        offered.GetProperty("conversation").GetString().ShouldBe("conv-1");
        offered.GetProperty("agent").GetString().ShouldBe("alice", "bob is away");

        HttpResponseMessage accepted = await Client.PostAsJsonAsync("/conversations/conv-1/accept", new { agent = "alice" }, timeout.Token);
        accepted.StatusCode.ShouldBe(HttpStatusCode.OK);
        JsonElement assigned = await accepted.Content.ReadFromJsonAsync<JsonElement>(timeout.Token);
        assigned.GetProperty("state").GetString().ShouldBe("Assigned");
        assigned.GetProperty("agent").GetString().ShouldBe("alice");
        (await ReadEvent(reader, "Accepted", timeout.Token)).GetProperty("agent").GetString().ShouldBe("alice");

        HttpResponseMessage closed = await Client.PostAsync("/conversations/conv-1/close", null, timeout.Token);
        closed.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await ReadEvent(reader, "Closed", timeout.Token)).GetProperty("conversation").GetString().ShouldBe("conv-1");
        JsonElement after = await Client.GetFromJsonAsync<JsonElement>("/conversations/conv-1", timeout.Token);
        after.GetProperty("state").GetString().ShouldBe("Closed");

        JsonElement alice = await Client.GetFromJsonAsync<JsonElement>("/agents/alice", timeout.Token);
        alice.GetProperty("conversations").GetInt32().ShouldBe(0);
    }

    [Test]
    public async Task Events_ResumeAfterTheLastEventId_WithEachEventsSequenceAsItsId()
    {
        await Client.PostAsJsonAsync("/conversations", new { id = "conv-1", skill = "sales" }); // nobody: Submitted (1), Queued (2)
        await Client.PostAsJsonAsync("/conversations", new { id = "conv-2", skill = "sales" }); // Submitted (3), Queued (4)

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var request = new HttpRequestMessage(HttpMethod.Get, "/events");
        request.Headers.Add("Last-Event-ID", "2"); // what an EventSource sends when it reconnects
        using HttpResponseMessage stream = await Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
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

        HttpResponseMessage negative = await Client.GetAsync("/events?after=-1", timeout.Token);
        negative.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await negative.Content.ReadFromJsonAsync<JsonElement>(timeout.Token)).GetProperty("errors").GetProperty("after")[0].GetString()!.ShouldStartWith("after is -1;");
        using var badHeader = new HttpRequestMessage(HttpMethod.Get, "/events");
        badHeader.Headers.Add("Last-Event-ID", "ready");
        (await Client.SendAsync(badHeader, timeout.Token)).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    /// <summary>
    /// Issue 21: "the web host exports the engine's metrics with OpenTelemetry ... in Prometheus format at /metrics"; a test
    /// "scrapes /metrics and parses it as Prometheus text".
    /// </summary>
    [Test]
    public async Task Metrics_AreThePrometheusTextOfTheEnginesInstruments()
    {
        await Client.PostAsJsonAsync("/agents", new { id = "alice", skills = new[] { "sales" } });
        await Client.PostAsJsonAsync("/conversations", new { id = "conv-1", skill = "sales" });
        await Client.PostAsJsonAsync("/conversations/conv-1/accept", new { agent = "alice" });

        HttpResponseMessage response = await Client.GetAsync("/metrics");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/plain");
        IReadOnlyList<PrometheusText.Sample> samples = PrometheusText.Parse(await response.Content.ReadAsStringAsync());
        PrometheusText.Sample routed = samples.Single(s => s.Name.StartsWith("routingcore_conversations_routed", StringComparison.Ordinal) && s.Name.EndsWith("_total", StringComparison.Ordinal));
        routed.Labels["routingcore_skill"].ShouldBe("sales");
        routed.Labels["routingcore_strategy"].ShouldBe("least-loaded", "appsettings.json sets least-loaded");
        routed.Value.ShouldBe(1);
        samples.ShouldContain(s => s.Name.StartsWith("routingcore_queue_length", StringComparison.Ordinal) && s.Value == 0);
    }

    [Test]
    public async Task BadRequest_GetsAProblemDetailNamingTheField()
    {
        HttpResponseMessage response = await Client.PostAsJsonAsync("/conversations", new { skill = "sales" });

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        JsonElement problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        problem.GetProperty("errors").GetProperty("id")[0].GetString()!.ShouldContain("needs an id");
    }

    [Test]
    public async Task EngineErrors_MapTo404And409And400()
    {
        await Client.PostAsJsonAsync("/agents", new { id = "alice", skills = new[] { "sales" } });

        HttpResponseMessage unknown = await Client.GetAsync("/conversations/nope");
        unknown.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        JsonElement notFound = await unknown.Content.ReadFromJsonAsync<JsonElement>();
        notFound.GetProperty("code").GetString().ShouldBe(nameof(RoutingErrorCode.UnknownConversation));
        notFound.GetProperty("detail").GetString()!.ShouldContain("'nope'");
        (await Code(await Client.GetAsync("/agents/zed"), HttpStatusCode.NotFound)).ShouldBe(nameof(RoutingErrorCode.UnknownAgent));

        await Client.PostAsJsonAsync("/conversations", new { id = "conv-1", skill = "sales" });
        await Client.PostAsJsonAsync("/conversations/conv-1/accept", new { agent = "alice" });
        HttpResponseMessage again = await Client.PostAsJsonAsync("/conversations/conv-1/accept", new { agent = "alice" });
        again.StatusCode.ShouldBe(HttpStatusCode.OK, "issue 18: a repeated accept by the agent who holds it succeeds without effect");
        (await Code(await Client.PostAsJsonAsync("/conversations/conv-1/decline", new { agent = "alice" }), HttpStatusCode.Conflict))
            .ShouldBe(nameof(RoutingErrorCode.AlreadyAccepted));
        (await Code(await Client.PostAsJsonAsync("/conversations/conv-1/accept", new { agent = "zed" }), HttpStatusCode.NotFound))
            .ShouldBe(nameof(RoutingErrorCode.UnknownAgent));
        (await Code(await Client.PostAsJsonAsync("/conversations", new { id = "conv-1", skill = "support" }), HttpStatusCode.Conflict))
            .ShouldBe(nameof(RoutingErrorCode.ConversationAlreadyExists)); // another request under the id (the same one is a repeat)

        HttpResponseMessage duplicate = await Client.PostAsJsonAsync("/agents", new { id = "alice", skills = new[] { "support" } });
        (await Code(duplicate, HttpStatusCode.Conflict)).ShouldBe(nameof(RoutingErrorCode.AgentAlreadyExists));

        await Client.PostAsync("/conversations/conv-1/close", null);
        (await Client.PostAsync("/conversations/conv-1/close", null)).StatusCode.ShouldBe(HttpStatusCode.OK, "issue 18: closing a closed conversation returns without effect");
        (await Code(await Client.PostAsJsonAsync("/conversations/conv-1/accept", new { agent = "alice" }), HttpStatusCode.Conflict))
            .ShouldBe(nameof(RoutingErrorCode.ConversationClosed));

        HttpResponseMessage malformed = await Client.PostAsJsonAsync("/conversations", new { id = "conv-2", requiredTags = new[] { " " } });
        malformed.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await malformed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("conversation")[0].GetString()!.ShouldContain("required tag");
    }

    [Test]
    public async Task Accept_LostTheRace_Is409WithItsCode_AndTheWinnerKeepsTheConversation()
    {
        await Client.PostAsJsonAsync("/agents", new { id = "alice", skills = new[] { "sales" } });
        await Client.PostAsJsonAsync("/agents", new { id = "bob", skills = new[] { "sales" } });
        JsonElement submitted = await (await Client.PostAsJsonAsync("/conversations", new { id = "conv-1", skill = "sales" })).Content.ReadFromJsonAsync<JsonElement>();
        submitted.GetProperty("offeredTo").GetArrayLength().ShouldBe(2);

        (await Client.PostAsJsonAsync("/conversations/conv-1/accept", new { agent = "bob" })).StatusCode.ShouldBe(HttpStatusCode.OK);
        HttpResponseMessage late = await Client.PostAsJsonAsync("/conversations/conv-1/accept", new { agent = "alice" });

        (await Code(late, HttpStatusCode.Conflict)).ShouldBe(nameof(RoutingErrorCode.OfferWithdrawn));
        (await Client.GetFromJsonAsync<JsonElement>("/conversations/conv-1")).GetProperty("agent").GetString().ShouldBe("bob");
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
        await Client.PostAsJsonAsync("/agents", new { id = "alice", skills = new[] { "sales" }, groups = new[] { "vendor-a" }, state = "Offline" });
        await Client.PostAsJsonAsync("/conversations", new { id = "conv-1", skill = "sales" });

        JsonElement queue = await Client.GetFromJsonAsync<JsonElement>("/queue");
        queue.EnumerateArray().Select(w => w.GetProperty("id").GetString()).ShouldBe(["conv-1"]);

        HttpResponseMessage paced = await Client.PostAsJsonAsync("/pacing/vendor-a", new
        {
            acceptanceRate = 0.5, acceptDelaySeconds = 10, averageHandleTimeSeconds = 300, averagePatienceSeconds = 120,
        });
        paced.StatusCode.ShouldBe(HttpStatusCode.OK);
        JsonElement decision = await paced.Content.ReadFromJsonAsync<JsonElement>();
        decision.GetProperty("invitations").GetInt32().ShouldBe(0);
        decision.GetProperty("reason").GetString().ShouldBe("NoReadyAgents", "alice is offline");

        (await Client.PutAsJsonAsync("/agents/alice/state", new { state = "Online" })).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await Client.GetFromJsonAsync<JsonElement>("/queue")).GetArrayLength().ShouldBe(0);
    }

    internal static async Task ReadUntil(StreamReader reader, string line, CancellationToken cancellation)
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
    internal static async Task<JsonElement> ReadEvent(StreamReader reader, string kind, CancellationToken cancellation)
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
