using System.Globalization;

namespace RoutingCore.Simulator;

/// <summary>The command: parse, load the scenario, run one strategy or all, print the summary and write the report.</summary>
internal static class SimulatorProgram
{
    public const int BadInput = 2;

    public static int Run(IReadOnlyList<string> args, TextWriter output, TextWriter error)
    {
        SimulatorArguments arguments;
        Scenario scenario;
        try
        {
            arguments = SimulatorArguments.Parse(args);
            if (arguments.Help)
            {
                arguments.WriteHelp(output);
                return 0;
            }

            scenario = arguments.ScenarioPath is { } path ? Scenario.Load(path) : new Scenario();
            if (arguments.Seed is { } seed)
            {
                scenario.Seed = seed;
            }
        }
        catch (ScenarioException e)
        {
            error.WriteLine($"error: {e.Message}");
            error.WriteLine("Run with --help for the options.");
            return BadInput;
        }

        if (arguments.PrintScenario)
        {
            output.WriteLine(scenario.ToJson());
            return 0;
        }

        string[] strategies = arguments.Compare ? StrategyNames.All : [arguments.Strategy ?? StrategyNames.Find(scenario.Strategy)!];
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Simulating '{scenario.Name}': {scenario.Agents:N0} agents, {scenario.Conversations:N0} conversations, seed {scenario.Seed}."));
        var results = new List<SimulationResult>();
        var orderings = new List<SimulationResult>();
        try
        {
            foreach (string strategy in strategies)
            {
                results.Add(RunOne(scenario, strategy, null, arguments, output));
            }

            // --compare: each queue ordering under the scenario's strategy; the run with the scenario's own ordering is reused.
            string defaultStrategy = StrategyNames.Find(scenario.Strategy)!;
            foreach (string ordering in arguments.Compare ? QueueOrderings.All : Array.Empty<string>())
            {
                orderings.Add(results.Find(r => r.Strategy == defaultStrategy && r.Ordering == ordering)
                    ?? RunOne(scenario, defaultStrategy, ordering, arguments, output));
            }
        }
        catch (ScenarioException e)
        {
            error.WriteLine($"error: {e.Message}");
            return BadInput;
        }

        output.WriteLine();
        output.Write(results.Count == 1 ? SummaryTable.Format(results[0]) : SummaryTable.FormatComparison(results));
        if (orderings.Count > 0)
        {
            output.WriteLine();
            output.WriteLine($"Queue orderings under {orderings[0].Strategy}:");
            output.Write(SummaryTable.FormatComparison(orderings, r => r.Ordering));
        }

        foreach (SimulationResult result in results)
        {
            if (result.Disagreements.Count > 0)
            {
                output.WriteLine();
                output.WriteLine($"warning: the {result.Strategy} run ended with {result.Disagreements.Count} disagreement(s) between the engine's events and its views, first: {result.Disagreements[0]}");
            }

            if (result.Profile is { } profile)
            {
                output.WriteLine();
                output.WriteLine($"Where the {result.Strategy} run spent its time (wall clock {result.WallClock.TotalSeconds:0.00} s):");
                output.Write(SummaryTable.Table(
                    ["operation", "calls", "seconds", "µs per call"],
                    [.. profile.Select(p => new[] { p.Key, SummaryTable.N(p.Value.Calls), p.Value.Time.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture), (p.Value.Time.TotalMicroseconds / p.Value.Calls).ToString("0.0", CultureInfo.InvariantCulture) })]));
            }
        }

        try
        {
            string full = Path.GetFullPath(arguments.Out);
            if (arguments.PngDirectory is { } directory)
            {
                Directory.CreateDirectory(directory);
            }

            File.WriteAllText(full, HtmlReport.Build(scenario, results, arguments.PngDirectory, orderings));
            output.WriteLine();
            output.WriteLine($"Report written to {full}");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            error.WriteLine($"error: cannot write the report to '{arguments.Out}': {e.Message}");
            return BadInput;
        }

        return 0;
    }

    /// <summary>Runs the day once with a strategy (and a queue ordering: null for the scenario's), showing progress unless quiet.</summary>
    private static SimulationResult RunOne(Scenario scenario, string strategy, string? ordering, SimulatorArguments arguments, TextWriter output)
    {
        string label = ordering is null ? strategy : $"{strategy}, {ordering}";
        var progress = arguments.Quiet ? null : new ProgressLine(output, label);
        SimulationResult result = new Simulation(scenario, strategy, progress is null ? null : progress.Report, arguments.Profile, ordering).Run();
        progress?.Done(result);
        return result;
    }

    /// <summary>Progress: one line updated in place on a terminal, a line every three simulated hours otherwise.</summary>
    private sealed class ProgressLine(TextWriter output, string strategy)
    {
        private readonly bool _inPlace = ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected;

        public void Report(SimulationProgress p)
        {
            string line = string.Create(
                CultureInfo.InvariantCulture,
                $"  {strategy} {p.TimeOfDay:hh\\:mm}  arrived {p.Arrived:N0}  waiting {p.Waiting:N0}  agents {p.AgentsLoggedIn:N0}  served {p.Served:N0}  abandoned {p.Abandoned:N0}  [{p.Elapsed.TotalSeconds:0.0} s]");
            if (_inPlace)
            {
                output.Write("\r" + Fit(line));
            }
            else if (p.TimeOfDay.Minutes == 0 && p.TimeOfDay.Hours % 3 == 0)
            {
                output.WriteLine(line);
            }
        }

        public void Done(SimulationResult result)
        {
            string line = string.Create(CultureInfo.InvariantCulture, $"  {strategy}: {result.Arrived:N0} conversations, {result.SimulationEvents:N0} events, {result.EngineCalls:N0} engine calls in {result.WallClock.TotalSeconds:0.0} s");
            output.WriteLine(_inPlace ? "\r" + Fit(line) : line);
        }

        /// <summary>Cuts or pads the line to the terminal's width, so that a carriage return rewrites it in place (a wrapped line would not be).</summary>
        private static string Fit(string line)
        {
            int width;
            try
            {
                width = Math.Max(20, Console.WindowWidth - 1);
            }
            catch (IOException)
            {
                width = 79;
            }

            return line.Length > width ? line[..width] : line.PadRight(width);
        }
    }
}
