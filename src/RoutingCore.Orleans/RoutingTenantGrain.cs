using System.Collections.Immutable;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Serialization;
using RoutingCore.Orleans.Journal;
using RoutingCore.Orleans.Snapshots;
using RoutingCore.Orleans.WakeUps;

namespace RoutingCore.Orleans;

/// <summary>
/// The grain behind <see cref="IRoutingTenantGrain"/>: one engine per tenant, rebuilt when the grain activates from the
/// tenant's snapshot and the journal records after it, on a clock whose timers are grain timers.
/// </summary>
/// <remarks>
/// <para>
/// Calls never interleave with each other (reads marked read-only interleave only with reads), so the engine's lock is
/// never contended. Each change's command record is appended to the tenant's journal, with the events it produced, in one
/// round trip before the call returns (or, for timer work, before the next call runs); events are pushed to the observers
/// only after they are stored. When an append fails the activation is dropped, so the next call starts again from what is
/// stored (the failed call's change is then lost, and the caller saw the failure). Snapshots run beside the calls (see
/// <see cref="TenantSnapshots"/>).
/// </para>
/// <para>
/// Crash points of a call: killed before the append, nothing of the call is stored and the caller sees the failure; after
/// the append but before the reply, the change is stored and the caller's retry meets it in the restored engine (the
/// engine's retry rule answers it); after the reply, nothing is lost.
/// </para>
/// </remarks>
internal sealed partial class RoutingTenantGrain : Grain, IRoutingTenantGrain, IRemindable
{
    private readonly IPersistentState<RoutingTenantObservers> _observers;
    private readonly RoutingCoreOrleansOptions _options;
    private readonly IOptionsMonitor<RoutingOptions> _engineOptions;
    private readonly IServiceProvider _services;
    private readonly TimeProvider _clock;
    private readonly ITenantLog _log;
    private readonly ILogger<RoutingTenantGrain> _logger;
    private readonly ILocalSiloDetails _silo;
    private readonly TenantCommitter _committer;
    private readonly TenantSnapshots _snapshots;
    private readonly TenantWakeUps _wakeUps;
    private readonly List<GrainEngineTimer> _timers = [];
    private IRoutingEngine? _engine;
    private IDisposable? _journal;

    public RoutingTenantGrain(
        IGrainContext context,
        IPersistentStateFactory stateFactory,
        IOptions<RoutingCoreOrleansOptions> options,
        IOptionsMonitor<RoutingOptions> engineOptions,
        IServiceProvider services,
        TimeProvider clock,
        ITenantLog log,
        Serializer serializer,
        ILogger<RoutingTenantGrain> logger,
        ILocalSiloDetails silo)
    {
        _options = options.Value;
        _engineOptions = engineOptions;
        _services = services;
        _clock = clock;
        _log = log;
        _logger = logger;
        _silo = silo;
        string tenant = context.GrainId.Key.ToString()!;
        _observers = stateFactory.Create<RoutingTenantObservers>(context, new StateConfiguration("observers", _options.StorageName));
        IPersistentState<RoutingTenantState> snapshot = stateFactory.Create<RoutingTenantState>(context, new StateConfiguration("engine", _options.StorageName));
        _committer = new TenantCommitter(log, tenant, serializer, PublishEvents);
        _snapshots = new TenantSnapshots(snapshot, log, tenant);
        _wakeUps = new TenantWakeUps(this, _options.WakeUpPeriod);
    }

    private string Tenant => this.GetPrimaryKeyString();

    private IRoutingEngine Engine => _committer.Broken
        ? throw new InvalidOperationException($"Tenant '{Tenant}': this activation could not store a change and is being dropped; retry the call.")
        : _engine ?? throw new InvalidOperationException($"The routing engine of tenant '{Tenant}' is not active.");

    private bool TimerArmed
    {
        get
        {
            foreach (GrainEngineTimer timer in _timers)
            {
                if (timer.IsArmed)
                {
                    return true;
                }
            }

            return false;
        }
    }

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // Take the tenant first: from now on an older activation can neither append nor trim, so the snapshot read next
        // and the journal after it hold every change, and nothing more can come.
        _committer.Owner = await _log.TakeOwnershipAsync(Tenant);
        await _snapshots.ReadAsync();
        TenantTail tail = await _log.ReadTailAsync(Tenant, _snapshots.Sequence);
        _committer.StoredEvents = tail.LastEventSequence;
        var records = new RoutingCommand[tail.Records.Count];
        for (int i = 0; i < records.Length; i++)
        {
            records[i] = RoutingCommand.Parse(tail.Records[i].Data);
        }

        IRoutingEngine engine = CreateEngine();
        engine.Subscribe(_committer);
        _journal = engine.AttachJournal(_committer);
        _engine = engine;

        // Replayed records keep their events' numbers (already stored, so not stored again); timers that fell due while
        // the tenant was away (as after a failover) fire afterwards, in due order, and are journaled like any change.
        if (_snapshots.Document is { Length: > 0 } document)
        {
            using var source = new MemoryStream(document, writable: false);
            engine.RestoreState(source, records);
        }
        else if (records.Length > 0)
        {
            engine.Replay(records);
        }

        _committer.StoredRecords = records.Length > 0 ? records[^1].Sequence : _snapshots.Sequence;
        await _wakeUps.LoadAsync();
        await CommitAsync();
        this.RegisterGrainTimer(static grain => grain.SnapshotAsync(), this, new GrainTimerCreationOptions(_options.SnapshotInterval, _options.SnapshotInterval) { Interleave = true });
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        // Nothing to store: every change is in the journal. A timer still armed is the reminder's to wake.
        _journal?.Dispose();
        _engine?.Dispose();
        _engine = null;
        return Task.CompletedTask;
    }

    public Task ReceiveReminder(string reminderName, TickStatus status) =>
        // The activation itself did the work (restore, then the overdue timers); the tick only ends the reminder when idle.
        reminderName == TenantWakeUps.ReminderName ? _wakeUps.TickAsync(TimerArmed) : Task.CompletedTask;

    /// <summary>
    /// The core's public entry, with the silo's services: when the host registered engines (<c>services.AddRoutingEngine()</c>),
    /// its <see cref="IRoutingEngineFactory"/> with the parts registered for the tenant's name or the default engine's
    /// (a workload splitter made for each tenant, pacing calculator, queue ordering, meter factory); otherwise
    /// <see cref="RoutingEngine.Create"/> with the strategies, capacity models, queue ordering (keyed by tenant, or not) and
    /// meter factory registered as services. Either way on the grain's clock.
    /// </summary>
    private IRoutingEngine CreateEngine()
    {
        var time = new GrainTimeProvider(_clock, CreateEngineTimer);
        RoutingOptions options = _engineOptions.Get(Tenant);
        if (_services.GetService<IRoutingEngineFactory>() is { } factory)
        {
            return factory.Create(Tenant, options, time);
        }

        IWaitingQueueOrdering? ordering = _services.GetKeyedService<IWaitingQueueOrdering>(Tenant) ?? _services.GetService<IWaitingQueueOrdering>();
        return RoutingEngine.Create(
            options,
            time,
            _services.GetServices<IRoutingStrategy>(),
            _services.GetServices<ICapacityModel>(),
            ordering,
            _services.GetService<IMeterFactory>(),
            name: Tenant);
    }

    /// <summary>
    /// Registers the tenant's wake-up when a timer is armed (only on that transition), stores what the engine did (records
    /// and events, one append), then keeps the snapshot schedule. On a failure the activation is dropped and the caller
    /// gets the error.
    /// </summary>
    private async Task CommitAsync()
    {
        try
        {
            // The wake-up first: a change that arms a timer is never stored without the reminder that will run it.
            await _wakeUps.ArmedAsync(TimerArmed);
            await _committer.CommitAsync();
        }
        catch
        {
            _committer.Break();
            DeactivateOnIdle();
            throw;
        }

        if (_committer.StoredRecords - _snapshots.Sequence >= _options.SnapshotAfterRecords)
        {
            _ = SnapshotAsync(); // beside the calls: it captures now and finishes while they go on
        }
    }

    private async Task SnapshotAsync()
    {
        if (_engine is null)
        {
            return;
        }

        try
        {
            await _snapshots.TakeAsync(_engine, _committer);
        }
        catch (Exception e)
        {
            // The journal still holds every change; a new activation starts from what is stored.
            LogSnapshotFailed(e, Tenant);
            DeactivateOnIdle();
        }
    }

    private void PublishEvents(ImmutableArray<RoutingEvent> batch)
    {
        DateTimeOffset now = _clock.GetUtcNow();
        foreach (ObserverSubscription subscription in _observers.State.Observers)
        {
            // One-way: the grain never waits for an observer, and a gone observer costs nothing. The feed is the record.
            if (now - subscription.RefreshedAt <= _options.ObserverExpiry)
            {
                _ = subscription.Observer.OnEvents(Tenant, batch);
            }
        }
    }

    private GrainEngineTimer CreateEngineTimer(TimerCallback callback, object? state)
    {
        var engineTimer = new GrainEngineTimer(OnEngineTimerArmed);
        IGrainTimer timer = this.RegisterGrainTimer(
            static (tick, cancellation) => tick.Grain.OnEngineTimerAsync(tick),
            new TimerTick(this, engineTimer, callback, state),
            new GrainTimerCreationOptions { DueTime = Timeout.InfiniteTimeSpan, Period = Timeout.InfiniteTimeSpan, Interleave = false, KeepAlive = true });
        engineTimer.Bind(timer);
        _timers.Add(engineTimer);
        return engineTimer;
    }

    private void OnEngineTimerArmed(TimeSpan dueTime)
    {
        if (dueTime != Timeout.InfiniteTimeSpan)
        {
            // Keep the activation (and so the engine's timer) alive until the timer is due.
            DelayDeactivation(dueTime);
        }
    }

    private Task OnEngineTimerAsync(TimerTick tick)
    {
        tick.Timer.Fired();
        if (_engine is null || _committer.Broken)
        {
            return Task.CompletedTask;
        }

        tick.Callback(tick.State);
        return CommitAsync();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Tenant '{Tenant}': taking a snapshot failed; the activation is dropped and the next one starts from the stored snapshot and journal.")]
    private partial void LogSnapshotFailed(Exception exception, string tenant);

    private sealed record TimerTick(RoutingTenantGrain Grain, GrainEngineTimer Timer, TimerCallback Callback, object? State);

    private sealed class StateConfiguration(string stateName, string storageName) : IPersistentStateConfiguration
    {
        public string StateName => stateName;

        public string StorageName => storageName;
    }
}
