using RoutingCore.Orleans.Journal;

namespace RoutingCore.Orleans.Tests;

/// <summary>
/// The silos' tenant log in the tests: Redis, with a hook a test sets to act right after an append was stored (to hold
/// the reply while the test kills or stops the silo: the call's change is stored, its reply never leaves).
/// </summary>
internal sealed class HookedTenantLog(ITenantLog inner) : ITenantLog
{
    /// <summary>Runs after each stored append (silos run in the test process); null for none.</summary>
    public static Func<string, IReadOnlyList<LogEntry>, Task>? AfterAppend { get; set; }

    public Task<long> TakeOwnershipAsync(string tenant) => inner.TakeOwnershipAsync(tenant);

    public Task<TenantTail> ReadTailAsync(string tenant, long after) => inner.ReadTailAsync(tenant, after);

    public async Task AppendAsync(string tenant, long owner, IReadOnlyList<LogEntry> records, IReadOnlyList<LogEntry> events)
    {
        await inner.AppendAsync(tenant, owner, records, events);
        if (AfterAppend is { } hook)
        {
            await hook(tenant, records);
        }
    }

    public Task TrimAsync(string tenant, long owner, long upTo) => inner.TrimAsync(tenant, owner, upTo);

    public Task<IReadOnlyList<LogEntry>> ReadEventsAsync(string tenant, long after, int max) => inner.ReadEventsAsync(tenant, after, max);
}
