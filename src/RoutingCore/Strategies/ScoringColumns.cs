using RoutingCore.Engine;

namespace RoutingCore;

/// <summary>
/// The eligible agents of one plan, as columns: one span per field a strategy may score on, each <see cref="Count"/> long,
/// candidate <c>i</c> at index <c>i</c> of every span (candidates are in roster order). The engine fills a column the first
/// time a strategy reads it in a plan, so a strategy pays only for the fields it reads: read each column once into a local
/// span, then loop over it.
/// </summary>
/// <remarks>The spans are valid only during the call that received the columns; do not keep them.</remarks>
public readonly ref struct ScoringColumns
{
    private readonly CandidateColumns _source;

    internal ScoringColumns(CandidateColumns source, int count)
    {
        _source = source;
        Count = count;
    }

    /// <summary>How many candidates there are.</summary>
    public int Count { get; }

    /// <summary>Each candidate's load over its limit under the engine's capacity model, clamped to 0..1.</summary>
    public ReadOnlySpan<double> Utilization => _source.Utilization(Count);

    /// <summary>
    /// Each candidate's idle time in ticks (100 ns): the time since it last accepted a conversation, or since it came online
    /// if it has not accepted one since; never negative. <see cref="ScoringContext.MaxIdleTime"/> is the longest.
    /// </summary>
    public ReadOnlySpan<double> IdleTicks => _source.IdleTicks(Count);

    /// <summary>Each candidate's share (0..1) of the conversation's optional tags; 1 when the conversation has none.</summary>
    public ReadOnlySpan<double> TagMatch => _source.TagMatch(Count);

    /// <summary>Each candidate's proficiency (0..1) in the conversation's skill; 1 when not given or for "any agent" conversations.</summary>
    public ReadOnlySpan<double> Proficiency => _source.Proficiency(Count);

    /// <summary>
    /// Each candidate's consumer affinity: 1 when it served the conversation's consumer before (it is one of the 4 agents
    /// who served the consumer most recently, and the consumer one of the 100,000 the engine remembers: fixed limits), else 0.
    /// </summary>
    public ReadOnlySpan<double> Affinity => _source.Affinity(Count);

    /// <summary>How many conversations each candidate holds (assigned, idle or not).</summary>
    public ReadOnlySpan<int> ActiveConversations => _source.ActiveConversations(Count);

    /// <summary>The id of candidate <paramref name="index"/>.</summary>
    /// <param name="index">The candidate's index, 0 to <see cref="Count"/> - 1.</param>
    /// <returns>The agent's id.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is not a candidate's index.</exception>
    public AgentId AgentAt(int index) => _source.RecordAt(CheckIndex(index)).Profile.Id;

    /// <summary>The profile of candidate <paramref name="index"/>.</summary>
    /// <param name="index">The candidate's index, 0 to <see cref="Count"/> - 1.</param>
    /// <returns>The agent's profile.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is not a candidate's index.</exception>
    public AgentProfile ProfileAt(int index) => _source.RecordAt(CheckIndex(index)).Profile;

    private int CheckIndex(int index)
    {
        if ((uint)index >= (uint)Count)
        {
            throw new ArgumentOutOfRangeException(nameof(index), index, $"Candidate index {index} is out of range; the plan has {Count} candidates (0 to {Count - 1}).");
        }

        return index;
    }
}
