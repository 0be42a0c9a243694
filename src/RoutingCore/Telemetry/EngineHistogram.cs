using System.Diagnostics.Metrics;

namespace RoutingCore.Telemetry;

/// <summary>
/// A histogram of one engine: every measurement carries the engine's name (<see cref="RoutingMetricNames.EngineTag"/>)
/// besides the tags the caller gives.
/// </summary>
internal sealed class EngineHistogram(Histogram<double> histogram, KeyValuePair<string, object?> engine)
{
    /// <summary>Whether a listener has enabled the histogram; check it before computing the value and tags.</summary>
    public bool Enabled => histogram.Enabled;

    public void Record(double value, KeyValuePair<string, object?> tag1, KeyValuePair<string, object?> tag2) =>
        histogram.Record(value, engine, tag1, tag2);
}
