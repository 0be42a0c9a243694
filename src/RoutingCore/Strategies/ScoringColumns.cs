using RoutingCore.Engine;
using RoutingCore.Strategies;

namespace RoutingCore;

/// <summary>
/// The eligible agents of one plan, as columns: one span per field a strategy may score on, each <see cref="Count"/> long,
/// candidate <c>i</c> at index <c>i</c> of every span (candidates are in roster order). The engine fills a column the first
/// time a strategy reads it in a plan, so a strategy pays only for the fields it reads: read each column once into a local
/// span, then loop over it.
/// </summary>
/// <remarks>
/// The spans are valid only during the call that received the columns; do not keep them. To test a strategy without an
/// engine, give the columns yourself with the public constructor.
/// </remarks>
public readonly ref struct ScoringColumns
{
    /// <summary>The engine's candidates (null: the columns were given to the public constructor, or none).</summary>
    private readonly CandidateColumns? _source;
    private readonly ReadOnlySpan<AgentProfile> _agents;
    private readonly ReadOnlySpan<double> _utilization;
    private readonly ReadOnlySpan<double> _idleTicks;
    private readonly ReadOnlySpan<double> _tagMatch;
    private readonly ReadOnlySpan<double> _proficiency;
    private readonly ReadOnlySpan<double> _affinity;
    private readonly ReadOnlySpan<int> _activeConversations;

    internal ScoringColumns(CandidateColumns source, int count)
    {
        _source = source;
        Count = count;
    }

    /// <summary>
    /// Columns given directly, as a strategy's unit test (or a host scoring outside an engine) needs them: candidate
    /// <c>i</c> is <paramref name="agents"/>[i] with the i-th value of every column. Each column holds one value per agent,
    /// in the range its property documents; the spans are read, not copied, so keep them alive while the columns are used.
    /// </summary>
    /// <param name="agents">The candidates' profiles, none null.</param>
    /// <param name="utilization">Each candidate's load over its limit, 0..1.</param>
    /// <param name="idleTicks">Each candidate's idle time in ticks, 0 or more.</param>
    /// <param name="tagMatch">Each candidate's share of the conversation's optional tags, 0..1.</param>
    /// <param name="proficiency">Each candidate's proficiency in the conversation's skill, 0..1.</param>
    /// <param name="affinity">1 for a candidate that served the conversation's consumer before, else 0 (any value in 0..1 is accepted).</param>
    /// <param name="activeConversations">How many conversations each candidate holds, 0 or more.</param>
    /// <exception cref="ArgumentException">A column's length is not the number of agents, or an agent is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A value is outside its column's range (or NaN).</exception>
    public ScoringColumns(
        ReadOnlySpan<AgentProfile> agents,
        ReadOnlySpan<double> utilization,
        ReadOnlySpan<double> idleTicks,
        ReadOnlySpan<double> tagMatch,
        ReadOnlySpan<double> proficiency,
        ReadOnlySpan<double> affinity,
        ReadOnlySpan<int> activeConversations)
    {
        for (int i = 0; i < agents.Length; i++)
        {
            if (agents[i] is null)
            {
                throw new ArgumentException($"agents[{i}] is null; every candidate needs its profile.", nameof(agents));
            }
        }

        ScoringColumnChecks.Share(utilization, agents.Length, nameof(utilization));
        ScoringColumnChecks.AtLeastZero(idleTicks, agents.Length, nameof(idleTicks));
        ScoringColumnChecks.Share(tagMatch, agents.Length, nameof(tagMatch));
        ScoringColumnChecks.Share(proficiency, agents.Length, nameof(proficiency));
        ScoringColumnChecks.Share(affinity, agents.Length, nameof(affinity));
        ScoringColumnChecks.AtLeastZero(activeConversations, agents.Length, nameof(activeConversations));
        Count = agents.Length;
        _agents = agents;
        _utilization = utilization;
        _idleTicks = idleTicks;
        _tagMatch = tagMatch;
        _proficiency = proficiency;
        _affinity = affinity;
        _activeConversations = activeConversations;
    }

    /// <summary>How many candidates there are.</summary>
    public int Count { get; }

    /// <summary>Each candidate's load over its limit under the engine's capacity model, clamped to 0..1.</summary>
    public ReadOnlySpan<double> Utilization => _source is null ? _utilization : _source.Utilization(Count);

    /// <summary>
    /// Each candidate's idle time in ticks (100 ns): the time since it last accepted a conversation, or since it came online
    /// if it has not accepted one since; never negative. <see cref="ScoringContext.MaxIdleTime"/> is the longest.
    /// </summary>
    public ReadOnlySpan<double> IdleTicks => _source is null ? _idleTicks : _source.IdleTicks(Count);

    /// <summary>Each candidate's share (0..1) of the conversation's optional tags; 1 when the conversation has none.</summary>
    public ReadOnlySpan<double> TagMatch => _source is null ? _tagMatch : _source.TagMatch(Count);

    /// <summary>Each candidate's proficiency (0..1) in the conversation's skill; 1 when not given or for "any agent" conversations.</summary>
    public ReadOnlySpan<double> Proficiency => _source is null ? _proficiency : _source.Proficiency(Count);

    /// <summary>
    /// Each candidate's consumer affinity: 1 when it served the conversation's consumer before (it is one of the 4 agents
    /// who served the consumer most recently, and the consumer one of the 100,000 the engine remembers: fixed limits), else 0.
    /// </summary>
    public ReadOnlySpan<double> Affinity => _source is null ? _affinity : _source.Affinity(Count);

    /// <summary>How many conversations each candidate holds (assigned, idle or not).</summary>
    public ReadOnlySpan<int> ActiveConversations => _source is null ? _activeConversations : _source.ActiveConversations(Count);

    /// <summary>The id of candidate <paramref name="index"/>.</summary>
    /// <param name="index">The candidate's index, 0 to <see cref="Count"/> - 1.</param>
    /// <returns>The agent's id.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is not a candidate's index.</exception>
    public AgentId AgentAt(int index) => ProfileAt(index).Id;

    /// <summary>The profile of candidate <paramref name="index"/>.</summary>
    /// <param name="index">The candidate's index, 0 to <see cref="Count"/> - 1.</param>
    /// <returns>The agent's profile.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is not a candidate's index.</exception>
    public AgentProfile ProfileAt(int index) => _source is null ? _agents[CheckIndex(index)] : _source.RecordAt(CheckIndex(index)).Profile;

    private int CheckIndex(int index)
    {
        if ((uint)index >= (uint)Count)
        {
            throw new ArgumentOutOfRangeException(nameof(index), index, $"Candidate index {index} is out of range; the plan has {Count} candidates (0 to {Count - 1}).");
        }

        return index;
    }
}
