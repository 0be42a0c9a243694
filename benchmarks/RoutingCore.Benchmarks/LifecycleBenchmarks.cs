using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Time.Testing;

namespace RoutingCore.Benchmarks;

/// <summary>
/// One conversation's whole life: submit it, accept it by an agent of its first step, close it; over 100 or 10,000
/// eligible agents (on a roster ten times larger). Closing restores the roster, so every invocation sees the same loads.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 8)]
public class LifecycleBenchmarks
{
    // Conversation ids: a pool of requests built once, reused in turn, so the benchmark allocates nothing of its own and
    // the allocation column is the engine's. The pool is larger than the engine's memory of closed conversations
    // (RoutingDefaults.ClosedConversationMemory), so by the time an id comes round again the engine has forgotten it and
    // sees a new conversation, as with a fresh id.
    private const int PoolSize = 16_384;

    // The clock stands still, except that every 1,024 invocations it jumps past the step delay. Each Submit schedules a
    // step timer that the Accept makes moot; in production it fires (and is discarded) 12 s later. Without the jump those
    // timers would pile up in the engine's timer queue, one per invocation, for the whole run.
    private const int InvocationsPerClockJump = 1_024;
    private static readonly TimeSpan ClockJump = RoutingDefaults.StepDelay + TimeSpan.FromSeconds(1);

    private IRoutingEngine _engine = null!;
    private FakeTimeProvider _clock = null!;
    private ConversationRequest[] _requests = [];
    private int _invocation;

    [Params(100, 10_000)]
    public int Agents { get; set; }

    [Params(RoutingStrategyNames.Broadcast, RoutingStrategyNames.LeastLoaded)]
    public string Strategy { get; set; } = RoutingStrategyNames.Broadcast;

    [GlobalSetup]
    public void Setup()
    {
        (_engine, _clock) = BenchmarkRoster.Build(Agents, new RoutingOptions { Strategy = Strategy });
        _requests = [.. Enumerable.Range(0, PoolSize).Select(BenchmarkRoster.Request)];

        double loadBefore = _engine.GetAgents().Sum(a => a.Load);
        ConversationSnapshot first = _engine.Submit(_requests[^1]);
        if (first.State != ConversationState.Offered || first.OfferedTo.IsEmpty)
        {
            throw new InvalidOperationException($"Expected the conversation to be offered, it is {first}.");
        }

        if (Strategy == RoutingStrategyNames.Broadcast && first.OfferedTo.Length != Agents)
        {
            throw new InvalidOperationException($"Broadcast should offer to all {Agents} eligible agents at once, it offered to {first.OfferedTo.Length}.");
        }

        _engine.Close(first.Id);
        for (int i = 0; i < 3 * InvocationsPerClockJump; i++)
        {
            SubmitAcceptClose();
        }

        double loadAfter = _engine.GetAgents().Sum(a => a.Load);
        if (Math.Abs(loadAfter - loadBefore) > 1e-6 || !_engine.GetWaitingConversations().IsEmpty)
        {
            throw new InvalidOperationException($"The roster should be as it was: load {loadBefore} before, {loadAfter} after, {_engine.GetWaitingConversations().Length} waiting.");
        }

        _invocation = 0;
    }

    [GlobalCleanup]
    public void Cleanup() => _engine.Dispose();

    [Benchmark]
    public AgentId SubmitAcceptClose()
    {
        ConversationRequest request = _requests[_invocation % PoolSize];
        if (++_invocation % InvocationsPerClockJump == 0)
        {
            _clock.Advance(ClockJump);
        }

        ConversationSnapshot offered = _engine.Submit(request);
        AgentId agent = offered.OfferedTo[0];
        _engine.Accept(request.Id, agent);
        _engine.Close(request.Id);
        return agent;
    }
}
