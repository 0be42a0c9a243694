namespace RoutingCore.Strategies;

/// <summary>Broadcast: every agent scores 0, so all of them form one group offered at once.</summary>
internal sealed class BroadcastStrategy : IRoutingStrategy
{
    public string Name => RoutingStrategyNames.Broadcast;

    public void Score(in ScoringContext context, in ScoringColumns candidates, Span<double> scores) =>
        scores[..candidates.Count].Clear();
}
