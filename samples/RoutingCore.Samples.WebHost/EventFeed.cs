using System.Threading.Channels;

namespace RoutingCore.Samples.WebHost;

/// <summary>
/// The engine's events for <c>GET /events</c>: subscribed before the engine is restored, it keeps the latest
/// <see cref="SampleOptions.EventBuffer"/> events, so a client that lost its connection — or a host that restarted —
/// resumes after the last sequence it saw, with no gap (<see cref="Open"/>). After a restart the buffer holds the events
/// the replay of the journal published again, with their numbers; events before the snapshot are gone, and a client that
/// asks for them is told so (<see cref="Missed"/>).
/// </summary>
internal sealed class EventFeed : IRoutingObserver
{
    /// <summary>The kind of the item that tells a client events it asked for are no longer kept.</summary>
    public const string Missed = "Missed";

    /// <summary>Events a reader may fall behind by before it is disconnected (it resumes with its last sequence).</summary>
    private const int ReaderBacklog = 1024;

    private readonly Lock _gate = new();
    private readonly Queue<EventView> _recent = new();
    private readonly List<ChannelWriter<EventView>> _readers = [];
    private readonly int _capacity;
    private long _floor; // the events up to here are not in the buffer

    public EventFeed(Microsoft.Extensions.Options.IOptions<SampleOptions> options) => _capacity = options.Value.EventBuffer;

    /// <summary>The engine's events start after <paramref name="lastEvent"/> (that of its snapshot, before the replay).</summary>
    public void ContinueAfter(long lastEvent)
    {
        lock (_gate)
        {
            _floor = lastEvent;
        }
    }

    public void OnEvent(RoutingEvent routingEvent)
    {
        var view = EventView.From(routingEvent);
        lock (_gate)
        {
            if (_recent.Count == _capacity)
            {
                _floor = _recent.Dequeue().Sequence;
            }

            _recent.Enqueue(view);
            Send(view);
        }
    }

    /// <summary>
    /// Sends an item of the host's own (an agent's state change, a pacing decision) to the clients connected now. It has no
    /// engine sequence (0) and no id on the stream, and is not kept: a client that resumes reads the state again.
    /// </summary>
    public void Publish(string kind, string? agent, string? detail)
    {
        var view = new EventView(0, kind, DateTimeOffset.UtcNow, null, agent, null, "None", null, false, detail);
        lock (_gate)
        {
            Send(view);
        }
    }

    /// <summary>Writes one item to every reader (under the gate).</summary>
    private void Send(EventView view)
    {
        for (int i = _readers.Count - 1; i >= 0; i--)
        {
            if (!_readers[i].TryWrite(view))
            {
                _readers[i].TryComplete(); // too slow: its stream ends, and it resumes from its last sequence
                _readers.RemoveAt(i);
            }
        }
    }

    /// <summary>
    /// A reader of the events after <paramref name="after"/> (null: from now on): those kept, then each new one as it comes,
    /// with none missed or repeated in between. If events after <paramref name="after"/> are no longer kept, the reader's
    /// first item is a <see cref="Missed"/> item numbered with the last of them.
    /// </summary>
    public Reader Open(long? after)
    {
        Channel<EventView> channel = Channel.CreateBounded<EventView>(new BoundedChannelOptions(ReaderBacklog)
        {
            FullMode = BoundedChannelFullMode.Wait, // TryWrite fails when full: the engine never waits for a client
            SingleReader = true,
        });
        var backlog = new List<EventView>();
        lock (_gate)
        {
            if (after is { } last)
            {
                if (last < _floor)
                {
                    backlog.Add(new EventView(_floor, Missed, DateTimeOffset.UtcNow, null, null, null, "None", null, false,
                        $"Events {last + 1} to {_floor} are no longer kept: read the state again (GET /agents, /queue, /conversations/{{id}})."));
                }

                foreach (EventView kept in _recent)
                {
                    if (kept.Sequence > last)
                    {
                        backlog.Add(kept);
                    }
                }
            }

            _readers.Add(channel.Writer);
        }

        return new Reader(this, backlog, channel);
    }

    private void Close(ChannelWriter<EventView> writer)
    {
        lock (_gate)
        {
            _readers.Remove(writer);
        }
    }

    /// <summary>One client's events: <see cref="Backlog"/> first, then <see cref="Live"/>. Dispose it when the client goes.</summary>
    internal sealed class Reader(EventFeed feed, List<EventView> backlog, Channel<EventView> channel) : IDisposable
    {
        public IReadOnlyList<EventView> Backlog => backlog;

        public ChannelReader<EventView> Live => channel.Reader;

        public void Dispose() => feed.Close(channel.Writer);
    }
}
