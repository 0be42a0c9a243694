using System.Globalization;

namespace RoutingCore.Simulator;

/// <summary>The command line, parsed and checked; a bad argument throws <see cref="ScenarioException"/> naming it and what is valid.</summary>
internal sealed class SimulatorArguments
{
    public const string DefaultReport = "simulator-report.html";

    public const string Usage = """
        Usage: dotnet run --project samples/RoutingCore.Simulator -- [options]

        Simulates a day of a messaging contact center through the RoutingCore engine on a fake clock.

        Options:
          --scenario <file.json>   the day to simulate (default: the built-in day; see --print-scenario)
          --strategy <name>        the scoring strategy: broadcast, skill-based, round-robin, least-loaded,
                                   dynamic or custom-weighted (default: the scenario's, least-loaded)
          --compare                run the same day (same seed) with every strategy and print them side by side,
                                   then each queue ordering (priority-then-sla, responsiveness) under the
                                   scenario's strategy
          --seed <integer>         the random seed (default: the scenario's); the same seed gives the same report
          --out <file.html>        where to write the HTML report (default: simulator-report.html)
          --png <directory>        also save each chart as a PNG file in this directory
          --profile                time the engine's operations and print where the run spent its time
          --quiet                  no progress line
          --print-scenario         print the scenario as JSON (a starting point for your own file) and exit
          -h, --help               show this help
        """;

    public string? ScenarioPath { get; private set; }

    public string? Strategy { get; private set; }

    public bool Compare { get; private set; }

    public int? Seed { get; private set; }

    public string Out { get; private set; } = DefaultReport;

    public string? PngDirectory { get; private set; }

    public bool Profile { get; private set; }

    public bool Quiet { get; private set; }

    public bool PrintScenario { get; private set; }

    public bool Help { get; private set; }

    public static SimulatorArguments Parse(IReadOnlyList<string> args)
    {
        var parsed = new SimulatorArguments();
        for (int i = 0; i < args.Count; i++)
        {
            string arg = args[i];
            string Value()
            {
                if (i + 1 >= args.Count || args[i + 1].StartsWith("--", StringComparison.Ordinal))
                {
                    throw new ScenarioException($"Option {arg} needs a value: {ValueHint(arg)}.");
                }

                return args[++i];
            }

            switch (arg)
            {
                case "--scenario":
                    parsed.ScenarioPath = Value();
                    break;
                case "--strategy":
                    string name = Value();
                    parsed.Strategy = StrategyNames.Find(name)
                        ?? throw new ScenarioException($"Unknown strategy '{name}' for --strategy; valid strategies: {string.Join(", ", StrategyNames.All)}.");
                    break;
                case "--compare":
                    parsed.Compare = true;
                    break;
                case "--seed":
                    string seed = Value();
                    parsed.Seed = int.TryParse(seed, NumberStyles.Integer, CultureInfo.InvariantCulture, out int value)
                        ? value
                        : throw new ScenarioException($"--seed '{seed}' is not an integer; give a whole number between {int.MinValue} and {int.MaxValue}.");
                    break;
                case "--out":
                    string path = Value();
                    parsed.Out = path.Trim().Length == 0
                        ? throw new ScenarioException("--out is empty; give the path of the HTML report to write, for example report.html.")
                        : path;
                    break;
                case "--png":
                    parsed.PngDirectory = Value();
                    break;
                case "--profile":
                    parsed.Profile = true;
                    break;
                case "--quiet":
                    parsed.Quiet = true;
                    break;
                case "--print-scenario":
                    parsed.PrintScenario = true;
                    break;
                case "-h" or "--help":
                    parsed.Help = true;
                    break;
                default:
                    throw new ScenarioException($"Unknown argument '{arg}'; valid options: --scenario, --strategy, --compare, --seed, --out, --png, --profile, --quiet, --print-scenario, --help.");
            }
        }

        if (parsed.Compare && parsed.Strategy is not null)
        {
            throw new ScenarioException("--compare runs every strategy; leave out --strategy, or leave out --compare to run one strategy.");
        }

        return parsed;
    }

    private static string ValueHint(string option) => option switch
    {
        "--scenario" => "the path of a scenario JSON file",
        "--strategy" => $"one of {string.Join(", ", StrategyNames.All)}",
        "--seed" => "an integer",
        "--png" => "a directory for the chart images",
        _ => "the path of the HTML report to write",
    };
}
