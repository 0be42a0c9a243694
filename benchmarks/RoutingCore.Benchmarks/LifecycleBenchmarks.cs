using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Time.Testing;

namespace RoutingCore.Benchmarks;

// How to run (from benchmarks/RoutingCore.Benchmarks):
//   everything:        dotnet run -c Release -- --filter '*LifecycleBenchmarks*'
//   one thread only:   dotnet run -c Release -- --filter '*LifecycleBenchmarks.SubmitAcceptClose(*'
//   two threads only:  dotnet run -c Release -- --filter '*LifecycleBenchmarks.SubmitAcceptCloseTwoThreads*'
//   one size:          dotnet run -c Release -- --filter '*LifecycleBenchmarks*Agents: 100,*'
//   check the setup:   add --job dry (replaces the job of RoutingBenchmarkConfig)
// Both rows report the time per cycle (submit, accept, close): the two-thread row divides by the cycles of both threads,
// so it equals the one-thread row when two threads get no more done together than one alone, and is half of it when
// they scale perfectly. It needs two free cores to mean anything.

/// <summary>
/// One conversation's whole life: submit it, accept it by an agent of its first step, close it; over 100 or 10,000
/// eligible agents (on a roster ten times larger), from one thread, and from two threads against one engine. Closing
/// restores the roster, so every invocation sees the same loads.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(RoutingBenchmarkConfig))]
public class LifecycleBenchmarks
{
    // Conversation ids: a pool of requests built once, reused in turn, so the benchmark allocates nothing of its own and
    // the allocation column is the engine's. The pool is larger than the engine's memory of closed conversations
    // (RoutingDefaults.ClosedConversationMemory), so by the time an id comes round again the engine has forgotten it and
    // sees a new conversation, as with a fresh id. With two threads each has its own pool (bench-n and bench-2-n): the
    // ids never collide, and each pool comes round after at least twice as many closes.
    private const int PoolSize = 16_384;

    // The clock stands still, except that every 1,024 cycles it jumps past the step delay. Each Submit schedules a step
    // timer that the Accept makes moot; in production it fires (and is discarded) 12 s later. Without the jump those
    // timers would pile up in the engine's timer queue, one per cycle, for the whole run.
    private const int InvocationsPerClockJump = 1_024;
    private static readonly TimeSpan ClockJump = RoutingDefaults.StepDelay + TimeSpan.FromSeconds(1);

    // Two threads: each runs this many cycles per invocation. The clock jumps only between invocations, while the second
    // thread waits for its signal, so no timer fires between one thread's Submit and its Accept (a jump there would fire
    // that conversation's step timer too); every 4 invocations = every 1,024 cycles, as with one thread.
    private const int CyclesPerThread = 128;
    private const int TwoThreadInvocationsPerClockJump = InvocationsPerClockJump / (2 * CyclesPerThread);

    private IRoutingEngine _engine = null!;
    private FakeTimeProvider _clock = null!;
    private ConversationRequest[] _requests = [];
    private int _invocation;

    private int _firstNext;
    private ConversationRequest[] _secondRequests = [];
    private int _secondNext;
    private Thread? _second;
    private readonly SemaphoreSlim _secondGo = new(0);
    private readonly SemaphoreSlim _secondDone = new(0);
    private volatile bool _stopping;
    private Exception? _secondFailure;
    private int _acceptRetries;

    [Params(100, 10_000)]
    public int Agents { get; set; }

    [Params(RoutingStrategyNames.Broadcast, RoutingStrategyNames.LeastLoaded)]
    public string Strategy { get; set; } = RoutingStrategyNames.Broadcast;

    [GlobalSetup(Target = nameof(SubmitAcceptClose))]
    public void Setup()
    {
        double loadBefore = Build();
        for (int i = 0; i < 3 * InvocationsPerClockJump; i++)
        {
            SubmitAcceptClose();
        }

        CheckRosterRestored(loadBefore);

        // The count goes on from here: the setup's ids (bench-0..3071) are among the closed conversations the engine
        // remembers, and submitting one of them again would answer with that closed conversation instead of an offer.
    }

    /// <summary>
    /// As <see cref="Setup"/>, and starts the second thread; runs 3,072 cycles from both threads and checks that the
    /// roster is back as it was and that no Accept had to be retried (see <see cref="RunCycles"/>).
    /// </summary>
    [GlobalSetup(Target = nameof(SubmitAcceptCloseTwoThreads))]
    public void SetupTwoThreads()
    {
        double loadBefore = Build();
        _secondRequests = [.. Enumerable.Range(0, PoolSize).Select(n => Rename(BenchmarkRoster.Request(n), $"bench-2-{n}"))];
        _second = new Thread(SecondThread) { IsBackground = true, Name = "Second benchmark thread" };
        _second.Start();
        for (int i = 0; i < 3 * TwoThreadInvocationsPerClockJump; i++)
        {
            SubmitAcceptCloseTwoThreads();
        }

        CheckRosterRestored(loadBefore);
        if (_acceptRetries > 0)
        {
            throw new InvalidOperationException($"{_acceptRetries} of {3 * InvocationsPerClockJump} Accepts had to be retried: the threads' agents collide.");
        }

        _invocation = 0;
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        if (_second is { } second)
        {
            _stopping = true;
            _secondGo.Release();
            second.Join();
            Console.WriteLine($"// {_acceptRetries} Accepts were retried (an agent of the first step was taken by the other thread).");
        }

        _engine.Dispose();
    }

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

    /// <summary>
    /// The same cycle from two threads against one engine: this thread and a second one each run
    /// <see cref="CyclesPerThread"/> cycles on their own requests; the time is per cycle (of either thread).
    /// </summary>
    [Benchmark(OperationsPerInvoke = 2 * CyclesPerThread)]
    public void SubmitAcceptCloseTwoThreads()
    {
        if (++_invocation % TwoThreadInvocationsPerClockJump == 0)
        {
            _clock.Advance(ClockJump); // the second thread is idle: it waits for _secondGo
        }

        _secondGo.Release();
        RunCycles(_requests, ref _firstNext, acceptIndex: 0);
        _secondDone.Wait();
        if (_secondFailure is { } failure)
        {
            throw new InvalidOperationException("The second thread failed.", failure);
        }
    }

    private double Build()
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
        return loadBefore;
    }

    private void CheckRosterRestored(double loadBefore)
    {
        double loadAfter = _engine.GetAgents().Sum(a => a.Load);
        if (Math.Abs(loadAfter - loadBefore) > 1e-6 || !_engine.GetWaitingConversations().IsEmpty)
        {
            throw new InvalidOperationException($"The roster should be as it was: load {loadBefore} before, {loadAfter} after, {_engine.GetWaitingConversations().Length} waiting.");
        }
    }

    private void SecondThread()
    {
        while (true)
        {
            _secondGo.Wait();
            if (_stopping)
            {
                return;
            }

            try
            {
                RunCycles(_secondRequests, ref _secondNext, acceptIndex: 1);
            }
            catch (Exception e)
            {
                _secondFailure = e;
            }
            finally
            {
                _secondDone.Release();
            }
        }
    }

    /// <summary>
    /// Runs <see cref="CyclesPerThread"/> cycles. The first thread accepts by the first agent offered, the second by the
    /// second one: the first agent offered is the first eligible in roster order, which the second thread never takes,
    /// and an agent the second thread holds is never first, so the threads never accept by the same agent and never
    /// find their offer withdrawn because the other thread filled its agent. Should it happen all the same, the Accept is
    /// retried with an agent still offered and counted (the setup checks there are none).
    /// </summary>
    private void RunCycles(ConversationRequest[] requests, ref int next, int acceptIndex)
    {
        for (int c = 0; c < CyclesPerThread; c++)
        {
            ConversationRequest request = requests[next++ % PoolSize];
            ConversationSnapshot offered = _engine.Submit(request);
            AgentId agent = offered.OfferedTo[Math.Min(acceptIndex, offered.OfferedTo.Length - 1)];
            try
            {
                _engine.Accept(request.Id, agent);
            }
            catch (RoutingOperationException)
            {
                Interlocked.Increment(ref _acceptRetries);
                _engine.Accept(request.Id, _engine.GetConversation(request.Id).OfferedTo[0]);
            }

            _engine.Close(request.Id);
        }
    }

    private static ConversationRequest Rename(ConversationRequest request, string id) => new(new ConversationId(id))
    {
        Skill = request.Skill,
        OptionalTags = request.OptionalTags,
        Consumer = request.Consumer,
    };
}
