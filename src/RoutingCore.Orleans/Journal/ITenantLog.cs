namespace RoutingCore.Orleans.Journal;

/// <summary>
/// Where each tenant's journal of command records and its event feed are kept (Redis in production, memory for a
/// one-silo development host), with the ownership version that fences an activation that lost its tenant.
/// </summary>
/// <remarks>
/// Every method is one round trip. An append and a trim carry the ownership version the activation took
/// (<see cref="TakeOwnershipAsync"/>); once another activation took a newer one, they fail with
/// an <see cref="InvalidOperationException"/> (<see cref="TenantOwnershipLost"/>) and change nothing.
/// </remarks>
internal interface ITenantLog
{
    /// <summary>Takes the tenant: increments its ownership version atomically and returns the new one.</summary>
    Task<long> TakeOwnershipAsync(string tenant);

    /// <summary>Reads the records after <paramref name="after"/> (in order) and the sequence of the last event stored.</summary>
    Task<TenantTail> ReadTailAsync(string tenant, long after);

    /// <summary>Appends records and events, as one atomic step, if <paramref name="owner"/> is still the tenant's ownership version.</summary>
    Task AppendAsync(string tenant, long owner, IReadOnlyList<LogEntry> records, IReadOnlyList<LogEntry> events);

    /// <summary>Removes the records up to <paramref name="upTo"/> (a snapshot holds them), if <paramref name="owner"/> still owns the tenant.</summary>
    Task TrimAsync(string tenant, long owner, long upTo);

    /// <summary>Reads at most <paramref name="max"/> stored events after <paramref name="after"/>, oldest first.</summary>
    Task<IReadOnlyList<LogEntry>> ReadEventsAsync(string tenant, long after, int max);
}

/// <summary>One stored record or event: its sequence number and its bytes.</summary>
internal readonly record struct LogEntry(long Sequence, byte[] Data);

/// <summary>What an activation reads after its snapshot: the records to replay and the last event already stored.</summary>
internal sealed record TenantTail(IReadOnlyList<LogEntry> Records, long LastEventSequence);

/// <summary>The refusal of an append or trim: another activation took the tenant (a newer ownership version).</summary>
/// <remarks>A plain <see cref="InvalidOperationException"/>, so that it crosses the grain boundary to the caller as it is.</remarks>
internal static class TenantOwnershipLost
{
    /// <summary>The exception for <paramref name="tenant"/>'s activation that held <paramref name="owner"/>.</summary>
    public static InvalidOperationException Exception(string tenant, long owner) =>
        new($"Tenant '{tenant}': this activation (ownership version {owner}) lost the tenant to a newer activation; its change was not stored. Retry the call: it goes to the tenant's current activation.");
}
