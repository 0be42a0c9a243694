using System.Globalization;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Time.Testing;

namespace RoutingCore.Benchmarks;

// How to run (from benchmarks/RoutingCore.Benchmarks):
//   everything:      dotnet run -c Release -- --filter '*StateBenchmarks*'
//   one size:        dotnet run -c Release -- --filter '*StateBenchmarks*Agents: 1000*'
//   check the setup: add --job dry
// Each size prints its document's size, per section, in a line starting "// StateDocument" (in the log, before the runs).

/// <summary>
/// Saving and restoring the engine's state document (what a host persists after every state-changing call), issue 18's
/// tenant: <see cref="Agents"/> agents in teams of 50 per skill (the default broadcast strategy, at most 2 conversations
/// each), two open conversations per agent — nine in ten submitted, offered to the team and accepted by one (the others'
/// offers withdrawn), one in ten left offered to the agents of its team with room — and the engine's closed-conversation
/// and consumer memories full (100,000 consumers served before, the last 10,000 conversations remembered closed).
/// </summary>
[MemoryDiagnoser]
[Config(typeof(RoutingBenchmarkConfig))]
public class StateBenchmarks
{
    /// <summary>The engine's bounds for its memories (RoutingDefaults.ConsumerHistoryCapacity, ClosedConversationMemory).</summary>
    public const int Consumers = 100_000;

    private const int TeamSize = 50;
    private static readonly DateTimeOffset Start = new(2026, 1, 5, 9, 0, 0, TimeSpan.Zero);
    private readonly MemoryStream _buffer = new();
    private IRoutingEngine _engine = null!;
    private readonly MemoryStream _memoriesBuffer = new();
    private byte[] _document = [];
    private byte[] _state = [];
    private byte[] _memories = [];

    [Params(10, 100, 1_000, 5_000)]
    public int Agents { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _engine = Populate(new FakeTimeProvider(Start), Agents);
        _engine.SaveState(_buffer);
        _document = _buffer.ToArray();
        Console.WriteLine(Describe(_document, Agents));
        _buffer.SetLength(0);
        _engine.SaveState(_buffer, _memoriesBuffer);
        _state = _buffer.ToArray();
        _memories = _memoriesBuffer.ToArray();
        Console.WriteLine(Describe(_state, Agents).Replace("// StateDocument", "// StateDocument (memories apart)", StringComparison.Ordinal)
            + string.Create(CultureInfo.InvariantCulture, $"; memories document {_memories.Length / 1024.0:0.#} KB"));
    }

    [GlobalCleanup]
    public void Cleanup() => _engine.Dispose();

    /// <summary>Writes the whole document into a reused buffer.</summary>
    [Benchmark(Baseline = true)]
    public long Save()
    {
        _buffer.Position = 0;
        _buffer.SetLength(0);
        _engine.SaveState(_buffer);
        return _buffer.Length;
    }

    /// <summary>Creates an engine and restores the document into it (parse, check, swap in).</summary>
    [Benchmark]
    public int Restore()
    {
        using IRoutingEngine engine = CreateEngine(new FakeTimeProvider(Start));
        engine.RestoreState(new MemoryStream(_document, writable: false));
        return engine.GetAgents().Length;
    }

    /// <summary>Writes the state and its memories apart, into reused buffers (SaveState(Stream, Stream)).</summary>
    [Benchmark]
    public long SaveApart()
    {
        _buffer.Position = 0;
        _buffer.SetLength(0);
        _memoriesBuffer.Position = 0;
        _memoriesBuffer.SetLength(0);
        _engine.SaveState(_buffer, _memoriesBuffer);
        return _buffer.Length + _memoriesBuffer.Length;
    }

    /// <summary>Creates an engine and restores the state and its memories saved apart.</summary>
    [Benchmark]
    public int RestoreApart()
    {
        using IRoutingEngine engine = CreateEngine(new FakeTimeProvider(Start));
        engine.RestoreState(new MemoryStream(_state, writable: false), new MemoryStream(_memories, writable: false));
        return engine.GetAgents().Length;
    }

    /// <summary>The tenant described on the class.</summary>
    public static IRoutingEngine Populate(TimeProvider clock, int agents)
    {
        IRoutingEngine engine = CreateEngine(clock);
        for (int i = 0; i < agents; i++)
        {
            engine.AddAgent(new AgentProfile(new AgentId($"agent-{i}"))
            {
                Skills = [new AgentSkill(TeamOf(i), 0.5 + (i % 5 / 10.0))],
                MaxConcurrent = 2,
                Tags = i % 4 == 0 ? ["vip"] : [],
            }, AgentState.Online);
        }

        // The memories, full: every consumer served once by direct assignment, then closed.
        for (int k = 0; k < Consumers; k++)
        {
            var id = new ConversationId($"history-{k}");
            engine.Assign(new ConversationRequest(id) { Skill = TeamOf(k % agents), Consumer = new ConsumerId($"consumer-{k}") }, new AgentId($"agent-{k % agents}"));
            engine.Close(id);
        }

        // Two open conversations per agent: nine in ten accepted by their agent, then one in ten left offered.
        for (int pass = 0; pass < 2; pass++)
        {
            for (int j = 0; j < 2 * agents; j++)
            {
                if ((j % 10 == 9) != (pass == 1))
                {
                    continue;
                }

                int agent = j % agents;
                var id = new ConversationId($"open-{j}");
                engine.Submit(new ConversationRequest(id) { Skill = TeamOf(agent), Consumer = new ConsumerId($"consumer-{j}"), Priority = j % 3 });
                if (pass == 0)
                {
                    engine.Accept(id, new AgentId($"agent-{agent}"));
                }
            }
        }

        return engine;
    }

    /// <summary>
    /// The document's size against issue 18's bound (2 KB per agent plus 1 KB per open conversation), per section, and the
    /// open conversations by state.
    /// </summary>
    public static string Describe(byte[] document, int agents)
    {
        var sections = new List<string>();
        var states = new SortedDictionary<string, int>(StringComparer.Ordinal);
        int open;
        using (JsonDocument parsed = JsonDocument.Parse(document))
        {
            foreach (JsonProperty property in parsed.RootElement.EnumerateObject())
            {
                sections.Add(string.Create(CultureInfo.InvariantCulture, $"{property.Name} {property.Value.GetRawText().Length / 1024.0:0.#} KB"));
            }

            JsonElement conversations = parsed.RootElement.GetProperty("conversations");
            open = conversations.GetArrayLength();
            foreach (JsonElement conversation in conversations.EnumerateArray())
            {
                string state = conversation.GetProperty("state").GetString()!;
                states[state] = states.GetValueOrDefault(state) + 1;
            }
        }

        long bound = (2_048L * agents) + (1_024L * open);
        return string.Create(CultureInfo.InvariantCulture,
            $"// StateDocument agents={agents} open={open} ({string.Join(", ", states.Select(s => $"{s.Key} {s.Value}"))}): {document.Length / 1024.0:0.#} KB, bound {bound / 1024.0:0.#} KB ({(document.Length <= bound ? "within" : "OVER")}); {string.Join(", ", sections)}");
    }

    private static SkillId TeamOf(int agent) => new(string.Create(CultureInfo.InvariantCulture, $"team-{agent / TeamSize}"));

    private static IRoutingEngine CreateEngine(TimeProvider clock) => RoutingEngine.Create(
        new RoutingOptions { AutoCloseAfter = TimeSpan.FromMinutes(5) },
        clock);
}
