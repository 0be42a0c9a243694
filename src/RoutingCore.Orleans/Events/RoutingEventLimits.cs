namespace RoutingCore.Orleans;

/// <summary>Limits of the event feed.</summary>
internal static class RoutingEventLimits
{
    /// <summary>The most events one <see cref="IRoutingTenantGrain.GetEvents"/> returns.</summary>
    public const int MaxPage = 10_000;
}
