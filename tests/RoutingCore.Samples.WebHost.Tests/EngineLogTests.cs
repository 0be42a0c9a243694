using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using RoutingCore.Samples.WebHost.Durability;

namespace RoutingCore.Samples.WebHost.Tests;

/// <summary>The host sample logs through <see cref="ILogger"/>: its start, the engine's events, observers that throw, and its state kept in a data folder across a restart.</summary>
public sealed class EngineLogTests
{
    [Test]
    public async Task Host_LogsTheStartTheEventsAndAnObserversFailure()
    {
        var logs = new LogCapture();
        await using WebApplicationFactory<Program> factory = Host(logs, dataFolder: null);
        using HttpClient client = factory.CreateClient();

        logs.Of("RoutingCore.Samples.WebHost.EngineLifetime").ShouldContain(e => e.Level == LogLevel.Information && e.Message.Contains("Routing engine started", StringComparison.Ordinal));
        logs.Of("RoutingCore.Samples.WebHost.EngineLifetime").ShouldContain(e => e.Message.Contains("No engine state is kept", StringComparison.Ordinal));

        (await client.PostAsJsonAsync("/agents", new { id = "alice", skills = new[] { "sales" } })).StatusCode.ShouldBe(HttpStatusCode.Created);
        (await client.PostAsJsonAsync("/conversations", new { id = "conv-1", skill = "sales" })).StatusCode.ShouldBe(HttpStatusCode.Created);
        logs.Of("RoutingCore.Events").ShouldContain(e => e.Level == LogLevel.Debug && e.Message.StartsWith("Offered conversation conv-1 agent alice", StringComparison.Ordinal));

        using IDisposable subscription = factory.Services.GetRequiredService<IRoutingEngine>().Subscribe(new ThrowingObserver());
        (await client.PostAsJsonAsync("/conversations", new { id = "conv-2", skill = "sales" })).StatusCode.ShouldBe(HttpStatusCode.Created);
        IReadOnlyList<LogEntry> failures = logs.Of("RoutingCore.Observers");
        failures.Count.ShouldBe(2, "the broken observer threw on conv-2's Submitted and Offered events");
        failures.ShouldAllBe(f => f.Level == LogLevel.Error && f.Exception is InvalidOperationException);
        failures.ShouldAllBe(f => f.Message.Contains("ThrowingObserver", StringComparison.Ordinal) && f.Message.Contains("conv-2", StringComparison.Ordinal));
        logs.Of("RoutingCore.Events").ShouldContain(e => e.Message.StartsWith("Offered conversation conv-2", StringComparison.Ordinal), "the logging observer still receives the event");
    }

    [Test]
    public async Task Host_DataFolderSet_SavesTheStateAtStopAndRestoresItAtStart()
    {
        string path = Path.Combine(Path.GetTempPath(), $"routingcore-sample-{Guid.NewGuid():N}");
        try
        {
            var firstLogs = new LogCapture();
            await using (WebApplicationFactory<Program> first = Host(firstLogs, path))
            {
                using HttpClient client = first.CreateClient();
                firstLogs.Of("RoutingCore.Samples.WebHost.EngineLifetime").ShouldContain(e => e.Message.Contains("No saved engine state", StringComparison.Ordinal));
                (await client.PostAsJsonAsync("/agents", new { id = "alice", skills = new[] { "sales" } })).StatusCode.ShouldBe(HttpStatusCode.Created);

                // What the host's stop does first (a test server stops its host from two places; this one save is the one both await).
                await first.Services.GetServices<IHostedService>().OfType<EngineLifetime>().Single().StopAsync(CancellationToken.None);
            }

            firstLogs.Of("RoutingCore.Samples.WebHost.EngineLifetime").ShouldContain(e => e.Message.Contains("Saved the engine state", StringComparison.Ordinal));
            DataFolderLayout.Snapshots(path).Select(s => s.Number).ShouldBe([1], "the snapshot at stop includes the one record");

            var secondLogs = new LogCapture();
            await using WebApplicationFactory<Program> second = Host(secondLogs, path);
            using HttpClient restored = second.CreateClient();
            (await restored.GetAsync("/agents/alice")).StatusCode.ShouldBe(HttpStatusCode.OK);
            secondLogs.Of("RoutingCore.Samples.WebHost.EngineLifetime").ShouldContain(e => e.Message.Contains("Restored the engine state", StringComparison.Ordinal) && e.Message.Contains("1 agents", StringComparison.Ordinal));
        }
        finally
        {
            Directory.Delete(path, recursive: true);
        }
    }

    private static WebApplicationFactory<Program> Host(LogCapture logs, string? dataFolder) =>
        new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
        {
            builder.UseSetting("Sample:DataFolder", dataFolder ?? "");
            builder.ConfigureLogging(logging => logging.AddProvider(logs));
        });

    private sealed class ThrowingObserver : IRoutingObserver
    {
        public void OnEvent(RoutingEvent routingEvent) => throw new InvalidOperationException("a broken observer");
    }
}

/// <summary>One log entry.</summary>
internal sealed record LogEntry(string Category, LogLevel Level, string Message, Exception? Exception);

/// <summary>Keeps every log entry the host writes.</summary>
internal sealed class LogCapture : ILoggerProvider
{
    private readonly ConcurrentQueue<LogEntry> _entries = new();

    public IReadOnlyList<LogEntry> Of(string category) => [.. _entries.Where(e => e.Category == category)];

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(LogCapture owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            owner._entries.Enqueue(new LogEntry(category, logLevel, formatter(state, exception), exception));
    }
}
