namespace RoutingCore.Strategies;

/// <summary>Least-loaded: score = 1 − utilization (load over limit, clamped to 0..1). An idle agent scores 1.</summary>
internal sealed class LeastLoadedStrategy : IRoutingStrategy
{
    public string Name => RoutingStrategyNames.LeastLoaded;

    public void Score(in ScoringContext context, ReadOnlySpan<AgentCandidate> candidates, Span<double> scores)
    {
        for (int i = 0; i < candidates.Length; i++)
        {
            scores[i] = ScoreFormulas.Load(candidates[i]);
        }
    }

    public IReadOnlyList<ScoreComponent> Explain(in ScoringContext context, in AgentCandidate candidate) =>
        [new ScoreComponent(ScoreFormulas.LoadComponent, ScoreFormulas.Load(candidate), 1)];
}
