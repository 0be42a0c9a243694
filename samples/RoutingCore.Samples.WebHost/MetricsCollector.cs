using System.Diagnostics.Metrics;

namespace RoutingCore.Samples.WebHost;

/// <summary>
/// Listens to the "RoutingCore" meter and keeps, per instrument and tag set, the sum of its measurements (counters), the
/// last value (the queue length) or count and sum (the wait-time histogram), for <c>GET /metrics</c>.
/// </summary>
internal sealed class MetricsCollector : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly Dictionary<string, Dictionary<string, Series>> _series = [];

    public void Start()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == RoutingMetricNames.MeterName)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((i, v, tags, _) => Record(i, v, tags));
        _listener.SetMeasurementEventCallback<int>((i, v, tags, _) => Record(i, v, tags));
        _listener.SetMeasurementEventCallback<double>((i, v, tags, _) => Record(i, v, tags));
        _listener.Start();
    }

    /// <summary>Every instrument's series: tags ("skill=sales,strategy=least-loaded") to count, sum and last value.</summary>
    public Dictionary<string, Dictionary<string, Series>> Read()
    {
        _listener.RecordObservableInstruments();
        lock (_series)
        {
            return _series.ToDictionary(i => i.Key, i => i.Value.ToDictionary(s => s.Key, s => s.Value));
        }
    }

    public void Dispose() => _listener.Dispose();

    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var parts = new List<string>(tags.Length);
        foreach (KeyValuePair<string, object?> tag in tags)
        {
            parts.Add($"{tag.Key.Replace("routingcore.", "", StringComparison.Ordinal)}={tag.Value}");
        }

        parts.Sort(StringComparer.Ordinal);
        string key = string.Join(",", parts);
        lock (_series)
        {
            if (!_series.TryGetValue(instrument.Name, out Dictionary<string, Series>? series))
            {
                _series[instrument.Name] = series = [];
            }

            Series current = series.GetValueOrDefault(key) ?? new Series(0, 0, 0);
            series[key] = new Series(current.Count + 1, current.Sum + value, value);
        }
    }

    /// <summary>One series: how many measurements, their sum, and the last one.</summary>
    internal sealed record Series(long Count, double Sum, double Last);
}
