using System.Globalization;
using System.Text;

namespace RoutingCore;

/// <summary>
/// Rules shared by every id type (and by tags, media names and the skill and group names in options): an id is printable
/// text of 1 to <see cref="MaxLength"/> UTF-16 characters that starts and ends with a visible character. Unicode letters,
/// marks, digits, symbols and emoji (with their joiners and variation selectors) are valid, and so are inner spaces
/// ("north west"). Invalid: null; empty; only white space or invisible format characters (such as U+200B zero-width space
/// or U+FEFF); white space or an invisible format character at either end (" alice", "alice ", "alice" followed by U+00A0
/// no-break space or U+200B zero-width space), which would make ids that look the same differ: trim it; control
/// characters (U+0000 to U+001F, U+007F to U+009F, so a tab or a line break anywhere); unpaired surrogates (ill-formed
/// UTF-16, which no encoding can carry, so two different ids would print the same).
/// </summary>
internal static class IdValidation
{
    /// <summary>The longest id accepted, in UTF-16 characters.</summary>
    public const int MaxLength = 256;

    /// <summary>How many characters of an over-long value an error message shows.</summary>
    private const int Excerpt = 16;

    internal static void Validate(string? value, string paramName, string kind)
    {
        if (value is null)
        {
            throw new ArgumentNullException(paramName, $"{Article(kind)} {kind} must not be null; give a non-empty string of at most {MaxLength} characters.");
        }

        if (Problem(value) is { } problem)
        {
            throw new ArgumentException($"{Article(kind)} {kind} {problem}.", paramName);
        }
    }

    /// <summary>"An" before a vowel ("An AgentId"), "A" otherwise ("A SkillId", "A media type").</summary>
    private static string Article(string kind) => kind.Length > 0 && "AEIOUaeiou".Contains(kind[0], StringComparison.Ordinal) ? "An" : "A";

    /// <summary>Whether <paramref name="value"/> follows the id rules. Allocates nothing.</summary>
    internal static bool IsValid(string? value)
    {
        if (value is null || value.Length == 0 || value.Length > MaxLength)
        {
            return false;
        }

        bool visible = false;
        for (int i = 0; i < value.Length; i++)
        {
            char c = value[i];
            if (char.IsControl(c))
            {
                return false;
            }

            if (char.IsHighSurrogate(c))
            {
                if (i + 1 >= value.Length || !char.IsLowSurrogate(value[i + 1]))
                {
                    return false;
                }

                i++;
                visible = true;
                continue;
            }

            if (char.IsLowSurrogate(c))
            {
                return false;
            }

            visible |= !IsBlank(c);
        }

        return visible && !IsBlank(value[0]) && !IsBlank(value[^1]);
    }

    /// <summary>
    /// What is wrong with a non-null <paramref name="value"/>, as the end of a sentence ("must not ... (got '...'); ..."),
    /// or <see langword="null"/> when it is valid.
    /// </summary>
    internal static string? Problem(string value)
    {
        if (IsValid(value))
        {
            return null;
        }

        if (Padding(value) is { } padding)
        {
            return $"must not start or end with {padding} (got {Show(value)}); trim it";
        }

        if (value.Length > MaxLength)
        {
            return string.Create(CultureInfo.InvariantCulture, $"must be at most {MaxLength} characters long (got {value.Length} characters starting '{Escape(Start(value))}')");
        }

        bool blank = true;
        foreach (char c in value)
        {
            blank &= IsBlank(c);
        }

        if (blank)
        {
            return $"must not be empty, white space or invisible (got '{Escape(value)}'); give a non-empty string of at most {MaxLength} printable characters";
        }

        foreach (char c in value)
        {
            if (char.IsControl(c))
            {
                return $"must not contain control characters (got '{Escape(value)}'); use printable characters only";
            }
        }

        return $"must not contain unpaired surrogates (got '{Escape(value)}'); use well-formed Unicode text";
    }

    /// <summary>
    /// The rule an invalid <paramref name="value"/> breaks, for a message that already shows the value, as the end of a
    /// sentence ("an agent group id ..."): "must not start or end with white space; trim it" when trimming it would make it
    /// valid (see <see cref="Padding"/>), otherwise the general rule.
    /// </summary>
    internal static string Rule(string? value) => Padding(value) is { } padding
        ? $"must not start or end with {padding}; trim it"
        : $"must be non-empty printable text of at most {MaxLength} characters";

    /// <summary>
    /// When <paramref name="value"/> is invalid only because of white space or invisible format characters at its start or
    /// end (it is valid once they are removed; control characters such as a tab are not counted here, they have their own
    /// message): what is there, "white space" or "white space or an invisible format character"; otherwise
    /// <see langword="null"/>.
    /// </summary>
    internal static string? Padding(string? value)
    {
        if (value is null || value.Length == 0 || (!IsPadding(value[0]) && !IsPadding(value[^1])))
        {
            return null;
        }

        int start = 0;
        int end = value.Length;
        while (start < end && IsPadding(value[start]))
        {
            start++;
        }

        while (end > start && IsPadding(value[end - 1]))
        {
            end--;
        }

        if (start == end || !IsValid(value[start..end]))
        {
            return null;
        }

        bool invisible = false;
        foreach (char c in value.AsSpan(0, start))
        {
            invisible |= !char.IsWhiteSpace(c);
        }

        foreach (char c in value.AsSpan(end))
        {
            invisible |= !char.IsWhiteSpace(c);
        }

        return invisible ? "white space or an invisible format character" : "white space";
    }

    /// <summary>
    /// Shows a value in a message: quoted and escaped (<see cref="Escape"/>), or its length and first characters when it is
    /// longer than <see cref="MaxLength"/>; "null" for null.
    /// </summary>
    internal static string Show(string? value) => value is null
        ? "null"
        : value.Length > MaxLength
            ? string.Create(CultureInfo.InvariantCulture, $"a text of {value.Length} characters starting '{Escape(Start(value))}'")
            : $"'{Escape(value)}'";

    /// <summary>Writes control characters, unpaired surrogates, invisible format characters and white space other than the plain space as \uXXXX escapes.</summary>
    internal static string Escape(string value)
    {
        var builder = new StringBuilder(value.Length);
        for (int i = 0; i < value.Length; i++)
        {
            char c = value[i];
            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                builder.Append(c).Append(value[++i]);
            }
            else if (c != ' ' && (char.IsControl(c) || char.IsSurrogate(c) || IsBlank(c)))
            {
                builder.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    /// <summary>White space or an invisible format character (zero-width space, joiners, byte order mark, direction marks...).</summary>
    private static bool IsBlank(char c) => char.IsWhiteSpace(c) || char.GetUnicodeCategory(c) == UnicodeCategory.Format;

    /// <summary>
    /// A <see cref="IsBlank"/> character that is not a control character: what <see cref="Padding"/> trims. (A tab or a line
    /// break at an end is reported as a control character, as anywhere else.)
    /// </summary>
    private static bool IsPadding(char c) => IsBlank(c) && !char.IsControl(c);

    /// <summary>The first <see cref="Excerpt"/> characters, without cutting a surrogate pair in two.</summary>
    internal static string Start(string value)
    {
        int length = Math.Min(Excerpt, value.Length);
        if (length < value.Length && char.IsHighSurrogate(value[length - 1]) && char.IsLowSurrogate(value[length]))
        {
            length--;
        }

        return value[..length];
    }
}
