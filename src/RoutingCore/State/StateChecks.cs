using System.Globalization;
using RoutingCore.State;

namespace RoutingCore.Engine;

/// <summary>The checks the state reader applies to a document's values; each refusal names the JSON path of the value.</summary>
internal static class StateChecks
{
    public static void NamesInto(InternTable table, string[] names, string path, string kind)
    {
        for (int i = 0; i < names.Length; i++)
        {
            if (string.IsNullOrEmpty(names[i]) || table.TryGet(names[i], out _))
            {
                throw Refuse($"{path}[{i}]", $"{kind} name '{names[i]}' is empty or listed twice (names compare case-insensitively); list each name once.");
            }

            try
            {
                table.GetOrAdd(names[i]);
            }
            catch (InvalidOperationException ex)
            {
                throw Refuse($"{path}[{i}]", ex.Message);
            }
        }
    }

    public static T Required<T>(T? value, string path)
        where T : class =>
        value ?? throw Refuse(path, "the value is null or missing; it is required.");

    public static T Id<T>(string? value, string path, Func<string, T> create)
    {
        if (value is null)
        {
            throw Refuse(path, "the id is null or missing; it is required.");
        }

        try
        {
            return create(value);
        }
        catch (ArgumentException ex)
        {
            throw Refuse(path, ex.Message);
        }
    }

    public static T? OptionalId<T>(string? value, string path, Func<string, T> create)
        where T : struct =>
        value is null ? null : Id(value, path, create);

    public static void Valid(Action check, string path) => Valid(() => { check(); return true; }, path);

    public static T Valid<T>(Func<T> check, string path)
    {
        try
        {
            return check();
        }
        catch (ArgumentException ex)
        {
            throw Refuse(path, ex.Message);
        }
    }

    public static void Defined<TEnum>(TEnum value, string path)
        where TEnum : struct, Enum
    {
        if (!Enum.IsDefined(value))
        {
            throw Refuse(path, $"'{value}' is not a {typeof(TEnum).Name}; valid values are {string.Join(", ", Enum.GetNames<TEnum>())}.");
        }
    }

    public static void NotNegative(long value, string path)
    {
        if (value < 0)
        {
            throw Refuse(path, Invariant($"the value is {value}; it must not be negative."));
        }
    }

    public static void NotNegative(TimeSpan value, string path)
    {
        if (value < TimeSpan.Zero)
        {
            throw Refuse(path, Invariant($"the duration is {value}; it must not be negative."));
        }
    }

    public static void Amount(double value, string path)
    {
        if (!double.IsFinite(value) || value < 0)
        {
            throw Refuse(path, Invariant($"the value is {value}; it must be a finite number, not negative."));
        }
    }

    /// <summary>
    /// The largest count (counters, split turns and totals) a document may hold: far beyond any real engine's (a million
    /// conversations a second for 30 years), and far enough below <see cref="long.MaxValue"/> that counting on, and the
    /// split's sums and products, cannot overflow. (An agent's declines and timeouts, and a distribution's version, are
    /// ints that stop counting at <see cref="int.MaxValue"/>, so any value that is not negative is one an engine can hold.)
    /// </summary>
    public const long MaxCount = 1_000_000_000_000_000;

    /// <summary>
    /// The earliest time the engine's clock is taken to read (2000-01-01, where <c>FakeTimeProvider</c> starts): a time the
    /// engine stamped (savedAt, stateSince, assignedAt, offeredAt, queuedAt, due times...) is never earlier. It keeps out
    /// <c>0001-01-01</c>, the value of an unset time, which the document cannot tell from "none".
    /// </summary>
    public static readonly DateTimeOffset EarliestTime = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>
    /// The latest engine time a document may hold: the engine adds durations of up to
    /// <see cref="DependencyInjection.RoutingOptionsValidator.MaxDuration"/> to its time, which must stay representable.
    /// </summary>
    public static readonly DateTimeOffset LatestTime = InputValidation.LatestCreatedAt;

    /// <summary>A count: not negative, and at most <see cref="MaxCount"/>.</summary>
    public static void Count(long value, string path)
    {
        NotNegative(value, path);
        if (value > MaxCount)
        {
            throw Refuse(path, Invariant($"the count is {value}; it must be at most {MaxCount} (no engine counts that far, and counting on from there could overflow)."));
        }
    }


    /// <summary>The document's own time: between <see cref="EarliestTime"/> and <see cref="LatestTime"/>.</summary>
    public static DateTimeOffset SavedAt(DateTimeOffset value)
    {
        if (value < EarliestTime || value > LatestTime)
        {
            throw Refuse("$.savedAt", Invariant($"savedAt is {value:O}; the engine's time lies between {EarliestTime:O} and {LatestTime:O} (later, adding a duration of up to {DependencyInjection.RoutingOptionsValidator.MaxDuration.TotalDays:0} days would overflow)."));
        }

        return value;
    }

    /// <summary>A past moment the engine stamped with its own clock: between <see cref="EarliestTime"/> and the document's savedAt.</summary>
    public static void EngineTime(DateTimeOffset value, DateTimeOffset savedAt, string path)
    {
        if (value < EarliestTime || value > savedAt)
        {
            throw Refuse(path, Invariant($"the time is {value:O}; the engine stamped it with its own clock, so it lies between {EarliestTime:O} and the document's savedAt ({savedAt:O})."));
        }
    }

    /// <summary>A past moment the host may have given (a message's time): not after the document's savedAt.</summary>
    public static void PastTime(DateTimeOffset value, DateTimeOffset savedAt, string path)
    {
        if (value > savedAt)
        {
            throw Refuse(path, Invariant($"the time is {value:O}, after the document's savedAt ({savedAt:O}); a past moment is at most savedAt."));
        }
    }

    /// <summary>
    /// A due time: the engine's time plus a duration of at most MaxDuration and one tick (an idle chat turns idle one tick
    /// after its timeout: seed 004's idle chats are idle "for more than" it), so between <see cref="EarliestTime"/> and
    /// savedAt + MaxDuration + 1 tick.
    /// </summary>
    public static void DueTime(DateTimeOffset value, DateTimeOffset savedAt, string path)
    {
        TimeSpan longest = DependencyInjection.RoutingOptionsValidator.MaxDuration + TimeSpan.FromTicks(1);
        if (value < EarliestTime || value - savedAt > longest)
        {
            throw Refuse(path, Invariant($"the due time is {value:O}; the engine schedules at its time plus at most {DependencyInjection.RoutingOptionsValidator.MaxDuration.TotalDays:0} days and one tick, so it lies between {EarliestTime:O} and {savedAt + DependencyInjection.RoutingOptionsValidator.MaxDuration:O} (and one tick)."));
        }
    }

    /// <summary>A duration the engine adds to its time (a step delay): between zero and MaxDuration.</summary>
    public static void Duration(TimeSpan value, string path)
    {
        if (value < TimeSpan.Zero || value > DependencyInjection.RoutingOptionsValidator.MaxDuration)
        {
            throw Refuse(path, Invariant($"the duration is {value}; it must be between zero and {DependencyInjection.RoutingOptionsValidator.MaxDuration}."));
        }
    }

    /// <summary>A timer token: not negative and at most counters.nextToken (tokens are handed out by counting up to it).</summary>
    public static void Token(long value, long nextToken, string path)
    {
        if (value < 0 || value > nextToken)
        {
            throw Refuse(path, Invariant($"the token is {value}; tokens are handed out by counting up to counters.nextToken ({nextToken}), so it lies between 0 (none) and {nextToken}."));
        }
    }

    public static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    public static RoutingStateException Refuse(string path, string message) => new(path, message);
}
