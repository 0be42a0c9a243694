using StackExchange.Redis;
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

        long sequenceBefore = await grain.GetLastCommandSequence();
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
        sequenceBefore.ShouldBeGreaterThan(ClusterKit.SnapshotAfterRecords); // a snapshot was taken and the journal goes on after it

        SiloHandle victim = _cluster.Silos.Single(s => s.SiloAddress.Equals(silo));
        await _cluster.KillSiloAsync(victim);

        // The next call activates the grain elsewhere, from what Redis holds.
        SiloAddress movedTo = await Eventually(() => grain.GetSiloAddress());
        movedTo.ShouldNotBe(silo);

        // Rebuilt from its snapshot and journal: every change there, nothing more (no timer fired: the offers' steps are
        // 60 s away), and so every pending offer keeps its due time.
        (await grain.GetLastCommandSequence()).ShouldBe(sequenceBefore);

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

        // Work goes on, and events still reach the host (the subscription came back from storage).
        await grain.Accept(new ConversationId("pending-1"), conversations["pending-1"].OfferedTo[0]);
        RoutingEvent accepted = await collector.WaitFor((t, e) => t == tenant && e.Kind == RoutingEventKind.Accepted && e.Conversation == new ConversationId("pending-1"));
        accepted.Agent.ShouldBe(conversations["pending-1"].OfferedTo[0]);
        (await grain.GetConversation(new ConversationId("pending-1"))).State.ShouldBe(ConversationState.Assigned);

        // The other tenant was untouched, wherever it lived.
        (await _cluster.GrainFactory.GetGrain<IRoutingTenantGrain>(bystander).GetConversation(new ConversationId("pending-1"))).State.ShouldBe(ConversationState.Offered);
    }

    [Test]
    public async Task KillSilo_NobodyCalls_StepAndOfferTimeoutDueDuringTheOutageRunWithinTheWakeUpBound()
    {
        var collector = new EventCollector();
        (string tenant, IRoutingTenantGrain grain, SiloAddress silo) = await PickTenantOffPrimary(ClusterKit.LatePrefix);
        ConversationSnapshot offered = await ClusterKit.SubmitToIdleThenBusy(_cluster, grain, collector, "c-outage");
        DateTimeOffset firstOffer = (await collector.WaitFor((t, e) => t == tenant && e.Kind == RoutingEventKind.Offered && e.Conversation == offered.Id)).Timestamp;

        // Killed right after the offer; nobody calls the tenant again. Its step (1 s) and then its last offer's timeout fall
        // due while the silo is dead (detection takes longer); the tenant's reminder wakes it on another silo, where both run.
        await _cluster.KillSiloAsync(_cluster.Silos.Single(s => s.SiloAddress.Equals(silo)));
        TimeSpan patience = ClusterKit.WakeUpBound + (2 * ClusterKit.LateStepDelay) + TimeSpan.FromSeconds(5);
        RoutingEvent step2 = await collector.WaitFor((t, e) => t == tenant && e.Kind == RoutingEventKind.Offered && e.Agent == new AgentId("busy"), patience);
        RoutingEvent timeout = await collector.WaitFor((t, e) => t == tenant && e.Kind == RoutingEventKind.OfferTimedOut && e.Conversation == offered.Id && e.Agent == new AgentId("busy"), patience);

        // Each carries its own due time, and was heard late, but within the documented bound (wake-up period + detection).
        DateTimeOffset stepDue = firstOffer + ClusterKit.LateStepDelay;
        DateTimeOffset timeoutDue = stepDue + ClusterKit.LateStepDelay;
        step2.Timestamp.ShouldBe(stepDue, TimeSpan.FromMilliseconds(500));
        timeout.Timestamp.ShouldBe(timeoutDue, TimeSpan.FromMilliseconds(500));
        foreach ((RoutingEvent routingEvent, DateTimeOffset due) in new[] { (step2, stepDue), (timeout, timeoutDue) })
        {
            TimeSpan late = collector.ReceivedAt(routingEvent) - due;
            TestContext.Out.WriteLine($"{routingEvent.Kind} due {due:O}: heard {late.TotalSeconds:F1} s late (bound {ClusterKit.WakeUpBound.TotalSeconds} s)");
            late.ShouldBeLessThan(ClusterKit.WakeUpBound);
        }

        // The feed holds each event once, in order, numbered without a gap: one second-step offer, one timeout.
        IReadOnlyList<RoutingEvent> feed = await ReadFeed(grain);
        feed.Select(e => e.Sequence).ShouldBe(Enumerable.Range(1, feed.Count).Select(i => (long)i));
        feed.Count(e => e.Kind == RoutingEventKind.Offered && e.Agent == new AgentId("busy")).ShouldBe(1);
        feed.Count(e => e.Kind == RoutingEventKind.OfferTimedOut && e.Agent == new AgentId("busy")).ShouldBe(1);
        (await grain.GetSiloAddress()).ShouldNotBe(silo);
    }

    [Test]
    public async Task KillSilo_SubmitInFlight_RetryMeetsTheStoredOutcome_FeedHasEachEventOnce()
    {
        var collector = new EventCollector();
        (string tenant, IRoutingTenantGrain grain, SiloAddress silo) = await PickTenantOffPrimary("inflight-");
        await grain.Subscribe(_cluster.Client.CreateObjectReference<IRoutingEventObserver>(collector));
        await grain.AddAgent(ClusterKit.Agent("kim"), AgentState.Online);
        ConversationRequest request = ClusterKit.Conversation("c-inflight");

        // The Submit is stored (appended to the journal), then its silo dies before the reply leaves.
        using (HoldReplies(tenant, "c-inflight", out Task stored))
        {
            Task<ConversationSnapshot> inFlight = grain.Submit(request);
            await stored.WaitAsync(TimeSpan.FromSeconds(10));
            await _cluster.KillSiloAsync(_cluster.Silos.Single(s => s.SiloAddress.Equals(silo)));
            await Should.ThrowAsync<Exception>(() => inFlight.WaitAsync(TimeSpan.FromSeconds(60)));
        }

        await AssertRetryMeetsStoredOutcome(grain, request, new AgentId("kim"), silo);
    }

    [Test]
    public async Task StopSiloGracefully_SubmitInFlight_StepsRunWithoutCalls_RetryMeetsTheStoredOutcome()
    {
        var collector = new EventCollector();
        (string tenant, IRoutingTenantGrain grain, SiloAddress silo) = await PickTenantOffPrimary(ClusterKit.OutagePrefix + "graceful-");
        ConversationSnapshot offered = await ClusterKit.SubmitToIdleThenBusy(_cluster, grain, collector, "c-before-stop");
        DateTimeOffset firstOffer = (await collector.WaitFor((t, e) => t == tenant && e.Kind == RoutingEventKind.Offered && e.Conversation == offered.Id)).Timestamp;
        ConversationRequest request = ClusterKit.Conversation("c-inflight");

        // A Submit is stored; while its reply is held the silo is stopped as in a rolling deploy; the reply is lost.
        using (HoldReplies(tenant, "c-inflight", out Task stored))
        {
            Task<ConversationSnapshot> inFlight = grain.Submit(request);
            await stored.WaitAsync(TimeSpan.FromSeconds(10));
            Task stopping = _cluster.StopSiloAsync(_cluster.Silos.Single(s => s.SiloAddress.Equals(silo)));
            await Should.ThrowAsync<Exception>(() => inFlight.WaitAsync(TimeSpan.FromSeconds(60)));
            await stopping.WaitAsync(TimeSpan.FromSeconds(60));
        }

        // Nobody calls: the reminder wakes the tenant elsewhere and the pending step runs within the bound.
        RoutingEvent step2 = await collector.WaitFor((t, e) => t == tenant && e.Kind == RoutingEventKind.Offered && e.Agent == new AgentId("busy") && e.Conversation == offered.Id, ClusterKit.WakeUpBound + ClusterKit.OutageStepDelay + TimeSpan.FromSeconds(5));
        TimeSpan late = collector.ReceivedAt(step2) - (firstOffer + ClusterKit.OutageStepDelay);
        TestContext.Out.WriteLine($"step heard {late.TotalSeconds:F1} s after its due time");
        late.ShouldBeLessThan(ClusterKit.WakeUpBound);

        await AssertRetryMeetsStoredOutcome(grain, request, null, silo);
    }

    [Test]
    public async Task OldActivation_AfterANewOneTookTheTenant_CannotAppend()
    {
        const string tenant = "fenced";
        IRoutingTenantGrain grain = _cluster.GrainFactory.GetGrain<IRoutingTenantGrain>(tenant);
        await grain.AddAgent(ClusterKit.Agent("first"), AgentState.Online);
        long before = await grain.GetLastCommandSequence();

        // Another activation takes the tenant (as after a split brain: it incremented the ownership version).
        await ClusterKit.Redis.StringIncrementAsync(ClusterKit.TenantKey(tenant, "owner"));

        Exception refused = await Should.ThrowAsync<InvalidOperationException>(() => grain.AddAgent(ClusterKit.Agent("late"), AgentState.Online));
        refused.Message.ShouldContain($"Tenant '{tenant}': this activation (ownership version");
        refused.Message.ShouldContain("lost the tenant to a newer activation; its change was not stored");
        StreamEntry[] journal = await ClusterKit.Redis.StreamRangeAsync(ClusterKit.TenantKey(tenant, "journal"));
        journal.ShouldNotContain(entry => entry.Values[0].Value.ToString().Contains("\"late\"", StringComparison.Ordinal));

        // The old activation dropped itself: the next call runs on a new one, rebuilt from what is stored, without 'late'.
        (await grain.GetAgents()).Select(a => a.Id.Value).ShouldBe(["first"]);
        (await grain.GetLastCommandSequence()).ShouldBe(before);
        await grain.AddAgent(ClusterKit.Agent("late"), AgentState.Online);
        (await grain.GetLastCommandSequence()).ShouldBe(before + 1);
    }

    /// <summary>
    /// After the reply of <paramref name="request"/>'s Submit was lost: the tenant is on another silo, the Submit is there as
    /// stored, the client's retry meets it, and the feed shows its events once.
    /// </summary>
    private static async Task AssertRetryMeetsStoredOutcome(IRoutingTenantGrain grain, ConversationRequest request, AgentId? offeredTo, SiloAddress deadSilo)
    {
        // The client's retry: the restored engine holds the Submit, and answers the repeat with the stored outcome (issue 18's
        // retry rule), storing nothing new.
        long sequence = await Eventually(() => grain.GetLastCommandSequence());
        ConversationSnapshot retried = await Eventually(() => grain.Submit(request));
        ConversationSnapshot stored = await grain.GetConversation(request.Id);
        retried.State.ShouldBe(stored.State);
        retried.OfferedTo.ShouldBe(stored.OfferedTo);
        (await grain.GetLastCommandSequence()).ShouldBe(sequence);
        stored.State.ShouldBeOneOf(ConversationState.Offered, ConversationState.Waiting);
        if (offeredTo is { } agent)
        {
            stored.OfferedTo.ShouldBe([agent]);
        }

        (await grain.GetSiloAddress()).ShouldNotBe(deadSilo);
        IReadOnlyList<RoutingEvent> feed = await ReadFeed(grain);
        feed.Select(e => e.Sequence).ShouldBe(Enumerable.Range(1, feed.Count).Select(i => (long)i));
        RoutingEvent first = feed.First(e => e.Conversation == request.Id);
        feed.Count(e => e.Conversation == request.Id && e.Kind == first.Kind).ShouldBe(1);
    }

    /// <summary>Holds the reply of the call whose append stores a record naming <paramref name="conversation"/>; <paramref name="stored"/> completes once it is stored.</summary>
    private static IDisposable HoldReplies(string tenant, string conversation, out Task stored)
    {
        var appended = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        string quoted = $"\"{conversation}\"";
        HookedTenantLog.AfterAppend = async (t, records) =>
        {
            if (t == tenant && records.Any(r => System.Text.Encoding.UTF8.GetString(r.Data).Contains(quoted, StringComparison.Ordinal)))
            {
                appended.TrySetResult();
                await release.Task.WaitAsync(TimeSpan.FromSeconds(3));
                throw new IOException("The reply was lost (test).");
            }
        };
        stored = appended.Task;
        return new Release(() =>
        {
            HookedTenantLog.AfterAppend = null;
            release.TrySetResult();
        });
    }

    private sealed class Release(Action action) : IDisposable
    {
        public void Dispose() => action();
    }

    /// <summary>The tenant's whole event feed, page by page.</summary>
    private static async Task<IReadOnlyList<RoutingEvent>> ReadFeed(IRoutingTenantGrain grain)
    {
        var events = new List<RoutingEvent>();
        long after = 0;
        while (true)
        {
            RoutingEventPage page = await grain.GetEvents(after, 50);
            page.Missed.ShouldBe(0);
            events.AddRange(page.Events);
            if (page.Events.IsEmpty)
            {
                return events;
            }

            after = page.Next;
        }
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

        // Every change is a record in the tenant's journal: repeats that change nothing append none (issue 19 removed the
        // whole-state export this test compared before).
        long before = await grain.GetLastCommandSequence();
        var agentsBefore = await grain.GetAgents();
        await _cluster.KillSiloAsync(_cluster.Silos.Single(s => s.SiloAddress.Equals(silo)));
        (await Eventually(() => grain.GetSiloAddress())).ShouldNotBe(silo);

        foreach (Func<Task> call in calls)
        {
            await call();
        }

        (await grain.GetLastCommandSequence()).ShouldBe(before);
        (await grain.GetAgents()).Select(a => (a.Id, a.State, a.Load, a.Conversations)).ShouldBe(agentsBefore.Select(a => (a.Id, a.State, a.Load, a.Conversations)));
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
