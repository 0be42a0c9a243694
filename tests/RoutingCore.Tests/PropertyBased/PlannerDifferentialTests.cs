using System.Collections.Immutable;
using CsCheck;
using Microsoft.Extensions.Time.Testing;

namespace RoutingCore.Tests.PropertyBased;

/// <summary>
/// The differential property: on random rosters (states, loads, reservations of exclusive offers, idle times, consumer history)
/// and random requests, the engine's <see cref="IRoutingEngine.Plan"/> equals the <see cref="ReferencePlanner"/>'s (same steps,
/// same agents in the same order, scores within 1e-9, same exclusion counts), <see cref="IRoutingEngine.Explain"/> gives every
/// agent the reference's reason or score, and <see cref="IRoutingEngine.SelectBest"/> is the plan's first agent.
/// </summary>
public sealed class PlannerDifferentialTests
{
    /// <summary>Random worlds per run, each planned for several requests.</summary>
    internal const int Iterations = 3_000;

    /// <summary>A step that builds up the world before planning: assign, let time pass, submit (offers reserve), write, change state.</summary>
    internal readonly record struct Setup(int Kind, int A, int B, int C);

    internal static readonly Gen<Setup> SetupGen = Gen.Select(Gen.Frequency((5, Gen.Const(0)), (3, Gen.Const(1)), (2, Gen.Const(2)), (2, Gen.Const(3)), (1, Gen.Const(4))), Gen.Int[0, 99], Gen.Int[0, 255], Gen.Int[0, 1023], (k, a, b, c) => new Setup(k, a, b, c));

    /// <summary>A request: skill (s0..s3, none, or one nobody holds), media, required tags (with case variants and an unknown one), optional tags (duplicates, unknown), consumer.</summary>
    internal static readonly Gen<ConversationRequest> RequestGen = Gen.Select(Gen.Int[0, 5], Gen.Int[0, 3], Gen.Int[0, 5], Gen.Int[0, 63], Gen.Int[0, 4], (skill, media, required, optional, consumer) =>
        new ConversationRequest(new ConversationId("planned"))
        {
            Skill = skill switch { < 4 => new SkillId(Universe.Skills[skill]), 4 => (SkillId?)null, _ => new SkillId("s9") },
            Media = media switch { 0 => [MediaType.Chat], 1 => [MediaType.Chat, MediaType.Voice], 2 => [MediaType.Voice], _ => [MediaType.Video] },
            RequiredTags = required switch { 0 => [], 1 => ["t0"], 2 => ["T1"], 3 => ["t0", "t2"], 4 => ["zz"], _ => [] },
            OptionalTags = [.. Universe.TagsOf(optional & 15), .. (optional & 16) != 0 ? ["T0", "t0"] : Array.Empty<string>(), .. (optional & 32) != 0 ? ["zz"] : Array.Empty<string>()],
            Consumer = consumer < 4 ? new ConsumerId($"c{consumer}") : (ConsumerId?)null,
        });

    [Test]
    public void RandomRostersAndRequests_EnginePlanEqualsTheReferencePlan()
    {
        long plans = 0;
        long agents = 0;
        Gen.Select(Generators.Config, Generators.Roster, SetupGen.Array[0, 30], RequestGen.Array[1, 6]).Sample(
            (config, roster, setup, requests) =>
            {
                List<string> differences = Run(config, roster, setup, requests, out int planned, out int explained);
                Interlocked.Add(ref plans, planned);
                Interlocked.Add(ref agents, explained);
                differences.ShouldBeEmpty(string.Join(Environment.NewLine, differences));
            },
            iter: Iterations,
            print: t => $"config: {t.Item1}{Environment.NewLine}agents: {string.Join(" | ", t.Item2.Select(a => a.ToString()))}{Environment.NewLine}setup: {string.Join(" ", t.Item3)}{Environment.NewLine}requests: {string.Join(" | ", t.Item4.Select(Describe))}");

        TestContext.Out.WriteLine($"PlannerDifferentialTests: {Iterations} worlds, {plans} plans compared, {agents} agent explanations compared");
        plans.ShouldBeGreaterThanOrEqualTo(Iterations);
    }

    /// <summary>Builds the world, plans every request with the engine and the reference, and returns their differences.</summary>
    internal static List<string> Run(ConfigSpec config, AgentSpec[] roster, Setup[] setup, ConversationRequest[] requests, out int planned, out int explained)
    {
        RoutingOptions options = config.Build();
        using var kit = new EngineKit(options: options, logEvents: false);
        IRoutingEngine engine = kit.Engine;
        FakeTimeProvider clock = kit.Clock;
        var history = new Dictionary<ConsumerId, List<AgentId>>();
        foreach (AgentSpec agent in roster)
        {
            engine.AddAgent(agent.Profile, agent.State);
        }

        int next = 0;
        var made = new List<ConversationId>();
        foreach (Setup step in setup)
        {
            AgentId agent = roster[step.A % roster.Length].Profile.Id;
            var request = new ConversationRequest(new ConversationId($"w{next++}"))
            {
                Skill = step.C % 5 < 4 ? new SkillId(Universe.Skills[step.C % 5]) : (SkillId?)null,
                Media = (step.B & 3) switch { 0 => [MediaType.Chat], 1 => [MediaType.Chat, MediaType.Voice], 2 => [MediaType.Voice], _ => [MediaType.Video] },
                Consumer = (step.C / 5) % 5 < 4 ? new ConsumerId($"c{(step.C / 5) % 5}") : (ConsumerId?)null,
            };
            try
            {
                switch (step.Kind)
                {
                    case 0:
                        engine.Assign(request, agent);
                        made.Add(request.Id);
                        if (request.Consumer is { } consumer)
                        {
                            List<AgentId> served = history.TryGetValue(consumer, out var list) ? list : history[consumer] = [];
                            served.Remove(agent);
                            served.Insert(0, agent);
                        }

                        break;
                    case 1:
                        clock.Advance(TimeSpan.FromSeconds(1 + (step.B % 90)));
                        break;
                    case 2:
                        engine.Submit(request);
                        made.Add(request.Id);
                        break;
                    case 3:
                        if (made.Count > 0)
                        {
                            engine.ReportMessage(made[step.B % made.Count], step.C % 2 == 0 ? MessageAuthor.Consumer : MessageAuthor.Agent);
                        }

                        break;
                    default:
                        engine.SetAgentState(agent, Universe.States[step.B % Universe.States.Length]);
                        break;
                }
            }
            catch (RoutingOperationException)
            {
                // An assignment the agent cannot take: the world simply does not change.
            }
        }

        var differences = new List<string>();
        planned = 0;
        explained = 0;
        foreach (ConversationRequest request in requests)
        {
            ImmutableArray<AgentSnapshot> agents = engine.GetAgents();
            IReadOnlyList<AgentId> served = request.Consumer is { } c && history.TryGetValue(c, out var list) ? list : [];
            ReferencePlanner.Result expected = ReferencePlanner.Plan(options, agents, served, request, clock.GetUtcNow());
            RoutingPlan plan = engine.Plan(request);
            RoutingExplanation explanation = engine.Explain(request);
            PlannedAgent? selected = engine.SelectBest(request);
            planned++;
            explained += explanation.Agents.Length;
            if (explanation.Agents.Length != agents.Length)
            {
                differences.Add($"{Describe(request)}: the explanation covers {explanation.Agents.Length} agents, the roster has {agents.Length}");
            }

            foreach (string difference in ReferencePlanner.Compare(expected, plan, explanation, selected))
            {
                differences.Add($"{Describe(request)}: {difference}{Environment.NewLine}  engine: {plan}");
            }
        }

        return differences;
    }

    internal static string Describe(ConversationRequest r) =>
        $"skill {r.Skill?.ToString() ?? "any"} media [{string.Join(",", r.Media)}] required [{string.Join(",", r.RequiredTags)}] optional [{string.Join(",", r.OptionalTags)}] consumer {r.Consumer}";
}
