using System.Diagnostics.Metrics;
using Microsoft.Extensions.Time.Testing;

namespace RoutingCore.Tests.Telemetry;

/// <summary>An <see cref="IMeterFactory"/> whose meters carry it as their scope, so a listener hears only its engines.</summary>
internal sealed class TestMeterFactory : IMeterFactory
{
    private readonly List<Meter> _meters = [];

    public Meter Create(MeterOptions options)
    {
        var meter = new Meter(new MeterOptions(options.Name) { Version = options.Version, Tags = options.Tags, Scope = this });
        _meters.Add(meter);
        return meter;
    }

    public void Dispose()
    {
        foreach (Meter meter in _meters)
        {
            meter.Dispose();
        }
    }
}

/// <summary>One measurement: the instrument, its value and its tags.</summary>
internal sealed record Recorded(string Instrument, double Value, IReadOnlyDictionary<string, object?> Tags)
{
    public string? Tag(string name) => Tags.TryGetValue(name, out object? value) ? value?.ToString() : null;
}

/// <summary>Listens to the "RoutingCore" instruments of the meters a predicate accepts and records every measurement.</summary>
internal sealed class MetricsRecorder : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly List<Recorded> _recorded = [];

    public MetricsRecorder(Func<Meter, bool> accept)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == RoutingMetricNames.MeterName && accept(instrument.Meter))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((i, v, tags, _) => Add(i, v, tags));
        _listener.SetMeasurementEventCallback<int>((i, v, tags, _) => Add(i, v, tags));
        _listener.SetMeasurementEventCallback<double>((i, v, tags, _) => Add(i, v, tags));
        _listener.Start();
    }

    public IReadOnlyList<Recorded> Of(string instrument)
    {
        lock (_recorded)
        {
            return [.. _recorded.Where(r => r.Instrument == instrument)];
        }
    }

    public double Sum(string instrument) => Of(instrument).Sum(r => r.Value);

    /// <summary>Reads the observable instruments now and returns the latest queue length observed.</summary>
    public double QueueLength()
    {
        _listener.RecordObservableInstruments();
        return Of(RoutingMetricNames.QueueLength)[^1].Value;
    }

    public void Dispose() => _listener.Dispose();

    private void Add(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var map = new Dictionary<string, object?>();
        foreach (KeyValuePair<string, object?> tag in tags)
        {
            map[tag.Key] = tag.Value;
        }

        lock (_recorded)
        {
            _recorded.Add(new Recorded(instrument.Name, value, map));
        }
    }
}

/// <summary>An engine on a fake clock whose metrics a recorder hears.</summary>
internal sealed class MeteredCenter : IDisposable
{
    private readonly EngineKit _kit;

    public MeteredCenter(Action<RoutingOptions>? configure = null, string? name = null)
    {
        _kit = new EngineKit(configure, meterFactory: Factory, logEvents: false, name: name);
        Metrics = new MetricsRecorder(meter => meter.Scope == Factory);
    }

    public FakeTimeProvider Clock => _kit.Clock;

    public TestMeterFactory Factory { get; } = new();

    public IRoutingEngine Engine => _kit.Engine;

    public MetricsRecorder Metrics { get; }

    public void Agent(string id, AgentState state = AgentState.Online, int? max = null, string skill = "sales", string? group = null) =>
        Engine.AddAgent(new AgentProfile(new AgentId(id))
        {
            Skills = [new AgentSkill(new SkillId(skill))],
            MaxConcurrent = max,
            Groups = group is null ? [] : [new AgentGroupId(group)],
        }, state);

    public ConversationSnapshot Submit(string id, string skill = "sales") =>
        Engine.Submit(new ConversationRequest(new ConversationId(id)) { Skill = new SkillId(skill) });

    public void Advance(double seconds) => Clock.Advance(TimeSpan.FromSeconds(seconds));

    public void Dispose()
    {
        Metrics.Dispose();
        _kit.Dispose();
        Factory.Dispose();
    }
}
