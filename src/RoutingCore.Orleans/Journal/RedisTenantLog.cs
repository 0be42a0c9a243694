using System.Globalization;
using StackExchange.Redis;

namespace RoutingCore.Orleans.Journal;

/// <summary>
/// The tenants' journals and event feeds in Redis. Per tenant (keys share the hash tag <c>{tenant}</c>, so a Redis cluster
/// keeps them on one node): <c>routingcore:{tenant}:owner</c>, the ownership version; <c>:journal</c>, a stream of command
/// records whose entry ids are their sequences (<c>seq-0</c>); <c>:events</c>, a stream of events by sequence, capped.
/// </summary>
/// <remarks>
/// An append is one Lua script (one round trip): it checks the ownership version, then adds the records and the events.
/// Redis runs a script atomically, so an activation that lost the tenant appends nothing, and a record and the events it
/// produced are stored together or not at all. A stream refuses an id not above its last one, so a record or event can
/// never be stored twice.
/// </remarks>
internal sealed class RedisTenantLog(string configuration, int eventRetention) : ITenantLog, IDisposable
{
    private const string Fenced = "ROUTINGCORE_FENCED";

    // KEYS: owner, journal, events. ARGV: owner version, record count, event cap, then (sequence, data) per record, then per event.
    private const string AppendScript = """
        if redis.call('GET', KEYS[1]) ~= ARGV[1] then return redis.error_reply('ROUTINGCORE_FENCED') end
        local records = tonumber(ARGV[2])
        local i = 4
        while i <= #ARGV do
          local key = KEYS[3]
          if records > 0 then key = KEYS[2]; records = records - 1 end
          redis.call('XADD', key, ARGV[i] .. '-0', 'd', ARGV[i + 1])
          i = i + 2
        end
        if #ARGV > 3 then redis.call('XTRIM', KEYS[3], 'MAXLEN', '~', ARGV[3]) end
        return 1
        """;

    // KEYS: owner, journal. ARGV: owner version, first sequence to keep.
    private const string TrimScript = """
        if redis.call('GET', KEYS[1]) ~= ARGV[1] then return redis.error_reply('ROUTINGCORE_FENCED') end
        return redis.call('XTRIM', KEYS[2], 'MINID', ARGV[2] .. '-0')
        """;

    private const int Page = 10_000;

    private readonly object _gate = new();
    private Task<ConnectionMultiplexer>? _connection;

    public async Task<long> TakeOwnershipAsync(string tenant) =>
        await (await Database()).StringIncrementAsync(Key(tenant, "owner")).ConfigureAwait(false);

    public async Task<TenantTail> ReadTailAsync(string tenant, long after)
    {
        IDatabase database = await Database();
        var records = new List<LogEntry>();
        long from = after;
        while (true)
        {
            StreamEntry[] page = await database.StreamRangeAsync(Key(tenant, "journal"), Id(from + 1), "+", Page).ConfigureAwait(false);
            foreach (StreamEntry entry in page)
            {
                records.Add(Entry(entry));
            }

            if (page.Length < Page)
            {
                break;
            }

            from = records[^1].Sequence;
        }

        StreamEntry[] last = await database.StreamRangeAsync(Key(tenant, "events"), "-", "+", 1, Order.Descending).ConfigureAwait(false);
        return new TenantTail(records, last.Length == 0 ? 0 : Sequence(last[0].Id));
    }

    public async Task AppendAsync(string tenant, long owner, IReadOnlyList<LogEntry> records, IReadOnlyList<LogEntry> events)
    {
        var arguments = new RedisValue[3 + (2 * (records.Count + events.Count))];
        arguments[0] = owner;
        arguments[1] = records.Count;
        arguments[2] = eventRetention;
        int i = 3;
        foreach (IReadOnlyList<LogEntry> entries in (ReadOnlySpan<IReadOnlyList<LogEntry>>)[records, events])
        {
            for (int j = 0; j < entries.Count; j++)
            {
                arguments[i++] = entries[j].Sequence;
                arguments[i++] = entries[j].Data;
            }
        }

        await Script(tenant, owner, AppendScript, [Key(tenant, "owner"), Key(tenant, "journal"), Key(tenant, "events")], arguments).ConfigureAwait(false);
    }

    public Task TrimAsync(string tenant, long owner, long upTo) =>
        Script(tenant, owner, TrimScript, [Key(tenant, "owner"), Key(tenant, "journal")], [owner, upTo + 1]);

    public async Task<IReadOnlyList<LogEntry>> ReadEventsAsync(string tenant, long after, int max)
    {
        StreamEntry[] page = await (await Database()).StreamRangeAsync(Key(tenant, "events"), Id(after + 1), "+", max).ConfigureAwait(false);
        var events = new LogEntry[page.Length];
        for (int i = 0; i < page.Length; i++)
        {
            events[i] = Entry(page[i]);
        }

        return events;
    }

    public void Dispose()
    {
        if (_connection is { IsCompletedSuccessfully: true } connected)
        {
            connected.Result.Dispose();
        }
    }

    private async Task Script(string tenant, long owner, string script, RedisKey[] keys, RedisValue[] arguments)
    {
        try
        {
            await (await Database()).ScriptEvaluateAsync(script, keys, arguments).ConfigureAwait(false);
        }
        catch (RedisServerException e) when (e.Message.Contains(Fenced, StringComparison.Ordinal))
        {
            throw TenantOwnershipLost.Exception(tenant, owner);
        }
    }

    /// <summary>The connection, made on first use; a failed attempt is made again on the next use (Redis may start after the silo).</summary>
    private async Task<IDatabase> Database()
    {
        Task<ConnectionMultiplexer> connecting;
        lock (_gate)
        {
            if (_connection is null || _connection.IsFaulted || _connection.IsCanceled)
            {
                _connection = ConnectionMultiplexer.ConnectAsync(configuration);
            }

            connecting = _connection;
        }

        return (await connecting.ConfigureAwait(false)).GetDatabase();
    }

    private static RedisKey Key(string tenant, string part) => $"routingcore:{{{tenant}}}:{part}";

    private static string Id(long sequence) => sequence.ToString(CultureInfo.InvariantCulture) + "-0";

    private static LogEntry Entry(StreamEntry entry) => new(Sequence(entry.Id), (byte[])entry.Values[0].Value!);

    private static long Sequence(RedisValue id)
    {
        string text = id.ToString();
        return long.Parse(text.AsSpan(0, text.IndexOf('-', StringComparison.Ordinal)), CultureInfo.InvariantCulture);
    }
}
