using RoutingCore.Engine;

namespace RoutingCore.Tests.Engine;

/// <summary>
/// The skill index's tight loop and the general per-record path must give the same plan, exclusion counts included,
/// with agent groups (the first 64 have bits in the tight loop; later ones take the general path) and declined agents.
/// </summary>
public sealed class PlanningPathTests
{
    private static readonly string[] Strategies =
    [
        RoutingStrategyNames.Broadcast, RoutingStrategyNames.SkillBased, RoutingStrategyNames.RoundRobin,
        RoutingStrategyNames.LeastLoaded, RoutingStrategyNames.Dynamic, RoutingStrategyNames.CustomWeighted,
    ];

    [Test]
    public void TightLoopAndGeneralPath_GiveTheSamePlan_WithGroupsAndDeclines([ValueSource(nameof(Strategies))] string strategy, [Values(1, 2, 3, 4)] int seed)
    {
        var (engine, clock) = TestEngine.Create(o => { o.Strategy = strategy; o.MaxConcurrent.IdleChatTimeout = TimeSpan.Zero; });
        var random = new Random(seed);
        string[] tags = ["en", "es", "vip"];
        // 70 groups: agents in groups past the 64th make the engine plan those through the general path.
        string[] groups = [.. Enumerable.Range(0, 70).Select(g => $"g{g}")];
        for (int i = 0; i < 60; i++)
        {
            var profile = new AgentProfile($"a{i}")
            {
                Skills = [new SkillId(random.Next(4) == 0 ? "support" : "sales")],
                Tags = [.. tags.Where(_ => random.Next(2) == 0)],
                MaxConcurrent = 4,
                Groups = [.. groups.Where(_ => random.Next(12) == 0).Prepend(groups[random.Next(3)]).Distinct().Select(g => new AgentGroupId(g))],
            };
            engine.AddAgent(profile, random.Next(6) == 0 ? AgentState.Paused : AgentState.Online);
            clock.Advance(TimeSpan.FromSeconds(random.Next(5)));
        }

        for (int i = 0; i < 60; i++)
        {
            if (engine.GetAgent($"a{i}").State == AgentState.Online)
            {
                TestEngine.Load(engine, $"a{i}", random.Next(5), engine.GetAgent($"a{i}").Profile.Skills[0].Skill.Value);
            }
        }

        var planner = (DefaultRoutingEngine)engine;
        var request = new ConversationRequest("c") { Skill = new SkillId("sales"), OptionalTags = ["es", "vip"], RequiredTags = random.Next(2) == 0 ? ["en"] : [], Consumer = new ConsumerId("x") };
        int compared = 0;
        foreach (string? group in new string?[] { null, "g0", "g1", "g2", "g40", "g66", "nobody-has-it" })
        {
            AgentId[] declined = [.. Enumerable.Range(0, 60).Where(_ => random.Next(5) == 0).Select(i => new AgentId($"a{i}"))];
            foreach (AgentId[] excluded in new AgentId[][] { [], declined })
            {
                (RoutingPlan indexed, RoutingPlan general) = planner.PlanBothWays(request, group is null ? (AgentGroupId?)null : new AgentGroupId(group), excluded);
                string context = $"group {group ?? "none"}, {excluded.Length} declined";
                Describe(indexed).ShouldBe(Describe(general), context);
                indexed.Exclusions.ShouldBe(general.Exclusions, context);
                indexed.AgentCount.ShouldBe(general.AgentCount, context);
                compared += indexed.AgentCount;
            }
        }

        compared.ShouldBeGreaterThan(0); // the rosters give plans with agents, not only empty ones
    }

    private static string[][] Describe(RoutingPlan plan) =>
        [.. plan.Steps.Select(s => s.Agents.Select(a => $"{a.Agent}:{a.Score:R}").ToArray())];
}
