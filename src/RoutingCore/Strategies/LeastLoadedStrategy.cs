namespace RoutingCore.Strategies;

/// <summary>Least-loaded: score = 1 − utilization (load over limit, clamped to 0..1). An idle agent scores 1.</summary>
internal sealed class LeastLoadedStrategy : IRoutingStrategy
{
    public string Name => RoutingStrategyNames.LeastLoaded;

    public void Score(in ScoringContext context, in ScoringColumns candidates, Span<double> scores) =>
        ScoreFormulas.WriteLoad(candidates.Utilization, scores[..candidates.Count]);

    public IReadOnlyList<ScoreComponent> Explain(in ScoringContext context, in ScoringColumns candidates, int index) =>
        [new ScoreComponent(ScoreFormulas.LoadComponent, ScoreFormulas.Load(candidates, index), 1)];
}
