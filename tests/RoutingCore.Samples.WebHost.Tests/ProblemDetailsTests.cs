using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace RoutingCore.Samples.WebHost.Tests;

/// <summary>
/// Issue 21: "Every bad request answered with problem details (RFC 9457) in every environment, naming the JSON field and
/// what is valid; status codes from the engine's error codes (404 unknown, 409 conflict)." One test for each class of bad
/// request, in Production (as the README runs it) and in Development.
/// </summary>
[TestFixture("Production")]
[TestFixture("Development")]
public sealed class ProblemDetailsTests(string environment) : InMemoryHost(environment)
{
    [Test]
    public async Task MalformedJson_Is400NamingTheBody()
    {
        JsonElement problem = await Problem(await Post("/agents", "{\"id\": \"alice\", \"skills\": [\"sales\"", "application/json"), HttpStatusCode.BadRequest);

        Error(problem, "body").ShouldStartWith("The body is not a JSON object (line 1");
    }

    [Test]
    public async Task WrongType_Is400NamingTheFieldAndWhatIsValid()
    {
        JsonElement problem = await Problem(await Post("/agents", "{\"id\":\"alice\",\"skills\":\"sales\"}", "application/json"), HttpStatusCode.BadRequest);

        Error(problem, "skills").ShouldBe("The value of \"skills\" is not valid; it must be a list of skill names, for example [\"sales\"].");
    }

    [Test]
    public async Task UnknownEnumValue_Is400ListingTheValidValues()
    {
        JsonElement problem = await Problem(await Post("/agents/alice/state", "{\"state\":\"Sleeping\"}", "application/json", HttpMethod.Put), HttpStatusCode.BadRequest);

        Error(problem, "state").ShouldEndWith($"it must be one of {string.Join(", ", Enum.GetNames<AgentState>())}.");
    }

    [Test]
    public async Task EmptyBody_Is400NamingTheBody()
    {
        JsonElement problem = await Problem(await Post("/conversations", "", "application/json"), HttpStatusCode.BadRequest);

        Error(problem, "body").ShouldStartWith("The body is empty; send a JSON object");
    }

    [Test]
    public async Task MissingContentType_Is415SayingWhatToSend()
    {
        using var content = new ByteArrayContent(Encoding.UTF8.GetBytes("{\"id\":\"conv-1\"}"));
        JsonElement problem = await Problem(await Client.PostAsync("/conversations", content), HttpStatusCode.UnsupportedMediaType);

        problem.GetProperty("detail").GetString().ShouldBe("Send the body as JSON with the header Content-Type: application/json.");
    }

    [Test]
    public async Task OutOfRangeValues_Are400NamingEachField()
    {
        JsonElement agent = await Problem(await Client.PostAsJsonAsync("/agents", new { id = "alice", skills = new[] { "sales" }, maxConcurrent = 0 }), HttpStatusCode.BadRequest);
        Error(agent, "maxConcurrent").ShouldBe("\"maxConcurrent\" is 0; it must be a whole number of 1 or more, or null for the engine's default.");

        JsonElement pacing = await Problem(await Client.PostAsJsonAsync("/pacing/vendor-a", new { acceptanceRate = 7 }), HttpStatusCode.BadRequest);
        Error(pacing, "acceptanceRate").ShouldBe("\"acceptanceRate\" is 7; it must be a number from 0 to 1 (the share of invitations accepted).");
        Error(pacing, "averageHandleTimeSeconds").ShouldBe("\"averageHandleTimeSeconds\" is missing; it must be a number of seconds, more than 0.");

        JsonElement empty = await Problem(await Client.PostAsJsonAsync("/pacing/vendor-a", new { }), HttpStatusCode.BadRequest);
        empty.GetProperty("errors").EnumerateObject().Select(e => e.Name).ShouldBe(
            ["acceptanceRate", "acceptDelaySeconds", "averageHandleTimeSeconds", "averagePatienceSeconds"], ignoreOrder: true);
    }

    [Test]
    public async Task UnknownIds_Are404WithTheEnginesCode()
    {
        (await Code(await Client.GetAsync("/agents/zed"), HttpStatusCode.NotFound)).ShouldBe(nameof(RoutingErrorCode.UnknownAgent));
        (await Code(await Client.PutAsJsonAsync("/agents/zed", new { skills = new[] { "sales" } }), HttpStatusCode.NotFound)).ShouldBe(nameof(RoutingErrorCode.UnknownAgent));
        (await Code(await Client.GetAsync("/conversations/nope"), HttpStatusCode.NotFound)).ShouldBe(nameof(RoutingErrorCode.UnknownConversation));

        HttpResponseMessage group = await Client.PostAsJsonAsync("/pacing/vendor-z", new
        {
            acceptanceRate = 0.5, acceptDelaySeconds = 10, averageHandleTimeSeconds = 300, averagePatienceSeconds = 120,
        });
        JsonElement problem = await Problem(group, HttpStatusCode.NotFound);
        problem.GetProperty("code").GetString().ShouldBe(nameof(RoutingErrorCode.UnknownAgentGroup));
        problem.GetProperty("detail").GetString()!.ShouldStartWith("Agent group 'vendor-z' is unknown: name one of RoutingCore:AgentGroups (vendor-a, vendor-b)");

        JsonElement path = await Problem(await Client.GetAsync("/no-such-path"), HttpStatusCode.NotFound);
        path.GetProperty("status").GetInt32().ShouldBe(404);
    }

    [Test]
    public async Task Conflict_Is409WithTheEnginesCode()
    {
        await Client.PostAsJsonAsync("/agents", new { id = "alice", skills = new[] { "sales" } });

        HttpResponseMessage duplicate = await Client.PostAsJsonAsync("/agents", new { id = "alice", skills = new[] { "support" } });

        (await Code(duplicate, HttpStatusCode.Conflict)).ShouldBe(nameof(RoutingErrorCode.AgentAlreadyExists));
    }

    private async Task<HttpResponseMessage> Post(string path, string body, string contentType, HttpMethod? method = null)
    {
        using var request = new HttpRequestMessage(method ?? HttpMethod.Post, path) { Content = new StringContent(body, Encoding.UTF8, contentType) };
        return await Client.SendAsync(request);
    }

    /// <summary>Checks the status and that the body is problem details with that status; returns it.</summary>
    private static async Task<JsonElement> Problem(HttpResponseMessage response, HttpStatusCode status)
    {
        string text = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(status, text);
        response.Content.Headers.ContentType?.MediaType.ShouldBe("application/problem+json", text);
        JsonElement problem = JsonDocument.Parse(text).RootElement;
        problem.GetProperty("status").GetInt32().ShouldBe((int)status);
        problem.GetProperty("title").GetString().ShouldNotBeNullOrEmpty();
        return problem;
    }

    private static async Task<string?> Code(HttpResponseMessage response, HttpStatusCode status) =>
        (await Problem(response, status)).GetProperty("code").GetString();

    private static string Error(JsonElement problem, string field)
    {
        problem.GetProperty("errors").TryGetProperty(field, out JsonElement messages).ShouldBeTrue($"errors names '{field}': {problem}");
        return messages[0].GetString()!;
    }
}
