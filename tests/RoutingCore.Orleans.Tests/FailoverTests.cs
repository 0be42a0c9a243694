using System.Diagnostics;
using System.Text.Json.Nodes;
using Orleans.Runtime;
using Orleans.TestingHost;

namespace RoutingCore.Orleans.Tests;

/// <summary>
/// A silo hosting a tenant dies in the middle of offers and assignments; the tenant's grain comes back on another silo
/// from its stored state (Redis), with everything, and events keep reaching the host.
/// </summary>
[TestFixture]
public sealed class FailoverTests
{
    private static readonly SkillId Sales = new("sales");
    private static readonly SkillId Support = new("support");

    private TestCluster _cluster = null!;

    [OneTimeSetUp]
    public async Task StartCluster() => _cluster = await ClusterKit.StartAsync(3);

    [OneTimeTearDown]
    public async Task StopCluster()
    {
        await _cluster.StopAllSilosAsync();
        await _cluster.DisposeAsync();
    }

    [Test]
    public async Task KillSilo_MidOffersAndAssignments_TenantComesBackOnAnotherSiloWithEverything()
    {
        var collector = new EventCollector();
        IRoutingEventObserver observer = _cluster.Client.CreateObjectReference<IRoutingEventObserver>(collector);

        // Several tenants at once; pick one whose grain is not on the primary silo (which hosts the test membership).
        (string tenant, IRoutingTenantGrain grain, SiloAddress silo) = await PickTenantOffPrimary();
        string bystander = await SetUpBusyTenant(_cluster.GrainFactory.GetGrain<IRoutingTenantGrain>($"{tenant}-bystander"), observer);
        await SetUpBusyTenant(grain, observer);

        byte[] before = await grain.ExportState();
        var conversations = new Dictionary<string, ConversationSnapshot>();
        foreach (string id in ConversationIds)
        {
            conversations[id] = await grain.GetConversation(new ConversationId(id));
        }

        var waitingBefore = await grain.GetWaitingConversations();
        WorkloadReport splitBefore = await grain.GetWorkloadReport(Sales);
        var agentsBefore = await grain.GetAgents();

        // The offers are pending (60 s steps), the queue holds two conversations, the split has counted.
        conversations["pending-1"].State.ShouldBe(ConversationState.Offered);
        conversations["assigned-1"].State.ShouldBe(ConversationState.Assigned);
        waitingBefore.Length.ShouldBe(2);
        (splitBefore.PrimaryTotal + splitBefore.CascadedTotal).ShouldBeGreaterThan(0);
        JsonNode beforeDocument = ClusterKit.WithoutSaveTime(before);
        beforeDocument["timers"]!.AsArray().Count.ShouldBeGreaterThan(0);

        SiloHandle victim = _cluster.Silos.Single(s => s.SiloAddress.Equals(silo));
        await _cluster.KillSiloAsync(victim);

        // The next call activates the grain elsewhere, from what Redis holds.
        SiloAddress movedTo = await Eventually(() => grain.GetSiloAddress());
        movedTo.ShouldNotBe(silo);

        byte[] after = await grain.ExportState();
        ClusterKit.WithoutSaveTime(after).ToJsonString().ShouldBe(beforeDocument.ToJsonString());

        foreach (string id in ConversationIds)
        {
            ConversationSnapshot now = await grain.GetConversation(new ConversationId(id));
            ConversationSnapshot then = conversations[id];
            now.State.ShouldBe(then.State, id);
            now.Agent.ShouldBe(then.Agent, id);
            now.OfferedTo.ShouldBe(then.OfferedTo, id);
            now.Step.ShouldBe(then.Step, id);
            now.SlaDue.ShouldBe(then.SlaDue, id);
            now.AgentGroup.ShouldBe(then.AgentGroup, id);
            now.Excluded.ShouldBe(then.Excluded, id);
        }

        (await grain.GetWaitingConversations()).Select(w => (w.Id, w.Sequence, w.QueuedAt)).ShouldBe(waitingBefore.Select(w => (w.Id, w.Sequence, w.QueuedAt)));
        WorkloadReport splitAfter = await grain.GetWorkloadReport(Sales);
        splitAfter.Groups.Select(g => (g.Group, g.PrimaryCount, g.CascadedCount)).ShouldBe(splitBefore.Groups.Select(g => (g.Group, g.PrimaryCount, g.CascadedCount)));
        (await grain.GetAgents()).Select(a => (a.Id, a.State, a.Load, a.Reserved, a.PendingOffers, a.Conversations))
            .ShouldBe(agentsBefore.Select(a => (a.Id, a.State, a.Load, a.Reserved, a.PendingOffers, a.Conversations)));

        // Each pending offer is still due at the same absolute moment, so its remaining time is due - now.
        DateTimeOffset[] dueBefore = StepDueTimes(beforeDocument);
        DateTimeOffset[] dueAfter = StepDueTimes(ClusterKit.WithoutSaveTime(after));
        dueAfter.ShouldBe(dueBefore);
        dueAfter.ShouldAllBe(due => due > DateTimeOffset.UtcNow);

        // Work goes on, and events still reach the host (the subscription came back from storage).
        await grain.Accept(new ConversationId("pending-1"), conversations["pending-1"].OfferedTo[0]);
        RoutingEvent accepted = await collector.WaitFor((t, e) => t == tenant && e.Kind == RoutingEventKind.Accepted && e.Conversation == new ConversationId("pending-1"));
        accepted.Agent.ShouldBe(conversations["pending-1"].OfferedTo[0]);
        (await grain.GetConversation(new ConversationId("pending-1"))).State.ShouldBe(ConversationState.Assigned);

        // The other tenant was untouched, wherever it lived.
        (await _cluster.GrainFactory.GetGrain<IRoutingTenantGrain>(bystander).GetConversation(new ConversationId("pending-1"))).State.ShouldBe(ConversationState.Offered);
    }

    [Test]
    public async Task KillSilo_StepFallsDueDuringOutage_RunsAtItsDueTimeOnTheNewSilo()
    {
        var collector = new EventCollector();
        (string tenant, IRoutingTenantGrain grain, SiloAddress silo) = await PickTenantOffPrimary(ClusterKit.OutagePrefix);
        await ClusterKit.SubmitToIdleThenBusy(_cluster, grain, collector, "c-outage");
        DateTimeOffset due = StepDueTimes(ClusterKit.WithoutSaveTime(await grain.ExportState())).ShouldHaveSingleItem();

        await _cluster.KillSiloAsync(_cluster.Silos.Single(s => s.SiloAddress.Equals(silo)));
        await Task.Delay(ClusterKit.OutageStepDelay);
        (await Eventually(() => grain.GetSiloAddress())).ShouldNotBe(silo);

        // The step ran once, at its own due time (not a whole delay late, not lost), and the host heard of it.
        RoutingEvent second = await collector.WaitFor((t, e) => t == tenant && e.Kind == RoutingEventKind.Offered && e.Agent == new AgentId("busy"));
        second.Conversation.ShouldBe(new ConversationId("c-outage"));
        second.Timestamp.ShouldBeGreaterThanOrEqualTo(due);
        (second.Timestamp - due).ShouldBeLessThan(ClusterKit.OutageStepDelay);
        ConversationSnapshot after = await grain.GetConversation(new ConversationId("c-outage"));
        after.Step.ShouldBe(1);
        after.OfferedTo.ShouldContain(new AgentId("busy"));
        collector.Events.Count(e => e.Event.Kind == RoutingEventKind.Offered && e.Event.Agent == new AgentId("busy")).ShouldBe(1);
    }

    [Test]
    public async Task KillSilo_AfterCallsWhoseAnswersWereLost_TheirRepeatsOnTheNewSiloChangeNothing()
    {
        // Issue 18: "a retry after a restore (a failover) is still recognized". The host made the last calls, concurrently,
        // and the silo died before it saw their answers: it repeats them on the silo the tenant moved to.
        (_, IRoutingTenantGrain grain, SiloAddress silo) = await PickTenantOffPrimary("retry-");
        await grain.AddAgent(ClusterKit.Agent("r1", maxConcurrent: 4), AgentState.Online);
        await grain.AddAgent(ClusterKit.Agent("r2", skill: "support"), AgentState.Online);
        await grain.Assign(ClusterKit.Conversation("c-kept"), new AgentId("r1"));
        await grain.Assign(ClusterKit.Conversation("c-moved"), new AgentId("r1"));
        await grain.Assign(ClusterKit.Conversation("c-done"), new AgentId("r1"));
        var calls = new List<Func<Task>>
        {
            () => grain.Assign(ClusterKit.Conversation("c-new"), new AgentId("r1")),
            () => grain.ReportMessage(new ConversationId("c-kept"), MessageAuthor.Consumer, null, new MessageId("m-1")),
            () => grain.Transfer(new ConversationId("c-moved"), Support, new OperationId("op-transfer")),
            () => grain.AddAgent(ClusterKit.Agent("r3"), AgentState.Online),
            () => grain.Close(new ConversationId("c-done")),
        };
        foreach (Func<Task> call in calls)
        {
            await call();
        }

        JsonNode before = ClusterKit.WithoutSaveTime(await grain.ExportState());
        await _cluster.KillSiloAsync(_cluster.Silos.Single(s => s.SiloAddress.Equals(silo)));
        (await Eventually(() => grain.GetSiloAddress())).ShouldNotBe(silo);

        foreach (Func<Task> call in calls)
        {
            await call();
        }

        ClusterKit.WithoutSaveTime(await grain.ExportState()).ToJsonString().ShouldBe(before.ToJsonString());
        (await grain.GetConversation(new ConversationId("c-moved"))).Skill.ShouldBe(Support);
    }

    private static readonly string[] ConversationIds = ["assigned-1", "assigned-2", "pending-1", "pending-2", "declined-1", "queued-low", "queued-high"];

    /// <summary>Agents in two vendor groups, a 50/50 split on 'sales', assignments, pending offers, a decline and a queue.</summary>
    private static async Task<string> SetUpBusyTenant(IRoutingTenantGrain grain, IRoutingEventObserver observer)
    {
        await grain.Subscribe(observer);
        await grain.AddAgent(ClusterKit.Agent("a1", maxConcurrent: 3, groups: "vendor-a"), AgentState.Online);
        await grain.AddAgent(ClusterKit.Agent("a2", maxConcurrent: 3, groups: "vendor-a"), AgentState.Online);
        await grain.AddAgent(ClusterKit.Agent("b1", maxConcurrent: 3, groups: "vendor-b"), AgentState.Online);
        await grain.AddAgent(ClusterKit.Agent("s1", skill: "support"), AgentState.Away);
        await grain.ConfigureWorkload(Sales, WorkloadDistribution.Create([new AgentGroupShare(new AgentGroupId("vendor-a"), 50), new AgentGroupShare(new AgentGroupId("vendor-b"), 50)]));

        await AssignFirstOffer(grain, "assigned-1");
        await AssignFirstOffer(grain, "assigned-2");
        await grain.Submit(ClusterKit.Conversation("pending-1"));
        await grain.Submit(ClusterKit.Conversation("pending-2"));
        ConversationSnapshot declined = await grain.Submit(ClusterKit.Conversation("declined-1"));
        await grain.Decline(new ConversationId("declined-1"), declined.OfferedTo[0]);
        await grain.Submit(ClusterKit.Conversation("queued-low", skill: "support", priority: 1));
        await grain.Submit(ClusterKit.Conversation("queued-high", skill: "support", priority: 7));
        return grain.GetPrimaryKeyString();
    }

    private static async Task AssignFirstOffer(IRoutingTenantGrain grain, string id)
    {
        ConversationSnapshot offered = await grain.Submit(ClusterKit.Conversation(id));
        await grain.Accept(new ConversationId(id), offered.OfferedTo[0]);
    }

    private async Task<(string Tenant, IRoutingTenantGrain Grain, SiloAddress Silo)> PickTenantOffPrimary(string prefix = "failover-")
    {
        while (_cluster.Silos.Count < 3)
        {
            await _cluster.StartAdditionalSiloAsync(); // another test of this fixture killed one
        }

        SiloAddress primary = _cluster.Primary!.SiloAddress;
        for (int i = 0; i < 100; i++)
        {
            string tenant = $"{prefix}{i}";
            var grain = _cluster.GrainFactory.GetGrain<IRoutingTenantGrain>(tenant);
            SiloAddress silo = await grain.GetSiloAddress();
            if (!silo.Equals(primary))
            {
                return (tenant, grain, silo);
            }
        }

        throw new InvalidOperationException("Every tenant landed on the primary silo.");
    }

    private static DateTimeOffset[] StepDueTimes(JsonNode document) =>
        [.. document["timers"]!.AsArray()
            .Where(t => t!["kind"]!.ToString().Equals("Step", StringComparison.OrdinalIgnoreCase))
            .Select(t => t!["due"]!.GetValue<DateTimeOffset>())];

    /// <summary>Retries a call while the cluster notices the dead silo (at most 60 s).</summary>
    private static async Task<T> Eventually<T>(Func<Task<T>> call)
    {
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (true)
        {
            try
            {
                return await call();
            }
            catch (Exception e) when (!patience.IsCancellationRequested && e is SiloUnavailableException or TimeoutException or OrleansMessageRejectionException or global::Orleans.Runtime.Messaging.ConnectionFailedException)
            {
                await Task.Delay(250);
            }
        }
    }
}
