namespace RoutingCore;

/// <summary>Creates the built-in pacing calculator, for use without dependency injection.</summary>
public static class PacingCalculatorFactory
{
    /// <summary>Creates the built-in pacing calculator.</summary>
    /// <param name="options">The settings; null for the defaults. They are copied, so later changes to the instance have no effect.</param>
    /// <returns>A thread-safe calculator.</returns>
    /// <exception cref="ArgumentException"><paramref name="options"/> is invalid; the message lists every invalid property.</exception>
    public static IPacingCalculator Create(PacingOptions? options = null) => new PacingCalculator(options ?? new PacingOptions());
}
