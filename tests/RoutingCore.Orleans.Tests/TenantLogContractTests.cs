using RoutingCore.Orleans.Journal;

namespace RoutingCore.Orleans.Tests;

/// <summary>What every tenant log (Redis, memory) must do: fence old owners, keep records in order, trim, read events after a position.</summary>
public abstract class TenantLogContractTests
{
    private protected abstract ITenantLog CreateLog();

    private static LogEntry Entry(long sequence) => new(sequence, [(byte)sequence]);

    [Test]
    public async Task Append_ByTheCurrentOwner_IsReadBackInOrder_AfterAPosition()
    {
        ITenantLog log = CreateLog();
        string tenant = Unique("order");
        long owner = await log.TakeOwnershipAsync(tenant);
        await log.AppendAsync(tenant, owner, [Entry(1), Entry(2)], [Entry(1)]);
        await log.AppendAsync(tenant, owner, [Entry(3)], [Entry(2), Entry(3)]);

        TenantTail tail = await log.ReadTailAsync(tenant, after: 1);
        tail.Records.Select(r => r.Sequence).ShouldBe([2L, 3L]);
        tail.Records[1].Data.ShouldBe(new byte[] { 3 });
        tail.LastEventSequence.ShouldBe(3);
        (await log.ReadEventsAsync(tenant, after: 1, max: 1)).Select(e => e.Sequence).ShouldBe([2L]);
        (await log.ReadEventsAsync(tenant, after: 3, max: 10)).ShouldBeEmpty();
    }

    [Test]
    public async Task AppendAndTrim_ByAnOwnerThatLostTheTenant_AreRefusedAndChangeNothing()
    {
        ITenantLog log = CreateLog();
        string tenant = Unique("fence");
        long old = await log.TakeOwnershipAsync(tenant);
        await log.AppendAsync(tenant, old, [Entry(1)], []);
        long current = await log.TakeOwnershipAsync(tenant);
        current.ShouldBe(old + 1);

        InvalidOperationException refused = await Should.ThrowAsync<InvalidOperationException>(() => log.AppendAsync(tenant, old, [Entry(2)], [Entry(1)]));
        refused.Message.ShouldBe($"Tenant '{tenant}': this activation (ownership version {old}) lost the tenant to a newer activation; its change was not stored. Retry the call: it goes to the tenant's current activation.");
        await Should.ThrowAsync<InvalidOperationException>(() => log.TrimAsync(tenant, old, 1));

        TenantTail tail = await log.ReadTailAsync(tenant, after: 0);
        tail.Records.Select(r => r.Sequence).ShouldBe([1L]);
        tail.LastEventSequence.ShouldBe(0);
    }

    [Test]
    public async Task Trim_UpToASnapshot_KeepsTheRecordsAfterIt()
    {
        ITenantLog log = CreateLog();
        string tenant = Unique("trim");
        long owner = await log.TakeOwnershipAsync(tenant);
        await log.AppendAsync(tenant, owner, [Entry(1), Entry(2), Entry(3), Entry(4)], []);
        await log.TrimAsync(tenant, owner, upTo: 2);

        (await log.ReadTailAsync(tenant, after: 0)).Records.Select(r => r.Sequence).ShouldBe([3L, 4L]);
    }

    private static string Unique(string name) => $"{name}-{Guid.NewGuid():N}";
}

/// <summary>The tenant log in Redis (the tests' server, append-only).</summary>
[TestFixture]
public sealed class RedisTenantLogTests : TenantLogContractTests
{
    private protected override ITenantLog CreateLog() => new RedisTenantLog(AssemblySetup.RedisEndpoint, 100_000);
}

/// <summary>The tenant log in memory (a one-silo development host).</summary>
[TestFixture]
public sealed class MemoryTenantLogTests : TenantLogContractTests
{
    private protected override ITenantLog CreateLog() => new MemoryTenantLog(100_000);

    [Test]
    public async Task Events_BeyondTheRetention_AreDropped_AndAReaderBehindSeesHowManyItMissed()
    {
        ITenantLog log = new MemoryTenantLog(eventRetention: 100);
        long owner = await log.TakeOwnershipAsync("retention");
        await log.AppendAsync("retention", owner, [], [.. Enumerable.Range(1, 150).Select(i => new LogEntry(i, [1]))]);

        IReadOnlyList<LogEntry> kept = await log.ReadEventsAsync("retention", after: 0, max: 1_000);
        kept.Count.ShouldBe(100);
        kept[0].Sequence.ShouldBe(51);
        new RoutingEventPage(0, [new RoutingEvent(RoutingEventKind.Queued, DateTimeOffset.UnixEpoch, new ConversationId("c"), null, null, default) { Sequence = 51 }]).Missed.ShouldBe(50);
        new RoutingEventPage(50, [new RoutingEvent(RoutingEventKind.Queued, DateTimeOffset.UnixEpoch, new ConversationId("c"), null, null, default) { Sequence = 51 }]).Missed.ShouldBe(0);
        new RoutingEventPage(7, []).Next.ShouldBe(7);
    }
}
