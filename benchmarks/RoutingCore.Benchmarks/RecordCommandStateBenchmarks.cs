using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Time.Testing;

namespace RoutingCore.Benchmarks;

// How to run (from benchmarks/RoutingCore.Benchmarks): dotnet run -c Release -- --filter '*RecordCommandStateBenchmarks*'
// (the '*StateBenchmarks*' filter runs it with the state benchmarks).

/// <summary>
/// What recording a command costs (issue 18: "recording a command costs at most 2 µs and allocates only the record"): the
/// same call — an agent's message in an assigned conversation — on an engine without a journal and on one whose attached
/// journal does nothing. The difference is what the journal adds; the allocation of both is the call's own (the command
/// record is made whether or not a journal listens).
/// </summary>
[MemoryDiagnoser]
[Config(typeof(RoutingBenchmarkConfig))]
public class RecordCommandStateBenchmarks
{
    private static readonly ConversationId Conversation = new("c-1");
    private IRoutingEngine _plain = null!;
    private IRoutingEngine _journaled = null!;
    private IDisposable _attached = null!;

    [GlobalSetup]
    public void Setup()
    {
        _plain = Create();
        _journaled = Create();
        _attached = _journaled.AttachJournal(new NullJournal());
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _attached.Dispose();
        _plain.Dispose();
        _journaled.Dispose();
    }

    /// <summary>The call without a journal.</summary>
    [Benchmark(Baseline = true)]
    public void WithoutJournal() => _plain.ReportMessage(Conversation, MessageAuthor.Agent);

    /// <summary>The same call, recorded to a journal that does nothing with the record.</summary>
    [Benchmark]
    public void WithJournal() => _journaled.ReportMessage(Conversation, MessageAuthor.Agent);

    private static IRoutingEngine Create()
    {
        IRoutingEngine engine = RoutingEngine.Create(new RoutingOptions(), new FakeTimeProvider(new DateTimeOffset(2026, 1, 5, 9, 0, 0, TimeSpan.Zero)));
        engine.AddAgent(new AgentProfile(new AgentId("a-1")), AgentState.Online);
        engine.Assign(new ConversationRequest(Conversation), new AgentId("a-1"));
        return engine;
    }

    private sealed class NullJournal : IRoutingJournal
    {
        public void Append(RoutingCommand command)
        {
        }
    }
}
