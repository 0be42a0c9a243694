using System.Collections.Immutable;
using RoutingCore.Engine;

namespace RoutingCore.Tests.Filtering;

/// <summary>
/// Tags of a request that no agent holds are counted once each, case-insensitively (the optional-tag match divides by
/// the distinct optional tags), in time linear in the number of tags: a request with tens of thousands of unknown tags
/// costs comparisons in proportion, not quadratically many (issue 15). Counts, never timings.
/// </summary>
public sealed class UnknownTagTests
{
    [Test]
    public void DistinctNames_Of60000NamesWith40000Distinct_CountsThemWithLinearlyManyComparisons()
    {
        ImmutableArray<string> names = [.. Enumerable.Range(0, 40_000).Select(i => $"tag-{i}"), .. Enumerable.Range(0, 20_000).Select(i => $"TAG-{2 * i}")];
        var comparer = new CountingComparer();
        var distinct = new DistinctNames(names.Length, comparer);

        for (int i = 0; i < names.Length; i++)
        {
            distinct.Add(names, i);
        }

        distinct.Count.ShouldBe(40_000);
        comparer.Calls.ShouldBeLessThanOrEqualTo(3L * names.Length);
    }

    [Test]
    public void DistinctNames_OfAShortList_ComparesWithTheNamesBeforeAndHashesNothing()
    {
        ImmutableArray<string> names = ["a", "B", "A", "c", "b"];
        var comparer = new CountingComparer();
        var distinct = new DistinctNames(names.Length, comparer);

        for (int i = 0; i < names.Length; i++)
        {
            distinct.Add(names, i);
        }

        distinct.Count.ShouldBe(3);
        comparer.Hashes.ShouldBe(0);
    }

    [Test]
    public void Plan_With40000UnknownOptionalTagsGivenTwice_CountsEachDistinctTagOnce()
    {
        using var kit = new EngineKit(o =>
        {
            o.Strategy = RoutingStrategyNames.CustomWeighted;
            o.CustomWeights.Load = 0;
            o.CustomWeights.Idle = 0;
            o.CustomWeights.Affinity = 0;
            o.CustomWeights.Tags = 1;
        });
        kit.Engine.AddAgent(new AgentProfile(new AgentId("a")) { Skills = [new AgentSkill(new SkillId("sales"))], Tags = ["en"] }, AgentState.Online);
        var request = new ConversationRequest(new ConversationId("c"))
        {
            Skill = new SkillId("sales"),
            OptionalTags = ["en", .. Enumerable.Range(0, 40_000).Select(i => $"unknown-{i}"), .. Enumerable.Range(0, 40_000).Select(i => $"UNKNOWN-{i}"), "EN"],
        };

        RoutingPlan plan = kit.Engine.Plan(request);

        PlannedAgent planned = plan.Steps.SelectMany(s => s.Agents).ShouldHaveSingleItem();
        planned.Agent.ShouldBe(new AgentId("a"));
        planned.Score.ShouldBe(1.0 / 40_001, 1e-12); // "en" of 40,001 distinct optional tags
    }

    private sealed class CountingComparer : IEqualityComparer<string>
    {
        public long Calls { get; private set; }

        public long Hashes { get; private set; }

        public bool Equals(string? x, string? y)
        {
            Calls++;
            return StringComparer.OrdinalIgnoreCase.Equals(x, y);
        }

        public int GetHashCode(string obj)
        {
            Calls++;
            Hashes++;
            return StringComparer.OrdinalIgnoreCase.GetHashCode(obj);
        }
    }
}
