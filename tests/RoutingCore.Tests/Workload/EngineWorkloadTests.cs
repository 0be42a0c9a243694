using Microsoft.Extensions.Options;
using RoutingCore.Tests.Lifecycle;

namespace RoutingCore.Tests.Workload;

/// <summary>The engine routes a distributed skill's conversations to the agent group its workload split chooses.</summary>
public sealed class EngineWorkloadTests
{
    private static AgentGroupShareOptions Share(string group, double percentage) => new() { Group = group, Percentage = percentage };

    private static Center Brand(IEnumerable<AgentGroupShareOptions> primary, IEnumerable<AgentGroupShareOptions>? secondary = null, TimeSpan? maxWait = null, int steps = 3)
    {
        var center = new Center(o =>
        {
            o.AgentGroups.AddRange(["A", "B", "C", "D"]);
            o.ForcedPause.Enabled = false;
            o.Steps = steps;
            o.MaxConcurrent.DefaultMaxConcurrent = 50;
            o.Skills["brand"] = new SkillOptions
            {
                Workload = new WorkloadDistributionOptions { PrimaryGroups = [.. primary], SecondaryGroups = [.. secondary ?? []], MaxWait = maxWait },
            };
        });
        foreach (string group in new[] { "A", "B", "C", "D" })
        {
            for (int i = 1; i <= 2; i++)
            {
                center.Engine.AddAgent(new AgentProfile(new AgentId($"{group.ToLowerInvariant()}{i}")) { Skills = [new AgentSkill(new SkillId("brand"))], Groups = [new AgentGroupId(group)] }, AgentState.Online);
            }
        }

        return center;
    }

    private static string GroupOf(string agent) => agent[..1].ToUpperInvariant();

    /// <summary>Submits a conversation and lets the first agent offered accept it; returns that agent's group.</summary>
    private static string Take(Center center, string id)
    {
        ConversationSnapshot submitted = center.Submit(id, "brand");
        string agent = submitted.OfferedTo[0].Value;
        submitted.OfferedTo.ShouldAllBe(a => GroupOf(a.Value) == GroupOf(agent), "only one group's agents are offered a conversation");
        center.Engine.Accept(new ConversationId(id), new AgentId(agent));
        return GroupOf(agent);
    }

    [Test]
    public void FortyThirtyThirty_IsExactAtEveryPrefix()
    {
        using Center center = Brand([Share("A", 40), Share("B", 30), Share("C", 30)]);
        var counts = new Dictionary<string, int> { ["A"] = 0, ["B"] = 0, ["C"] = 0 };
        var targets = new Dictionary<string, double> { ["A"] = 0.4, ["B"] = 0.3, ["C"] = 0.3 };
        for (int n = 1; n <= 200; n++)
        {
            string group = Take(center, $"c{n}");
            counts[group]++;
            center.Engine.Close(new ConversationId($"c{n}"));
            foreach ((string g, int count) in counts)
            {
                Math.Abs(count - (targets[g] * n)).ShouldBeLessThan(1.0, $"group {g} after {n} conversations");
            }
        }

        WorkloadReport report = center.Engine.GetWorkloadReport(new SkillId("brand"));
        report.PrimaryTotal.ShouldBe(200);
        report.Find(new AgentGroupId("A"))!.PrimaryCount.ShouldBe(80);
        report.Find(new AgentGroupId("B"))!.ActualPrimaryPercentage.ShouldBe(30, 1e-9);
    }

    [Test]
    public void PrimaryGroupWithNobodyAvailable_CascadesToSecondaries_SplitByTheirPercentages()
    {
        using Center center = Brand([Share("A", 50), Share("B", 50)], [Share("C", 50), Share("D", 50)]);
        center.Engine.SetAgentState(new AgentId("a1"), AgentState.Away);
        center.Engine.SetAgentState(new AgentId("a2"), AgentState.Away);

        var taken = new List<string>();
        for (int n = 1; n <= 20; n++)
        {
            taken.Add(Take(center, $"c{n}"));
        }

        taken.Count(g => g == "A").ShouldBe(0);
        taken.Count(g => g == "B").ShouldBe(10);
        taken.Count(g => g == "C").ShouldBe(5);
        taken.Count(g => g == "D").ShouldBe(5);
        center.Log.Of(RoutingEventKind.Cascaded).Length.ShouldBe(10);
        center.Log.Of(RoutingEventKind.Cascaded).ShouldAllBe(e => e.Reason == RoutingEventReason.PrimaryGroupUnavailable && e.Detail!.StartsWith("from group 'A'"));
        WorkloadReport report = center.Engine.GetWorkloadReport(new SkillId("brand"));
        report.CascadedTotal.ShouldBe(10);
        report.Find(new AgentGroupId("C"))!.CascadedCount.ShouldBe(5);
        report.Find(new AgentGroupId("A"))!.PrimaryCount.ShouldBe(0);
        report.Find(new AgentGroupId("A"))!.ActualPrimaryPercentage.ShouldBe(0); // shares count what a group took
        report.Find(new AgentGroupId("B"))!.ActualPrimaryPercentage.ShouldBe(100);
        report.PrimaryTotalSinceChange.ShouldBe(10);
    }

    [Test]
    public void NobodyInPrimaryNorSecondaries_TheConversationWaitsForItsPrimaryGroup()
    {
        using Center center = Brand([Share("A", 50), Share("B", 50)], [Share("C", 100)]);
        foreach (string agent in new[] { "a1", "a2", "c1", "c2" })
        {
            center.Engine.SetAgentState(new AgentId(agent), AgentState.Away);
        }

        ConversationSnapshot first = center.Submit("c1", "brand");
        first.AgentGroup.ShouldBe(new AgentGroupId("A"));
        first.State.ShouldBe(ConversationState.Waiting);
        center.Advance(600);
        center.State("c1").ShouldBe(ConversationState.Waiting); // B's agents, free all along, do not take A's conversation

        center.Engine.SetAgentState(new AgentId("a2"), AgentState.Online);
        center.OfferedTo("c1").ShouldBe(["a2"]);
        center.Engine.Accept(new ConversationId("c1"), new AgentId("a2"));
        center.Engine.GetWorkloadReport(new SkillId("brand")).Find(new AgentGroupId("A"))!.PrimaryCount.ShouldBe(1);
    }

    [Test]
    public void MaximumWait_CascadesAConversationItsPrimaryGroupLeavesUnanswered()
    {
        using Center center = Brand([Share("A", 50), Share("B", 50)], [Share("C", 100)], maxWait: TimeSpan.FromSeconds(30), steps: 1);
        ConversationSnapshot submitted = center.Submit("c1", "brand");
        submitted.AgentGroup.ShouldBe(new AgentGroupId("A"));
        center.OfferedTo("c1").ShouldBe(["a1", "a2"]);

        center.Advance(29);
        center.Get("c1").AgentGroup.ShouldBe(new AgentGroupId("A"));
        center.Advance(7); // the wait passed at 30 s; the re-offer to A exhausts at 36 s

        ConversationSnapshot cascaded = center.Get("c1");
        cascaded.AgentGroup.ShouldBe(new AgentGroupId("C"));
        cascaded.OfferedTo.Select(a => a.Value).ShouldBe(["c1", "c2"]);
        center.Log.Of(RoutingEventKind.Cascaded, "c1").Single().Reason.ShouldBe(RoutingEventReason.MaxWaitPassed);
        center.Engine.Accept(new ConversationId("c1"), new AgentId("c2"));
        center.Engine.GetWorkloadReport(new SkillId("brand")).Find(new AgentGroupId("C"))!.CascadedCount.ShouldBe(1);
    }

    [Test]
    public void MaximumWait_PassedWhileWaiting_CascadesAtOnce()
    {
        using Center center = Brand([Share("A", 50), Share("B", 50)], [Share("C", 100)], maxWait: TimeSpan.FromSeconds(30));
        center.Engine.SetAgentState(new AgentId("c1"), AgentState.Away);
        center.Engine.SetAgentState(new AgentId("c2"), AgentState.Away);
        center.Engine.SetAgentState(new AgentId("a1"), AgentState.Away);
        center.Engine.SetAgentState(new AgentId("a2"), AgentState.Away);
        center.Submit("c1", "brand").State.ShouldBe(ConversationState.Waiting);
        center.Engine.SetAgentState(new AgentId("c1"), AgentState.Online); // C may not take it yet: A's wait has not passed
        center.State("c1").ShouldBe(ConversationState.Waiting);
        center.Advance(30);
        center.OfferedTo("c1").ShouldBe(["c1"]);
    }

    [Test]
    public void RunTimeChange_AppliesToNewConversations_AndBadChangesAreRefused()
    {
        using Center center = Brand([Share("A", 50), Share("B", 50)]);
        center.Engine.ConfigureWorkload(new SkillId("brand"), WorkloadDistribution.Create([new AgentGroupShare(new AgentGroupId("C"), 100), new AgentGroupShare(new AgentGroupId("D"), 0)]));
        for (int n = 1; n <= 5; n++)
        {
            Take(center, $"c{n}").ShouldBe("C");
        }

        RoutingOperationException unknown = Should.Throw<RoutingOperationException>(() =>
            center.Engine.ConfigureWorkload(new SkillId("brand"), WorkloadDistribution.Create([new AgentGroupShare(new AgentGroupId("A"), 50), new AgentGroupShare(new AgentGroupId("Z"), 50)])));
        unknown.Code.ShouldBe(RoutingErrorCode.UnknownAgentGroup);
        unknown.Message.ShouldContain("'Z'");
        Take(center, "c6").ShouldBe("C"); // the refused change changed nothing

        center.Engine.ConfigureWorkload(new SkillId("brand"), null);
        RoutingOperationException none = Should.Throw<RoutingOperationException>(() => center.Engine.GetWorkloadReport(new SkillId("brand")));
        none.Code.ShouldBe(RoutingErrorCode.NoWorkloadDistribution);
        none.Message.ShouldContain("no workload distribution");
        center.Submit("c7", "brand").OfferedTo.Length.ShouldBe(8); // all the skill's agents again
    }

    [Test]
    public void BadDistributionsInOptions_AreReportedTogether_NamingSkillAndGroup()
    {
        var options = new RoutingOptions();
        options.AgentGroups.AddRange(["A", "B"]);
        options.Skills["brand"] = new SkillOptions
        {
            Workload = new WorkloadDistributionOptions { PrimaryGroups = [Share("A", 60), Share("X", 30)] },
        };
        options.Skills["other"] = new SkillOptions
        {
            Workload = new WorkloadDistributionOptions { PrimaryGroups = [Share("A", 100)] },
        };

        OptionsValidationException error = Should.Throw<OptionsValidationException>(() => RoutingEngine.Create(options));
        error.Message.ShouldContain("'brand'");
        error.Message.ShouldContain("'X'");
        error.Message.ShouldContain("'other'");
        error.Failures.Count().ShouldBeGreaterThanOrEqualTo(3);
    }
}
