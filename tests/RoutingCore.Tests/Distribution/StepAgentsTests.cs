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

    [Test]
    public void Plan_BroadcastOverManyAgents_OneStepInRosterOrderWithNoArrayOnTheLargeObjectHeap()
    {
        const int agents = 6_000; // 96 KB as one array of planned agents: past the large-object threshold
        var (engine, _) = TestEngine.Create();
        for (int i = 0; i < agents; i++)
        {
            engine.AddAgent(TestEngine.Agent($"a{i:D5}"), AgentState.Online);
        }

        RoutingPlan plan = engine.Plan(TestEngine.Chat("c"));

        plan.Steps.Length.ShouldBe(1);
        StepAgents step = plan.Steps[0].Agents;
        step.Length.ShouldBe(agents);
        step[StepAgents.ChunkLength - 1].Agent.ShouldBe(new AgentId($"a{StepAgents.ChunkLength - 1:D5}"));
        step[StepAgents.ChunkLength].Agent.ShouldBe(new AgentId($"a{StepAgents.ChunkLength:D5}"));
        step[agents - 1].Agent.ShouldBe(new AgentId($"a{agents - 1:D5}"));
        object storage = typeof(StepAgents).GetField("_storage", BindingFlags.NonPublic | BindingFlags.Instance)!.GetValue(step)!;
        var chunks = storage.ShouldBeOfType<PlannedAgent[][]>();
        chunks.Length.ShouldBe(2);
        chunks.ShouldAllBe(chunk => GC.GetGeneration(chunk) < GC.MaxGeneration); // the large-object heap counts as the oldest generation
    }
}
