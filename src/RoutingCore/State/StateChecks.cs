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

    public static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    public static RoutingStateException Refuse(string path, string message) => new(path, message);
}
