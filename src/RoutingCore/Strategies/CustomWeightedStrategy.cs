namespace RoutingCore.Strategies;

/// <summary>
/// Custom-weighted: score = (wL·load + wI·idle + wT·tags + wA·affinity) / (wL + wI + wT + wA), where load = 1 −
/// utilization, idle = the round-robin score, tags = the skill-based score, affinity = 1 when the agent served the
/// consumer before, and the weights (0..1) come from <see cref="ScoringContext.Weights"/>. A weight of 0 ignores its
/// component; with every weight 0 all agents score 0 (as in broadcast).
/// </summary>
internal sealed class CustomWeightedStrategy : IRoutingStrategy
{
    public string Name => RoutingStrategyNames.CustomWeighted;

    public void Score(in ScoringContext context, ReadOnlySpan<AgentCandidate> candidates, Span<double> scores)
    {
        ScoringWeights weights = context.Weights;
        double total = weights.Total;
        if (total <= 0)
        {
            scores[..candidates.Length].Clear();
            return;
        }

        double inverse = 1.0 / total;
        for (int i = 0; i < candidates.Length; i++)
        {
            ref readonly AgentCandidate candidate = ref candidates[i];
            double sum = 0;
            if (weights.Load > 0)
            {
                sum += weights.Load * ScoreFormulas.Load(candidate);
            }

            if (weights.Idle > 0)
            {
                sum += weights.Idle * ScoreFormulas.Idle(context, candidate);
            }

            if (weights.Tags > 0)
            {
                sum += weights.Tags * ScoreFormulas.Tags(candidate);
            }

            if (weights.Affinity > 0)
            {
                sum += weights.Affinity * ScoreFormulas.Affinity(candidate);
            }

            scores[i] = sum * inverse;
        }
    }

    public IReadOnlyList<ScoreComponent> Explain(in ScoringContext context, in AgentCandidate candidate)
    {
        ScoringWeights weights = context.Weights;
        double total = weights.Total;
        double scale = total > 0 ? 1.0 / total : 0;
        return
        [
            new ScoreComponent(ScoreFormulas.LoadComponent, ScoreFormulas.Load(candidate), weights.Load * scale),
            new ScoreComponent(ScoreFormulas.IdleComponent, ScoreFormulas.Idle(context, candidate), weights.Idle * scale),
            new ScoreComponent(ScoreFormulas.TagsComponent, ScoreFormulas.Tags(candidate), weights.Tags * scale),
            new ScoreComponent(ScoreFormulas.AffinityComponent, ScoreFormulas.Affinity(candidate), weights.Affinity * scale),
        ];
    }
}
