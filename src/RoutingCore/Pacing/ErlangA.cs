using System.Globalization;

namespace RoutingCore;

/// <summary>
/// The Erlang A model (Palm; Garnett, Mandelbaum and Reiman 2002), M/M/n+M: Poisson arrivals, exponential handle times,
/// n agents, and waiting customers who abandon at rate 1/patience.
/// </summary>
/// <remarks>
/// <para><b>Method.</b> The number in system is a birth–death process with birth rate λ and death rate min(j, n)·μ + max(j − n, 0)·θ
/// (μ = 1/AHT, θ = 1/patience). Its stationary distribution is computed exactly, relative to π_n: the states below n sum to
/// n / (A·B(n − 1, A)) with A = λ/μ and B the Erlang B recursion (no factorials or powers); the waiting states follow the ratio
/// recursion π_(n+k) = π_(n+k−1)·λ / (nμ + kθ), rescaled whenever the terms grow large so nothing overflows, and truncated once a geometric bound on the
/// remaining terms is below 10^−17 of the total. The cost is proportional to the number of waiting states that matter, about
/// max(0, λ − nμ)·patience + a few·√(λ·patience); arguments needing more than 50 million states are rejected.</para>
/// <para>From it: P(wait) = Σ_(j≥n) π_j, the mean queue E[Q], P(abandon) = θ·E[Q]/λ, the average speed of answer E[Q]/λ (Little's law,
/// mean wait over all arrivals), occupancy = λ·(1 − P(abandon))·AHT / n.</para>
/// <para>The service level P(served and wait ≤ T) is P(j &lt; n) + π_n·nμ·∫_0^T exp(−(nμ + θ)s + (λ/θ)(1 − e^(−θs))) ds. The integral
/// follows from the offered wait of a customer who finds k others waiting (a sum of exponentials with rates nμ + iθ, i = 0…k,
/// whose density is θe^(−nμ s)(1 − e^(−θs))^k / Beta(nμ/θ, k + 1)), discounted by the probability e^(−θs) of not abandoning, and summed
/// over k against π_(n+k); it equals the known closed form in terms of incomplete gamma functions. The integrand is unimodal, so it is
/// split at its maximum and each side is integrated with adaptive Simpson quadrature in log-scaled form (absolute error about 10^−12).</para>
/// </remarks>
public static class ErlangA
{
    private const int MaxWaitingStates = 50_000_000;
    private const double RescaleThreshold = 1e250;
    private const double RescaleFactor = 1e-250;
    private static readonly double LogRescaleFactor = Math.Log(RescaleFactor);

    /// <summary>Evaluates the Erlang A model.</summary>
    /// <param name="agents">The number of agents; at least 0 (with none, every arrival abandons).</param>
    /// <param name="arrivalsPerSecond">The arrival rate per second; finite and at least 0.</param>
    /// <param name="averageHandleTime">The average handle time; longer than zero.</param>
    /// <param name="averagePatience">The mean time a waiting customer waits before abandoning; longer than zero.</param>
    /// <param name="answerWithin">The answer-time target for the service level; zero or longer.</param>
    /// <returns>The steady-state measures. With no arrivals: no waiting, no abandonment, zero speed of answer, service level 1, occupancy 0.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An argument is outside the range given above, or the combination needs more than 50 million waiting states (patience enormous relative to an overload).</exception>
    public static ErlangAResult Evaluate(int agents, double arrivalsPerSecond, TimeSpan averageHandleTime, TimeSpan averagePatience, TimeSpan answerWithin)
    {
        QueueingGuard.Servers(agents, 0, nameof(agents));
        QueueingGuard.NonNegativeFinite(arrivalsPerSecond, nameof(arrivalsPerSecond));
        QueueingGuard.Positive(averageHandleTime, nameof(averageHandleTime));
        QueueingGuard.Positive(averagePatience, nameof(averagePatience));
        QueueingGuard.NonNegative(answerWithin, nameof(answerWithin));

        double lambda = arrivalsPerSecond;
        if (lambda == 0)
        {
            return new ErlangAResult(0, 0, TimeSpan.Zero, 1, 0);
        }

        double aht = averageHandleTime.TotalSeconds;
        double mu = 1 / aht;
        double theta = 1 / averagePatience.TotalSeconds;
        double load = lambda * aht;
        int n = agents;
        double a = n * mu;

        // Probability mass of the states below n, relative to pi_n = 1.
        double head = 0;
        if (n > 0)
        {
            double previousBlocking = ErlangB.BlockingCore(n - 1, load);
            head = n / (load * previousBlocking);
            if (!double.IsFinite(head))
            {
                // pi_n is below the smallest double relative to the idle states: nobody ever waits.
                return new ErlangAResult(0, 0, TimeSpan.Zero, 1, Math.Min(1, load / n));
            }
        }

        double pn = 1;
        double term = 1;
        double sum0 = 0; // sum of pi_(n+k), k >= 1
        double sum1 = 0; // sum of k * pi_(n+k)
        int rescales = 0;
        for (int k = 1; ; k++)
        {
            if (k > MaxWaitingStates)
            {
                throw new ArgumentOutOfRangeException(nameof(averagePatience), averagePatience, string.Create(CultureInfo.InvariantCulture, $"averagePatience ({averagePatience}) is too long for this load: the model would need more than {MaxWaitingStates} waiting states. Use a shorter patience or Erlang C."));
            }

            double rate = a + (k * theta);
            term *= lambda / rate;
            sum0 += term;
            sum1 += k * term;
            if (term > RescaleThreshold)
            {
                term *= RescaleFactor;
                sum0 *= RescaleFactor;
                sum1 *= RescaleFactor;
                pn *= RescaleFactor;
                head *= RescaleFactor;
                rescales++;
            }

            // Past the peak the ratios r = λ/rate fall, so the remaining terms are bounded by a geometric series:
            // Σ_(j>k) π_j <= t·r/(1 − r) and Σ_(j>k) j·π_j <= t·(k + 1)·r/(1 − r)². Stop once both are negligible.
            double ratio = lambda / rate;
            if (ratio < 1 && term * (k + 1) * ratio <= 1e-17 * (1 - ratio) * (1 - ratio) * (sum0 + pn + head))
            {
                break;
            }
        }

        double total = head + pn + sum0;
        double waiting = (pn + sum0) / total;
        double meanQueue = sum1 / total;
        double abandonment = Math.Min(1, theta * meanQueue / lambda);
        double occupancy = n == 0 ? 0 : Math.Min(1, load * (1 - abandonment) / n);
        double logPn = (rescales * LogRescaleFactor) - Math.Log(total);

        double serviceLevel = head / total;
        if (n > 0)
        {
            serviceLevel += ServedWithinIntegral(a, theta, lambda, logPn, answerWithin.TotalSeconds);
        }

        return new ErlangAResult(
            Math.Clamp(waiting, 0, 1),
            abandonment,
            QueueingGuard.FromSeconds(meanQueue / lambda),
            Math.Clamp(serviceLevel, 0, 1),
            occupancy);
    }

    /// <summary>
    /// The probability that a customer who finds <paramref name="customersAhead"/> others waiting ahead of it (and every agent busy)
    /// abandons before being served: 1 − nμ / (nμ + (k + 1)θ). Accepts a fractional (expected) position; a negative position means a free agent, so 0.
    /// </summary>
    internal static double AbandonmentAtPosition(double customersAhead, double serviceRate, double abandonRate)
    {
        if (customersAhead < 0)
        {
            return 0;
        }

        double abandonment = (customersAhead + 1) * abandonRate;
        return double.IsPositiveInfinity(abandonment) ? 1 : abandonment / (serviceRate + abandonment); // the limit, not ∞/∞
    }

    private static double ServedWithinIntegral(double a, double theta, double lambda, double logPn, double t)
    {
        if (t <= 0)
        {
            return 0;
        }

        var f = new Integrand(a, theta, lambda, logPn);
        double peak = lambda > a + theta ? Math.Log(lambda / (a + theta)) / theta : 0;
        if (peak > 0 && peak < t)
        {
            return Integrate(in f, 0, peak) + Integrate(in f, peak, t);
        }

        return Integrate(in f, 0, t);
    }

    private static double Integrate(in Integrand f, double from, double to)
    {
        const int Panels = 16;
        double width = (to - from) / Panels;
        double sum = 0;
        for (int i = 0; i < Panels; i++)
        {
            double l = from + (i * width);
            double r = i == Panels - 1 ? to : l + width;
            double fl = f.At(l), fr = f.At(r), m = 0.5 * (l + r), fm = f.At(m);
            double whole = (r - l) / 6 * (fl + (4 * fm) + fr);
            sum += Adaptive(in f, l, r, fl, fm, fr, whole, 1e-13 / Panels, 48);
        }

        return sum;
    }

    private static double Adaptive(in Integrand f, double l, double r, double fl, double fm, double fr, double whole, double tolerance, int depth)
    {
        double m = 0.5 * (l + r);
        double lm = 0.5 * (l + m), rm = 0.5 * (m + r);
        double flm = f.At(lm), frm = f.At(rm);
        double left = (m - l) / 6 * (fl + (4 * flm) + fm);
        double right = (r - m) / 6 * (fm + (4 * frm) + fr);
        double delta = left + right - whole;
        if (depth <= 0 || Math.Abs(delta) <= 15 * tolerance)
        {
            return left + right + (delta / 15);
        }

        return Adaptive(in f, l, m, fl, flm, fm, left, tolerance / 2, depth - 1)
            + Adaptive(in f, m, r, fm, frm, fr, right, tolerance / 2, depth - 1);
    }

    /// <summary>−expm1(−x) = 1 − e^(−x), accurate for small x.</summary>
    internal static double OneMinusExpNeg(double x)
    {
        if (Math.Abs(x) < 1e-2)
        {
            // Taylor series to x^7: relative error below 1e-16 for |x| < 0.01.
            return x * (1 - (x / 2 * (1 - (x / 3 * (1 - (x / 4 * (1 - (x / 5 * (1 - (x / 6 * (1 - (x / 7))))))))))));
        }

        return 1 - Math.Exp(-x);
    }

    private readonly struct Integrand(double a, double theta, double lambda, double logPn)
    {
        public double At(double s)
            => a * Math.Exp(logPn - ((a + theta) * s) + (lambda * OneMinusExpNeg(theta * s) / theta));
    }
}
