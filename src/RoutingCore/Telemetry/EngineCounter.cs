using System.Diagnostics.Metrics;

namespace RoutingCore.Telemetry;

/// <summary>
/// A counter of one engine: every measurement carries the engine's name (<see cref="RoutingMetricNames.EngineTag"/>) besides
/// the tags the caller gives, so engines on one meter stay apart. Several engines may share the underlying counter.
/// </summary>
internal sealed class EngineCounter(Counter<long> counter, KeyValuePair<string, object?> engine)
{
    /// <summary>Whether a listener has enabled the counter; check it before computing tags.</summary>
    public bool Enabled => counter.Enabled;

    public void Add(long value) => counter.Add(value, engine);

    public void Add(long value, KeyValuePair<string, object?> tag) => counter.Add(value, engine, tag);

    public void Add(long value, KeyValuePair<string, object?> tag1, KeyValuePair<string, object?> tag2) =>
        counter.Add(value, engine, tag1, tag2);
}
