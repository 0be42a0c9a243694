using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using RoutingCore.Samples.WebHost.Durability;

namespace RoutingCore.Samples.WebHost.Tests;

/// <summary>
/// Issue 18: "A test kills the web host process mid-traffic and starts it again from its data folder; nothing is lost."
/// The real host runs as a child process on a data folder; it is killed (SIGKILL, as <c>kill -9</c>) with requests in
/// flight, started again, killed right after a reply, and started again. Every answer it gave before a kill still holds
/// (every agent, conversation, offer and queue position), a call in flight is applied whole or not at all, and the event
/// feed resumes after the last sequence a client saw, with no gap.
/// </summary>
[NonParallelizable]
public sealed partial class CrashRecoveryTests
{
    private const int SnapshotEvery = 30;

    /// <summary>Nothing falls due while the test runs (timers due after a restart would fire at once and change the answers).</summary>
    private static readonly string[] Settings =
    [
        $"--Sample:SnapshotEvery={SnapshotEvery}",
        "--RoutingCore:Strategy=least-loaded",
        "--RoutingCore:StepDelay=01:00:00",
        "--RoutingCore:AbsenceGracePeriod=01:00:00",
        "--RoutingCore:MaxConcurrent:DefaultMaxConcurrent=2",
        "--RoutingCore:MaxConcurrent:IdleChatTimeout=01:00:00",
    ];

    private string _folder = null!;
    private int _writes;

    [SetUp]
    public void SetUp()
    {
        _folder = Path.Combine(Path.GetTempPath(), $"routingcore-crash-{Guid.NewGuid():N}");
        _writes = 0;
    }

    [TearDown]
    public void TearDown() => Directory.Delete(_folder, recursive: true);

    [Test]
    public async Task KilledMidTraffic_StartsAgainFromItsDataFolder_NothingLost()
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        CancellationToken token = deadline.Token;
        var conversations = new List<string>();
        HostAnswers beforeFirstKill;
        List<JsonElement> seen;
        List<InFlight> inFlight;

        using (WebHostProcess first = await WebHostProcess.StartAsync(_folder, token, Settings))
        {
            HttpClient http = first.Client;
            await using EventCollector live = await EventCollector.OpenAsync(http, after: null, token);

            // Traffic until a snapshot is due, and wait for it: the records after it are replayed at the next start.
            await AgentsAndConversationsAsync(http, conversations, token);
            _writes.ShouldBeInRange(SnapshotEvery, SnapshotEvery + 10, "one snapshot now, none due before the kill");
            await WaitUntilAsync(() => DataFolderLayout.Snapshots(_folder).Count > 0, token);

            // The client reads the feed until conv-b1's submission, then stops; the traffic goes on without it.
            await SubmitAsync(http, "conv-b1", "sales", priority: 1, conversations, token);
            await live.WaitForAsync("Submitted", "conv-b1", token);
            await live.DisposeAsync();
            seen = [.. live.Events];
            await MoreTrafficAsync(http, conversations, token);
            _writes.ShouldBeLessThan(2 * SnapshotEvery - 10, "no second snapshot before the kill");

            beforeFirstKill = await HostAnswers.ReadAsync(http, conversations, token);
            inFlight = StartInFlight(http);
            await Task.WhenAny(inFlight.Select(f => f.Reply));
            first.Kill();
        }

        ShouldBeContiguous(seen, after: 0);
        long lastSeen = seen[^1].GetProperty("sequence").GetInt64();
        long firstUnsnapshotted = seen.First(e => e.GetProperty("conversation").GetString() == "conv-b1").GetProperty("sequence").GetInt64();
        HostAnswers beforeSecondKill;
        JsonElement lateReply;
        using (WebHostProcess second = await WebHostProcess.StartAsync(_folder, token, Settings))
        {
            HttpClient http = second.Client;
            Match restoredLine = RestoredLine().Match(second.Output);
            restoredLine.Success.ShouldBeTrue($"restored from a snapshot:{Environment.NewLine}{second.Output}");
            int.Parse(restoredLine.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture).ShouldBeGreaterThan(0, "the records after the snapshot were replayed");

            HostAnswers restored = await HostAnswers.ReadAsync(http, conversations, token);
            var sentLast = inFlight.Select(f => f.Id).ToHashSet(); // after the answers read before the kill
            beforeFirstKill.ShouldStillHoldIn(restored, sentLast.Contains);
            await InFlightAppliedWholeOrNotAtAllAsync(http, inFlight, token);
            await TestContext.Out.WriteLineAsync($"{inFlight.Count(f => f.Answered)} of {inFlight.Count} calls in flight were answered before the kill");

            // The client resumes after the last event it saw: the events it missed (replayed from the journal), then new ones.
            await using (EventCollector resumed = await EventCollector.OpenAsync(http, after: lastSeen, token))
            {
                await SubmitAsync(http, "conv-c1", "sales", priority: 0, conversations, token);
                await resumed.WaitForAsync("Submitted", "conv-c1", token);
                ShouldBeContiguous(resumed.Events, after: lastSeen);
                resumed.Events.ShouldContain(e => e.GetProperty("kind").GetString() == "Submitted" && e.GetProperty("conversation").GetString() == "conv-b2",
                    "conv-b2 was submitted after the client stopped reading");
            }

            // The events the client had seen since the snapshot are published again, the same, with the same numbers.
            await using (EventCollector again = await EventCollector.OpenAsync(http, after: firstUnsnapshotted - 1, token))
            {
                await again.WaitForSequenceAsync(lastSeen, token);
                List<string> expected = [.. seen.Where(e => e.GetProperty("sequence").GetInt64() >= firstUnsnapshotted).Select(e => e.GetRawText())];
                again.Events.Take(expected.Count).Select(e => e.GetRawText()).ShouldBe(expected);
            }

            // Killed right after a reply: the change it answered is there after the start.
            beforeSecondKill = await HostAnswers.ReadAsync(http, conversations, token);
            HttpResponseMessage late = await http.PostAsJsonAsync("/agents", new { id = "late", skills = new[] { "sales" }, state = "Offline" }, token);
            second.Kill();
            late.StatusCode.ShouldBe(HttpStatusCode.Created);
            lateReply = await late.Content.ReadFromJsonAsync<JsonElement>(token);
        }

        using (WebHostProcess third = await WebHostProcess.StartAsync(_folder, token, Settings))
        {
            HostAnswers restored = await HostAnswers.ReadAsync(third.Client, conversations, token);
            beforeSecondKill.ShouldStillHoldIn(restored, id => id == "late");
            restored.Agents["late"].ShouldBe(lateReply.GetRawText());
        }
    }

    /// <summary>Five agents and sales conversations, some accepted, one declined, two closed: at least <see cref="SnapshotEvery"/> records.</summary>
    private async Task AgentsAndConversationsAsync(HttpClient http, List<string> conversations, CancellationToken token)
    {
        foreach (string agent in new[] { "alice", "bob", "carol", "dave" })
        {
            await WriteAsync(http.PostAsJsonAsync("/agents", new { id = agent, skills = new[] { "sales" } }, token), HttpStatusCode.Created);
        }

        await WriteAsync(http.PostAsJsonAsync("/agents", new { id = "erin", skills = new[] { "sales", "support" }, state = "Away" }, token), HttpStatusCode.Created);
        for (int i = 1; i <= 14; i++)
        {
            await SubmitAsync(http, $"conv-{i}", "sales", priority: i % 3, conversations, token);
        }

        for (int i = 1; i <= 6; i++)
        {
            await AnswerFirstOfferAsync(http, $"conv-{i}", "accept", token);
        }

        await AnswerFirstOfferAsync(http, "conv-7", "decline", token);
        await WriteAsync(http.PostAsync("/conversations/conv-1/close", null, token), HttpStatusCode.OK);
        await WriteAsync(http.PostAsync("/conversations/conv-2/close", null, token), HttpStatusCode.OK);
        for (int i = 15; _writes < SnapshotEvery; i++)
        {
            await SubmitAsync(http, $"conv-{i}", "sales", priority: 0, conversations, token);
        }
    }

    /// <summary>After the snapshot: a submission, an accept, a close, an agent away with conversations, and another agent.</summary>
    private async Task MoreTrafficAsync(HttpClient http, List<string> conversations, CancellationToken token)
    {
        await SubmitAsync(http, "conv-b2", "sales", priority: 2, conversations, token);
        await AnswerFirstOfferAsync(http, "conv-8", "accept", token);
        await WriteAsync(http.PostAsync("/conversations/conv-3/close", null, token), HttpStatusCode.OK);
        await WriteAsync(http.PutAsJsonAsync("/agents/bob/state", new { state = "Away" }, token), HttpStatusCode.OK);
        await WriteAsync(http.PostAsJsonAsync("/agents", new { id = "frank", skills = new[] { "support" } }, token), HttpStatusCode.Created);
        await SubmitAsync(http, "conv-b3", "support", priority: 0, conversations, token);
    }

    /// <summary>Calls sent together and not awaited: conversations nobody may take (they queue last) and offline agents.</summary>
    private static List<InFlight> StartInFlight(HttpClient http)
    {
        var calls = new List<InFlight>();
        for (int i = 1; i <= 4; i++)
        {
            calls.Add(new InFlight($"conv-f{i}", "/conversations", http.PostAsJsonAsync("/conversations", new { id = $"conv-f{i}", skill = "sales", requiredTags = new[] { "nobody" } })));
            calls.Add(new InFlight($"agent-f{i}", "/agents", http.PostAsJsonAsync("/agents", new { id = $"agent-f{i}", skills = new[] { "sales" }, state = "Offline" })));
        }

        return calls;
    }

    /// <summary>A call answered before the kill holds as answered; one not answered is either all there or not there at all.</summary>
    private static async Task InFlightAppliedWholeOrNotAtAllAsync(HttpClient http, List<InFlight> calls, CancellationToken token)
    {
        foreach (InFlight call in calls)
        {
            HttpResponseMessage now = await http.GetAsync($"{call.Resource}/{call.Id}", token);
            if (call.Answered)
            {
                now.StatusCode.ShouldBe(HttpStatusCode.OK, $"{call.Id} was answered before the kill");
                string answer = await call.Reply.Result!.Content.ReadAsStringAsync(token);
                (await now.Content.ReadAsStringAsync(token)).ShouldBe(answer, $"{call.Id} as answered");
            }
            else
            {
                now.StatusCode.ShouldBeOneOf([HttpStatusCode.OK, HttpStatusCode.NotFound], $"{call.Id} was in flight");
            }
        }
    }

    private async Task SubmitAsync(HttpClient http, string id, string skill, int priority, List<string> conversations, CancellationToken token)
    {
        await WriteAsync(http.PostAsJsonAsync("/conversations", new { id, skill, priority }, token), HttpStatusCode.Created);
        conversations.Add(id);
    }

    /// <summary>The first agent a conversation is offered to accepts (or declines) it; nothing when it is not offered.</summary>
    private async Task AnswerFirstOfferAsync(HttpClient http, string conversation, string answer, CancellationToken token)
    {
        JsonElement now = await http.GetFromJsonAsync<JsonElement>($"/conversations/{conversation}", token);
        if (now.GetProperty("offeredTo").EnumerateArray().FirstOrDefault() is { ValueKind: JsonValueKind.String } agent)
        {
            await WriteAsync(http.PostAsJsonAsync($"/conversations/{conversation}/{answer}", new { agent = agent.GetString() }, token), HttpStatusCode.OK);
        }
    }

    /// <summary>A change: answered as expected, so it is one journal record.</summary>
    private async Task WriteAsync(Task<HttpResponseMessage> call, HttpStatusCode expected)
    {
        using HttpResponseMessage response = await call;
        response.StatusCode.ShouldBe(expected, await response.Content.ReadAsStringAsync());
        _writes++;
    }

    private static void ShouldBeContiguous(IReadOnlyList<JsonElement> events, long after)
    {
        events.ShouldNotBeEmpty();
        events.Select(e => e.GetProperty("kind").GetString()).ShouldNotContain(EventFeed.Missed);
        events.Select(e => e.GetProperty("sequence").GetInt64()).ShouldBe(Enumerable.Range(1, events.Count).Select(i => after + i), "one after another, none missed or repeated");
    }

    private static async Task WaitUntilAsync(Func<bool> condition, CancellationToken token)
    {
        while (!condition())
        {
            await Task.Delay(10, token);
        }
    }

    [GeneratedRegex(@"snapshot after record [1-9]\d* \(0: none\), (\d+) journal records replayed")]
    private static partial Regex RestoredLine();

    /// <summary>A call sent just before the kill; answered when its reply came back (a failed or missing reply is not an answer).</summary>
    private sealed record InFlight(string Id, string Resource, Task<HttpResponseMessage> Reply)
    {
        public bool Answered => Reply.IsCompletedSuccessfully && Reply.Result.StatusCode == HttpStatusCode.Created;
    }
}
