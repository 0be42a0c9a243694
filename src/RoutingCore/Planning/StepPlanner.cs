using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

using RoutingCore.Engine;

namespace RoutingCore.Distribution;

/// <summary>
/// Groups scored agents into steps (seed 004): each distinct score, highest first, forms its own step until the last
/// step, which takes all the rest. Scores within <see cref="RoutingDefaults.ScoreTolerance"/> of a step's score are
/// tied; a score tied to more than one level belongs to the highest. Runs in O(n × steps) without sorting the agents:
/// one pass clamps the strategy's raw scores, one finds the levels and counts each step's scores (<see cref="PlanSteps"/>);
/// which agents each step holds is worked out when a step is read (<see cref="StepOf"/>).
/// </summary>
internal static class StepPlanner
{
    /// <summary>Up to this many levels, four scores are placed at a time.</summary>
    private const int VectorLevels = 4;

    /// <summary>
    /// Clamps each raw score to 0..1 (NaN counts as 0) in place, finds the distinct top (<paramref name="maxSteps"/> - 1)
    /// score levels, highest first (every score below them belongs to the last step), and counts each step's scores.
    /// </summary>
    /// <param name="scores">The strategy's raw scores; clamped on return.</param>
    /// <param name="maxSteps">The most steps, at least 1.</param>
    /// <param name="levels">Receives the levels, at least <paramref name="maxSteps"/> long.</param>
    /// <param name="sizes">Receives each step's count, at least <paramref name="maxSteps"/> long.</param>
    /// <param name="levelCount">How many levels were found (the steps are these, and the rest if any score is below them).</param>
    /// <returns>The number of steps used (0 when there are no scores).</returns>
    internal static int PlanSteps(Span<double> scores, int maxSteps, Span<double> levels, Span<int> sizes, out int levelCount)
    {
        int ownLevels = maxSteps - 1;
        sizes[..maxSteps].Clear();
        var counts = new LevelCounts(levels, sizes, ownLevels);
        int i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            Vector256<double> tolerance = Vector256.Create(RoutingDefaults.ScoreTolerance);
            while (i + 4 <= scores.Length)
            {
                int found = counts.Found;
                if (found is 1 or 2)
                {
                    // The common case (one level, or the two of three steps): a loop of its own, with its counts in registers.
                    i = found == 1
                        ? PlaceFour<No>(scores, i, levels, found == ownLevels, sizes, ref counts.Rest)
                        : PlaceFour<Yes>(scores, i, levels, found == ownLevels, sizes, ref counts.Rest);
                    if (i + 4 > scores.Length)
                    {
                        break;
                    }
                }
                else if (found is > 2 and <= VectorLevels && TryPlaceFour(scores.Slice(i, 4), levels[..found], found == ownLevels, tolerance, ref counts))
                {
                    i += 4;
                    continue;
                }

                // A group that changes the levels (or found none yet): score by score.
                Clamp(scores.Slice(i, 4));
                for (int j = i; j < i + 4; j++)
                {
                    counts.Place(scores[j]);
                }

                i += 4;
            }
        }

        Clamp(scores[i..]);
        for (; i < scores.Length; i++)
        {
            counts.Place(scores[i]);
        }

        levelCount = counts.Found;
        if (counts.Ambiguous)
        {
            // A level came within two tolerances of another: a score counted for one may tie a higher one found later.
            CountSteps(scores, levels[..levelCount], sizes);
        }
        else
        {
            sizes[levelCount] = counts.Rest;
        }

        return scores.Length == 0 ? 0 : (sizes[levelCount] > 0 ? levelCount + 1 : levelCount);
    }

    /// <summary>
    /// Clamps and places groups of four scores from <paramref name="start"/> while each score ties one of the one or two
    /// levels (two when <typeparamref name="TTwoLevels"/> is set) or (when <paramref name="full"/>) falls below them, counting each step; returns where a group that would
    /// change the levels starts (clamped and stored already, not yet placed), or where fewer than four scores are left.
    /// </summary>
    private static int PlaceFour<TTwoLevels>(Span<double> scores, int start, ReadOnlySpan<double> levels, bool full, Span<int> sizes, ref int rest)
        where TTwoLevels : struct, ICompileFlag
    {
        Vector256<double> tolerance = Vector256.Create(RoutingDefaults.ScoreTolerance);
        Vector256<double> zero = Vector256<double>.Zero;
        Vector256<double> one = Vector256.Create(1.0);
        Vector256<double> first = Vector256.Create(levels[0]);
        Vector256<double> second = TTwoLevels.IsSet ? Vector256.Create(levels[1]) : first;
        Vector256<long> inFirst = Vector256<long>.Zero;
        Vector256<long> inSecond = Vector256<long>.Zero;
        Vector256<long> inRest = Vector256<long>.Zero;
        ref double origin = ref MemoryMarshal.GetReference(scores);
        int i = start;
        for (; i + 4 <= scores.Length; i += 4)
        {
            Vector256<double> value = Vector256.LoadUnsafe(ref origin, (nuint)i);
            Vector256<double> four = Vector256.ConditionalSelect(
                Vector256.Equals(value, value),
                Vector256.ConditionalSelect(Vector256.LessThan(value, zero), zero, Vector256.ConditionalSelect(Vector256.GreaterThan(value, one), one, value)),
                zero);
            four.StoreUnsafe(ref origin, (nuint)i);
            Vector256<double> tiedFirst = Vector256.LessThanOrEqual(Vector256.Abs(four - first), tolerance);
            Vector256<double> tiedSecond = TTwoLevels.IsSet
                ? Vector256.AndNot(Vector256.LessThanOrEqual(Vector256.Abs(four - second), tolerance), tiedFirst)
                : Vector256<double>.Zero;
            Vector256<double> claimed = tiedFirst | tiedSecond;
            Vector256<double> below = full ? Vector256.AndNot(Vector256.LessThan(four, second), claimed) : Vector256<double>.Zero;
            if ((claimed | below).ExtractMostSignificantBits() != 0xF)
            {
                break;
            }

            inFirst -= tiedFirst.AsInt64(); // a tied lane is all ones: -1
            inSecond -= tiedSecond.AsInt64();
            inRest -= below.AsInt64();
        }

        sizes[0] += (int)Vector256.Sum(inFirst);
        if (TTwoLevels.IsSet)
        {
            sizes[1] += (int)Vector256.Sum(inSecond);
        }

        rest += (int)Vector256.Sum(inRest);
        return i;
    }

    /// <summary>
    /// Places four scores against three or four levels: when each score ties a level or, once every own level is found,
    /// falls below the lowest, counts them and returns true; otherwise changes nothing.
    /// </summary>
    private static bool TryPlaceFour(Span<double> slice, ReadOnlySpan<double> levels, bool full, Vector256<double> tolerance, ref LevelCounts counts)
    {
        Span<int> tiedBits = stackalloc int[VectorLevels];
        Span<double> clamped = stackalloc double[4];
        slice.CopyTo(clamped);
        Clamp(clamped);
        Vector256<double> four = Vector256.Create<double>(clamped);
        Vector256<double> claimed = Vector256<double>.Zero;
        for (int p = 0; p < levels.Length; p++)
        {
            Vector256<double> tied = Vector256.LessThanOrEqual(Vector256.Abs(four - Vector256.Create(levels[p])), tolerance);
            tiedBits[p] = (int)Vector256.AndNot(tied, claimed).ExtractMostSignificantBits();
            claimed |= tied;
        }

        Vector256<double> below = full ? Vector256.LessThan(four, Vector256.Create(levels[^1])) : Vector256<double>.Zero;
        if ((claimed | below).ExtractMostSignificantBits() != 0xF)
        {
            return false;
        }

        clamped.CopyTo(slice);
        counts.Count(tiedBits[..levels.Length], BitOperations.PopCount(Vector256.AndNot(below, claimed).ExtractMostSignificantBits()));
        return true;
    }

    /// <summary>The step of a clamped score: the first level it ties, else the rest (one past the levels).</summary>
    internal static int StepOf(double score, ReadOnlySpan<double> levels)
    {
        for (int position = 0; position < levels.Length; position++)
        {
            if (Math.Abs(score - levels[position]) <= RoutingDefaults.ScoreTolerance)
            {
                return position;
            }
        }

        return levels.Length;
    }

    /// <summary>
    /// Clamps the raw scores in place (as <see cref="PlanSteps"/> does) and returns the index of the agent a plan offers
    /// first: walking in order, the best so far changes only to a score higher than it by more than the tolerance.
    /// </summary>
    /// <param name="scores">The strategy's raw scores, at least one; clamped on return.</param>
    /// <returns>The index of the first best score.</returns>
    internal static int FirstBest(Span<double> scores)
    {
        Clamp(scores);
        int best = 0;
        double top = scores[0];
        int i = 1;
        if (Vector256.IsHardwareAccelerated)
        {
            // Four at a time while none beats the best so far; a group with one that does is walked score by score.
            ref double origin = ref MemoryMarshal.GetReference(scores);
            for (; i + 4 <= scores.Length; i += 4)
            {
                Vector256<double> four = Vector256.LoadUnsafe(ref origin, (nuint)i);
                if (Vector256.GreaterThanAny(four, Vector256.Create(top + RoutingDefaults.ScoreTolerance)))
                {
                    for (int j = i; j < i + 4; j++)
                    {
                        if (scores[j] > top + RoutingDefaults.ScoreTolerance)
                        {
                            top = scores[j];
                            best = j;
                        }
                    }
                }
            }
        }

        for (; i < scores.Length; i++)
        {
            if (scores[i] > top + RoutingDefaults.ScoreTolerance)
            {
                top = scores[i];
                best = i;
            }
        }

        return best;
    }

    /// <summary>Clamps each score to 0..1 in place as <see cref="Math.Clamp(double, double, double)"/> does, NaN to 0.</summary>
    private static void Clamp(Span<double> scores)
    {
        int i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            Vector256<double> zero = Vector256<double>.Zero;
            Vector256<double> one = Vector256.Create(1.0);
            ref double origin = ref MemoryMarshal.GetReference(scores);
            for (; i + 4 <= scores.Length; i += 4)
            {
                Vector256<double> value = Vector256.LoadUnsafe(ref origin, (nuint)i);
                Vector256<double> clamped = Vector256.ConditionalSelect(
                    Vector256.LessThan(value, zero), zero, Vector256.ConditionalSelect(Vector256.GreaterThan(value, one), one, value));
                Vector256.ConditionalSelect(Vector256.Equals(value, value), clamped, zero).StoreUnsafe(ref origin, (nuint)i); // NaN is not equal to itself
            }
        }

        for (; i < scores.Length; i++)
        {
            double score = scores[i];
            scores[i] = double.IsNaN(score) ? 0 : Math.Clamp(score, 0, 1);
        }
    }

    /// <summary>Counts each step's scores by <see cref="StepOf"/> (the levels are final).</summary>
    private static void CountSteps(ReadOnlySpan<double> scores, ReadOnlySpan<double> levels, Span<int> sizes)
    {
        sizes[..(levels.Length + 1)].Clear();
        foreach (double score in scores)
        {
            sizes[StepOf(score, levels)]++;
        }
    }

    /// <summary>The levels found so far and the count of scores tied to each, as scores are placed one by one.</summary>
    private ref struct LevelCounts(Span<double> levels, Span<int> counts, int ownLevels)
    {
        private readonly Span<double> _levels = levels;
        private readonly Span<int> _counts = counts;

        public int Found;

        /// <summary>Scores below every level.</summary>
        public int Rest;

        /// <summary>Whether a level was found within two tolerances of another (the counts may then be off).</summary>
        public bool Ambiguous;

        /// <summary>Counts a group of scores found tied to the levels (one bit per score, per level) and below them all.</summary>
        public void Count(scoped ReadOnlySpan<int> tiedBits, int below)
        {
            for (int p = 0; p < tiedBits.Length; p++)
            {
                _counts[p] += BitOperations.PopCount((uint)tiedBits[p]);
            }

            Rest += below;
        }

        /// <summary>Places one clamped score: tied to a level, below them all, or a new level (the lowest may fall into the rest).</summary>
        public void Place(double score)
        {
            // Most scores tie the highest level or fall below the lowest: check those first.
            int position = 0;
            while (position < Found)
            {
                double level = _levels[position];
                if (Math.Abs(score - level) <= RoutingDefaults.ScoreTolerance)
                {
                    _counts[position]++;
                    return;
                }

                if (score > level)
                {
                    break;
                }

                position++;
            }

            if (position >= ownLevels)
            {
                Rest++;
                return;
            }

            for (int other = 0; other < Found; other++)
            {
                Ambiguous |= Math.Abs(score - _levels[other]) <= 2 * RoutingDefaults.ScoreTolerance;
            }

            if (Found == ownLevels)
            {
                Found--; // the lowest level falls into the rest, with its scores
                Rest += _counts[Found];
            }

            for (int move = Found; move > position; move--)
            {
                _levels[move] = _levels[move - 1];
                _counts[move] = _counts[move - 1];
            }

            _levels[position] = score;
            _counts[position] = 1;
            Found++;
        }
    }
}
