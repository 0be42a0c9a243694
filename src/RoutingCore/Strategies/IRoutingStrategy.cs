namespace RoutingCore;

/// <summary>
/// Scores the eligible agents for a conversation from 0 (lowest) to 1 (highest); the engine then groups them into steps
/// by score. Strategies are found by <see cref="Name"/> (case-insensitive): the built-in ones are named in
/// <see cref="RoutingStrategyNames"/>; register your own through dependency injection
/// (<c>services.AddRoutingEngine().AddStrategy&lt;MyStrategy&gt;()</c>) or pass it to <see cref="RoutingEngine.Create"/>,
/// and name it in <see cref="RoutingOptions.Strategy"/> or <see cref="SkillOptions.Strategy"/>.
/// </summary>
/// <remarks>
/// Implementations must be thread-safe, must not keep the spans, and should not allocate: <see cref="Score"/> runs on
/// the routing hot path. Scores outside 0..1, NaN or infinite are clamped by the engine (NaN counts as 0).
/// The candidates come as columns (<see cref="ScoringColumns"/>): read the columns the score needs into local spans and
/// loop over them; the engine gathers only the columns a strategy reads. A minimal strategy:
/// <code>
/// sealed class FewestConversationsStrategy : IRoutingStrategy
/// {
///     public string Name =&gt; "fewest-conversations";
///
///     public void Score(in ScoringContext context, in ScoringColumns candidates, Span&lt;double&gt; scores)
///     {
///         ReadOnlySpan&lt;int&gt; active = candidates.ActiveConversations;
///         for (int i = 0; i &lt; active.Length; i++)
///         {
///             scores[i] = 1.0 / (1 + active[i]);
///         }
///     }
/// }
/// </code>
/// </remarks>
public interface IRoutingStrategy
{
    /// <summary>The strategy's name.</summary>
    string Name { get; }

    /// <summary>Scores every candidate.</summary>
    /// <param name="context">The conversation and the engine's settings for it.</param>
    /// <param name="candidates">The eligible agents, as columns.</param>
    /// <param name="scores">Receives one score per candidate, at the same index; at least <see cref="ScoringColumns.Count"/> long.</param>
    void Score(in ScoringContext context, in ScoringColumns candidates, Span<double> scores);

    /// <summary>
    /// Describes the components of one candidate's score, for explanations (not on the hot path). The default describes
    /// none.
    /// </summary>
    /// <param name="context">The conversation and the engine's settings for it.</param>
    /// <param name="candidates">The eligible agents, as columns.</param>
    /// <param name="index">The candidate to describe: its index in the columns.</param>
    /// <returns>The components.</returns>
    IReadOnlyList<ScoreComponent> Explain(in ScoringContext context, in ScoringColumns candidates, int index) => [];
}
