using RoutingCore;
using Microsoft.Extensions.Options;
using RoutingCore.Samples.WebHost;

WebApplicationBuilder builder = WebApplication.CreateBuilder(args);

// The engine (IRoutingEngine), its options bound from the "RoutingCore" section of appsettings.json (validated when the
// host starts, every error together), observers that throw logged through the engine's hook, and a listener that keeps
// the engine's metrics for GET /metrics. EngineLifetime logs the start and every event (category "RoutingCore.Events",
// Debug), feeds GET /events (EventFeed) and keeps the engine in the data folder named by Sample:DataFolder: a journal of
// every change, flushed before the reply, and a snapshot every Sample:SnapshotEvery records (Durability/README.md).
IConfigurationSection section = builder.Configuration.GetSection("RoutingCore");
builder.Services.AddRoutingEngine()
    .Configure(options => section.Bind(options))
    .Configure<ILoggerFactory>((options, loggers) => options.OnObserverFailure = EngineLog.FailureHook(loggers));
builder.Services.AddOptions<SampleOptions>().Bind(builder.Configuration.GetSection(SampleOptions.Section)).ValidateOnStart();
builder.Services.AddSingleton<IValidateOptions<SampleOptions>, SampleOptionsValidator>();
builder.Services.AddSingleton<EventFeed>();
builder.Services.AddHostedService<EngineLifetime>();
builder.Services.AddSingleton<MetricsCollector>();
builder.Services.AddProblemDetails();
builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter()));

WebApplication app = builder.Build();
app.Services.GetRequiredService<MetricsCollector>().Start();
app.MapRoutingApi();
app.Run();

/// <summary>The web host's entry point (public for <c>WebApplicationFactory&lt;Program&gt;</c>).</summary>
public partial class Program;
