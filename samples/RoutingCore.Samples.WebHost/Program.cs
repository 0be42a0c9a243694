using RoutingCore;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using RoutingCore.Samples.WebHost;

WebApplicationBuilder builder = WebApplication.CreateBuilder(args);

// The engine (IRoutingEngine), its options bound from the "RoutingCore" section of appsettings.json (validated when the
// host starts, every error together), and observers that throw logged through the engine's hook. EngineLifetime logs the
// start and every event (category "RoutingCore.Events", Debug), feeds GET /events (EventFeed) and keeps the engine in the
// data folder named by Sample:DataFolder: a journal of every change, flushed before the reply, and a snapshot every
// Sample:SnapshotEvery records (Durability/README.md).
IConfigurationSection section = builder.Configuration.GetSection("RoutingCore");
builder.Services.AddRoutingEngine()
    .Configure(options => section.Bind(options))
    .Configure<ILoggerFactory>((options, loggers) => options.OnObserverFailure = EngineLog.FailureHook(loggers));
builder.Services.AddOptions<SampleOptions>().Bind(builder.Configuration.GetSection(SampleOptions.Section)).ValidateOnStart();
builder.Services.AddSingleton<IValidateOptions<SampleOptions>, SampleOptionsValidator>();
builder.Services.AddSingleton<EventFeed>();
builder.Services.AddHostedService<EngineLifetime>();

// Telemetry as the ecosystem reads it: the engine's meter in Prometheus text at GET /metrics (for Prometheus or an
// OpenTelemetry collector's Prometheus receiver), and, with Sample:ConsoleTraces, its activities on the console.
bool consoleTraces = builder.Configuration.GetValue<bool>($"{SampleOptions.Section}:{nameof(SampleOptions.ConsoleTraces)}");
builder.Services.AddOpenTelemetry()
    .WithMetrics(metrics => metrics.AddMeter(RoutingMetricNames.MeterName).AddPrometheusExporter())
    .WithTracing(tracing =>
    {
        if (consoleTraces)
        {
            tracing.AddSource(RoutingActivityNames.SourceName).AddConsoleExporter();
        }
    });

// Every bad request answered with problem details, in every environment (BadRequests).
builder.Services.AddProblemDetails();
builder.Services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter()));

WebApplication app = builder.Build();
app.UseStatusCodePages(); // an unknown path or method: problem details, not an empty answer
app.UseBadRequestProblems();
app.UseDefaultFiles(); // the supervisor page: wwwroot/index.html at "/"
app.UseStaticFiles();
app.MapPrometheusScrapingEndpoint(); // GET /metrics
app.MapRoutingApi();
app.Run();

/// <summary>The web host's entry point (public for <c>WebApplicationFactory&lt;Program&gt;</c>).</summary>
public partial class Program;
