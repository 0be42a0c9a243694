namespace RoutingCore;

/// <summary>The steady-state performance of an Erlang A (M/M/n+M) queue, as computed by <see cref="ErlangA.Evaluate(int, double, TimeSpan, TimeSpan, TimeSpan)"/>.</summary>
/// <param name="ProbabilityOfWaiting">The probability that an arrival finds every agent busy and has to wait, in [0, 1].</param>
/// <param name="ProbabilityOfAbandonment">The probability that an arrival abandons before being served, in [0, 1].</param>
/// <param name="AverageSpeedOfAnswer">The mean wait over all arrivals (served, abandoned and not delayed alike), rounded to the nearest tick.</param>
/// <param name="ServiceLevel">The probability that an arrival is served after waiting at most the answer-time target; abandoned arrivals count as failures.</param>
/// <param name="Occupancy">The mean fraction of agents busy, in [0, 1]; 0 when there are no agents.</param>
public readonly record struct ErlangAResult(double ProbabilityOfWaiting, double ProbabilityOfAbandonment, TimeSpan AverageSpeedOfAnswer, double ServiceLevel, double Occupancy);
