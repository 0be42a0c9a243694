using System.Globalization;
using System.Text;

namespace RoutingCore.Simulator;

/// <summary>The end-of-day summary as rows of (label, value), printed as a table for one run or side by side for several.</summary>
internal static class SummaryTable
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>The summary's rows for one run, in the order they are printed.</summary>
    public static List<(string Label, string Value)> Rows(SimulationResult r)
    {
        var rows = new List<(string, string)>
        {
            ("conversations arrived", $"{N(r.Arrived)} ({N(r.ReactiveArrived)} reactive + {N(r.ProactiveArrived)} from invitations)"),
            ("served / abandoned / still waiting", $"{N(r.Served)} / {N(r.Abandoned)} / {N(r.StillWaiting)}"),
            ($"service level (answered in {r.ServiceLevelSeconds.ToString("0.#", Invariant)} s)", P(r.ServiceLevel)),
            ("average speed of answer", $"{r.AverageSpeedOfAnswer.ToString("0.0", Invariant)} s"),
            ("abandonment", P(r.AbandonmentRate)),
            ("occupancy (all groups)", P(r.OverallOccupancy)),
        };
        foreach (GroupOccupancy group in r.Occupancy)
        {
            rows.Add(($"  occupancy {group.Group} ({group.Agents} agents)", P(group.Percent)));
        }

        rows.Add(("offers per conversation", r.OffersPerConversation.ToString("0.00", Invariant)));
        rows.Add(("declines / offer timeouts / forced pauses", $"{N(r.Declines)} / {N(r.Timeouts)} / {N(r.ForcedPauses)}"));
        rows.Add(("returned to queue / dormant / woken", $"{N(r.ReturnedToQueue)} / {N(r.Dormant)} / {N(r.Woken)}"));
        foreach (GroupShare share in r.Shares)
        {
            string count = share.Role == "secondary" ? $"{N(share.Cascaded)} cascaded" : $"{N(share.Primary)} taken";
            rows.Add(($"  share {share.Group} ({share.Role})", $"{P(share.ActualPercent)} of target {P(share.TargetPercent)}, {count}"));
        }

        rows.Add(("invitations sent / accepted", $"{N(r.InvitationsSent)} / {N(r.InvitationsAccepted)} ({P(r.InvitationAcceptance)})"));
        rows.Add(("abandonment of accepted invitations", $"{P(r.ProactiveAbandonmentRate)} ({N(r.ProactiveAbandoned)} of {N(r.ProactiveServed + r.ProactiveAbandoned)}, {N(r.ProactiveAbandonedAfterOffer)} after an offer), target {P(r.AbandonmentTarget)}{(r.PacingTarget == PacingTarget.BusyFactor ? " (ceiling)" : "")}"));
        rows.Add(("paced occupancy (online agents)", r.PacingTarget == PacingTarget.BusyFactor ? $"{P(r.PacedOccupancy)}, busy-factor target {P(r.BusyFactorTarget)}" : P(r.PacedOccupancy)));
        rows.Add(("report buckets (charts over the day)", $"{r.BucketMinutes} minutes"));
        return rows;
    }

    /// <summary>The rows compared across strategies: short figures only, one column per run.</summary>
    public static List<(string Label, Func<SimulationResult, string> Value)> CompareRows(IReadOnlyList<SimulationResult> results)
    {
        var rows = new List<(string, Func<SimulationResult, string>)>
        {
            ("arrived", r => N(r.Arrived)),
            ("served", r => N(r.Served)),
            ("abandoned", r => N(r.Abandoned)),
            ("still waiting", r => N(r.StillWaiting)),
            ("service level", r => P(r.ServiceLevel)),
            ("avg speed of answer", r => $"{r.AverageSpeedOfAnswer.ToString("0.0", Invariant)} s"),
            ("abandonment", r => P(r.AbandonmentRate)),
            ("occupancy", r => P(r.OverallOccupancy)),
            ("offers / conversation", r => r.OffersPerConversation.ToString("0.00", Invariant)),
            ("offer timeouts", r => N(r.Timeouts)),
            ("messages while waiting", r => N(r.WaitingMessages)),
            ("answered, consumer away", r => $"{N(r.AnsweredAway)} ({P(r.Served == 0 ? 0 : 100.0 * r.AnsweredAway / r.Served)})"),
            ("forced pauses", r => N(r.ForcedPauses)),
        };
        if (results.Count > 0)
        {
            foreach (GroupShare share in results[0].Shares)
            {
                string group = share.Group;
                rows.Add(($"share {group} (target {P(share.TargetPercent)})", r => P(r.Shares.Find(s => s.Group == group)?.ActualPercent ?? 0)));
            }
        }

        rows.Add(("invitations sent", r => N(r.InvitationsSent)));
        rows.Add(("invitations accepted", r => N(r.InvitationsAccepted)));
        return rows;
    }

    public static string Format(SimulationResult r)
    {
        List<(string Label, string Value)> rows = Rows(r);
        return Table(["measure", $"{r.Strategy}, seed {r.Seed}"], [.. rows.Select(row => new[] { row.Label, row.Value })]);
    }

    /// <summary>The runs side by side, one column each, headed by <paramref name="column"/> (by default the strategy).</summary>
    public static string FormatComparison(IReadOnlyList<SimulationResult> results, Func<SimulationResult, string>? column = null)
    {
        var header = new List<string> { "measure" };
        header.AddRange(results.Select(column ?? (r => r.Strategy)));
        var lines = CompareRows(results)
            .Select(row => new[] { row.Label }.Concat(results.Select(row.Value)).ToArray())
            .ToList();
        return Table([.. header], lines);
    }

    /// <summary>A plain-text table: the first column left-aligned, the others right-aligned.</summary>
    internal static string Table(string[] header, List<string[]> rows)
    {
        var widths = new int[header.Length];
        foreach (string[] row in rows.Prepend(header))
        {
            for (int i = 0; i < row.Length; i++)
            {
                widths[i] = Math.Max(widths[i], row[i].Length);
            }
        }

        var text = new StringBuilder();
        void Line(string[] cells)
        {
            for (int i = 0; i < cells.Length; i++)
            {
                text.Append(i == 0 ? "| " : " | ").Append(i == 0 ? cells[i].PadRight(widths[i]) : cells[i].PadLeft(widths[i]));
            }

            text.Append(" |").Append('\n');
        }

        Line(header);
        text.Append('|').AppendJoin('|', widths.Select((w, i) => new string('-', w + 2))).Append('|').Append('\n');
        foreach (string[] row in rows)
        {
            Line(row);
        }

        return text.ToString();
    }

    internal static string N(long value) => value.ToString("N0", Invariant);

    internal static string P(double percent) => percent.ToString("0.0", Invariant) + "%";
}
