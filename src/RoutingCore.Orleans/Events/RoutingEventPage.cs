using System.Collections.Immutable;

namespace RoutingCore.Orleans;

/// <summary>A page of a tenant's event feed (<see cref="IRoutingTenantGrain.GetEvents"/>): stored events in sequence order.</summary>
[GenerateSerializer]
[Immutable]
public sealed class RoutingEventPage
{
    /// <summary>Creates a page.</summary>
    /// <param name="after">The position the page was read after.</param>
    /// <param name="events">The events, oldest first.</param>
    public RoutingEventPage(long after, ImmutableArray<RoutingEvent> events)
    {
        After = after;
        Events = events.IsDefault ? [] : events;
    }

    /// <summary>The position the page was read after: its events have greater <see cref="RoutingEvent.Sequence"/> numbers.</summary>
    [Id(0)]
    public long After { get; }

    /// <summary>The events, oldest first, their sequence numbers contiguous; empty when nothing was stored after <see cref="After"/>.</summary>
    [Id(1)]
    public ImmutableArray<RoutingEvent> Events { get; }

    /// <summary>The position to read the next page after: the last event's sequence, or <see cref="After"/> when the page is empty.</summary>
    public long Next => Events.IsEmpty ? After : Events[^1].Sequence;

    /// <summary>
    /// How many events after <see cref="After"/> the feed no longer holds (it keeps the latest
    /// <see cref="RoutingCoreOrleansOptions.EventRetention"/>): 0 unless the reader fell that far behind.
    /// </summary>
    public long Missed => Events.IsEmpty ? 0 : Events[0].Sequence - After - 1;
}
