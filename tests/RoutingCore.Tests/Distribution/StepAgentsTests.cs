using System.Reflection;

namespace RoutingCore.Tests.Distribution;

/// <summary>
/// A step's agents (<see cref="StepAgents"/>): read like an array, in roster order, and kept in chunks under the
/// large-object threshold however large the step (issue 20: "large steps planned without a large-object allocation per plan").
/// </summary>
public class StepAgentsTests
{
    [TestCase(0)]
    [TestCase(1)]
    [TestCase(StepAgents.ChunkLength)]
    [TestCase(StepAgents.ChunkLength + 1)]
    [TestCase(10_000)]
    public void Create_AnyLength_ListsEveryAgentInOrder(int length)
    {
        PlannedAgent[] agents = [.. Enumerable.Range(0, length).Select(i => new PlannedAgent(new AgentId($"a{i}"), i / 10_000.0))];

        StepAgents list = StepAgents.Create(agents);

        list.Length.ShouldBe(length);
        list.Count.ShouldBe(length);
        list.IsEmpty.ShouldBe(length == 0);
        for (int i = 0; i < length; i++)
        {
            list[i].ShouldBe(agents[i]);
        }

        var enumerated = new List<PlannedAgent>();
        foreach (PlannedAgent agent in list)
        {
            enumerated.Add(agent);
        }

        enumerated.ShouldBe(agents);
        list.ToArray().ShouldBe(agents); // through IEnumerable<PlannedAgent>
    }

    [TestCase(-1)]
    [TestCase(3)]
    public void Indexer_OutsideTheList_ThrowsNamingTheIndexAndTheLength(int index)
    {
        StepAgents list = [new PlannedAgent(new AgentId("a"), 1), new PlannedAgent(new AgentId("b"), 1), new PlannedAgent(new AgentId("c"), 1)];

        Should.Throw<IndexOutOfRangeException>(() => list[index]).Message.ShouldBe($"Index {index} is outside the step's 3 agents.");
    }

    [TestCase("sales", 2, TestName = "Plan_BroadcastOverManyAgents_OneStepInRosterOrderWithNoArrayOnTheLargeObjectHeap(skill: the index's ids shared)")]
    [TestCase(null, 2, TestName = "Plan_BroadcastOverManyAgents_OneStepInRosterOrderWithNoArrayOnTheLargeObjectHeap(any agent: ids of its own)")]
    public void Plan_BroadcastOverManyAgents_OneStepInRosterOrderWithNoArrayOnTheLargeObjectHeap(string? skill, int chunkedArrays)
    {
        const int agents = 6_000; // 96 KB as one array of planned agents: past the large-object threshold
        var (engine, _) = TestEngine.Create();
        engine.AddAgent(TestEngine.Agent("a-away"), AgentState.Away); // not every agent eligible: the plan stores positions
        for (int i = 0; i < agents; i++)
        {
            engine.AddAgent(TestEngine.Agent($"a{i:D5}"), AgentState.Online);
        }

        RoutingPlan plan = engine.Plan(TestEngine.Chat("c", skill));

        plan.Steps.Length.ShouldBe(1);
        StepAgents step = plan.Steps[0].Agents;
        step.Length.ShouldBe(agents);
        step[StepAgents.ChunkLength - 1].Agent.ShouldBe(new AgentId($"a{StepAgents.ChunkLength - 1:D5}"));
        step[StepAgents.ChunkLength].Agent.ShouldBe(new AgentId($"a{StepAgents.ChunkLength:D5}"));
        step[agents - 1].Agent.ShouldBe(new AgentId($"a{agents - 1:D5}"));
        // Every array the plan allocated is under the large-object threshold, on the small-object heap: a skill's plan has
        // chunks of scores and of positions among the skill index's ids (which it refers to); planned over the whole
        // roster, chunks of scores and of its own ids, in order (the positions go without saying).
        object storage = typeof(StepAgents).GetField("_storage", BindingFlags.NonPublic | BindingFlags.Instance)!.GetValue(step)!;
        Array[][] chunked = [.. storage.GetType()
            .GetFields(BindingFlags.NonPublic | BindingFlags.Instance)
            .Select(field => field.GetValue(storage))
            .OfType<Array>()
            .Where(array => array.GetType().GetElementType()!.IsArray)
            .Select(array => array.Cast<Array>().ToArray())];
        chunked.Length.ShouldBe(chunkedArrays);
        chunked.ShouldAllBe(chunks => chunks.Length == 2);
        chunked.SelectMany(chunks => chunks).ShouldAllBe(chunk => GC.GetGeneration(chunk) < GC.MaxGeneration); // the large-object heap counts as the oldest generation
    }

    [Test]
    public void Plan_KeptWhileTheSkillsAgentsChange_StillNamesTheAgentsItWasMadeFor()
    {
        // A plan refers to its skill index's ids (issue 20: a plan copies no id); the index copies them before it changes.
        var (engine, _) = TestEngine.Create(options => options.Strategy = RoutingStrategyNames.LeastLoaded);
        for (int i = 0; i < 8; i++)
        {
            engine.AddAgent(TestEngine.Agent($"a{i}"), AgentState.Online);
        }

        TestEngine.Load(engine, "a1", 1);
        TestEngine.Load(engine, "a6", 1);
        RoutingPlan plan = engine.Plan(TestEngine.Chat("c"));
        RoutingPlan unread = engine.Plan(TestEngine.Chat("c")); // its steps are first read after the changes
        string[][] before = TestEngine.StepAgents(plan);

        engine.RemoveAgent(new AgentId("a0"));
        engine.RemoveAgent(new AgentId("a3"));
        engine.AddAgent(TestEngine.Agent("a2b"), AgentState.Online);
        engine.AddAgent(TestEngine.Agent("a9"), AgentState.Online);

        before.ShouldBe([["a0", "a2", "a3", "a4", "a5", "a7"], ["a1", "a6"]]);
        TestEngine.StepAgents(plan).ShouldBe(before);
        TestEngine.StepAgents(unread).ShouldBe(before);
        TestEngine.StepAgents(engine.Plan(TestEngine.Chat("d"))).ShouldBe([["a2", "a4", "a5", "a7", "a2b", "a9"], ["a1", "a6"]]);
    }
}
