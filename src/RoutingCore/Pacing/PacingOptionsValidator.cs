using System.Globalization;

namespace RoutingCore;

/// <summary>Checks <see cref="PacingOptions"/>; every problem is reported, not only the first.</summary>
internal static class PacingOptionsValidator
{
    /// <summary>Lists every invalid property of <paramref name="options"/>, each message naming the property, its value and what is valid.</summary>
    internal static IEnumerable<string> Validate(PacingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        var c = CultureInfo.InvariantCulture;
        if (options.Interval <= TimeSpan.Zero)
        {
            errors.Add(string.Create(c, $"PacingOptions.Interval must be longer than zero (got {options.Interval})."));
        }

        if (!Enum.IsDefined(options.Target))
        {
            errors.Add(string.Create(c, $"PacingOptions.Target must be AbandonmentRate or BusyFactor (got {(int)options.Target})."));
        }

        if (!(options.AbandonmentRate > 0 && options.AbandonmentRate < 1))
        {
            errors.Add(string.Create(c, $"PacingOptions.AbandonmentRate must be strictly between 0 and 1 (got {options.AbandonmentRate})."));
        }

        if (!(options.BusyFactor > 0 && options.BusyFactor < 1))
        {
            errors.Add(string.Create(c, $"PacingOptions.BusyFactor must be strictly between 0 and 1 (got {options.BusyFactor})."));
        }

        if (options.MaxInvitationsPerInterval < 1)
        {
            errors.Add(string.Create(c, $"PacingOptions.MaxInvitationsPerInterval must be at least 1 (got {options.MaxInvitationsPerInterval})."));
        }

        if (options.StaleAfter <= TimeSpan.Zero)
        {
            errors.Add(string.Create(c, $"PacingOptions.StaleAfter must be longer than zero (got {options.StaleAfter})."));
        }

        if (options.InvitationTimeout <= TimeSpan.Zero)
        {
            errors.Add(string.Create(c, $"PacingOptions.InvitationTimeout must be longer than zero (got {options.InvitationTimeout})."));
        }

        if (options.SmallGroupSlots < 0)
        {
            errors.Add(string.Create(c, $"PacingOptions.SmallGroupSlots must be at least 0 (got {options.SmallGroupSlots})."));
        }

        if (options.AbandonmentCatchUp < 0)
        {
            errors.Add(string.Create(c, $"PacingOptions.AbandonmentCatchUp must be at least 0 (got {options.AbandonmentCatchUp}); 0 turns the correction off."));
        }

        return errors;
    }

    /// <summary>Throws one <see cref="ArgumentException"/> listing every problem, if there is any.</summary>
    internal static void ThrowIfInvalid(PacingOptions options, string paramName)
    {
        var errors = Validate(options).ToList();
        if (errors.Count > 0)
        {
            throw new ArgumentException($"Invalid pacing options: {string.Join(" ", errors)}", paramName);
        }
    }
}
