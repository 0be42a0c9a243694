using System.Globalization;

namespace RoutingCore;

/// <summary>
/// The Erlang C (delay) model, M/M/c with an unlimited queue and infinitely patient customers: the probability of waiting,
/// the service level, the average speed of answer and the agents needed for a service-level target.
/// </summary>
/// <remarks>
/// <para>The probability of waiting is derived from Erlang B, C = c·B / (c − A·(1 − B)), so it is as stable as
/// <see cref="ErlangB.Blocking(int, double)"/> for any number of agents (1 to 10,000 and beyond).</para>
/// <para>When the offered load A reaches or exceeds the number of agents c the queue grows without bound:
/// <see cref="ProbabilityOfWaiting(int, double)"/> is 1, <see cref="ServiceLevel(int, double, TimeSpan, TimeSpan)"/> is 0 and
/// <see cref="AverageSpeedOfAnswer(int, double, TimeSpan)"/> is <see cref="TimeSpan.MaxValue"/>.</para>
/// </remarks>
public static class ErlangC
{
    /// <summary>The largest offered load <see cref="RequiredAgents(double, TimeSpan, TimeSpan, double)"/> accepts, in Erlangs.</summary>
    internal const double MaxRequiredAgentsLoad = 100_000_000;

    /// <summary>Computes the probability that an arrival has to wait (Erlang's C formula).</summary>
    /// <param name="agents">The number of agents; at least 1.</param>
    /// <param name="offeredLoad">The offered load in Erlangs (arrival rate times average handle time); finite and at least 0.</param>
    /// <returns>The probability of waiting in [0, 1]; 1 when <paramref name="offeredLoad"/> &gt;= <paramref name="agents"/>.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="agents"/> is less than 1, or <paramref name="offeredLoad"/> is negative, NaN or infinite.</exception>
    public static double ProbabilityOfWaiting(int agents, double offeredLoad)
    {
        QueueingGuard.Servers(agents, 1, nameof(agents));
        QueueingGuard.NonNegativeFinite(offeredLoad, nameof(offeredLoad));
        return ProbabilityOfWaitingCore(agents, offeredLoad);
    }

    /// <summary>
    /// Computes the service level: the probability that an arrival is answered within <paramref name="answerWithin"/>,
    /// 1 − P(wait)·e^(−(c − A)·T / AHT).
    /// </summary>
    /// <param name="agents">The number of agents; at least 1.</param>
    /// <param name="offeredLoad">The offered load in Erlangs; finite and at least 0.</param>
    /// <param name="averageHandleTime">The average handle time; longer than zero.</param>
    /// <param name="answerWithin">The answer-time target T; zero or longer.</param>
    /// <returns>The service level in [0, 1]; 0 when <paramref name="offeredLoad"/> &gt;= <paramref name="agents"/>.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An argument is outside the range given above.</exception>
    public static double ServiceLevel(int agents, double offeredLoad, TimeSpan averageHandleTime, TimeSpan answerWithin)
    {
        QueueingGuard.Servers(agents, 1, nameof(agents));
        QueueingGuard.NonNegativeFinite(offeredLoad, nameof(offeredLoad));
        QueueingGuard.Positive(averageHandleTime, nameof(averageHandleTime));
        QueueingGuard.NonNegative(answerWithin, nameof(answerWithin));
        return ServiceLevelCore(agents, offeredLoad, ProbabilityOfWaitingCore(agents, offeredLoad), averageHandleTime.TotalSeconds, answerWithin.TotalSeconds);
    }

    /// <summary>Computes the average speed of answer (the mean wait over all arrivals), P(wait)·AHT / (c − A).</summary>
    /// <param name="agents">The number of agents; at least 1.</param>
    /// <param name="offeredLoad">The offered load in Erlangs; finite and at least 0.</param>
    /// <param name="averageHandleTime">The average handle time; longer than zero.</param>
    /// <returns>The average speed of answer, rounded to the nearest tick; <see cref="TimeSpan.MaxValue"/> when <paramref name="offeredLoad"/> &gt;= <paramref name="agents"/>.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An argument is outside the range given above.</exception>
    public static TimeSpan AverageSpeedOfAnswer(int agents, double offeredLoad, TimeSpan averageHandleTime)
    {
        QueueingGuard.Servers(agents, 1, nameof(agents));
        QueueingGuard.NonNegativeFinite(offeredLoad, nameof(offeredLoad));
        QueueingGuard.Positive(averageHandleTime, nameof(averageHandleTime));
        if (offeredLoad >= agents)
        {
            return TimeSpan.MaxValue;
        }

        double waiting = ProbabilityOfWaitingCore(agents, offeredLoad);
        return QueueingGuard.FromSeconds(waiting * averageHandleTime.TotalSeconds / (agents - offeredLoad));
    }

    /// <summary>
    /// Computes the smallest number of agents whose <see cref="ServiceLevel(int, double, TimeSpan, TimeSpan)"/> reaches
    /// <paramref name="targetServiceLevel"/>.
    /// </summary>
    /// <param name="offeredLoad">The offered load in Erlangs; finite, at least 0 and at most 100,000,000.</param>
    /// <param name="averageHandleTime">The average handle time; longer than zero.</param>
    /// <param name="answerWithin">The answer-time target; zero or longer.</param>
    /// <param name="targetServiceLevel">The service-level target, strictly between 0 and 1 (for example 0.8 for 80 %).</param>
    /// <returns>The number of agents; 0 when <paramref name="offeredLoad"/> is 0 (no traffic needs no agents). Always more than <paramref name="offeredLoad"/> otherwise.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An argument is outside the range given above.</exception>
    /// <remarks>Walks up from the smallest stable staffing (⌊A⌋ + 1), updating Erlang B in O(1) per step, so the cost is proportional to the load.</remarks>
    public static int RequiredAgents(double offeredLoad, TimeSpan averageHandleTime, TimeSpan answerWithin, double targetServiceLevel)
    {
        QueueingGuard.NonNegativeFinite(offeredLoad, nameof(offeredLoad));
        if (offeredLoad > MaxRequiredAgentsLoad)
        {
            throw new ArgumentOutOfRangeException(nameof(offeredLoad), offeredLoad, string.Create(CultureInfo.InvariantCulture, $"offeredLoad must be at most {MaxRequiredAgentsLoad:0} Erlangs (got {offeredLoad})."));
        }

        QueueingGuard.Positive(averageHandleTime, nameof(averageHandleTime));
        QueueingGuard.NonNegative(answerWithin, nameof(answerWithin));
        QueueingGuard.OpenUnitInterval(targetServiceLevel, nameof(targetServiceLevel));
        if (offeredLoad == 0)
        {
            return 0;
        }

        double aht = averageHandleTime.TotalSeconds;
        double t = answerWithin.TotalSeconds;
        int agents = (int)Math.Floor(offeredLoad) + 1;
        double blocking = ErlangB.BlockingCore(agents, offeredLoad);
        while (true)
        {
            double waiting = FromBlocking(agents, offeredLoad, blocking);
            if (ServiceLevelCore(agents, offeredLoad, waiting, aht, t) >= targetServiceLevel)
            {
                return agents;
            }

            agents++;
            blocking = offeredLoad * blocking / (agents + (offeredLoad * blocking));
        }
    }

    internal static double ProbabilityOfWaitingCore(int agents, double offeredLoad)
    {
        if (offeredLoad >= agents)
        {
            return 1;
        }

        return offeredLoad == 0 ? 0 : FromBlocking(agents, offeredLoad, ErlangB.BlockingCore(agents, offeredLoad));
    }

    private static double FromBlocking(int agents, double offeredLoad, double blocking)
        => Math.Min(1, agents * blocking / (agents - (offeredLoad * (1 - blocking))));

    private static double ServiceLevelCore(int agents, double offeredLoad, double waiting, double ahtSeconds, double answerWithinSeconds)
    {
        if (offeredLoad >= agents)
        {
            return 0;
        }

        double sl = 1 - (waiting * Math.Exp(-(agents - offeredLoad) * answerWithinSeconds / ahtSeconds));
        return Math.Clamp(sl, 0, 1);
    }
}
