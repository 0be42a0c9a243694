using System.Collections;
using System.Runtime.CompilerServices;

namespace RoutingCore;

/// <summary>
/// The agents of one step, in roster order: an immutable list read like an array (<see cref="Length"/>, an indexer,
/// <c>foreach</c> without allocation). The steps of a plan share its storage: each agent as an index into the ids of the
/// agents planned over and its score, in chunks of at most <see cref="ChunkLength"/> agents, so no plan puts an array
/// on the large-object heap however many agents it offers, and a plan stores no agent id of its own.
/// </summary>
[CollectionBuilder(typeof(StepAgents), nameof(Create))]
public readonly struct StepAgents : IReadOnlyList<PlannedAgent>, IEquatable<StepAgents>
{
    /// <summary>The most agents one chunk holds (each chunk of scores is 32 KB, under the 85,000-byte large-object threshold).</summary>
    public const int ChunkLength = 4096;

    /// <summary>The plan's storage this step is a range of (null: empty).</summary>
    private readonly PlanStorage? _storage;

    /// <summary>Where the step starts in <see cref="_storage"/>.</summary>
    private readonly int _start;

    internal StepAgents(PlanStorage? storage, int start, int length)
    {
        _storage = storage;
        _start = start;
        Length = length;
    }

    /// <summary>An empty list.</summary>
    public static StepAgents Empty => default;

    /// <summary>How many agents the step offers.</summary>
    public int Length { get; }

    /// <summary>How many agents the step offers (the same as <see cref="Length"/>).</summary>
    public int Count => Length;

    /// <summary>Whether the step offers no agent.</summary>
    public bool IsEmpty => Length == 0;

    /// <summary>The agent at <paramref name="index"/>.</summary>
    /// <param name="index">From 0 to <see cref="Length"/> - 1.</param>
    /// <exception cref="IndexOutOfRangeException"><paramref name="index"/> is outside the list.</exception>
    public PlannedAgent this[int index]
    {
        get
        {
            if ((uint)index >= (uint)Length)
            {
                throw new IndexOutOfRangeException($"Index {index} is outside the step's {Length} agents.");
            }

            return _storage!.At(_start + index);
        }
    }

    /// <summary>Copies agents into a new list.</summary>
    /// <param name="agents">The agents, in roster order.</param>
    /// <returns>The list.</returns>
    public static StepAgents Create(ReadOnlySpan<PlannedAgent> agents)
    {
        if (agents.IsEmpty)
        {
            return default;
        }

        var storage = PlanStorage.FromAgents(agents);
        return new StepAgents(storage, 0, agents.Length);
    }

    /// <summary>Whether both lists are the same storage (as <see cref="System.Collections.Immutable.ImmutableArray{T}"/> compares).</summary>
    /// <param name="other">The other list.</param>
    /// <returns>Whether they are the same.</returns>
    public bool Equals(StepAgents other) => ReferenceEquals(_storage, other._storage) && _start == other._start && Length == other.Length;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is StepAgents other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => _storage is null ? 0 : HashCode.Combine(RuntimeHelpers.GetHashCode(_storage), _start);

    /// <summary>Whether both lists are the same storage.</summary>
    /// <param name="left">One list.</param>
    /// <param name="right">The other.</param>
    /// <returns>Whether they are the same.</returns>
    public static bool operator ==(StepAgents left, StepAgents right) => left.Equals(right);

    /// <summary>Whether the lists are different storage.</summary>
    /// <param name="left">One list.</param>
    /// <param name="right">The other.</param>
    /// <returns>Whether they differ.</returns>
    public static bool operator !=(StepAgents left, StepAgents right) => !left.Equals(right);

    /// <summary>Enumerates the agents without allocating.</summary>
    /// <returns>The enumerator.</returns>
    public Enumerator GetEnumerator() => new(this);

    IEnumerator<PlannedAgent> IEnumerable<PlannedAgent>.GetEnumerator() => Enumerate().GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => Enumerate().GetEnumerator();

    private IEnumerable<PlannedAgent> Enumerate()
    {
        for (int i = 0; i < Length; i++)
        {
            yield return this[i];
        }
    }

    /// <summary>Enumerates a step's agents.</summary>
    public struct Enumerator
    {
        private readonly StepAgents _agents;
        private int _index;

        internal Enumerator(StepAgents agents)
        {
            _agents = agents;
            _index = -1;
        }

        /// <summary>The current agent.</summary>
        public readonly PlannedAgent Current => _agents[_index];

        /// <summary>Moves to the next agent.</summary>
        /// <returns>Whether there is one.</returns>
        public bool MoveNext() => ++_index < _agents.Length;
    }
}
