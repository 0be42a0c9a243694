namespace RoutingCore.Strategies;

/// <summary>
/// Skill-based: score = (optional tags of the conversation the agent has / optional tags of the conversation) ×
/// proficiency in the skill. Without optional tags the score is the proficiency alone (1 where none is given).
/// </summary>
internal sealed class SkillBasedStrategy : IRoutingStrategy
{
    public string Name => RoutingStrategyNames.SkillBased;

    public void Score(in ScoringContext context, in ScoringColumns candidates, Span<double> scores) =>
        ScoreFormulas.WriteTags(candidates.TagMatch, candidates.Proficiency, scores[..candidates.Count]);

    public IReadOnlyList<ScoreComponent> Explain(in ScoringContext context, in ScoringColumns candidates, int index) =>
        [new ScoreComponent(ScoreFormulas.TagsComponent, ScoreFormulas.Tags(candidates, index), 1)];
}
