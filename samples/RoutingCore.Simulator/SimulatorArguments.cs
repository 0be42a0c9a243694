using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Parsing;
using System.Globalization;

namespace RoutingCore.Simulator;

/// <summary>
/// The command line, declared and parsed with System.CommandLine; a bad argument throws <see cref="ScenarioException"/>
/// naming the option and what is valid (the program exits with code 2).
/// </summary>
internal sealed class SimulatorArguments
{
    public const string DefaultReport = "simulator-report.html";

    private static readonly Option<string?> ScenarioOption = new("--scenario")
    {
        Description = "The day to simulate (default: the built-in day; see --print-scenario).",
        HelpName = "file.json",
        CustomParser = result => NonEmpty(result, "the path of a scenario JSON file"),
    };

    private static readonly Option<string?> StrategyOption = new("--strategy")
    {
        Description = $"The scoring strategy: {string.Join(", ", StrategyNames.All)} (default: the scenario's, least-loaded).",
        HelpName = "name",
        CustomParser = result =>
        {
            string name = result.Tokens[0].Value;
            string? found = StrategyNames.Find(name);
            if (found is null)
            {
                result.AddError($"Unknown strategy '{name}' for --strategy; valid strategies: {string.Join(", ", StrategyNames.All)}.");
            }

            return found;
        },
    };

    private static readonly Option<bool> CompareOption = new("--compare")
    {
        Description = "Run the same day (same seed) with every strategy and print them side by side, then each queue ordering (priority-then-sla, responsiveness) under the scenario's strategy.",
    };

    private static readonly Option<int?> SeedOption = new("--seed")
    {
        Description = "The random seed (default: the scenario's); the same seed gives the same report.",
        HelpName = "integer",
        CustomParser = result =>
        {
            string seed = result.Tokens[0].Value;
            if (int.TryParse(seed, NumberStyles.Integer, CultureInfo.InvariantCulture, out int value))
            {
                return value;
            }

            result.AddError($"--seed '{seed}' is not an integer; give a whole number between {int.MinValue} and {int.MaxValue}.");
            return null;
        },
    };

    private static readonly Option<string> OutOption = new("--out")
    {
        Description = "Where to write the HTML report.",
        HelpName = "file.html",
        DefaultValueFactory = _ => DefaultReport,
        CustomParser = result => NonEmpty(result, "the path of the HTML report to write, for example report.html") ?? DefaultReport,
    };

    private static readonly Option<string?> PngOption = new("--png")
    {
        Description = "Also save each chart as a PNG file in this directory.",
        HelpName = "directory",
        CustomParser = result => NonEmpty(result, "a directory for the chart images"),
    };

    private static readonly Option<bool> ProfileOption = new("--profile") { Description = "Time the engine's operations and print where the run spent its time." };

    private static readonly Option<bool> QuietOption = new("--quiet") { Description = "No progress line." };

    private static readonly Option<bool> PrintScenarioOption = new("--print-scenario")
    {
        Description = "Print the scenario as JSON (a starting point for your own file) and exit.",
    };

    /// <summary>The command: its options, and the rule between two of them.</summary>
    private static readonly RootCommand Command = CreateCommand();

    public string? ScenarioPath { get; private init; }

    public string? Strategy { get; private init; }

    public bool Compare { get; private init; }

    public int? Seed { get; private init; }

    public string Out { get; private init; } = DefaultReport;

    public string? PngDirectory { get; private init; }

    public bool Profile { get; private init; }

    public bool Quiet { get; private init; }

    public bool PrintScenario { get; private init; }

    /// <summary>Whether the command line asked for the help or the version (<see cref="WriteHelp"/> writes it) instead of a run.</summary>
    public bool Help => _builtIn is not null;

    private ParseResult? _builtIn;

    /// <summary>Parses the command line; every error together in one <see cref="ScenarioException"/>.</summary>
    public static SimulatorArguments Parse(IReadOnlyList<string> args)
    {
        ParseResult result = Command.Parse(args);
        if (result.Errors.Count > 0)
        {
            throw new ScenarioException(string.Join(Environment.NewLine, result.Errors.Select(e => Explain(e.Message))));
        }

        return new SimulatorArguments
        {
            ScenarioPath = result.GetValue(ScenarioOption),
            Strategy = result.GetValue(StrategyOption),
            Compare = result.GetValue(CompareOption),
            Seed = result.GetValue(SeedOption),
            Out = result.GetValue(OutOption) ?? DefaultReport,
            PngDirectory = result.GetValue(PngOption),
            Profile = result.GetValue(ProfileOption),
            Quiet = result.GetValue(QuietOption),
            PrintScenario = result.GetValue(PrintScenarioOption),
            _builtIn = result.Action is not null ? result : null, // the root has no action of its own: this is --help or --version
        };
    }

    /// <summary>Writes what <c>--help</c> (usage, description and every option) or <c>--version</c> asked for.</summary>
    public void WriteHelp(TextWriter output) =>
        (_builtIn ?? Command.Parse(["--help"])).Invoke(new InvocationConfiguration { Output = output });

    private static RootCommand CreateCommand()
    {
        var command = new RootCommand("Simulates a day of a messaging contact center through the RoutingCore engine on a fake clock.")
        {
            ScenarioOption, StrategyOption, CompareOption, SeedOption, OutOption, PngOption, ProfileOption, QuietOption, PrintScenarioOption,
        };
        command.Validators.Add(result =>
        {
            if (result.GetValue(CompareOption) && result.GetResult(StrategyOption) is not null)
            {
                result.AddError("--compare runs every strategy; leave out --strategy, or leave out --compare to run one strategy.");
            }
        });
        return command;
    }

    /// <summary>System.CommandLine's own messages, with what is valid added where they do not say it.</summary>
    private static string Explain(string message) =>
        message.StartsWith("Unrecognized command or argument", StringComparison.Ordinal)
            ? $"{message} Valid options: {string.Join(", ", Command.Options.Select(o => o.Name))}."
            : message;

    private static string? NonEmpty(ArgumentResult result, string what)
    {
        string value = result.Tokens[0].Value;
        if (value.Trim().Length == 0)
        {
            result.AddError($"{((OptionResult)result.Parent!).Option.Name} is empty; give {what}.");
            return null;
        }

        return value;
    }
}
