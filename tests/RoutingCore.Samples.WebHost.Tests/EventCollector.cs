using System.Text.Json;

namespace RoutingCore.Samples.WebHost.Tests;

/// <summary>A client of <c>GET /events</c> that collects every item's data in the background until stopped or cut off.</summary>
internal sealed class EventCollector : IAsyncDisposable
{
    private readonly List<JsonElement> _events = [];
    private readonly CancellationTokenSource _stop = new();
    private HttpResponseMessage? _response;
    private Task _reading = Task.CompletedTask;
    private int _disposed;

    private EventCollector()
    {
    }

    /// <summary>
    /// What was collected so far, in arrival order (engine events and <c>Missed</c> items; not "ready", nor the host's own
    /// items of sequence 0 — agent changes and pacing decisions — which are not engine events).
    /// </summary>
    public IReadOnlyList<JsonElement> Events
    {
        get
        {
            lock (_events)
            {
                return [.. _events];
            }
        }
    }

    /// <summary>Opens the stream (resuming after <paramref name="after"/> when given) and waits for its "ready" item.</summary>
    public static async Task<EventCollector> OpenAsync(HttpClient client, long? after, CancellationToken cancellation)
    {
        var collector = new EventCollector();
        collector._response = await client.GetAsync(after is null ? "/events" : $"/events?after={after}", HttpCompletionOption.ResponseHeadersRead, cancellation);
        collector._response.EnsureSuccessStatusCode();
        var reader = new StreamReader(await collector._response.Content.ReadAsStreamAsync(cancellation));
        while (await reader.ReadLineAsync(cancellation) is { } line && line != "event: ready")
        {
        }

        collector._reading = collector.CollectAsync(reader);
        return collector;
    }

    /// <summary>Waits until an item matches (polling what was collected; the deadline fails the wait, never a clock).</summary>
    public async Task<JsonElement> WaitForAsync(string kind, string conversation, CancellationToken cancellation)
    {
        while (true)
        {
            foreach (JsonElement e in Events)
            {
                if (e.GetProperty("kind").GetString() == kind && e.GetProperty("conversation").GetString() == conversation)
                {
                    return e;
                }
            }

            await Task.Delay(10, cancellation);
        }
    }

    /// <summary>Waits until the item numbered <paramref name="sequence"/> or a later one arrived.</summary>
    public async Task WaitForSequenceAsync(long sequence, CancellationToken cancellation)
    {
        while (!Events.Any(e => e.GetProperty("sequence").GetInt64() >= sequence))
        {
            await Task.Delay(10, cancellation);
        }
    }

    /// <summary>Stops reading; what was collected stays. Once: later calls do nothing.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _stop.CancelAsync();
        await _reading;
        _response?.Dispose();
        _stop.Dispose();
    }

    private async Task CollectAsync(StreamReader reader)
    {
        try
        {
            string? kind = "ready"; // the "ready" item's data line follows the line OpenAsync stopped at
            while (await reader.ReadLineAsync(_stop.Token) is { } line)
            {
                if (line.StartsWith("event: ", StringComparison.Ordinal))
                {
                    kind = line["event: ".Length..];
                }
                else if (line.StartsWith("data: ", StringComparison.Ordinal) && kind != "ready")
                {
                    JsonElement data = JsonDocument.Parse(line["data: ".Length..]).RootElement.Clone();
                    if (data.GetProperty("sequence").GetInt64() == 0)
                    {
                        continue;
                    }

                    lock (_events)
                    {
                        _events.Add(data);
                    }
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or HttpRequestException)
        {
            // stopped, or the host was killed: what was collected stays
        }
        finally
        {
            reader.Dispose();
        }
    }
}
