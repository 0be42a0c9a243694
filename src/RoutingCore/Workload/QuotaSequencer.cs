namespace RoutingCore;

/// <summary>
/// Splits a stream of decisions over weighted members exactly: after every decision, each member's count differs from its share
/// of the total by less than one, as long as the member chosen is the one counted. The counts are the caller's (the engine
/// keeps them); this is the rule alone.
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
/// <para>Members with weight 0 are never chosen. Pure functions of the weights and the counts: nothing is kept.</para>
/// </remarks>
internal static class QuotaSequencer
{
    /// <summary>Chooses the member for the next decision.</summary>
    /// <param name="weights">The members' weights (non-negative; at least one positive, unless there are no members).</param>
    /// <param name="totalWeight">The sum of <paramref name="weights"/>.</param>
    /// <param name="counts">The decisions counted so far for each member, none negative.</param>
    /// <returns>The member's index, or -1 if there are no members.</returns>
    internal static int Choose(ReadOnlySpan<long> weights, long totalWeight, ReadOnlySpan<long> counts)
    {
        long total = Sum(counts);
        int best = -1;
        for (int i = 0; i < weights.Length; i++)
        {
            if (IsEligible(weights, totalWeight, counts, total, i) && (best < 0 || DeadlineBefore(weights, counts, i, best)))
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
    /// <param name="weights">The members' weights.</param>
    /// <param name="totalWeight">The sum of <paramref name="weights"/>.</param>
    /// <param name="counts">The decisions counted so far for each member.</param>
    /// <param name="destination">Receives member indexes; if it is shorter than the number of ranked members, only the best ones are written.</param>
    /// <returns>The number of indexes written.</returns>
    internal static int Rank(ReadOnlySpan<long> weights, long totalWeight, ReadOnlySpan<long> counts, Span<int> destination)
    {
        long total = Sum(counts);
        int written = 0;
        for (int i = 0; i < weights.Length; i++)
        {
            if (weights[i] == 0)
            {
                continue;
            }

            // Insertion into the sorted prefix; drop the candidate (or the worst) when the destination is full.
            int position = written;
            while (position > 0 && Before(weights, totalWeight, counts, total, i, destination[position - 1]))
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

    private static long Sum(ReadOnlySpan<long> counts)
    {
        long total = 0;
        foreach (long count in counts)
        {
            total += count;
        }

        return total;
    }

    private static bool Before(ReadOnlySpan<long> weights, long totalWeight, ReadOnlySpan<long> counts, long total, int a, int b)
    {
        bool eligibleA = IsEligible(weights, totalWeight, counts, total, a);
        bool eligibleB = IsEligible(weights, totalWeight, counts, total, b);
        if (eligibleA != eligibleB)
        {
            return eligibleA;
        }

        return DeadlineBefore(weights, counts, a, b);
    }

    // c_i < p_i·(n+1)  ⇔  c_i·W < w_i·(n+1)
    private static bool IsEligible(ReadOnlySpan<long> weights, long totalWeight, ReadOnlySpan<long> counts, long total, int i) =>
        weights[i] > 0 && (Int128)counts[i] * totalWeight < (Int128)weights[i] * (total + 1);

    // (c_a+1)/w_a < (c_b+1)/w_b, strictly (ties keep the earlier member).
    private static bool DeadlineBefore(ReadOnlySpan<long> weights, ReadOnlySpan<long> counts, int a, int b) =>
        (Int128)(counts[a] + 1) * weights[b] < (Int128)(counts[b] + 1) * weights[a];
}
