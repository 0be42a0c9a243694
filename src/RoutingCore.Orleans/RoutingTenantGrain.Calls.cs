using System.Collections.Immutable;
using RoutingCore.Orleans.Journal;

namespace RoutingCore.Orleans;

// The members of IRoutingTenantGrain: each runs the engine's call, then commits (CommitAsync) what it changed.
// Safe retries (issue 18): operation and message ids pass straight through to the engine; a repeat that took effect changes
// nothing, so it appends no record; a retry that reaches a new activation meets the restored engine, which answers it.
internal sealed partial class RoutingTenantGrain
{
    public Task AddAgent(AgentProfile profile, AgentState state = AgentState.Offline) => Change(static (engine, a) => engine.AddAgent(a.profile, a.state), (profile, state));

    public Task UpdateAgent(AgentProfile profile) => Change(static (engine, a) => engine.UpdateAgent(a), profile);

    public Task RemoveAgent(AgentId agent) => Change(static (engine, a) => engine.RemoveAgent(a), agent);

    public Task SetAgentState(AgentId agent, AgentState state) => Change(static (engine, a) => engine.SetAgentState(a.agent, a.state), (agent, state));

    public Task<AgentSnapshot> GetAgent(AgentId agent) => ReadAsync(Engine.GetAgent(agent));

    public Task<ImmutableArray<AgentSnapshot>> GetAgents() => ReadAsync(Engine.GetAgents());

    public Task<RoutingPlan> Plan(ConversationRequest conversation) => ReadAsync(Engine.Plan(conversation));

    public Task<PlannedAgent?> SelectBest(ConversationRequest conversation) => ReadAsync(Engine.SelectBest(conversation));

    public Task Assign(ConversationRequest conversation, AgentId agent) => Change(static (engine, a) => engine.Assign(a.conversation, a.agent), (conversation, agent));

    public async Task<ConversationSnapshot> Submit(ConversationRequest conversation)
    {
        ConversationSnapshot result = Engine.Submit(conversation);
        await CommitAsync();
        return result;
    }

    public Task Accept(ConversationId conversation, AgentId agent) => Change(static (engine, a) => engine.Accept(a.conversation, a.agent), (conversation, agent));

    public Task<RoutingResult> TryAccept(ConversationId conversation, AgentId agent) => ReadAsync(Engine.TryAccept(conversation, agent));

    public Task Decline(ConversationId conversation, AgentId agent) => Change(static (engine, a) => engine.Decline(a.conversation, a.agent), (conversation, agent));

    public Task<RoutingResult> TryDecline(ConversationId conversation, AgentId agent) => ReadAsync(Engine.TryDecline(conversation, agent));

    public Task ReturnToQueue(ConversationId conversation) => Change(static (engine, a) => engine.ReturnToQueue(a), conversation);

    public Task ReturnToQueue(ConversationId conversation, OperationId operation) => Change(static (engine, a) => engine.ReturnToQueue(a.conversation, a.operation), (conversation, operation));

    public Task Transfer(ConversationId conversation, SkillId skill) => Change(static (engine, a) => engine.Transfer(a.conversation, a.skill), (conversation, skill));

    public Task Transfer(ConversationId conversation, SkillId skill, OperationId operation) => Change(static (engine, a) => engine.Transfer(a.conversation, a.skill, a.operation), (conversation, skill, operation));

    public Task ReportMessage(ConversationId conversation, MessageAuthor author, DateTimeOffset? at) => ReportMessage(conversation, author, at, message: null);

    public Task ReportMessage(ConversationId conversation, MessageAuthor author, DateTimeOffset? at = null, MessageId? message = null) =>
        Change(static (engine, a) => engine.ReportMessage(a.conversation, a.author, a.at, a.message), (conversation, author, at, message));

    public Task Close(ConversationId conversation) => Change(static (engine, a) => engine.Close(a), conversation);

    public Task<ConversationSnapshot> GetConversation(ConversationId conversation) => ReadAsync(Engine.GetConversation(conversation));

    public Task<ImmutableArray<WaitingConversation>> GetWaitingConversations(SkillId? skill = null) => ReadAsync(Engine.GetWaitingConversations(skill));

    public Task<PacingSnapshot> GetPacingSnapshot(AgentGroupId group, PacingStatistics statistics) => ReadAsync(Engine.GetPacingSnapshot(group, statistics));

    public Task<PacingDecision> Pace(AgentGroupId group, PacingStatistics statistics) => ReadAsync(Engine.Pace(group, statistics));

    public Task ConfigureWorkload(SkillId skill, WorkloadDistribution? distribution) => Change(static (engine, a) => engine.ConfigureWorkload(a.skill, a.distribution), (skill, distribution));

    public Task<WorkloadReport> GetWorkloadReport(SkillId skill) => ReadAsync(Engine.GetWorkloadReport(skill));

    public Task Subscribe(IRoutingEventObserver observer)
    {
        ArgumentNullException.ThrowIfNull(observer);
        List<ObserverSubscription> observers = _observers.State.Observers;
        DateTimeOffset now = _clock.GetUtcNow();
        observers.RemoveAll(s => now - s.RefreshedAt > _options.ObserverExpiry);
        int index = observers.FindIndex(s => s.Observer.Equals(observer));
        if (index >= 0)
        {
            observers[index].RefreshedAt = now;
        }
        else
        {
            observers.Add(new ObserverSubscription { Observer = observer, RefreshedAt = now });
        }

        return _observers.WriteStateAsync();
    }

    public Task Unsubscribe(IRoutingEventObserver observer)
    {
        ArgumentNullException.ThrowIfNull(observer);
        return _observers.State.Observers.RemoveAll(s => s.Observer.Equals(observer)) > 0 ? _observers.WriteStateAsync() : Task.CompletedTask;
    }

    public async Task<RoutingEventPage> GetEvents(long after, int max)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(after);
        if (max is < 1 or > RoutingEventLimits.MaxPage)
        {
            throw new ArgumentOutOfRangeException(nameof(max), max, $"max is {max}; ask for 1 to {RoutingEventLimits.MaxPage} events per page.");
        }

        IReadOnlyList<LogEntry> stored = await _log.ReadEventsAsync(Tenant, after, max);
        var events = ImmutableArray.CreateBuilder<RoutingEvent>(stored.Count);
        foreach (LogEntry entry in stored)
        {
            events.Add(_committer.ReadEvent(entry));
        }

        return new RoutingEventPage(after, events.MoveToImmutable());
    }

    public Task<long> GetLastCommandSequence() => Task.FromResult(_committer.StoredRecords);

    public Task<SiloAddress> GetSiloAddress() => Task.FromResult(_silo.SiloAddress);

    /// <summary>Applies a change to the engine (a static lambda and its arguments: nothing captured), then stores it.</summary>
    private Task Change<TArguments>(Action<IRoutingEngine, TArguments> change, TArguments arguments)
    {
        change(Engine, arguments);
        return CommitAsync();
    }

    /// <summary>
    /// After a read or a refused answer: nothing changed, so nothing is stored, unless the engine did timer work on the way
    /// (its records and events are then stored before the answer).
    /// </summary>
    private async Task<T> ReadAsync<T>(T result)
    {
        if (_committer.HasPending)
        {
            await CommitAsync();
        }

        return result;
    }
}
