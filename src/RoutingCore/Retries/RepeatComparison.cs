using System.Collections.Immutable;
using System.Globalization;

namespace RoutingCore.Engine;

/// <summary>
/// Whether a repeated call's argument equals the one the engine holds (a request under a conversation id it knows, a profile
/// under an agent id on the roster), and if not, the first field that differs in words for the refusal: "different priority (2
/// given, 1 known)". Lists compare in order; attributes as sets of key and value; a default array as an empty one.
/// </summary>
internal static class RepeatComparison
{
    /// <summary>What a comparison returns for a difference it was not asked to describe (nothing is formatted).</summary>
    private const string NotEqual = "";

    /// <summary>The first difference between two requests with the same id, or <see langword="null"/> when they are equal.</summary>
    public static string? Difference(ConversationRequest given, ConversationRequest known) => Compare(given, known, describe: true);

    /// <summary>The first difference between two profiles with the same id, or <see langword="null"/> when they are equal.</summary>
    public static string? Difference(AgentProfile given, AgentProfile known) => Compare(given, known, describe: true);

    /// <summary>Whether two profiles are equal, without describing a difference (an update's usual case).</summary>
    public static bool Same(AgentProfile given, AgentProfile known) => Compare(given, known, describe: false) is null;

    /// <summary>Whether two workload distributions are the same: the same shares in the same order, and the same maximum wait.</summary>
    public static bool Same(WorkloadDistribution given, WorkloadDistribution known) =>
        List(string.Empty, given.Primary, known.Primary, describe: false) is null
        && List(string.Empty, given.Secondary, known.Secondary, describe: false) is null
        && given.MaxWait == known.MaxWait;

    private static string? Compare(ConversationRequest given, ConversationRequest known, bool describe) =>
        Field("skill", given.Skill, known.Skill, describe)
        ?? List("media", given.Media, known.Media, describe)
        ?? List("required tags", given.RequiredTags, known.RequiredTags, describe)
        ?? List("optional tags", given.OptionalTags, known.OptionalTags, describe)
        ?? Field("priority", given.Priority, known.Priority, describe)
        ?? Field("consumer", given.Consumer, known.Consumer, describe)
        ?? Field("creation time", given.CreatedAt, known.CreatedAt, describe)
        ?? Attributes(given.Attributes, known.Attributes, describe)
        ?? Field("conversation type", given.ConversationType, known.ConversationType, describe);

    private static string? Compare(AgentProfile given, AgentProfile known, bool describe) =>
        Field("display name", given.DisplayName, known.DisplayName, describe)
        ?? List("skills", given.Skills, known.Skills, describe)
        ?? List("tags", given.Tags, known.Tags, describe)
        ?? List("groups", given.Groups, known.Groups, describe)
        ?? List("media", given.Media, known.Media, describe)
        ?? Field("maximum concurrent conversations", given.MaxConcurrent, known.MaxConcurrent, describe);

    private static string? Field<T>(string name, T given, T known, bool describe) =>
        EqualityComparer<T>.Default.Equals(given, known) ? null : describe ? Differs(name, Show(given), Show(known)) : NotEqual;

    private static string? List<T>(string name, ImmutableArray<T> given, ImmutableArray<T> known, bool describe)
    {
        ReadOnlySpan<T> a = given.IsDefault ? [] : given.AsSpan();
        ReadOnlySpan<T> b = known.IsDefault ? [] : known.AsSpan();
        bool equal = a.Length == b.Length;
        for (int i = 0; equal && i < a.Length; i++)
        {
            equal = EqualityComparer<T>.Default.Equals(a[i], b[i]);
        }

        return equal ? null : describe ? Differs(name, Show(a), Show(b)) : NotEqual;
    }

    private static string? Attributes(ImmutableDictionary<string, string> given, ImmutableDictionary<string, string> known, bool describe)
    {
        bool equal = given.Count == known.Count;
        foreach ((string key, string value) in given)
        {
            equal &= known.TryGetValue(key, out string? other) && string.Equals(value, other, StringComparison.Ordinal);
        }

        return equal ? null : describe ? Differs("attributes", Show(given), Show(known)) : NotEqual;
    }

    private static string Differs(string name, string given, string known) => $"different {name} ({given} given, {known} known)";

    private static string Show<T>(T value) => value switch
    {
        null => "none",
        string text => $"'{IdValidation.Escape(text)}'",
        DateTimeOffset time => time.ToString("O", CultureInfo.InvariantCulture),
        AgentSkill skill => skill.Proficiency is { } level ? string.Create(CultureInfo.InvariantCulture, $"'{skill.Skill}' ({level})") : $"'{skill.Skill}'",
        MediaCapacity media => media.MaxSessions is { } most ? string.Create(CultureInfo.InvariantCulture, $"'{media.Media}' (at most {most})") : $"'{media.Media}'",
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => $"'{value}'",
    };

    private static string Show<T>(ReadOnlySpan<T> values)
    {
        var shown = new string[values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            shown[i] = Show(values[i]);
        }

        return $"[{string.Join(", ", shown)}]";
    }

    private static string Show(ImmutableDictionary<string, string> attributes) =>
        $"{{{string.Join(", ", attributes.OrderBy(a => a.Key, StringComparer.Ordinal).Select(a => $"'{IdValidation.Escape(a.Key)}': '{IdValidation.Escape(a.Value)}'"))}}}";
}
