using System.Text.Json;
using Microsoft.Playwright;
using RoutingCore.Testing;

namespace RoutingCore.Simulator.Tests;

/// <summary>
/// Issue 21: "The report renders in headless chromium with no clipped label (a screenshot of each chart committed under
/// docs/)". Each chart of a single run's report and of a <c>--compare</c> report is opened in Debian's chromium; every text
/// of every chart must lie inside its chart. Each chart's screenshot goes to the folder named by
/// ROUTINGCORE_REPORT_SCREENSHOTS (docs/simulator/ holds the committed ones), else to a temporary folder.
/// </summary>
public sealed class ReportRenderingTests
{
    private string _directory = null!;

    [SetUp]
    public void SetUp() => _directory = Directory.CreateTempSubdirectory("report-rendering-").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(_directory, recursive: true);

    [TestCase("single", new string[0])]
    [TestCase("compare", new[] { "--compare" })]
    public async Task Report_RendersInChromium_WithEveryChartLabelInsideItsChart(string name, string[] extra)
    {
        string scenario = Path.Combine(_directory, "day.json");
        string report = Path.Combine(_directory, $"{name}.html");
        File.WriteAllText(scenario, """{ "name": "rendering", "agents": 40, "conversations": 4000, "seed": 7 }""");
        using var output = new StringWriter();
        using var error = new StringWriter();
        SimulatorProgram.Run(["--scenario", scenario, "--out", report, "--quiet", .. extra], output, error).ShouldBe(0, error.ToString());
        string screenshots = Environment.GetEnvironmentVariable("ROUTINGCORE_REPORT_SCREENSHOTS") is { Length: > 0 } named ? named : _directory;
        Directory.CreateDirectory(screenshots);

        await using IBrowser browser = await HeadlessChromium.LaunchAsync();
        IPage page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1100, Height = 900 } });
        await page.GotoAsync(new Uri(report).AbsoluteUri);
        IReadOnlyList<ILocator> charts = await page.Locator("figure svg").AllAsync();

        charts.Count.ShouldBe(name == "single" ? 5 : 6);
        for (int i = 0; i < charts.Count; i++)
        {
            string clipped = await charts[i].EvaluateAsync<string>("""
                svg => {
                  const box = svg.getBoundingClientRect();
                  return [...svg.querySelectorAll("text")].map(t => [t.textContent, t.getBoundingClientRect()])
                    .filter(([, r]) => r.width > 0 && (r.left < box.left - 0.5 || r.right > box.right + 0.5 || r.top < box.top - 0.5 || r.bottom > box.bottom + 0.5))
                    .map(([text, r]) => `'${text}' at ${Math.round(r.left)}..${Math.round(r.right)} x ${Math.round(r.top)}..${Math.round(r.bottom)}`)
                    .join("; ");
                }
                """);
            string title = await charts[i].EvaluateAsync<string>("svg => [...svg.querySelectorAll('text')].map(t => t.textContent).join(' ')");
            clipped.ShouldBeEmpty($"{name} chart {i + 1} has text outside it (chart box {JsonSerializer.Serialize(await charts[i].BoundingBoxAsync())}): {title}");
            await charts[i].ScreenshotAsync(new() { Path = Path.Combine(screenshots, $"report-{name}-chart-{i + 1}.png") });
        }
    }
}
