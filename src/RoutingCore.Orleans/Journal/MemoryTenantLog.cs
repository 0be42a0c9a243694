namespace RoutingCore.Orleans.Journal;

/// <summary>
/// The tenants' journals and feeds in this process's memory, for a one-silo development host (they die with it); used
/// when <see cref="RoutingCoreOrleansOptions.Redis"/> is not set.
/// </summary>
internal sealed class MemoryTenantLog(int eventRetention) : ITenantLog
{
    private readonly Dictionary<string, Tenant> _tenants = new(StringComparer.Ordinal);

    public Task<long> TakeOwnershipAsync(string tenant)
    {
        lock (_tenants)
        {
            return Task.FromResult(++Get(tenant).Owner);
        }
    }

    public Task<TenantTail> ReadTailAsync(string tenant, long after)
    {
        lock (_tenants)
        {
            Tenant state = Get(tenant);
            return Task.FromResult(new TenantTail([.. state.Records.Where(r => r.Sequence > after)], state.LastEvent));
        }
    }

    public Task AppendAsync(string tenant, long owner, IReadOnlyList<LogEntry> records, IReadOnlyList<LogEntry> events)
    {
        lock (_tenants)
        {
            Tenant state = Owned(tenant, owner);
            state.Records.AddRange(records);
            state.Events.AddRange(events);
            if (events.Count > 0)
            {
                state.LastEvent = events[^1].Sequence;
            }

            if (state.Events.Count > eventRetention)
            {
                state.Events.RemoveRange(0, state.Events.Count - eventRetention);
            }
        }

        return Task.CompletedTask;
    }

    public Task TrimAsync(string tenant, long owner, long upTo)
    {
        lock (_tenants)
        {
            Owned(tenant, owner).Records.RemoveAll(r => r.Sequence <= upTo);
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<LogEntry>> ReadEventsAsync(string tenant, long after, int max)
    {
        lock (_tenants)
        {
            return Task.FromResult<IReadOnlyList<LogEntry>>([.. Get(tenant).Events.Where(e => e.Sequence > after).Take(max)]);
        }
    }

    private Tenant Owned(string tenant, long owner)
    {
        Tenant state = Get(tenant);
        return state.Owner == owner ? state : throw TenantOwnershipLost.Exception(tenant, owner);
    }

    private Tenant Get(string tenant)
    {
        if (!_tenants.TryGetValue(tenant, out Tenant? state))
        {
            state = new Tenant();
            _tenants.Add(tenant, state);
        }

        return state;
    }

    private sealed class Tenant
    {
        public long Owner { get; set; }

        public long LastEvent { get; set; }

        public List<LogEntry> Records { get; } = [];

        public List<LogEntry> Events { get; } = [];
    }
}
