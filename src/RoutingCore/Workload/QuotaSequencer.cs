namespace RoutingCore.Workload;

/// <summary>
/// Splits a stream of decisions over weighted members exactly: after every decision, each member's count differs from its share
/// of the total by less than one, as long as the member chosen is the one recorded.
/// </summary>
/// <remarks>
/// <para>Shares are integer weights <c>w_i</c> over <c>W = Σ w_i</c>, so all arithmetic is exact (128-bit products).</para>
/// <para>
/// Think of member <c>i</c>'s <c>j</c>-th unit as a job. Keeping <c>c_i(t) &lt; p_i·t + 1</c> (upper bound) means the job may not
/// run before step <c>⌊(j−1)/p_i⌋ + 1</c> (its release); keeping <c>c_i(t) &gt; p_i·t − 1</c> (lower bound) means it must run by step
/// <c>⌈j/p_i⌉</c> (its deadline). Any window of steps <c>[a, b]</c> contains at most <c>⌊p_i·b⌋ − ⌈p_i·(a−1)⌉ ≤ p_i·(b−a+1)</c> whole
/// jobs of member <c>i</c>, so at most <c>b−a+1</c> in all: a schedule meeting every release and deadline exists, and at every step
/// some job is released (<c>Σ⌈p_i·t⌉ ≥ t</c>). For unit jobs with integer releases, earliest-deadline-first among the released jobs
/// meets every deadline whenever any schedule does. So each decision picks, among the members with <c>c_i &lt; p_i·(n+1)</c>, the one
/// with the smallest <c>(c_i+1)/w_i</c> (the exact form of its next deadline), ties to the earlier member. This is the quota method
/// of Balinski and Young (Jefferson's divisor rule restricted to members under their upper quota).
/// </para>
/// <para>Members with weight 0 are never chosen. Not thread-safe; the owner locks.</para>
/// </remarks>
internal sealed class QuotaSequencer
{
    private readonly long[] _weights;
    private readonly long[] _counts;
    private readonly long _totalWeight;
    private long _total;

    /// <summary>Creates a sequencer with all counts at zero.</summary>
    /// <param name="weights">The members' weights (non-negative; at least one positive, unless there are no members).</param>
    internal QuotaSequencer(ReadOnlySpan<long> weights)
    {
        _weights = weights.ToArray();
        _counts = new long[weights.Length];
        foreach (long w in weights)
        {
            if (w < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(weights), w, "Weights must not be negative.");
            }

            _totalWeight += w;
        }

        if (weights.Length > 0 && _totalWeight == 0)
        {
            throw new ArgumentException("At least one weight must be positive.", nameof(weights));
        }
    }

    /// <summary>The number of members.</summary>
    internal int Count => _weights.Length;

    /// <summary>The number of decisions recorded.</summary>
    internal long Total => _total;

    /// <summary>The sum of the weights.</summary>
    internal long TotalWeight => _totalWeight;

    /// <summary>The number of decisions recorded for a member.</summary>
    internal long CountOf(int index) => _counts[index];

    /// <summary>A member's weight.</summary>
    internal long WeightOf(int index) => _weights[index];

    /// <summary>Chooses the member for the next decision without recording it.</summary>
    /// <returns>The member's index, or -1 if there are no members.</returns>
    internal int Choose()
    {
        int best = -1;
        for (int i = 0; i < _weights.Length; i++)
        {
            if (IsEligible(i) && (best < 0 || DeadlineBefore(i, best)))
            {
                best = i;
            }
        }

        return best;
    }

    /// <summary>
    /// Writes the members with a positive weight best-first: those under their upper quota first (earliest deadline first),
    /// then the others (earliest deadline first). The first one written is <see cref="Choose"/>'s choice.
    /// </summary>
    /// <param name="destination">Receives member indexes; if it is shorter than the number of ranked members, only the best ones are written.</param>
    /// <returns>The number of indexes written.</returns>
    internal int Rank(Span<int> destination)
    {
        int written = 0;
        for (int i = 0; i < _weights.Length; i++)
        {
            if (_weights[i] == 0)
            {
                continue;
            }

            // Insertion into the sorted prefix; drop the candidate (or the worst) when the destination is full.
            int position = written;
            while (position > 0 && Before(i, destination[position - 1]))
            {
                position--;
            }

            if (position >= destination.Length)
            {
                continue;
            }

            int end = Math.Min(written, destination.Length - 1);
            for (int k = end; k > position; k--)
            {
                destination[k] = destination[k - 1];
            }

            destination[position] = i;
            if (written < destination.Length)
            {
                written++;
            }
        }

        return written;
    }

    /// <summary>Sets every member's count (a restored state); the total is their sum.</summary>
    /// <param name="counts">One count per member, none negative.</param>
    internal void RestoreCounts(ReadOnlySpan<long> counts)
    {
        counts.CopyTo(_counts);
        _total = 0;
        foreach (long count in counts)
        {
            _total += count;
        }
    }

    /// <summary>Records a decision for a member.</summary>
    internal void Record(int index)
    {
        _counts[index]++;
        _total++;
    }

    private bool Before(int a, int b)
    {
        bool eligibleA = IsEligible(a);
        bool eligibleB = IsEligible(b);
        if (eligibleA != eligibleB)
        {
            return eligibleA;
        }

        return DeadlineBefore(a, b);
    }

    // c_i < p_i·(n+1)  ⇔  c_i·W < w_i·(n+1)
    private bool IsEligible(int i) => _weights[i] > 0 && (Int128)_counts[i] * _totalWeight < (Int128)_weights[i] * (_total + 1);

    // (c_a+1)/w_a < (c_b+1)/w_b, strictly (ties keep the earlier member).
    private bool DeadlineBefore(int a, int b) => (Int128)(_counts[a] + 1) * _weights[b] < (Int128)(_counts[b] + 1) * _weights[a];
}
