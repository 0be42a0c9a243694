namespace RoutingCore;

/// <summary>Rules shared by every id type.</summary>
public static class IdValidation
{
    /// <summary>The longest id accepted, in UTF-16 characters.</summary>
    public const int MaxLength = 256;

    internal static void Validate(string? value, string paramName, string kind)
    {
        if (value is null)
        {
            throw new ArgumentNullException(paramName, $"A {kind} must not be null; give a non-empty string of at most {MaxLength} characters.");
        }

        if (value.Length == 0 || string.IsNullOrWhiteSpace(value))
        {
            throw new ArgumentException($"A {kind} must not be empty or white space (got '{value}'); give a non-empty string of at most {MaxLength} characters.", paramName);
        }

        if (value.Length > MaxLength)
        {
            throw new ArgumentException($"A {kind} must be at most {MaxLength} characters long (got {value.Length} characters starting '{value[..16]}').", paramName);
        }

        foreach (char c in value)
        {
            if (char.IsControl(c))
            {
                throw new ArgumentException($"A {kind} must not contain control characters (got '{Escape(value)}'); use printable characters only.", paramName);
            }
        }
    }

    internal static string Escape(string value)
    {
        var builder = new System.Text.StringBuilder(value.Length);
        foreach (char c in value)
        {
            if (char.IsControl(c))
            {
                builder.Append("\\u").Append(((int)c).ToString("x4", System.Globalization.CultureInfo.InvariantCulture));
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }
}
