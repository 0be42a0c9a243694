using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace RoutingCore.Samples.WebHost.Tests;

/// <summary>
/// Issue 21: "an endpoint to update an agent; agent state changes on /events; one numbering of steps", and "GET /agents
/// shows "limit":1 for an agent posted with maxConcurrent: 2 and drops its tags".
/// </summary>
public sealed class AgentApiTests : InMemoryHost
{
    [Test]
    public async Task Agent_ShowsItsMaxConcurrentAndTags_AndPutUpdatesItsProfile()
    {
        await Client.PostAsJsonAsync("/agents", new { id = "alice", skills = new[] { "sales" }, tags = new[] { "spanish" }, maxConcurrent = 2 });

        JsonElement added = (await Client.GetFromJsonAsync<JsonElement>("/agents")).EnumerateArray().Single();
        added.GetProperty("maxConcurrent").GetInt32().ShouldBe(2);
        added.GetProperty("tags").EnumerateArray().Select(t => t.GetString()).ShouldBe(["spanish"]);

        HttpResponseMessage updated = await Client.PutAsJsonAsync("/agents/alice", new { skills = new[] { "sales", "support" }, groups = new[] { "vendor-a" }, maxConcurrent = 3 });

        updated.StatusCode.ShouldBe(HttpStatusCode.OK);
        JsonElement alice = await Client.GetFromJsonAsync<JsonElement>("/agents/alice");
        alice.GetProperty("skills").EnumerateArray().Select(s => s.GetString()).ShouldBe(["sales", "support"]);
        alice.GetProperty("groups").EnumerateArray().Select(s => s.GetString()).ShouldBe(["vendor-a"]);
        alice.GetProperty("maxConcurrent").GetInt32().ShouldBe(3);
        alice.GetProperty("tags").GetArrayLength().ShouldBe(0, "the new profile has no tags");
        alice.GetProperty("state").GetString().ShouldBe("Online", "an update keeps the agent's state");
    }

    [Test]
    public async Task StateChange_IsOnTheEventStream_AndStepsCountFromOneEverywhere()
    {
        await Client.PostAsJsonAsync("/agents", new { id = "alice", skills = new[] { "sales" } });
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using HttpResponseMessage stream = await Client.GetAsync("/events", HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        using var reader = new StreamReader(await stream.Content.ReadAsStreamAsync(timeout.Token));
        await WebHostTests.ReadUntil(reader, "event: ready", timeout.Token);

        (await Client.PutAsJsonAsync("/agents/alice/state", new { state = "Away" }, timeout.Token)).StatusCode.ShouldBe(HttpStatusCode.OK);
        JsonElement away = await WebHostTests.ReadEvent(reader, "AgentChanged", timeout.Token);
        away.GetProperty("agent").GetString().ShouldBe("alice");
        away.GetProperty("detail").GetString().ShouldBe("Away");
        away.GetProperty("sequence").GetInt64().ShouldBe(0, "not an engine event: it has no engine sequence");

        await Client.PutAsJsonAsync("/agents/alice/state", new { state = "Online" }, timeout.Token);
        (await WebHostTests.ReadEvent(reader, "AgentChanged", timeout.Token)).GetProperty("detail").GetString().ShouldBe("Online");

        JsonElement submitted = await (await Client.PostAsJsonAsync("/conversations", new { id = "conv-1", skill = "sales" }, timeout.Token)).Content.ReadFromJsonAsync<JsonElement>(timeout.Token);
        JsonElement offered = await WebHostTests.ReadEvent(reader, "Offered", timeout.Token);
        offered.GetProperty("step").GetInt32().ShouldBe(1, "the first step, as the event's text writes it (step 1)");
        submitted.GetProperty("step").GetInt32().ShouldBe(1);
    }
}
