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
    /// <summary>The first difference between two requests with the same id, or <see langword="null"/> when they are equal.</summary>
    public static string? Difference(ConversationRequest given, ConversationRequest known) =>
        Field("skill", given.Skill, known.Skill)
        ?? List("media", given.Media, known.Media)
        ?? List("required tags", given.RequiredTags, known.RequiredTags)
        ?? List("optional tags", given.OptionalTags, known.OptionalTags)
        ?? Field("priority", given.Priority, known.Priority)
        ?? Field("consumer", given.Consumer, known.Consumer)
        ?? Field("creation time", given.CreatedAt, known.CreatedAt)
        ?? Attributes(given.Attributes, known.Attributes)
        ?? Field("conversation type", given.ConversationType, known.ConversationType);

    /// <summary>The first difference between two profiles with the same id, or <see langword="null"/> when they are equal.</summary>
    public static string? Difference(AgentProfile given, AgentProfile known) =>
        Field("display name", given.DisplayName, known.DisplayName)
        ?? List("skills", given.Skills, known.Skills)
        ?? List("tags", given.Tags, known.Tags)
        ?? List("groups", given.Groups, known.Groups)
        ?? List("media", given.Media, known.Media)
        ?? Field("maximum concurrent conversations", given.MaxConcurrent, known.MaxConcurrent);

    /// <summary>Whether two workload distributions are the same: the same shares in the same order, and the same maximum wait.</summary>
    public static bool Same(WorkloadDistribution given, WorkloadDistribution known) =>
        List(string.Empty, given.Primary, known.Primary) is null
        && List(string.Empty, given.Secondary, known.Secondary) is null
        && given.MaxWait == known.MaxWait;

    private static string? Field<T>(string name, T given, T known) =>
        EqualityComparer<T>.Default.Equals(given, known) ? null : Differs(name, Show(given), Show(known));

    private static string? List<T>(string name, ImmutableArray<T> given, ImmutableArray<T> known)
    {
        ReadOnlySpan<T> a = given.IsDefault ? [] : given.AsSpan();
        ReadOnlySpan<T> b = known.IsDefault ? [] : known.AsSpan();
        bool equal = a.Length == b.Length;
        for (int i = 0; equal && i < a.Length; i++)
        {
            equal = EqualityComparer<T>.Default.Equals(a[i], b[i]);
        }

        return equal ? null : Differs(name, Show(a), Show(b));
    }

    private static string? Attributes(ImmutableDictionary<string, string> given, ImmutableDictionary<string, string> known)
    {
        bool equal = given.Count == known.Count;
        foreach ((string key, string value) in given)
        {
            equal &= known.TryGetValue(key, out string? other) && string.Equals(value, other, StringComparison.Ordinal);
        }

        return equal ? null : Differs("attributes", Show(given), Show(known));
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
