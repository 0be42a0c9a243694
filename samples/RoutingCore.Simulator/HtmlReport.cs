using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using ScottPlot;

namespace RoutingCore.Simulator;

/// <summary>
/// The report: one self-contained HTML file with the summary and charts drawn by ScottPlot as inline SVG. It holds nothing
/// that depends on the machine's clock or on the run's speed, so the same scenario and seed give the same bytes.
/// </summary>
internal static partial class HtmlReport
{
    private const int Width = 900;
    private const int Height = 380;

    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    private static readonly string[] Palette = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f"];

    /// <summary>The report of one run, or of several side by side; <paramref name="orderings"/>: the queue orderings compared under one strategy (--compare).</summary>
    public static string Build(Scenario scenario, IReadOnlyList<SimulationResult> results, string? pngDirectory = null, IReadOnlyList<SimulationResult>? orderings = null)
    {
        var page = new Page(pngDirectory);
        StringBuilder html = page.Html;
        string title = results.Count == 1
            ? $"RoutingCore simulator: {scenario.Name}, {results[0].Strategy}"
            : $"RoutingCore simulator: {scenario.Name}, every strategy compared";
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>").Append(E(title)).Append("</title>\n")
            .Append("<style>\nbody{font-family:\"" + ChartFont + "\",sans-serif;margin:2em auto;max-width:960px;color:#222}\n")
            .Append("table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:4px 10px;text-align:right}\n")
            .Append("td:first-child,th:first-child{text-align:left}figure{margin:1.5em 0}figcaption{color:#555;font-size:90%}\n")
            .Append("pre{background:#f6f6f6;padding:1em;overflow:auto}\n</style>\n</head>\n<body>\n")
            .Append("<h1>").Append(E(title)).Append("</h1>\n")
            .Append("<p>").Append(E(Describe(scenario))).Append("</p>\n");

        if (results.Count == 1)
        {
            SingleRun(page, results[0]);
        }
        else
        {
            Comparison(page, results, "Side by side (same day, same seed)", "strategy", r => r.Strategy);
        }

        if (orderings is { Count: > 0 })
        {
            page.Html.Append("<p>Queue orderings: ").Append(E(OrderingsNote)).Append("</p>\n");
            Comparison(page, orderings, $"Queue orderings under {orderings[0].Strategy} (same day, same seed)", "queue ordering", r => r.Ordering);
        }

        html.Append("<details><summary>Scenario (JSON)</summary>\n<pre>").Append(E(scenario.ToJson())).Append("</pre>\n</details>\n</body>\n</html>\n");
        return html.ToString();
    }

    private static string Describe(Scenario s) => string.Create(
        Invariant,
        $"A simulated day of a messaging contact center through the RoutingCore engine on a fake clock: {s.Agents:N0} agents in groups {string.Join(", ", s.Groups.Select(g => $"{g.Name} ({(g.Secondary ? "secondary" : $"{g.Percentage:0.#}%")})"))}, {s.Conversations:N0} reactive conversations, {s.Routing.CapacityModel} capacity with {s.Routing.SlotsPerAgent} slots per agent, {s.Routing.Steps} steps {s.Routing.StepDelaySeconds:0.#} s apart, invitations paced every {s.Invitations.IntervalSeconds:0.#} s, seed {s.Seed}; the charts over the day average each {s.Report.BucketMinutes}-minute bucket.");

    private static void SingleRun(Page page, SimulationResult r)
    {
        StringBuilder html = page.Html;
        html.Append("<h2>Summary</h2>\n<table>\n<tr><th>measure</th><th>value</th></tr>\n");
        foreach ((string label, string value) in SummaryTable.Rows(r))
        {
            html.Append("<tr><td>").Append(E(label.Trim())).Append("</td><td>").Append(E(value)).Append("</td></tr>\n");
        }

        html.Append("</table>\n<h2>Over the day</h2>\n");
        double[] x = BucketCenters(r);

        Plot queue = NewPlot("Queue length and agents logged in", "conversations waiting for an agent", r.BucketMinutes);
        Line(queue, x, r.QueueLength, "waiting (average)", 0);
        double[] loggedIn = new double[x.Length];
        foreach (GroupOccupancy group in r.Occupancy)
        {
            for (int i = 0; i < x.Length; i++)
            {
                loggedIn[i] += group.LoggedInByBucket[i];
            }
        }

        ScottPlot.Plottables.Scatter agents = Line(queue, x, loggedIn, "agents logged in (right axis)", 1);
        agents.Axes.YAxis = queue.Axes.Right;
        queue.Axes.Right.Label.Text = "agents logged in";
        Figure(page, queue, "Conversations waiting for an agent (offered or queued), averaged over each bucket, and the agents logged in.");

        Plot level = NewPlot("Service level", "% answered within " + r.ServiceLevelSeconds.ToString("0.#", Invariant) + " s", r.BucketMinutes);
        Line(level, x, r.ServiceLevelByBucket, "service level", 0);
        Target(level, r.ServiceLevelTarget, $"target {r.ServiceLevelTarget.ToString("0.#", Invariant)}%");
        level.Axes.SetLimitsY(0, 105);
        Figure(page, level, "Share of the conversations arriving in each bucket that were answered within the threshold (abandoned ones count as missed).");

        Plot occupancy = NewPlot("Occupancy per group", "% of logged-in capacity in use", r.BucketMinutes);
        for (int g = 0; g < r.Occupancy.Count; g++)
        {
            Line(occupancy, x, r.Occupancy[g].ByBucket, r.Occupancy[g].Group, g);
        }

        FitPercent(occupancy, [.. r.Occupancy.Select(o => o.ByBucket)]);
        occupancy.ShowLegend(Edge.Right); // beside the chart: inside it would cover the lines
        Figure(page, occupancy, "Load over limit of each group's logged-in agents under the capacity model, sampled every minute (the axis fits the day's bulk; the first minutes of log-in may fall below it).");

        Figure(page, SharesPlot(r), "Each group's share of its list's conversations (primary groups) or of the cascaded ones (secondary groups), against its target.");

        Plot invitations = NewPlot("Proactive invitations", "invitations per bucket", r.BucketMinutes);
        Line(invitations, x, [.. r.InvitationsSentByBucket.Select(v => (double)v)], "sent", 0);
        Line(invitations, x, [.. r.InvitationsAcceptedByBucket.Select(v => (double)v)], "accepted", 2);
        Figure(page, invitations, "Invitations the engine's pacing allowed every 10 s, and those visitors accepted (they become conversations).");
    }

    private const string OrderingsNote =
        "priority-then-sla serves the highest priority, then the conversation closest to breaching its SLA; responsiveness serves "
        + "importance times the likelihood that the consumer still answers, which halves with every 5 minutes since the consumer last "
        + "wrote (seed 001). Waiting consumers write now and then; some step away and do not answer the agent who takes them.";

    /// <summary>The runs side by side: a table with one column per run (headed by <paramref name="column"/>) and three charts over the day.</summary>
    private static void Comparison(Page page, IReadOnlyList<SimulationResult> results, string heading, string by, Func<SimulationResult, string> column)
    {
        StringBuilder html = page.Html;
        html.Append("<h2>").Append(E(heading)).Append("</h2>\n<table>\n<tr><th>measure</th>");
        foreach (SimulationResult r in results)
        {
            html.Append("<th>").Append(E(column(r))).Append("</th>");
        }

        html.Append("</tr>\n");
        foreach ((string label, Func<SimulationResult, string> value) in SummaryTable.CompareRows(results))
        {
            html.Append("<tr><td>").Append(E(label)).Append("</td>");
            foreach (SimulationResult r in results)
            {
                html.Append("<td>").Append(E(value(r))).Append("</td>");
            }

            html.Append("</tr>\n");
        }

        html.Append("</table>\n<h3>Over the day, by ").Append(E(by)).Append("</h3>\n");
        double[] x = BucketCenters(results[0]);
        int bucket = results[0].BucketMinutes;
        Plot level = NewPlot($"Service level by {by}", "% answered within " + results[0].ServiceLevelSeconds.ToString("0.#", Invariant) + " s", bucket);
        Plot queue = NewPlot($"Queue length by {by}", "conversations waiting for an agent", bucket);
        Plot occupancy = NewPlot($"Occupancy by {by}", "% of logged-in capacity in use", bucket);
        var occupancies = new List<double[]>();
        for (int i = 0; i < results.Count; i++)
        {
            SimulationResult r = results[i];
            Line(level, x, r.ServiceLevelByBucket, column(r), i);
            Line(queue, x, r.QueueLength, column(r), i);
            double[] overall = new double[x.Length];
            for (int b = 0; b < x.Length; b++)
            {
                double load = 0, limit = 0;
                foreach (GroupOccupancy group in r.Occupancy)
                {
                    if (!double.IsNaN(group.ByBucket[b]))
                    {
                        load += group.ByBucket[b] * group.LoggedInByBucket[b];
                        limit += group.LoggedInByBucket[b];
                    }
                }

                overall[b] = limit > 0 ? load / limit : double.NaN;
            }

            Line(occupancy, x, overall, column(r), i);
            occupancies.Add(overall);
        }

        Target(level, results[0].ServiceLevelTarget, "target");
        level.Axes.SetLimitsY(0, 105);
        FitPercent(occupancy, occupancies);
        foreach (Plot plot in new[] { level, queue, occupancy })
        {
            plot.ShowLegend(Edge.Right); // beside the chart: with a line per run, a legend inside would cover them
        }

        Figure(page, level, $"Service level of the conversations arriving in each bucket, per {by}.");
        Figure(page, queue, $"Conversations waiting for an agent, per {by}.");
        Figure(page, occupancy, $"Occupancy of all logged-in agents, per {by} (the axis fits the day's bulk; the first minutes of log-in may fall below it).");
    }

    /// <summary>Bars of each group's actual share beside its target.</summary>
    internal static Plot SharesPlot(SimulationResult r)
    {
        Plot plot = NewPlot("Shares against targets", "% of the list's conversations", bucketMinutes: null);
        var bars = new List<ScottPlot.Bar>();
        var ticks = new List<Tick>();
        for (int i = 0; i < r.Shares.Count; i++)
        {
            GroupShare share = r.Shares[i];
            double at = i * 3;
            bars.Add(new ScottPlot.Bar { Position = at, Value = share.TargetPercent, FillColor = new Color("#aec7e8"), Label = P(share.TargetPercent) });
            bars.Add(new ScottPlot.Bar { Position = at + 1, Value = share.ActualPercent, FillColor = new Color(Palette[0]), Label = P(share.ActualPercent) });
            ticks.Add(new Tick(at + 0.5, $"{share.Group} ({share.Role})"));
        }

        ScottPlot.Plottables.BarPlot plottable = plot.Add.Bars(bars);
        plottable.ValueLabelStyle.FontSize = 11;
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual([.. ticks]);
        plot.Axes.SetLimitsY(0, 115);
        plot.Legend.ManualItems.Add(new LegendItem { LabelText = "target", FillColor = new Color("#aec7e8") });
        plot.Legend.ManualItems.Add(new LegendItem { LabelText = "actual", FillColor = new Color(Palette[0]) });
        plot.ShowLegend(Alignment.UpperCenter);
        return plot;
    }

    /// <summary>The font of the charts and of the page around them (Debian's fonts-dejavu, which chromium and ScottPlot both find).</summary>
    internal const string ChartFont = "DejaVu Sans";

    /// <summary>A chart; over the day (with the bucket size named on the x axis) unless <paramref name="bucketMinutes"/> is null.</summary>
    private static Plot NewPlot(string title, string yLabel, int? bucketMinutes)
    {
        Fonts.Default = ChartFont;
        var plot = new Plot();
        plot.Title(title);
        plot.YLabel(yLabel);
        plot.Axes.Right.MinimumSize = 30; // room for half of the last label, "24:00", which is centred on the right edge
        if (bucketMinutes is { } bucket)
        {
            plot.XLabel(string.Create(Invariant, $"time of day ({bucket}-minute buckets)"));
            var ticks = new List<Tick>();
            for (int h = 0; h <= 24; h += 2)
            {
                ticks.Add(new Tick(h, $"{h:00}:00"));
            }

            plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual([.. ticks]);
            plot.Axes.SetLimitsX(0, 24);
        }

        return plot;
    }

    /// <summary>A line over the day; buckets without a value (NaN) are left out.</summary>
    private static ScottPlot.Plottables.Scatter Line(Plot plot, double[] x, double[] y, string label, int color)
    {
        var xs = new List<double>();
        var ys = new List<double>();
        for (int i = 0; i < x.Length; i++)
        {
            if (double.IsFinite(y[i]))
            {
                xs.Add(x[i]);
                ys.Add(y[i]);
            }
        }

        ScottPlot.Plottables.Scatter line = plot.Add.ScatterLine(xs.ToArray(), ys.ToArray(), new Color(Palette[color % Palette.Length]));
        line.LineWidth = 2;
        line.LegendText = label;
        plot.ShowLegend(Alignment.UpperLeft);
        return line;
    }

    /// <summary>
    /// A percent axis fitted to the bulk of the lines (from their 5th percentile, to the next 10 around them, within 0 and
    /// 105), so lines close together are told apart instead of sharing a thin band of a 0–100 axis; the minutes when the
    /// first agents log in may fall below it (the caption says so).
    /// </summary>
    private static void FitPercent(Plot plot, IEnumerable<double[]> lines)
    {
        double[] values = [.. lines.SelectMany(l => l).Where(double.IsFinite).Order()];
        if (values.Length == 0)
        {
            plot.Axes.SetLimitsY(0, 105);
            return;
        }

        double low = values[values.Length / 20];
        double high = values[^1];
        plot.Axes.SetLimitsY(Math.Max(0, Math.Floor((low - 2) / 10) * 10), Math.Min(105, Math.Ceiling((high + 2) / 10) * 10));
    }

    private static void Target(Plot plot, double value, string label)
    {
        ScottPlot.Plottables.HorizontalLine target = plot.Add.HorizontalLine(value, 1.5f, new Color("#d62728"), LinePattern.Dashed);
        target.LegendText = label;
    }

    private static double[] BucketCenters(SimulationResult r) =>
        [.. Enumerable.Range(0, r.QueueLength.Length).Select(i => (i + 0.5) * r.BucketMinutes / 60.0)];

    private static void Figure(Page page, Plot plot, string caption)
    {
        int chart = ++page.Charts;
        page.Html.Append("<figure>\n").Append(Svg(plot, chart)).Append("\n<figcaption>").Append(E(caption)).Append("</figcaption>\n</figure>\n");
        if (page.PngDirectory is { } directory)
        {
            string name = Slug().Replace(plot.Axes.Title.Label.Text.ToLowerInvariant(), "-").Trim('-');
            plot.SavePng(Path.Combine(directory, $"chart-{chart}-{name}.png"), Width, Height);
        }
    }

    /// <summary>The report being written: its text, the charts so far, and where PNG copies of the charts go (if anywhere).</summary>
    private sealed class Page(string? pngDirectory)
    {
        public StringBuilder Html { get; } = new();

        public string? PngDirectory { get; } = pngDirectory;

        public int Charts { get; set; }
    }

    [GeneratedRegex("[^a-z0-9]+")]
    private static partial Regex Slug();

    /// <summary>
    /// The plot as SVG. Its clip-path ids come from a counter that runs across the process; they are renamed after the chart's
    /// number in the report, so ids stay unique in the page and the same chart always gives the same text.
    /// </summary>
    internal static string Svg(Plot plot, int chart)
    {
        string svg = plot.GetSvgXml(Width, Height);
        int start = svg.IndexOf("<svg", StringComparison.Ordinal);
        svg = start > 0 ? svg[start..] : svg;
        var ids = new Dictionary<string, string>(StringComparer.Ordinal);
        return SvgId().Replace(svg, m =>
        {
            if (!ids.TryGetValue(m.Value, out string? renamed))
            {
                renamed = $"chart{chart}-clip{ids.Count + 1}";
                ids[m.Value] = renamed;
            }

            return renamed;
        });
    }

    [GeneratedRegex(@"\bcl_[0-9a-zA-Z]+\b")]
    private static partial Regex SvgId();

    private static string P(double percent) => percent.ToString("0.0", Invariant) + "%";

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
