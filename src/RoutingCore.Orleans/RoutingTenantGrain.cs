using System.Collections.Immutable;
using Microsoft.Extensions.Options;

namespace RoutingCore.Orleans;

/// <summary>
/// The grain behind <see cref="IRoutingTenantGrain"/>: one engine per tenant, created when the grain activates (from the
/// stored snapshot, when there is one), on a clock whose timers are grain timers.
/// </summary>
/// <remarks>
/// Single-threaded: calls and timer callbacks never interleave, so the engine's lock is never contended. A change is
/// stored before the call returns (or, for timer work, before the next call runs); events are pushed to the observers
/// only after the state that produced them is stored. When storing fails the activation is dropped, so the next call
/// starts again from the last stored state (the failed call's change is then lost, and the caller saw the failure).
/// </remarks>
internal sealed class RoutingTenantGrain : Grain, IRoutingTenantGrain, IRoutingObserver
{
    private readonly IPersistentState<RoutingTenantState> _state;
    private readonly RoutingCoreOrleansOptions _options;
    private readonly IOptionsMonitor<RoutingOptions> _engineOptions;
    private readonly IEnumerable<IRoutingStrategy> _strategies;
    private readonly IEnumerable<ICapacityModel> _capacityModels;
    private readonly IWaitingQueueOrdering? _ordering;
    private readonly TimeProvider _clock;
    private readonly List<RoutingEvent> _events = [];
    private readonly ILocalSiloDetails _silo;
    private IRoutingEngine? _engine;

    public RoutingTenantGrain(
        IGrainContext context,
        IPersistentStateFactory stateFactory,
        IOptions<RoutingCoreOrleansOptions> options,
        IOptionsMonitor<RoutingOptions> engineOptions,
        IEnumerable<IRoutingStrategy> strategies,
        IEnumerable<ICapacityModel> capacityModels,
        TimeProvider clock,
        ILocalSiloDetails silo,
        IWaitingQueueOrdering? ordering = null)
    {
        _silo = silo;
        _options = options.Value;
        _state = stateFactory.Create<RoutingTenantState>(context, new StateConfiguration(_options.StorageName));
        _engineOptions = engineOptions;
        _strategies = strategies;
        _capacityModels = capacityModels;
        _clock = clock;
        _ordering = ordering;
    }

    private string Tenant => this.GetPrimaryKeyString();

    private IRoutingEngine Engine => _engine ?? throw new InvalidOperationException($"The routing engine of tenant '{Tenant}' is not active.");

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // The core's public entry: the built-in strategies and models plus those registered as services, the tenant's
        // named options (validated here, each error naming the tenant), the grain's clock, and the engine named by the tenant.
        var time = new GrainTimeProvider(_clock, CreateEngineTimer);
        IRoutingEngine engine = RoutingEngine.Create(
            _engineOptions.Get(Tenant), time, _strategies, _capacityModels, _ordering, meterFactory: null, name: Tenant);
        engine.Subscribe(this);
        _engine = engine;
        if (_state.State.Engine is { Length: > 0 } document)
        {
            // Pending timers keep their absolute due times; those already due (the grain was away, as after a failover)
            // fire during the restore, in due order. Their effects and events are stored and pushed at once.
            EngineState.Restore(engine, document);
            if (_events.Count > 0)
            {
                await CommitAsync();
            }
        }
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        // Nothing to store: every change was stored when it happened.
        _engine?.Dispose();
        _engine = null;
        return Task.CompletedTask;
    }

    void IRoutingObserver.OnEvent(RoutingEvent routingEvent) => _events.Add(routingEvent);

    public Task AddAgent(AgentProfile profile, AgentState state = AgentState.Offline)
    {
        Engine.AddAgent(profile, state);
        return CommitAsync();
    }

    public Task UpdateAgent(AgentProfile profile)
    {
        Engine.UpdateAgent(profile);
        return CommitAsync();
    }

    public Task RemoveAgent(AgentId agent)
    {
        Engine.RemoveAgent(agent);
        return CommitAsync();
    }

    public Task SetAgentState(AgentId agent, AgentState state)
    {
        Engine.SetAgentState(agent, state);
        return CommitAsync();
    }

    public Task<AgentSnapshot> GetAgent(AgentId agent) => ReadAsync(Engine.GetAgent(agent));

    public Task<ImmutableArray<AgentSnapshot>> GetAgents() => ReadAsync(Engine.GetAgents());

    public Task<RoutingPlan> Plan(ConversationRequest conversation) => ReadAsync(Engine.Plan(conversation));

    public Task<PlannedAgent?> SelectBest(ConversationRequest conversation) => ReadAsync(Engine.SelectBest(conversation));

    public Task Assign(ConversationRequest conversation, AgentId agent)
    {
        Engine.Assign(conversation, agent);
        return CommitAsync();
    }

    public async Task<ConversationSnapshot> Submit(ConversationRequest conversation)
    {
        ConversationSnapshot result = Engine.Submit(conversation);
        await CommitAsync();
        return result;
    }

    public Task Accept(ConversationId conversation, AgentId agent)
    {
        Engine.Accept(conversation, agent);
        return CommitAsync();
    }

    public Task<RoutingResult> TryAccept(ConversationId conversation, AgentId agent) => AnsweredAsync(Engine.TryAccept(conversation, agent));

    public Task Decline(ConversationId conversation, AgentId agent)
    {
        Engine.Decline(conversation, agent);
        return CommitAsync();
    }

    public Task<RoutingResult> TryDecline(ConversationId conversation, AgentId agent) => AnsweredAsync(Engine.TryDecline(conversation, agent));

    public Task ReturnToQueue(ConversationId conversation)
    {
        Engine.ReturnToQueue(conversation);
        return CommitAsync();
    }

    public Task ReturnToQueue(ConversationId conversation, OperationId operation)
    {
        Engine.ReturnToQueue(conversation, operation);
        return CommitAsync();
    }

    public Task Transfer(ConversationId conversation, SkillId skill)
    {
        Engine.Transfer(conversation, skill);
        return CommitAsync();
    }

    public Task Transfer(ConversationId conversation, SkillId skill, OperationId operation)
    {
        Engine.Transfer(conversation, skill, operation);
        return CommitAsync();
    }

    public Task ReportMessage(ConversationId conversation, MessageAuthor author, DateTimeOffset? at) => ReportMessage(conversation, author, at, message: null);

    public Task ReportMessage(ConversationId conversation, MessageAuthor author, DateTimeOffset? at = null, MessageId? message = null)
    {
        Engine.ReportMessage(conversation, author, at, message);
        return CommitAsync();
    }

    public Task Close(ConversationId conversation)
    {
        Engine.Close(conversation);
        return CommitAsync();
    }

    public Task<ConversationSnapshot> GetConversation(ConversationId conversation) => ReadAsync(Engine.GetConversation(conversation));

    public Task<ImmutableArray<WaitingConversation>> GetWaitingConversations(SkillId? skill = null) => ReadAsync(Engine.GetWaitingConversations(skill));

    public Task<PacingSnapshot> GetPacingSnapshot(AgentGroupId group, PacingStatistics statistics) => ReadAsync(Engine.GetPacingSnapshot(group, statistics));

    public Task<PacingDecision> Pace(AgentGroupId group, PacingStatistics statistics) => ReadAsync(Engine.Pace(group, statistics));

    public Task ConfigureWorkload(SkillId skill, WorkloadDistribution? distribution)
    {
        Engine.ConfigureWorkload(skill, distribution);
        return CommitAsync();
    }

    public Task<WorkloadReport> GetWorkloadReport(SkillId skill) => ReadAsync(Engine.GetWorkloadReport(skill));

    public Task Subscribe(IRoutingEventObserver observer)
    {
        ArgumentNullException.ThrowIfNull(observer);
        List<ObserverSubscription> observers = _state.State.Observers;
        DateTimeOffset now = _clock.GetUtcNow();
        int index = observers.FindIndex(s => s.Observer.Equals(observer));
        if (index >= 0)
        {
            observers[index].RefreshedAt = now;
        }
        else
        {
            observers.Add(new ObserverSubscription { Observer = observer, RefreshedAt = now });
        }

        return CommitAsync();
    }

    public Task Unsubscribe(IRoutingEventObserver observer)
    {
        ArgumentNullException.ThrowIfNull(observer);
        return _state.State.Observers.RemoveAll(s => s.Observer.Equals(observer)) > 0 ? CommitAsync() : Task.CompletedTask;
    }

    public Task<byte[]> ExportState() => Task.FromResult(EngineState.Save(Engine));

    public Task<SiloAddress> GetSiloAddress() => Task.FromResult(_silo.SiloAddress);

    /// <summary>After a read: a read changes nothing, so nothing is stored (unless the engine published events).</summary>
    private async Task<T> ReadAsync<T>(T result)
    {
        if (_events.Count > 0)
        {
            await CommitAsync();
        }

        return result;
    }

    /// <summary>After an answer to an offer: a success is stored; a refusal changed nothing, so it is treated as a read.</summary>
    private async Task<RoutingResult> AnsweredAsync(RoutingResult result)
    {
        if (!result.Succeeded)
        {
            return await ReadAsync(result);
        }

        await CommitAsync();
        return result;
    }

    /// <summary>Stores the engine's snapshot and the observers, then pushes the events the change produced.</summary>
    private async Task CommitAsync()
    {
        DateTimeOffset now = _clock.GetUtcNow();
        _state.State.Engine = EngineState.Save(Engine);
        _state.State.Observers.RemoveAll(s => now - s.RefreshedAt > _options.ObserverExpiry);
        try
        {
            await _state.WriteStateAsync();
        }
        catch
        {
            // The engine is ahead of the storage: drop this activation so the next call starts from what is stored.
            _events.Clear();
            DeactivateOnIdle();
            throw;
        }

        PublishEvents();
    }

    private void PublishEvents()
    {
        if (_events.Count == 0)
        {
            return;
        }

        ImmutableArray<RoutingEvent> batch = [.. _events];
        _events.Clear();
        foreach (ObserverSubscription subscription in _state.State.Observers)
        {
            // One-way: the grain never waits for an observer, and a gone observer costs nothing.
            _ = subscription.Observer.OnEvents(Tenant, batch);
        }
    }

    private ITimer CreateEngineTimer(TimerCallback callback, object? state)
    {
        IGrainTimer timer = this.RegisterGrainTimer(
            static (tick, cancellation) => tick.Grain.OnEngineTimerAsync(tick.Callback, tick.State),
            new TimerTick(this, callback, state),
            new GrainTimerCreationOptions { DueTime = Timeout.InfiniteTimeSpan, Period = Timeout.InfiniteTimeSpan, Interleave = false, KeepAlive = true });
        return new GrainEngineTimer(timer, OnEngineTimerArmed);
    }

    private void OnEngineTimerArmed(TimeSpan dueTime)
    {
        if (dueTime != Timeout.InfiniteTimeSpan)
        {
            // Keep the activation (and so the engine's timer) alive until the timer is due.
            DelayDeactivation(dueTime);
        }
    }

    private Task OnEngineTimerAsync(TimerCallback callback, object? state)
    {
        if (_engine is null)
        {
            return Task.CompletedTask;
        }

        callback(state);
        return CommitAsync();
    }

    private sealed record TimerTick(RoutingTenantGrain Grain, TimerCallback Callback, object? State);

    private sealed class StateConfiguration(string storageName) : IPersistentStateConfiguration
    {
        public string StateName => "engine";

        public string StorageName => storageName;
    }
}
