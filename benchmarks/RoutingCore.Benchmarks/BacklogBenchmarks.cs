using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Time.Testing;

namespace RoutingCore.Benchmarks;

// How to run (from benchmarks/RoutingCore.Benchmarks):
//   everything:        dotnet run -c Release -- --filter '*BacklogBenchmarks*'
//   check the setup:   add --job dry (replaces the job of RoutingBenchmarkConfig)
// Acceptance (issue 15): the cost grows at most logarithmically with the backlog — 100,000 waiting within 10x of 1,000.

/// <summary>
/// Freeing capacity with a long backlog: 10 agents of skill "support" are full (4 chats each) and <see cref="Waiting"/>
/// conversations wait. Each invocation closes one assigned conversation — the close frees its agent, which is fed the best
/// waiting conversation (one dispatch, one offer) — accepts that offer, and submits one more conversation, which waits.
/// So every invocation sees the same situation: the same agents full again, the same number waiting, the same mix of
/// priorities in the queue, the dispatched conversation taken from the same place (the head) and the new one entering at
/// the same place (behind the waiting conversations of its priority, a quarter of the way down the queue).
/// </summary>
[MemoryDiagnoser]
[Config(typeof(RoutingBenchmarkConfig))]
public class BacklogBenchmarks
{
    private const int AgentCount = 10;
    private const int ChatsPerAgent = 4;
    private const int Priorities = 4;
    private const int TopPriority = Priorities - 1;

    // Requests of the top priority are reused in turn. An id comes round again only after it was dispatched, closed,
    // and pushed out of the engine's memory of closed conversations by more than RoutingDefaults.ClosedConversationMemory
    // later closes, so the engine sees a new conversation each time; the benchmark allocates no requests of its own.
    private const int ReuseMargin = 16_384;

    // Each dispatch schedules a step timer that the Accept makes moot; every 1,024 invocations the clock jumps past the
    // step delay so they fire (and are discarded) instead of piling up in the engine's timer queue.
    private const int InvocationsPerClockJump = 1_024;
    private static readonly TimeSpan ClockJump = RoutingDefaults.StepDelay + TimeSpan.FromSeconds(1);

    private readonly Queue<(ConversationId Conversation, AgentId Agent)> _assigned = new();
    private IRoutingEngine _engine = null!;
    private FakeTimeProvider _clock = null!;
    private ConversationRequest[] _top = [];
    private long _dispatched;
    private long _invocation;

    /// <summary>How many conversations wait.</summary>
    [Params(1_000, 10_000, 100_000)]
    public int Waiting { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _clock = new FakeTimeProvider(BenchmarkRoster.Start);
        var options = new RoutingOptions();
        options.ForcedPause.Enabled = false;
        options.MaxConcurrent.IdleChatTimeout = TimeSpan.Zero; // loads stay as they are while the benchmark runs
        _engine = RoutingEngine.Create(options, _clock);
        for (int a = 0; a < AgentCount; a++)
        {
            _engine.AddAgent(new AgentProfile(new AgentId($"agent-{a}")) { Skills = [new AgentSkill(new SkillId("support"))], MaxConcurrent = ChatsPerAgent }, AgentState.Online);
        }

        for (int c = 0; c < AgentCount * ChatsPerAgent; c++)
        {
            ConversationSnapshot offered = _engine.Submit(new ConversationRequest(new ConversationId($"seed-{c}")) { Skill = new SkillId("support") });
            _engine.Accept(offered.Id, offered.OfferedTo[0]);
            _assigned.Enqueue((offered.Id, offered.OfferedTo[0]));
        }

        // The backlog: priorities 0..3 in turn, so a quarter are of the top priority; those are the requests reused.
        int top = Waiting / Priorities;
        _top = new ConversationRequest[top + ReuseMargin];
        for (int i = 0; i < _top.Length; i++)
        {
            _top[i] = new ConversationRequest(new ConversationId($"top-{i}")) { Skill = new SkillId("support"), Priority = TopPriority };
        }

        for (int i = 0; i < Waiting; i++)
        {
            int priority = i % Priorities;
            ConversationRequest request = priority == TopPriority ? _top[i / Priorities] : new ConversationRequest(new ConversationId($"low-{i}")) { Skill = new SkillId("support"), Priority = priority };
            Expect(_engine.Submit(request).State == ConversationState.Waiting, $"{request.Id} should wait");
        }

        for (int i = 0; i < 3 * InvocationsPerClockJump; i++)
        {
            CloseDispatchAccept();
        }

        Expect(_engine.GetWaitingConversations().Length == Waiting, "the backlog should stay as large as it started");
        _invocation = 0;
    }

    [GlobalCleanup]
    public void Cleanup() => _engine.Dispose();

    /// <summary>Close one conversation (which dispatches the best waiting one to the freed agent), accept it, queue one more.</summary>
    [Benchmark]
    public void CloseDispatchAccept()
    {
        if (++_invocation % InvocationsPerClockJump == 0)
        {
            _clock.Advance(ClockJump);
        }

        (ConversationId closing, AgentId agent) = _assigned.Dequeue();
        _engine.Close(closing);
        ConversationRequest next = _top[_dispatched % _top.Length];
        _engine.Accept(next.Id, agent); // throws unless the close offered exactly the expected conversation to the freed agent
        _assigned.Enqueue((next.Id, agent));
        _engine.Submit(_top[(_dispatched + (Waiting / Priorities)) % _top.Length]);
        _dispatched++;
    }

    private static void Expect(bool condition, string what)
    {
        if (!condition)
        {
            throw new InvalidOperationException($"Benchmark setup: {what}.");
        }
    }
}
