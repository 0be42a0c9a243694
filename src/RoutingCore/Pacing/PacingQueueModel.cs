namespace RoutingCore;

/// <summary>
/// The expected abandonment of the invitations of one interval, counting the randomness of what lies ahead of each: how many
/// pending and new invitations are accepted, how many reactive chats arrive, how many chats end. Allocation-free.
/// </summary>
/// <remarks>
/// The i-th new invitation (i = 1, 2, …), if accepted, has N_i chats ahead of it, with mean m + p·(i − 1) and variance
/// v + p(1 − p)·(i − 1); N_i is taken as normal (with a continuity correction: N ≤ −1, a free slot, is below −0.5). At position
/// N ≥ 0 with every slot busy it abandons with the Erlang A probability (N + 1)θ / (nμ + (N + 1)θ). The expected value over N is
/// integrated with Simpson's rule over ±6 standard deviations. Expected values alone would send too many invitations to a small
/// group: the mean position can be a free slot while a good share of the outcomes wait a whole handle time.
/// </remarks>
internal static class PacingQueueModel
{
    private const double Deviations = 6;
    private const int Panels = 24;
    private const int AveragePanels = 16;
    private static readonly double InverseSqrt2Pi = 1 / Math.Sqrt(2 * Math.PI);

    /// <summary>
    /// The largest k ≤ <paramref name="max"/> whose k invitations abandon on average (over the accepted ones) at most
    /// <paramref name="budget"/>; <paramref name="meanAbandonment"/> is that average (0 when k is 0).
    /// </summary>
    /// <remarks>
    /// The average over i = 0 … k − 1 is taken as the average over the continuous range [0, k − 1] by Simpson's rule at fixed
    /// fractions of it. Every node moves up with k (and with the queue, the load, the pending or reactive traffic), and the
    /// weights are positive, so the average grows with each of them: a binary search finds k, and the answer keeps the
    /// calculator's monotonicity.
    /// </remarks>
    internal static int Largest(double ahead, double variance, double p, int max, double servicePerSecond, double abandonRate, double budget, out double meanAbandonment)
    {
        meanAbandonment = 0;
        if (max < 1 || !double.IsFinite(ahead) || !double.IsFinite(variance) || Average(1, ahead, variance, p, servicePerSecond, abandonRate) > budget)
        {
            return 0;
        }

        int low = 1; // within the budget
        int high = max;
        if (Average(high, ahead, variance, p, servicePerSecond, abandonRate) > budget)
        {
            while (high - low > 1)
            {
                int middle = low + ((high - low) / 2);
                if (Average(middle, ahead, variance, p, servicePerSecond, abandonRate) <= budget)
                {
                    low = middle;
                }
                else
                {
                    high = middle;
                }
            }

            high = low;
        }

        meanAbandonment = Average(high, ahead, variance, p, servicePerSecond, abandonRate);
        return high;
    }

    /// <summary>The average expected abandonment of the first <paramref name="count"/> new invitations (at least 1).</summary>
    private static double Average(int count, double ahead, double variance, double p, double servicePerSecond, double abandonRate)
    {
        double spread = p * (1 - p);
        double last = count - 1;
        if (last == 0)
        {
            return Expected(ahead, Math.Sqrt(variance), servicePerSecond, abandonRate);
        }

        double sum = 0;
        for (int j = 0; j <= AveragePanels; j++)
        {
            double i = last * j / AveragePanels;
            double weight = j == 0 || j == AveragePanels ? 1 : (j % 2 == 1 ? 4 : 2);
            sum += weight * Expected(ahead + (p * i), Math.Sqrt(variance + (spread * i)), servicePerSecond, abandonRate);
        }

        return sum / (3 * AveragePanels);
    }

    /// <summary>E[f(N)] for N normal with the given mean and standard deviation, f the abandonment at a queue position (0 below −0.5).</summary>
    internal static double Expected(double mean, double sigma, double servicePerSecond, double abandonRate)
    {
        if (mean + (Deviations * sigma) < -0.5)
        {
            return 0; // every outcome is a free slot
        }

        if (sigma < 1e-9)
        {
            return mean < -0.5 ? 0 : ErlangA.AbandonmentAtPosition(Math.Max(0, mean), servicePerSecond, abandonRate);
        }

        // Outcomes in [−0.5, 0) are position 0: first in the queue.
        double result = ErlangA.AbandonmentAtPosition(0, servicePerSecond, abandonRate) * (Phi(-mean / sigma) - Phi((-0.5 - mean) / sigma));
        double from = Math.Max(0, mean - (Deviations * sigma));
        double to = mean + (Deviations * sigma);
        if (to <= from)
        {
            return result;
        }

        double width = (to - from) / Panels;
        double sum = 0;
        for (int i = 0; i <= Panels; i++)
        {
            double x = from + (i * width);
            double z = (x - mean) / sigma;
            double weight = i == 0 || i == Panels ? 1 : (i % 2 == 1 ? 4 : 2);
            sum += weight * ErlangA.AbandonmentAtPosition(x, servicePerSecond, abandonRate) * Math.Exp(-0.5 * z * z);
        }

        return result + (sum * width / 3 * InverseSqrt2Pi / sigma);
    }

    /// <summary>The standard normal distribution function, from the complementary error function.</summary>
    internal static double Phi(double z) => 0.5 * Erfc(-z / Math.Sqrt(2));

    /// <summary>The complementary error function (Chebyshev fit, fractional error below 1.2·10⁻⁷ everywhere).</summary>
    private static double Erfc(double x)
    {
        double z = Math.Abs(x);
        double t = 1 / (1 + (0.5 * z));
        double poly = 0.17087277;
        poly = (poly * t) - 0.82215223;
        poly = (poly * t) + 1.48851587;
        poly = (poly * t) - 1.13520398;
        poly = (poly * t) + 0.27886807;
        poly = (poly * t) - 0.18628806;
        poly = (poly * t) + 0.09678418;
        poly = (poly * t) + 0.37409196;
        poly = (poly * t) + 1.00002368;
        poly = (poly * t) - 1.26551223;
        double r = t * Math.Exp((-z * z) + poly);
        return x >= 0 ? r : 2 - r;
    }
}
