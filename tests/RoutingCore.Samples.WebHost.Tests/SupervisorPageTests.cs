using System.Net;
using System.Net.Http.Json;
using Microsoft.Playwright;
using RoutingCore.Testing;
using static Microsoft.Playwright.Assertions;

namespace RoutingCore.Samples.WebHost.Tests;

/// <summary>
/// Issue 21: "A live supervisor page served by the host (static HTML and script, no front-end build step): agents with
/// state and load, the queue, offers in flight, shares per group against targets, the last pacing decisions — updated
/// from /events. Tested in a real browser: Debian's chromium, driven headless from a test". The real host runs as a child
/// process; the browser is the system chromium (no browser download). The test never installs it: <c>.ci/run</c> does.
/// </summary>
public sealed class SupervisorPageTests
{
    [Test]
    public async Task SupervisorPage_ShowsAgentsQueueOffersSharesAndPacing_AsTheApiChangesThem()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        using WebHostProcess host = await WebHostProcess.StartAsync("", timeout.Token,
            "--RoutingCore:Skills:chat:Workload:PrimaryGroups:0:Group=vendor-a", "--RoutingCore:Skills:chat:Workload:PrimaryGroups:0:Percentage=60",
            "--RoutingCore:Skills:chat:Workload:PrimaryGroups:1:Group=vendor-b", "--RoutingCore:Skills:chat:Workload:PrimaryGroups:1:Percentage=40");
        HttpClient api = host.Client;
        await using IBrowser browser = await HeadlessChromium.LaunchAsync();
        IPage page = await browser.NewPageAsync();
        await page.GotoAsync(api.BaseAddress!.ToString());
        await Expect(page.Locator("#status")).ToHaveTextAsync("live");

        await Post(api, "/agents", new { id = "alice", skills = new[] { "sales" } });
        await Post(api, "/agents", new { id = "bob", skills = new[] { "sales" }, state = "Away" });
        await Expect(Agent(page, "alice", "state")).ToHaveTextAsync("Online");
        await Expect(Agent(page, "bob", "state")).ToHaveTextAsync("Away");

        await Post(api, "/conversations", new { id = "conv-1", skill = "sales" });
        await Expect(page.Locator("#offers tr[data-conversation='conv-1'] [data-field='agents']")).ToHaveTextAsync("alice");
        await Expect(Agent(page, "alice", "offers")).ToHaveTextAsync("1");

        await Post(api, "/conversations", new { id = "conv-2", skill = "sales", requiredTags = new[] { "french" } }); // nobody speaks French
        await Expect(page.Locator("#queue tr[data-conversation='conv-2']")).ToBeVisibleAsync();

        await Post(api, "/conversations/conv-1/accept", new { agent = "alice" });
        await Expect(page.Locator("#offers tr[data-conversation='conv-1']")).ToHaveCountAsync(0);
        await Expect(Agent(page, "alice", "conversations")).ToHaveTextAsync("1");
        await Expect(Agent(page, "alice", "load")).ToHaveTextAsync("25%", new() { Timeout = 10_000 }); // one of 4 (appsettings.json)

        (await api.PostAsync("/conversations/conv-1/close", null, timeout.Token)).StatusCode.ShouldBe(HttpStatusCode.OK);
        await Expect(Agent(page, "alice", "conversations")).ToHaveTextAsync("0");

        await api.PutAsJsonAsync("/agents/bob/state", new { state = "Online" }, timeout.Token);
        await Expect(Agent(page, "bob", "state")).ToHaveTextAsync("Online");

        await Post(api, "/agents", new { id = "carol", skills = new[] { "chat" }, groups = new[] { "vendor-a" } });
        await Post(api, "/conversations", new { id = "conv-3", skill = "chat" });
        await Post(api, "/conversations/conv-3/accept", new { agent = "carol" });
        await Expect(page.Locator("#shares tr[data-group='vendor-a'] [data-field='actual']")).ToHaveTextAsync("100.0%");
        await Expect(page.Locator("#shares tr[data-group='vendor-b'] [data-field='actual']")).ToHaveTextAsync("0.0%");

        HttpResponseMessage paced = await api.PostAsJsonAsync("/pacing/vendor-a", new
        {
            acceptanceRate = 0.5, acceptDelaySeconds = 10, averageHandleTimeSeconds = 300, averagePatienceSeconds = 120,
        }, timeout.Token);
        paced.StatusCode.ShouldBe(HttpStatusCode.OK);
        await Expect(page.Locator("#pacing li").First).ToContainTextAsync("vendor-a:");
        await Expect(page.Locator("#pacing li").First).ToContainTextAsync("invitations");
    }

    private static ILocator Agent(IPage page, string agent, string field) => page.Locator($"#agents tr[data-agent='{agent}'] [data-field='{field}']");

    private static async Task Post(HttpClient api, string path, object body)
    {
        HttpResponseMessage response = await api.PostAsJsonAsync(path, body);
        response.IsSuccessStatusCode.ShouldBeTrue($"{path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }
}
