using RoutingCore;
using RoutingCore.Samples.WebHost;

WebApplicationBuilder builder = WebApplication.CreateBuilder(args);

// The engine (IRoutingEngine), its options bound from the "RoutingCore" section of appsettings.json (validated when the
// host starts, every error together), and a listener that keeps the engine's metrics for GET /metrics.
IConfigurationSection section = builder.Configuration.GetSection("RoutingCore");
builder.Services.AddRoutingEngine().Configure(options => section.Bind(options));
builder.Services.AddSingleton<MetricsCollector>();
builder.Services.AddProblemDetails();
builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter()));

WebApplication app = builder.Build();
app.Services.GetRequiredService<MetricsCollector>().Start();
app.MapRoutingApi();
app.Run();

/// <summary>The web host's entry point (public for <c>WebApplicationFactory&lt;Program&gt;</c>).</summary>
public partial class Program;
