namespace RoutingCore.Orleans;

/// <summary>A tenant's snapshot in grain storage: the engine's state document and the last record it includes.</summary>
[GenerateSerializer]
internal sealed class RoutingTenantState
{
    /// <summary>The engine's state document (<see cref="IRoutingEngine"/> snapshot, UTF-8 JSON); null before the first snapshot.</summary>
    [Id(0)]
    public byte[]? Engine { get; set; }

    /// <summary>The <see cref="RoutingCommand.Sequence"/> of the last record the document includes (the journal continues after it).</summary>
    [Id(2)]
    public long LastCommandSequence { get; set; }
}

/// <summary>The observers subscribed to a tenant's events, in grain storage apart from the snapshot (a subscription writes only this).</summary>
[GenerateSerializer]
internal sealed class RoutingTenantObservers
{
    /// <summary>The observers, with the time of their last subscription.</summary>
    [Id(0)]
    public List<ObserverSubscription> Observers { get; set; } = [];
}

/// <summary>One subscribed observer.</summary>
[GenerateSerializer]
internal sealed class ObserverSubscription
{
    /// <summary>The observer's reference.</summary>
    [Id(0)]
    public IRoutingEventObserver Observer { get; set; } = null!;

    /// <summary>When the observer last subscribed (the silo's clock).</summary>
    [Id(1)]
    public DateTimeOffset RefreshedAt { get; set; }
}
