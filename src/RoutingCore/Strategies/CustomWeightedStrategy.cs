namespace RoutingCore.Strategies;

/// <summary>
/// Custom-weighted: score = (wL·load + wI·idle + wT·tags + wA·affinity) / (wL + wI + wT + wA), where load = 1 −
/// utilization, idle = the round-robin score, tags = the skill-based score, affinity = 1 when the agent served the
/// consumer before, and the weights (0..1) come from <see cref="ScoringContext.Weights"/>. A weight of 0 ignores its
/// component (its column is not even read); with every weight 0 all agents score 0 (as in broadcast).
/// </summary>
internal sealed class CustomWeightedStrategy : IRoutingStrategy
{
    public string Name => RoutingStrategyNames.CustomWeighted;

    public void Score(in ScoringContext context, in ScoringColumns candidates, Span<double> scores)
    {
        scores = scores[..candidates.Count];
        scores.Clear();
        ScoringWeights weights = context.Weights;
        double total = weights.Total;
        if (total <= 0)
        {
            return;
        }

        if (weights.Load > 0)
        {
            ScoreFormulas.AddLoad(candidates.Utilization, weights.Load, scores);
        }

        if (weights.Idle > 0)
        {
            ScoreFormulas.AddIdle(context, candidates, weights.Idle, scores);
        }

        if (weights.Tags > 0)
        {
            ScoreFormulas.AddTags(candidates.TagMatch, candidates.Proficiency, weights.Tags, scores);
        }

        if (weights.Affinity > 0)
        {
            ScoreFormulas.AddAffinity(candidates.Affinity, weights.Affinity, scores);
        }

        ScoreFormulas.Scale(scores, 1.0 / total);
    }

    public IReadOnlyList<ScoreComponent> Explain(in ScoringContext context, in ScoringColumns candidates, int index)
    {
        ScoringWeights weights = context.Weights;
        double total = weights.Total;
        double scale = total > 0 ? 1.0 / total : 0;
        return
        [
            new ScoreComponent(ScoreFormulas.LoadComponent, ScoreFormulas.Load(candidates, index), weights.Load * scale),
            new ScoreComponent(ScoreFormulas.IdleComponent, ScoreFormulas.Idle(context, candidates, index), weights.Idle * scale),
            new ScoreComponent(ScoreFormulas.TagsComponent, ScoreFormulas.Tags(candidates, index), weights.Tags * scale),
            new ScoreComponent(ScoreFormulas.AffinityComponent, ScoreFormulas.Affinity(candidates, index), weights.Affinity * scale),
        ];
    }
}
