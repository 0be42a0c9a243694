using System.Globalization;

namespace RoutingCore;

/// <summary>Argument checks and conversions shared by the queueing models.</summary>
internal static class QueueingGuard
{
    internal static void Servers(int value, int minimum, string paramName)
    {
        if (value < minimum)
        {
            throw new ArgumentOutOfRangeException(paramName, value, string.Create(CultureInfo.InvariantCulture, $"{paramName} must be at least {minimum} (got {value})."));
        }
    }

    internal static void NonNegativeFinite(double value, string paramName)
    {
        if (!double.IsFinite(value) || value < 0)
        {
            throw new ArgumentOutOfRangeException(paramName, value, string.Create(CultureInfo.InvariantCulture, $"{paramName} must be a finite number >= 0 (got {value})."));
        }
    }

    internal static void Positive(TimeSpan value, string paramName)
    {
        if (value <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(paramName, value, string.Create(CultureInfo.InvariantCulture, $"{paramName} must be longer than zero (got {value})."));
        }
    }

    internal static void NonNegative(TimeSpan value, string paramName)
    {
        if (value < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(paramName, value, string.Create(CultureInfo.InvariantCulture, $"{paramName} must be zero or longer (got {value})."));
        }
    }

    internal static void OpenUnitInterval(double value, string paramName)
    {
        if (!(value > 0 && value < 1))
        {
            throw new ArgumentOutOfRangeException(paramName, value, string.Create(CultureInfo.InvariantCulture, $"{paramName} must be strictly between 0 and 1 (got {value})."));
        }
    }

    /// <summary>Converts seconds to a <see cref="TimeSpan"/>, rounding to the nearest tick and saturating at <see cref="TimeSpan.MaxValue"/>.</summary>
    internal static TimeSpan FromSeconds(double seconds)
    {
        if (double.IsNaN(seconds) || seconds <= 0)
        {
            return TimeSpan.Zero;
        }

        double ticks = seconds * TimeSpan.TicksPerSecond;
        return ticks >= long.MaxValue ? TimeSpan.MaxValue : TimeSpan.FromTicks((long)Math.Round(ticks));
    }
}
