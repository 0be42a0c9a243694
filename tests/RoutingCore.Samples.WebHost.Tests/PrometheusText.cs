using System.Globalization;
using System.Text.RegularExpressions;

namespace RoutingCore.Samples.WebHost.Tests;

/// <summary>
/// A strict reader of the Prometheus text exposition format (version 0.0.4): every line is a comment (<c># HELP</c>,
/// <c># TYPE</c> with a known type, <c># EOF</c>) or a sample <c>name{label="value",...} value [timestamp]</c>; anything
/// else fails the test, so a body a scraper cannot read does not pass.
/// </summary>
internal static partial class PrometheusText
{
    /// <summary>One sample: the metric name, its labels and its value.</summary>
    internal sealed record Sample(string Name, IReadOnlyDictionary<string, string> Labels, double Value);

    public static IReadOnlyList<Sample> Parse(string text)
    {
        var samples = new List<Sample>();
        var types = new Dictionary<string, string>();
        foreach (string line in text.Split('\n'))
        {
            if (line.Length == 0 || line == "# EOF" || line.StartsWith("# HELP ", StringComparison.Ordinal))
            {
                continue;
            }

            if (TypeLine().Match(line) is { Success: true } type)
            {
                types[type.Groups["name"].Value] = type.Groups["type"].Value;
                continue;
            }

            Match sample = SampleLine().Match(line);
            sample.Success.ShouldBeTrue($"not a Prometheus text line: '{line}'");
            string name = sample.Groups["name"].Value;
            types.Keys.ShouldContain(t => name.StartsWith(t, StringComparison.Ordinal), $"sample '{name}' follows no # TYPE line");
            var labels = new Dictionary<string, string>();
            foreach (Match label in Label().Matches(sample.Groups["labels"].Value))
            {
                labels[label.Groups["key"].Value] = label.Groups["value"].Value;
            }

            string value = sample.Groups["value"].Value;
            double parsed = value switch
            {
                "+Inf" => double.PositiveInfinity,
                "-Inf" => double.NegativeInfinity,
                "NaN" => double.NaN,
                _ => double.Parse(value, NumberStyles.Float, CultureInfo.InvariantCulture),
            };
            samples.Add(new Sample(name, labels, parsed));
        }

        samples.ShouldNotBeEmpty("the scrape has no samples");
        return samples;
    }

    [GeneratedRegex(@"^# TYPE (?<name>[a-zA-Z_:][a-zA-Z0-9_:]*) (?<type>counter|gauge|histogram|summary|untyped)$")]
    private static partial Regex TypeLine();

    [GeneratedRegex(@"^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?<labels>[^}]*)\})? (?<value>\S+)( -?\d+)?$")]
    private static partial Regex SampleLine();

    [GeneratedRegex(@"(?<key>[a-zA-Z_][a-zA-Z0-9_]*)=""(?<value>(?:[^""\\]|\\.)*)""")]
    private static partial Regex Label();
}
