namespace RoutingCore.Orleans;

/// <summary>What a tenant's grain keeps in grain storage: the engine's snapshot and the subscribed observers.</summary>
[GenerateSerializer]
internal sealed class RoutingTenantState
{
    /// <summary>The engine's state document (<see cref="IRoutingEngine"/> snapshot, UTF-8 JSON); null before the first change.</summary>
    [Id(0)]
    public byte[]? Engine { get; set; }

    /// <summary>The observers subscribed to the tenant's events, with the time of their last subscription.</summary>
    [Id(1)]
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
