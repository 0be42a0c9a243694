namespace RoutingCore.Strategies;

/// <summary>
/// Skill-based: score = (optional tags of the conversation the agent has / optional tags of the conversation) ×
/// proficiency in the skill. Without optional tags the score is the proficiency alone (1 where none is given).
/// </summary>
internal sealed class SkillBasedStrategy : IRoutingStrategy
{
    public string Name => RoutingStrategyNames.SkillBased;

    public void Score(in ScoringContext context, ReadOnlySpan<AgentCandidate> candidates, Span<double> scores)
    {
        for (int i = 0; i < candidates.Length; i++)
        {
            scores[i] = ScoreFormulas.Tags(candidates[i]);
        }
    }

    public IReadOnlyList<ScoreComponent> Explain(in ScoringContext context, in AgentCandidate candidate) =>
        [new ScoreComponent(ScoreFormulas.TagsComponent, ScoreFormulas.Tags(candidate), 1)];
}
