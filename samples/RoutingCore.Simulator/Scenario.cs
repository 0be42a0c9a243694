using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace RoutingCore.Simulator;

/// <summary>
/// A simulated day: the roster, the traffic, how consumers and agents behave, and how the engine is configured. Every
/// property has a default, so an empty JSON object (<c>{}</c>) is the built-in day; a scenario file overrides what it names.
/// </summary>
internal sealed class Scenario
{
    /// <summary>Reactive traffic per hour of the day (relative weights, 24 values): a messaging center open from 07:00 to midnight.</summary>
    internal static readonly double[] DefaultCurve =
        [0, 0, 0, 0, 0, 0, 0, 2.0, 5.0, 7.5, 8.5, 8.5, 7.5, 7.0, 8.0, 8.5, 8.0, 7.0, 5.5, 4.5, 3.5, 2.5, 1.5, 0.8];

    public string Name { get; set; } = "default day";

    public int Seed { get; set; } = 20261124;

    public string Strategy { get; set; } = RoutingStrategyNames.LeastLoaded;

    public int Agents { get; set; } = 200;

    public int Conversations { get; set; } = 20_000;

    public string Skill { get; set; } = "messaging";

    public double[] HourlyCurve { get; set; } = [.. DefaultCurve];

    public List<GroupScenario> Groups { get; set; } =
    [
        new() { Name = "vendor-a", Percentage = 40, AgentShare = 0.36 },
        new() { Name = "vendor-b", Percentage = 30, AgentShare = 0.27 },
        new() { Name = "vendor-c", Percentage = 30, AgentShare = 0.27 },
        new() { Name = "in-house", Secondary = true, Percentage = 100, AgentShare = 0.10 },
    ];

    public RoutingScenario Routing { get; set; } = new();

    public ConsumerScenario Consumers { get; set; } = new();

    public AgentScenario AgentBehavior { get; set; } = new();

    public InvitationScenario Invitations { get; set; } = new();

    public ReportScenario Report { get; set; } = new();

    internal static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        WriteIndented = true,
    };

    /// <summary>Reads a scenario file; throws <see cref="ScenarioException"/> naming the file and what is wrong.</summary>
    public static Scenario Load(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new ScenarioException($"Cannot read scenario file '{path}': {e.Message}");
        }

        return Parse(text, path);
    }

    /// <summary>Parses and validates a scenario from JSON text; <paramref name="source"/> names it in messages.</summary>
    public static Scenario Parse(string json, string source)
    {
        Scenario? scenario;
        try
        {
            scenario = JsonSerializer.Deserialize<Scenario>(json, Json);
        }
        catch (JsonException e)
        {
            string where = e.Path is null ? "" : $" at {e.Path}";
            string line = e.LineNumber is { } l ? $" (line {l + 1})" : "";
            throw new ScenarioException($"Scenario file '{source}' is not a valid scenario{where}{line}: {FirstSentence(e.Message)} Valid properties {ValidProperties(e.Path)}.");
        }

        if (scenario is null)
        {
            throw new ScenarioException($"Scenario file '{source}' holds JSON null; write a JSON object such as {{ \"agents\": 200, \"conversations\": 20000 }}.");
        }

        List<string> errors = scenario.Validate();
        if (errors.Count > 0)
        {
            throw new ScenarioException($"Scenario file '{source}' is invalid:{Environment.NewLine}  - {string.Join(Environment.NewLine + "  - ", errors)}");
        }

        return scenario;
    }

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>Every rule a scenario must follow, all errors together (none for a valid scenario).</summary>
    public List<string> Validate()
    {
        var errors = new List<string>();
        void Require(bool ok, string message)
        {
            if (!ok)
            {
                errors.Add(message);
            }
        }

        Require(Agents is >= 1 and <= 100_000, $"agents is {Agents}; it must be between 1 and 100000.");
        Require(Conversations is >= 0 and <= 2_000_000, $"conversations is {Conversations}; it must be between 0 and 2000000.");
        Require(!string.IsNullOrWhiteSpace(Skill), "skill is empty; name the skill every agent holds, for example \"messaging\".");
        if (!string.IsNullOrWhiteSpace(Skill))
        {
            IdProblem(errors, "skill", Skill, s => new SkillId(s));
        }

        Require(StrategyNames.Find(Strategy) is not null, $"strategy is '{Strategy}'; valid strategies: {string.Join(", ", StrategyNames.All)}.");
        if (HourlyCurve is null || HourlyCurve.Length != 24)
        {
            errors.Add($"hourlyCurve has {HourlyCurve?.Length ?? 0} values; it needs 24 (one relative weight per hour of the day).");
        }
        else
        {
            Require(Array.TrueForAll(HourlyCurve, w => w >= 0 && double.IsFinite(w)), "hourlyCurve holds a negative or non-finite weight; weights must be 0 or more.");
            Require(HourlyCurve.Sum() > 0, "hourlyCurve sums to 0; at least one hour needs traffic.");
        }

        ValidateGroups(errors);
        Routing.Validate(errors);
        Consumers.Validate(errors);
        AgentBehavior.Validate(errors);
        Invitations.Validate(errors);
        Report.Validate(errors);
        return errors;
    }

    private void ValidateGroups(List<string> errors)
    {
        if (Groups is null || Groups.Count == 0)
        {
            errors.Add("groups is empty; give at least one primary group (name, percentage, agentShare).");
            return;
        }

        bool malformed = false;
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < Groups.Count; i++)
        {
            GroupScenario g = Groups[i];
            if (g is null)
            {
                errors.Add($"groups[{i}] is null; give an object with name, percentage and agentShare.");
                malformed = true;
                continue;
            }

            if (string.IsNullOrWhiteSpace(g.Name))
            {
                errors.Add($"groups[{i}] has no name; name every group (for example \"vendor-a\").");
            }
            else if (!names.Add(g.Name))
            {
                errors.Add($"groups[{i}] repeats the name '{g.Name}'; group names must be unique.");
            }
            else if (IdProblem(errors, $"groups[{i}].name", g.Name, n => new AgentGroupId(n)))
            {
                IdProblem(errors, $"groups[{i}].name (as the start of its agents' ids)", g.Name + "-00001", n => new AgentId(n));
            }

            if (g.Percentage is < 0 or > 100 || !double.IsFinite(g.Percentage))
            {
                errors.Add($"groups[{i}] ('{g.Name}') has percentage {g.Percentage.ToString(CultureInfo.InvariantCulture)}; it must be between 0 and 100.");
                malformed = true;
            }

            if (g.AgentShare is < 0 or > 1 || !double.IsFinite(g.AgentShare))
            {
                errors.Add($"groups[{i}] ('{g.Name}') has agentShare {g.AgentShare.ToString(CultureInfo.InvariantCulture)}; it must be between 0 and 1.");
                malformed = true;
            }
        }

        if (malformed)
        {
            return; // the sums below mean nothing until every group's numbers are in range
        }

        double primary = Groups.Where(g => !g.Secondary).Sum(g => g.Percentage);
        double secondary = Groups.Where(g => g.Secondary).Sum(g => g.Percentage);
        if (Math.Abs(primary - 100) > 1e-6)
        {
            errors.Add($"the primary groups' percentages sum to {primary.ToString(CultureInfo.InvariantCulture)}; they must sum to 100.");
        }

        if (Groups.Any(g => g.Secondary) && Math.Abs(secondary - 100) > 1e-6)
        {
            errors.Add($"the secondary groups' percentages sum to {secondary.ToString(CultureInfo.InvariantCulture)}; they must sum to 100.");
        }

        double shares = Groups.Sum(g => g.AgentShare);
        if (shares <= 0)
        {
            errors.Add("the groups' agentShare values sum to 0; give the agents to at least one group.");
        }
    }

    /// <summary>Adds an error when the engine refuses the value as an id; returns whether it was accepted.</summary>
    private static bool IdProblem(List<string> errors, string name, string value, Action<string> create)
    {
        try
        {
            create(value);
            return true;
        }
        catch (ArgumentException e)
        {
            errors.Add($"{name} is not a valid id: {FirstSentence(e.Message.Split(" (Parameter", 2)[0])}");
            return false;
        }
    }

    private static string FirstSentence(string message)
    {
        int path = message.IndexOf(" Path:", StringComparison.Ordinal);
        string text = path > 0 ? message[..path] : message;
        return text.EndsWith('.') ? text : text + ".";
    }

    /// <summary>The properties valid in the object that holds the JSON path's last property (the whole scenario by default).</summary>
    private static string ValidProperties(string? path)
    {
        string[] segments = (path ?? "$").TrimStart('$').Split('.', StringSplitOptions.RemoveEmptyEntries);
        string parent = segments.Length > 1 ? segments[^2] : "";
        (string where, Type type) = parent switch
        {
            _ when parent.StartsWith("groups", StringComparison.Ordinal) => ("in a group", typeof(GroupScenario)),
            "routing" => ("in routing", typeof(RoutingScenario)),
            "consumers" => ("in consumers", typeof(ConsumerScenario)),
            "agentBehavior" => ("in agentBehavior", typeof(AgentScenario)),
            "invitations" => ("in invitations", typeof(InvitationScenario)),
            "report" => ("in report", typeof(ReportScenario)),
            _ => ("of a scenario", typeof(Scenario)),
        };
        IEnumerable<string> names = type.GetProperties()
            .Where(p => p.CanWrite)
            .Select(p => JsonNamingPolicy.CamelCase.ConvertName(p.Name));
        return $"{where}: {string.Join(", ", names)}";
    }
}
