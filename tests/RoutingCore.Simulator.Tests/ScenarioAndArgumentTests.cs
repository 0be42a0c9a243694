using RoutingCore.Simulator;

namespace RoutingCore.Simulator.Tests;

/// <summary>Scenario files and the command line: good ones load, bad ones are refused with a message naming what is wrong.</summary>
public sealed class ScenarioAndArgumentTests
{
    private string _directory = "";

    [SetUp]
    public void CreateDirectory()
    {
        _directory = Path.Combine(Path.GetTempPath(), "routingcore-simulator-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_directory);
    }

    [TearDown]
    public void DeleteDirectory() => Directory.Delete(_directory, recursive: true);

    [Test]
    public void Default_IsValid_AndItsJsonRoundTrips()
    {
        var scenario = new Scenario();

        scenario.Validate().ShouldBeEmpty();
        Scenario.Parse(scenario.ToJson(), "default").ToJson().ShouldBe(scenario.ToJson());
        Scenario.Parse("{}", "empty").ToJson().ShouldBe(scenario.ToJson());
    }

    [Test]
    public void LargeDayFile_LoadsWithAThousandAgentsAndAHundredThousandConversations()
    {
        Scenario scenario = Scenario.Load(Path.Combine(RepositoryRoot(), "samples", "RoutingCore.Simulator", "scenarios", "large-day.json"));

        scenario.Agents.ShouldBe(1_000);
        scenario.Conversations.ShouldBe(100_000);
    }

    [Test]
    public void Parse_UnknownProperty_NamesItAndListsTheValidOnes()
    {
        var error = Should.Throw<ScenarioException>(() => Scenario.Parse("""{ "agent": 10 }""", "day.json"));

        error.Message.ShouldContain("'day.json'");
        error.Message.ShouldContain("agent");
        error.Message.ShouldContain("Valid properties of a scenario: name, seed, strategy, agents, conversations, skill, hourlyCurve, groups, routing");
    }

    [Test]
    public void Parse_UnknownNestedProperty_ListsTheValidPropertiesOfItsObject()
    {
        var error = Should.Throw<ScenarioException>(() => Scenario.Parse("""{ "routing": { "stepz": 2 } }""", "day.json"));

        error.Message.ShouldContain("$.routing.stepz");
        error.Message.ShouldContain("Valid properties in routing: steps, stepDelaySeconds, capacityModel, slotsPerAgent");
    }

    [Test]
    public void Parse_DuplicateGroupAndBadSums_ReportsBoth()
    {
        const string json = """{ "groups": [ { "name": "a", "percentage": 100, "agentShare": 1 }, { "name": "a", "secondary": true, "percentage": 50, "agentShare": 0.2 } ] }""";

        var error = Should.Throw<ScenarioException>(() => Scenario.Parse(json, "day.json"));

        error.Message.ShouldContain("groups[1] repeats the name 'a'; group names must be unique.");
        error.Message.ShouldContain("the secondary groups' percentages sum to 50; they must sum to 100.");
    }

    [Test]
    public void Parse_WrongType_NamesThePath()
    {
        var error = Should.Throw<ScenarioException>(() => Scenario.Parse("""{ "routing": { "steps": "three" } }""", "day.json"));

        error.Message.ShouldContain("$.routing.steps");
    }

    [Test]
    public void Parse_NotJson_IsRefused()
    {
        var error = Should.Throw<ScenarioException>(() => Scenario.Parse("agents = 10", "day.json"));

        error.Message.ShouldContain("is not a valid scenario");
    }

    [Test]
    public void Parse_BadValues_ReportsEveryErrorTogether()
    {
        const string json = """
            {
              "agents": 0,
              "strategy": "fastest",
              "hourlyCurve": [1, 2, 3],
              "groups": [ { "name": "a", "percentage": 70, "agentShare": 0.5 }, { "name": "b", "percentage": 20, "agentShare": 0.5 } ],
              "consumers": { "silenceProbability": 1.5 },
              "report": { "bucketMinutes": 7 }
            }
            """;

        var error = Should.Throw<ScenarioException>(() => Scenario.Parse(json, "day.json"));

        error.Message.ShouldContain("agents is 0; it must be between 1 and 100000.");
        error.Message.ShouldContain("strategy is 'fastest'; valid strategies: broadcast, skill-based, round-robin, least-loaded, dynamic, custom-weighted.");
        error.Message.ShouldContain("hourlyCurve has 3 values; it needs 24");
        error.Message.ShouldContain("the primary groups' percentages sum to 90; they must sum to 100.");
        error.Message.ShouldContain("consumers.silenceProbability is 1.5; it must be a probability between 0 and 1.");
        error.Message.ShouldContain("report.bucketMinutes is 7; it must divide a day");
    }

    [Test]
    public void Parse_NamesTheEngineRefusesAsIds_AreRefusedBeforeTheEngineIsBuilt()
    {
        string json = $$"""{ "skill": " ", "groups": [ { "name": "{{new string('v', 254)}}", "percentage": 100, "agentShare": 1 }, { "name": "tab\tbed", "secondary": true, "percentage": 100, "agentShare": 0.1 } ] }""";

        var error = Should.Throw<ScenarioException>(() => Scenario.Parse(json, "day.json"));

        error.Message.ShouldContain("skill is empty");
        error.Message.ShouldContain("groups[0].name (as the start of its agents' ids) is not a valid id: An AgentId must be at most 256 characters long");
        error.Message.ShouldContain("groups[1].name is not a valid id: An AgentGroupId must not contain control characters");
    }

    [Test]
    public void Run_BadScenarioFile_ExitsWithCode2AndSaysWhy()
    {
        string path = Path.Combine(_directory, "bad.json");
        File.WriteAllText(path, """{ "groups": [] }""");

        (int code, string output, string error) = Run("--scenario", path);

        code.ShouldBe(SimulatorProgram.BadInput);
        error.ShouldContain($"Scenario file '{path}' is invalid");
        error.ShouldContain("groups is empty");
        output.ShouldBeEmpty();
    }

    [Test]
    public void Run_MissingScenarioFile_ExitsWithCode2AndNamesThePath()
    {
        string path = Path.Combine(_directory, "missing.json");

        (int code, _, string error) = Run("--scenario", path);

        code.ShouldBe(SimulatorProgram.BadInput);
        error.ShouldContain($"Cannot read scenario file '{path}'");
    }

    [TestCase("--strategy fastest", "Unknown strategy 'fastest' for --strategy; valid strategies: broadcast, skill-based, round-robin, least-loaded, dynamic, custom-weighted.")]
    [TestCase("--seed twelve", "--seed 'twelve' is not an integer")]
    [TestCase("--seed", "Required argument missing for option: '--seed'.")]
    [TestCase("--scenario", "Required argument missing for option: '--scenario'.")]
    [TestCase("--agents 5", "Unrecognized command or argument '--agents'. Valid options: --help, --version, --scenario, --strategy, --compare, --seed, --out, --png, --profile, --quiet, --print-scenario.")]
    [TestCase("--out| ", "--out is empty; give the path of the HTML report to write, for example report.html.")]
    [TestCase("--png| ", "--png is empty; give a directory for the chart images.")]
    [TestCase("--compare --strategy dynamic", "--compare runs every strategy; leave out --strategy")]
    public void Run_BadArgument_ExitsWithCode2AndSaysWhatIsValid(string arguments, string expected)
    {
        (int code, string output, string error) = Run(arguments.Split(arguments.Contains('|', StringComparison.Ordinal) ? '|' : ' ')); // "|": a value with spaces

        code.ShouldBe(SimulatorProgram.BadInput);
        error.ShouldContain(expected);
        output.ShouldBeEmpty();
    }

    [TestCase("--help")]
    [TestCase("-h")]
    public void Run_Help_ListsEveryOptionAndExits0(string help)
    {
        (int code, string output, string error) = Run(help);

        code.ShouldBe(0);
        error.ShouldBeEmpty();
        foreach (string option in new[] { "--scenario <file.json>", "--strategy <name>", "--compare", "--seed <integer>", "--out <file.html>", "--png <directory>", "--profile", "--quiet", "--print-scenario" })
        {
            output.ShouldContain(option);
        }
    }

    [Test]
    public void Run_TinyScenarioFile_PrintsTheSummaryAndWritesTheReport()
    {
        string scenario = Path.Combine(_directory, "tiny.json");
        string report = Path.Combine(_directory, "report.html");
        File.WriteAllText(scenario, """{ "name": "tiny", "agents": 12, "conversations": 300, "seed": 5 }""");

        (int code, string output, string error) = Run("--scenario", scenario, "--strategy", "ROUND-ROBIN", "--out", report, "--quiet");

        error.ShouldBeEmpty();
        code.ShouldBe(0);
        output.ShouldContain("| service level (answered in 60 s)");
        output.ShouldContain("round-robin, seed 5");
        File.ReadAllText(report).ShouldContain("<h1>RoutingCore simulator: tiny, round-robin</h1>");
    }

    [Test]
    public void Run_Seed_OverridesTheScenario()
    {
        string report = Path.Combine(_directory, "report.html");
        string scenario = Path.Combine(_directory, "tiny.json");
        File.WriteAllText(scenario, """{ "agents": 12, "conversations": 300, "seed": 5 }""");

        (int code, string output, _) = Run("--scenario", scenario, "--seed", "99", "--out", report, "--quiet");

        code.ShouldBe(0);
        output.ShouldContain("seed 99");
    }

    private static (int Code, string Output, string Error) Run(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        int code = SimulatorProgram.Run(args, output, error);
        return (code, output.ToString(), error.ToString());
    }

    internal static string RepositoryRoot()
    {
        for (DirectoryInfo? directory = new(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "RoutingCore.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No RoutingCore.sln above {AppContext.BaseDirectory}.");
    }
}
