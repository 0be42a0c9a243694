using CsCheck;
using RoutingCore.Distribution;

namespace RoutingCore.Tests.Distribution;

/// <summary>
/// The step planner places four scores at a time where it can (issue 20): on score arrays built to be awkward — ties
/// within the tolerance, levels two tolerances apart, NaN and scores outside 0..1, more distinct scores than steps — it
/// finds the same levels, step sizes, steps and first best agent as the score-by-score walk it replaced, written out here.
/// </summary>
public sealed class StepPlannerPropertyTests
{
    private const double Tolerance = 1e-9;

    /// <summary>Scores drawn from a few values and their near neighbours, so ties, near ties and clamping all happen.</summary>
    private static readonly Gen<double> ScoreGen = Gen.OneOf(
        0.0, 0.25, 0.5, 0.75, 1.0, 0.5 + 0.4e-9, 0.5 + 0.9e-9, 0.5 + 1.5e-9, 0.5 + 2.5e-9, 0.75 - 1e-9, 1.2, -0.3, double.NaN, -0.0, 0.3, 0.31, 0.9);

    [Test]
    public void PlanSteps_OnAwkwardScores_MatchesTheScoreByScoreWalk()
    {
        Gen.Select(ScoreGen.Array[0, 160], Gen.Int[1, 6]).Sample(
            (raw, maxSteps) =>
            {
                double[] expectedScores = [.. raw];
                (double[] levels, int[] stepOf, int[] sizes) = Walk(expectedScores, maxSteps);

                double[] scores = [.. raw];
                double[] foundLevels = new double[maxSteps];
                int[] foundSizes = new int[maxSteps];
                int stepCount = StepPlanner.PlanSteps(scores, maxSteps, foundLevels, foundSizes, out int levelCount);

                scores.ShouldBe(expectedScores); // clamped alike, bit for bit (NaN to 0)
                foundLevels[..levelCount].ShouldBe(levels);
                stepCount.ShouldBe(sizes.Length);
                foundSizes[..stepCount].ShouldBe(sizes);
                scores.Select(score => StepPlanner.StepOf(score, foundLevels.AsSpan(0, levelCount))).ShouldBe(stepOf);
            },
            iter: 20_000,
            print: t => $"scores [{string.Join(", ", t.Item1.Select(s => s.ToString("R", System.Globalization.CultureInfo.InvariantCulture)))}], steps {t.Item2}");
    }

    [Test]
    public void FirstBest_OnAwkwardScores_MatchesTheScoreByScoreWalk()
    {
        ScoreGen.Array[1, 48].Sample(
            raw =>
            {
                int expected = 0;
                double top = Clamp(raw[0]);
                for (int i = 1; i < raw.Length; i++)
                {
                    if (Clamp(raw[i]) > top + Tolerance)
                    {
                        top = Clamp(raw[i]);
                        expected = i;
                    }
                }

                double[] scores = [.. raw];
                StepPlanner.FirstBest(scores).ShouldBe(expected);
            },
            iter: 20_000,
            print: raw => $"scores [{string.Join(", ", raw.Select(s => s.ToString("R", System.Globalization.CultureInfo.InvariantCulture)))}]");
    }

    [Test]
    public void PlanSteps_ALevelWithinTwoTolerancesOfAnother_CountsEachScoreForTheHighestLevelItTies()
    {
        // 0.5 + 0.9e-9 ties 0.5; then 0.5 + 1.5e-9 becomes a level above 0.5 (more than a tolerance from it) and also ties
        // 0.5 + 0.9e-9, which belongs to the highest level it ties: the new one.
        double[] scores = [0.5, 0.5 + 0.9e-9, 0.5 + 1.5e-9];
        double[] levels = new double[3];
        int[] sizes = new int[3];

        int steps = StepPlanner.PlanSteps(scores, 3, levels, sizes, out int levelCount);

        levelCount.ShouldBe(2);
        steps.ShouldBe(2);
        sizes[..2].ShouldBe([2, 1]);
        StepPlanner.StepOf(scores[1], levels.AsSpan(0, 2)).ShouldBe(0);
    }

    /// <summary>The walk the planner used before it placed scores four at a time: score by score, then steps by the final levels.</summary>
    private static (double[] Levels, int[] StepOf, int[] Sizes) Walk(double[] scores, int maxSteps)
    {
        int ownLevels = maxSteps - 1;
        var levels = new List<double>();
        bool rest = false;
        for (int i = 0; i < scores.Length; i++)
        {
            double score = Clamp(scores[i]);
            scores[i] = score;
            int position = 0;
            bool tied = false;
            while (position < levels.Count)
            {
                if (Math.Abs(score - levels[position]) <= Tolerance)
                {
                    tied = true;
                    break;
                }

                if (score > levels[position])
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

            if (levels.Count == ownLevels)
            {
                levels.RemoveAt(levels.Count - 1);
                rest = true;
            }

            levels.Insert(position, score);
        }

        int[] stepOf = [.. scores.Select(score => levels.FindIndex(level => Math.Abs(score - level) <= Tolerance) is var p and >= 0 ? p : levels.Count)];
        int stepCount = scores.Length == 0 ? 0 : (rest ? levels.Count + 1 : levels.Count);
        int[] sizes = [.. Enumerable.Range(0, stepCount).Select(step => stepOf.Count(s => s == step))];
        return ([.. levels], stepOf, sizes);
    }

    private static double Clamp(double score) => double.IsNaN(score) ? 0 : Math.Clamp(score, 0, 1);
}
