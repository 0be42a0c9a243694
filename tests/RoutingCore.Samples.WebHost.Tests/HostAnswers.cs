using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace RoutingCore.Samples.WebHost.Tests;

/// <summary>What the host answered about its state at one moment: every agent, the named conversations and the queue, as JSON text.</summary>
internal sealed record HostAnswers(Dictionary<string, string> Agents, Dictionary<string, string> Conversations, List<string> Queue)
{
    public static async Task<HostAnswers> ReadAsync(HttpClient client, IEnumerable<string> conversations, CancellationToken cancellation)
    {
        JsonElement agents = await client.GetFromJsonAsync<JsonElement>("/agents", cancellation);
        var byId = agents.EnumerateArray().ToDictionary(a => a.GetProperty("id").GetString()!, a => a.GetRawText());
        var conversationAnswers = new Dictionary<string, string>();
        foreach (string id in conversations)
        {
            HttpResponseMessage response = await client.GetAsync($"/conversations/{id}", cancellation);
            response.StatusCode.ShouldBe(HttpStatusCode.OK, $"conversation {id}");
            conversationAnswers[id] = await response.Content.ReadAsStringAsync(cancellation);
        }

        JsonElement queue = await client.GetFromJsonAsync<JsonElement>("/queue", cancellation);
        return new HostAnswers(byId, conversationAnswers, [.. queue.EnumerateArray().Select(w => w.GetRawText())]);
    }

    /// <summary>
    /// Every answer given here still holds in <paramref name="now"/>: each agent and conversation answers the same, and the
    /// queue starts with the same conversations in the same places (anything after them is <paramref name="allowedAfter"/>'s).
    /// </summary>
    public void ShouldStillHoldIn(HostAnswers now, Func<string, bool> allowedAfter)
    {
        foreach ((string id, string answer) in Agents)
        {
            now.Agents.ShouldContainKey(id);
            now.Agents[id].ShouldBe(answer, $"agent {id}");
        }

        foreach ((string id, string answer) in Conversations)
        {
            now.Conversations[id].ShouldBe(answer, $"conversation {id}");
        }

        now.Queue.Count.ShouldBeGreaterThanOrEqualTo(Queue.Count);
        now.Queue.Take(Queue.Count).ShouldBe(Queue, "every waiting conversation keeps its place");
        foreach (string extra in now.Queue.Skip(Queue.Count))
        {
            allowedAfter(JsonDocument.Parse(extra).RootElement.GetProperty("id").GetString()!).ShouldBeTrue($"queued after the known ones: {extra}");
        }

        now.Agents.Keys.Except(Agents.Keys).ShouldAllBe(id => allowedAfter(id), "only agents added after these answers may be new");
    }
}
