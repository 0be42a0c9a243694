namespace RoutingCore;

/// <summary>
/// The Erlang B (loss) formula: the probability that an arrival finds all servers busy in an M/M/c/c system,
/// where blocked arrivals are lost.
/// </summary>
/// <remarks>
/// Computed with the numerically stable recursion 1/B(k) = 1 + (k/A)·1/B(k − 1), starting from B(0) = 1, which uses
/// neither factorials nor powers, so it neither overflows nor loses precision for any number of servers
/// (it is exact to a few ulps from 1 to well beyond 10,000 servers). Cost is proportional to the number of servers.
/// </remarks>
public static class ErlangB
{
    /// <summary>Computes the Erlang B blocking probability.</summary>
    /// <param name="servers">The number of servers (trunks, agents, slots); at least 0.</param>
    /// <param name="offeredLoad">The offered load in Erlangs (arrival rate times mean holding time); finite and at least 0.</param>
    /// <returns>The probability, in [0, 1], that an arrival finds every server busy; 1 for zero servers, 0 for zero load and at least one server.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="servers"/> is negative, or <paramref name="offeredLoad"/> is negative, NaN or infinite.</exception>
    public static double Blocking(int servers, double offeredLoad)
    {
        QueueingGuard.Servers(servers, 0, nameof(servers));
        QueueingGuard.NonNegativeFinite(offeredLoad, nameof(offeredLoad));
        return BlockingCore(servers, offeredLoad);
    }

    /// <summary>Erlang B without argument checks.</summary>
    internal static double BlockingCore(int servers, double offeredLoad)
    {
        if (servers == 0)
        {
            return 1;
        }

        if (offeredLoad == 0)
        {
            return 0;
        }

        double inverse = 1;
        for (int k = 1; k <= servers; k++)
        {
            inverse = 1 + (inverse * k / offeredLoad);
            if (double.IsPositiveInfinity(inverse))
            {
                return 0;
            }
        }

        return 1 / inverse;
    }
}
