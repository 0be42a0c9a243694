namespace RoutingCore.Strategies;

/// <summary>
/// Dynamic: score = (skill-based + round-robin + least-loaded) / 3, each as its own strategy computes it.
/// </summary>
internal sealed class DynamicStrategy : IRoutingStrategy
{
    private const double Third = 1.0 / 3.0;

    public string Name => RoutingStrategyNames.Dynamic;

    public void Score(in ScoringContext context, in ScoringColumns candidates, Span<double> scores)
    {
        scores = scores[..candidates.Count];
        ScoreFormulas.WriteTags(candidates.TagMatch, candidates.Proficiency, scores);
        ScoreFormulas.AddIdle(context, candidates, 1, scores);
        ScoreFormulas.AddLoad(candidates.Utilization, 1, scores);
        ScoreFormulas.Scale(scores, Third);
    }

    public IReadOnlyList<ScoreComponent> Explain(in ScoringContext context, in ScoringColumns candidates, int index) =>
    [
        new ScoreComponent(ScoreFormulas.TagsComponent, ScoreFormulas.Tags(candidates, index), Third),
        new ScoreComponent(ScoreFormulas.IdleComponent, ScoreFormulas.Idle(context, candidates, index), Third),
        new ScoreComponent(ScoreFormulas.LoadComponent, ScoreFormulas.Load(candidates, index), Third),
    ];
}
