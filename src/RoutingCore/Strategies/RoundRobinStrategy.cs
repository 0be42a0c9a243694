namespace RoutingCore.Strategies;

/// <summary>
/// Round-robin: score = the agent's idle time (since it last accepted a conversation, or came online) / the longest idle
/// time among the candidates. The longest-idle agent scores 1; when all are equally idle, all score 1.
/// </summary>
internal sealed class RoundRobinStrategy : IRoutingStrategy
{
    public string Name => RoutingStrategyNames.RoundRobin;

    public void Score(in ScoringContext context, ReadOnlySpan<AgentCandidate> candidates, Span<double> scores)
    {
        for (int i = 0; i < candidates.Length; i++)
        {
            scores[i] = ScoreFormulas.Idle(context, candidates[i]);
        }
    }

    public IReadOnlyList<ScoreComponent> Explain(in ScoringContext context, in AgentCandidate candidate) =>
        [new ScoreComponent(ScoreFormulas.IdleComponent, ScoreFormulas.Idle(context, candidate), 1)];
}
