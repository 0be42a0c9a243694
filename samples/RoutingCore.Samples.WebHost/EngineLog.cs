using Microsoft.Extensions.Options;

namespace RoutingCore.Samples.WebHost;

/// <summary>
/// The engine's side of the host's log (<see cref="ILogger"/>): the start, every engine event (category
/// <see cref="EventsCategory"/>, at Debug; a failed timer at Warning), observers that throw (through
/// <see cref="RoutingOptions.OnObserverFailure"/>, at Error) and the state saved at stop and restored at start, when
/// <c>Sample:StateFile</c> names a file.
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

    [LoggerMessage(EventId = 5, Level = LogLevel.Information, Message = "No engine state is kept: set Sample:StateFile to save it at stop and restore it at start")]
    public static partial void StateOff(ILogger logger);

    [LoggerMessage(EventId = 6, Level = LogLevel.Information, Message = "No saved engine state at {Path}: starting empty")]
    public static partial void NoState(ILogger logger, string path);

    [LoggerMessage(EventId = 7, Level = LogLevel.Information, Message = "Restored the engine state from {Path}: {Agents} agents, {Waiting} conversations waiting")]
    public static partial void Restored(ILogger logger, string path, int agents, int waiting);

    [LoggerMessage(EventId = 8, Level = LogLevel.Error, Message = "The engine state at {Path} could not be restored; starting empty")]
    public static partial void RestoreFailed(ILogger logger, Exception exception, string path);

    [LoggerMessage(EventId = 9, Level = LogLevel.Information, Message = "Saved the engine state to {Path}")]
    public static partial void Saved(ILogger logger, string path);

    [LoggerMessage(EventId = 10, Level = LogLevel.Error, Message = "Could not save the engine state to {Path}")]
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
/// Starts and stops the engine with the host: logs the start, subscribes the <see cref="LoggingObserver"/>, restores the
/// state saved at the last stop and saves it at this one (when <c>Sample:StateFile</c> is set).
/// </summary>
internal sealed class EngineLifetime(IRoutingEngine engine, IOptions<RoutingOptions> options, IConfiguration configuration, ILoggerFactory loggers) : IHostedService
{
    private readonly ILogger _logger = loggers.CreateLogger<EngineLifetime>();
    private readonly string? _stateFile = configuration["Sample:StateFile"] is { Length: > 0 } path ? path : null;
    private readonly Lock _gate = new();
    private IDisposable? _subscription;
    private Task? _stopping;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        RoutingOptions o = options.Value;
        EngineLog.Started(_logger, o.Strategy, o.Steps, o.StepDelay, string.Join(", ", o.AgentGroups));
        _subscription = engine.Subscribe(new LoggingObserver(loggers.CreateLogger(EngineLog.EventsCategory)));
        if (_stateFile is null)
        {
            EngineLog.StateOff(_logger);
            return;
        }

        if (!File.Exists(_stateFile))
        {
            EngineLog.NoState(_logger, _stateFile);
            return;
        }

        try
        {
            await using FileStream stream = File.OpenRead(_stateFile);
            await engine.RestoreStateAsync(stream, cancellationToken);
            EngineLog.Restored(_logger, _stateFile, engine.GetAgents().Length, engine.GetWaitingConversations().Length);
        }
        catch (Exception e) when (e is RoutingStateException or IOException)
        {
            EngineLog.RestoreFailed(_logger, e, _stateFile);
        }
    }

    /// <summary>Saves once: a host stopped from two places at once (a test server) awaits the same save before disposing the engine.</summary>
    public Task StopAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return _stopping ??= SaveAsync(cancellationToken);
        }
    }

    private async Task SaveAsync(CancellationToken cancellationToken)
    {
        _subscription?.Dispose();
        if (_stateFile is null)
        {
            return;
        }

        string temporary = _stateFile + ".tmp";
        try
        {
            await using (FileStream stream = File.Create(temporary))
            {
                await engine.SaveStateAsync(stream, cancellationToken);
            }

            File.Move(temporary, _stateFile, overwrite: true);
            EngineLog.Saved(_logger, _stateFile);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ObjectDisposedException)
        {
            EngineLog.SaveFailed(_logger, e, _stateFile);
        }
    }
}
