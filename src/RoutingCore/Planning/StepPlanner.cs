namespace RoutingCore.Distribution;

/// <summary>
/// Groups scored agents into steps (seed 004): each distinct score, highest first, forms its own step until the last
/// step, which takes all the rest. Scores within <see cref="RoutingDefaults.ScoreTolerance"/> of a step's score are
/// tied. Runs in O(n × steps) without sorting the agents, in two passes: <see cref="ClampAndFindLevels"/> (which also
/// clamps the strategy's raw scores) and <see cref="AssignSteps"/> (which also counts each step's agents).
/// </summary>
internal static class StepPlanner
{
    /// <summary>
    /// Clamps each raw score to 0..1 (NaN counts as 0) in place and finds the distinct top (<paramref name="maxSteps"/> - 1)
    /// score levels, highest first; every score below them belongs to the last step.
    /// </summary>
    /// <param name="scores">The strategy's raw scores; clamped on return.</param>
    /// <param name="maxSteps">The most steps, at least 1.</param>
    /// <param name="levels">Receives the levels, at least <paramref name="maxSteps"/> long.</param>
    /// <param name="rest">Whether some score is below every level (the last step is then used).</param>
    /// <returns>How many levels were found.</returns>
    internal static int ClampAndFindLevels(Span<double> scores, int maxSteps, Span<double> levels, out bool rest)
    {
        int ownLevels = maxSteps - 1;
        int found = 0;
        rest = false;
        for (int i = 0; i < scores.Length; i++)
        {
            double score = scores[i];
            score = double.IsNaN(score) ? 0 : Math.Clamp(score, 0, 1);
            scores[i] = score;

            // Most scores tie the highest level or fall below the lowest: check those first.
            int position = 0;
            bool tied = false;
            while (position < found)
            {
                double level = levels[position];
                if (Math.Abs(score - level) <= RoutingDefaults.ScoreTolerance)
                {
                    tied = true;
                    break;
                }

                if (score > level)
                {
                    break;
                }

                position++;
            }

            if (tied)
            {
                continue;
            }

            if (position >= ownLevels)
            {
                rest = true;
                continue;
            }

            if (found == ownLevels)
            {
                found--; // the lowest level falls into the rest
                rest = true;
            }

            for (int move = found; move > position; move--)
            {
                levels[move] = levels[move - 1];
            }

            levels[position] = score;
            found++;
        }

        return found;
    }

    /// <summary>Gives each score its step and counts each step's scores.</summary>
    /// <param name="scores">The clamped scores.</param>
    /// <param name="levels">The levels <see cref="ClampAndFindLevels"/> found.</param>
    /// <param name="rest">Whether some score is below every level.</param>
    /// <param name="stepOf">Receives each score's step.</param>
    /// <param name="sizes">Receives each step's count; at least one longer than <paramref name="levels"/>.</param>
    /// <returns>The number of steps used (0 when there are no scores).</returns>
    internal static int AssignSteps(ReadOnlySpan<double> scores, ReadOnlySpan<double> levels, bool rest, Span<int> stepOf, Span<int> sizes)
    {
        int found = levels.Length;
        sizes[..(found + 1)].Clear();
        if (found == 1 && !rest)
        {
            // One level and no rest: every score ties it (the common case of equal scores, such as broadcast).
            stepOf[..scores.Length].Clear();
            sizes[0] = scores.Length;
            return scores.Length == 0 ? 0 : 1;
        }

        for (int i = 0; i < scores.Length; i++)
        {
            double score = scores[i];
            int step = found; // the rest
            for (int position = 0; position < levels.Length; position++)
            {
                if (Math.Abs(score - levels[position]) <= RoutingDefaults.ScoreTolerance)
                {
                    step = position;
                    break;
                }
            }

            stepOf[i] = step;
            sizes[step]++;
        }

        return scores.Length == 0 ? 0 : (rest ? found + 1 : found);
    }
}
