namespace RoutingCore.Strategies;

/// <summary>
/// Round-robin: score = the agent's idle time (since it last accepted a conversation, or came online) / the longest idle
/// time among the candidates. The longest-idle agent scores 1; when all are equally idle, all score 1.
/// </summary>
internal sealed class RoundRobinStrategy : IRoutingStrategy
{
    public string Name => RoutingStrategyNames.RoundRobin;

    public void Score(in ScoringContext context, in ScoringColumns candidates, Span<double> scores) =>
        ScoreFormulas.WriteIdle(context, candidates, scores[..candidates.Count]);

    public IReadOnlyList<ScoreComponent> Explain(in ScoringContext context, in ScoringColumns candidates, int index) =>
        [new ScoreComponent(ScoreFormulas.IdleComponent, ScoreFormulas.Idle(context, candidates, index), 1)];
}
