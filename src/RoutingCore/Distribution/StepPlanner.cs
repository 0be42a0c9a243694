namespace RoutingCore.Distribution;

/// <summary>
/// Groups scored agents into steps (seed 004): each distinct score, highest first, forms its own step until the last
/// step, which takes all the rest. Scores within <see cref="RoutingDefaults.ScoreTolerance"/> of a step's score are
/// tied. Runs in O(n × steps) without sorting the agents.
/// </summary>
internal static class StepPlanner
{
    /// <summary>Assigns each score a step.</summary>
    /// <param name="scores">The scores (already clamped to 0..1).</param>
    /// <param name="maxSteps">The most steps, at least 1.</param>
    /// <param name="levels">Scratch for the distinct top scores, at least <paramref name="maxSteps"/> long.</param>
    /// <param name="stepOf">Receives each score's step.</param>
    /// <returns>The number of steps used (0 when there are no scores).</returns>
    internal static int Assign(ReadOnlySpan<double> scores, int maxSteps, Span<double> levels, Span<int> stepOf)
    {
        if (scores.Length == 0)
        {
            return 0;
        }

        // The distinct top (maxSteps - 1) score levels, highest first; everything below them goes to the last step.
        int ownLevels = maxSteps - 1;
        int found = 0;
        bool rest = false;
        for (int i = 0; i < scores.Length; i++)
        {
            double score = scores[i];
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

        for (int i = 0; i < scores.Length; i++)
        {
            double score = scores[i];
            int step = found; // the rest
            for (int position = 0; position < found; position++)
            {
                if (Math.Abs(score - levels[position]) <= RoutingDefaults.ScoreTolerance)
                {
                    step = position;
                    break;
                }
            }

            stepOf[i] = step;
        }

        return rest ? found + 1 : found;
    }
}
