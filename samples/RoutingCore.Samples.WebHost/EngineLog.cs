using Microsoft.Extensions.Options;
using RoutingCore.Samples.WebHost.Durability;

namespace RoutingCore.Samples.WebHost;

/// <summary>
/// The engine's side of the host's log (<see cref="ILogger"/>): the start, every engine event (category
/// <see cref="EventsCategory"/>, at Debug; a failed timer at Warning), observers that throw (through
/// <see cref="RoutingOptions.OnObserverFailure"/>, at Error) and the data folder's work, when <c>Sample:DataFolder</c>
/// names one: the state restored at start, a partial last journal line cut off, each snapshot saved.
/// </summary>
internal static partial class EngineLog
{
    /// <summary>The log category of the engine's events; set its level to Debug to see each one.</summary>
    public const string EventsCategory = "RoutingCore.Events";

    /// <summary>The log category of observer failures.</summary>
    public const string FailuresCategory = "RoutingCore.Observers";

    /// <summary>The hook that logs an observer's failure (the engine has already counted it on its meter).</summary>
    public static Action<ObserverFailure> FailureHook(ILoggerFactory loggers)
    {
        ILogger logger = loggers.CreateLogger(FailuresCategory);
        return failure => ObserverFailed(logger, failure.Exception, failure.Observer.GetType().Name, failure.EngineName, failure.Event.Kind, failure.Event.Conversation.Value);
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Routing engine started: strategy {Strategy}, {Steps} steps {StepDelay} apart, agent groups [{Groups}]")]
    public static partial void Started(ILogger logger, string strategy, int steps, TimeSpan stepDelay, string groups);

    [LoggerMessage(EventId = 2, Level = LogLevel.Debug, Message = "{Kind} conversation {Conversation} agent {Agent} skill {Skill} step {Step} ({Reason}) {Detail}")]
    public static partial void Event(ILogger logger, RoutingEventKind kind, string conversation, string? agent, string? skill, int? step, RoutingEventReason reason, string? detail);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "Engine timer failed for conversation {Conversation} agent {Agent}: {Detail}")]
    public static partial void TimerFailed(ILogger logger, string conversation, string? agent, string? detail);

    [LoggerMessage(EventId = 4, Level = LogLevel.Error, Message = "Observer {Observer} of routing engine {Engine} threw on a {Kind} event of conversation {Conversation}; the other observers still received it")]
    public static partial void ObserverFailed(ILogger logger, Exception exception, string observer, string engine, RoutingEventKind kind, string conversation);

    [LoggerMessage(EventId = 5, Level = LogLevel.Information, Message = "No engine state is kept: set Sample:DataFolder to keep it in a folder (journal and snapshots) across restarts and crashes")]
    public static partial void StateOff(ILogger logger);

    [LoggerMessage(EventId = 6, Level = LogLevel.Information, Message = "No saved engine state in {Path}: starting empty")]
    public static partial void NoState(ILogger logger, string path);

    [LoggerMessage(EventId = 7, Level = LogLevel.Information, Message = "Restored the engine state from {Path}: snapshot after record {Snapshot} (0: none), {Replayed} journal records replayed; {Agents} agents, {Waiting} conversations waiting")]
    public static partial void Restored(ILogger logger, string path, long snapshot, int replayed, int agents, int waiting);

    [LoggerMessage(EventId = 8, Level = LogLevel.Warning, Message = "The journal file {Path} ended in a partial line {Line} ({Bytes} bytes): the host stopped while writing that record, before answering its call; the partial line was cut off")]
    public static partial void TornRecordCut(ILogger logger, string path, int line, int bytes);

    [LoggerMessage(EventId = 9, Level = LogLevel.Information, Message = "Saved the engine state to {Path}: snapshot after record {LastCommand}; {Deleted} older files deleted")]
    public static partial void Saved(ILogger logger, string path, long lastCommand, int deleted);

    [LoggerMessage(EventId = 10, Level = LogLevel.Error, Message = "Could not save the engine state to {Path}; the journal still holds every change since the last snapshot")]
    public static partial void SaveFailed(ILogger logger, Exception exception, string path);
}

/// <summary>Logs every engine event (see <see cref="EngineLog"/>).</summary>
internal sealed class LoggingObserver(ILogger logger) : IRoutingObserver
{
    public void OnEvent(RoutingEvent routingEvent)
    {
        string conversation = routingEvent.Conversation.Value;
        string? agent = routingEvent.Agent?.Value;
        if (routingEvent.Kind == RoutingEventKind.TimerFailed)
        {
            EngineLog.TimerFailed(logger, conversation, agent, routingEvent.Detail);
            return;
        }

        EngineLog.Event(logger, routingEvent.Kind, conversation, agent, routingEvent.Skill?.Value, routingEvent.Step, routingEvent.Reason, routingEvent.Detail);
    }
}

/// <summary>
/// Starts and stops the engine with the host: logs the start, subscribes the <see cref="LoggingObserver"/> and the
/// <see cref="EventFeed"/>, and, when <see cref="SampleOptions.DataFolder"/> names a folder, restores the engine from it and
/// keeps every change there (<see cref="DataFolder"/>) until the stop, which saves a last snapshot.
/// </summary>
internal sealed class EngineLifetime(IRoutingEngine engine, IOptions<RoutingOptions> options, IOptions<SampleOptions> sample, EventFeed feed, IHostEnvironment environment, ILoggerFactory loggers) : IHostedService
{
    private readonly ILogger _logger = loggers.CreateLogger<EngineLifetime>();
    private readonly Lock _gate = new();
    private IDisposable? _logging;
    private IDisposable? _feed;
    private DataFolder? _folder;
    private Task? _stopping;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        RoutingOptions o = options.Value;
        EngineLog.Started(_logger, o.Strategy, o.Steps, o.StepDelay, string.Join(", ", o.AgentGroups));
        _logging = engine.Subscribe(new LoggingObserver(loggers.CreateLogger(EngineLog.EventsCategory)));
        _feed = engine.Subscribe(feed); // before the restore: the events the journal's replay publishes fill the feed again
        if (sample.Value.DataFolder is not { Length: > 0 } configured)
        {
            EngineLog.StateOff(_logger);
            return Task.CompletedTask;
        }

        string path = Path.GetFullPath(configured, environment.ContentRootPath);
        _folder = DataFolder.Open(engine, feed, path, sample.Value, _logger); // a corrupt folder stops the start (InvalidDataException)
        return Task.CompletedTask;
    }

    /// <summary>Stops once: a host stopped from two places at once (a test server) awaits the same save before disposing the engine.</summary>
    public Task StopAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return _stopping ??= StopCoreAsync();
        }
    }

    private async Task StopCoreAsync()
    {
        if (_folder is not null)
        {
            await _folder.DisposeAsync();
        }

        _feed?.Dispose();
        _logging?.Dispose();
    }
}
