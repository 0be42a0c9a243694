namespace RoutingCore.Strategies;

/// <summary>
/// Dynamic: score = (skill-based + round-robin + least-loaded) / 3, each as its own strategy computes it.
/// </summary>
internal sealed class DynamicStrategy : IRoutingStrategy
{
    private const double Third = 1.0 / 3.0;

    public string Name => RoutingStrategyNames.Dynamic;

    public void Score(in ScoringContext context, ReadOnlySpan<AgentCandidate> candidates, Span<double> scores)
    {
        for (int i = 0; i < candidates.Length; i++)
        {
            ref readonly AgentCandidate candidate = ref candidates[i];
            scores[i] = (ScoreFormulas.Tags(candidate) + ScoreFormulas.Idle(context, candidate) + ScoreFormulas.Load(candidate)) * Third;
        }
    }

    public IReadOnlyList<ScoreComponent> Explain(in ScoringContext context, in AgentCandidate candidate) =>
    [
        new ScoreComponent(ScoreFormulas.TagsComponent, ScoreFormulas.Tags(candidate), Third),
        new ScoreComponent(ScoreFormulas.IdleComponent, ScoreFormulas.Idle(context, candidate), Third),
        new ScoreComponent(ScoreFormulas.LoadComponent, ScoreFormulas.Load(candidate), Third),
    ];
}
