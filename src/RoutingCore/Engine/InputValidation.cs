using System.Collections.Immutable;
using System.Globalization;

namespace RoutingCore.Engine;

/// <summary>
/// Checks profiles and requests at the engine's door, reporting every problem together; each message names the field, the
/// value (escaped, see <see cref="IdValidation.Show"/>) and its index in its list, and says what would be valid.
/// </summary>
internal static class InputValidation
{
    /// <summary>
    /// The latest <see cref="ConversationRequest.CreatedAt"/> accepted: the engine adds the response SLA (at most
    /// <see cref="DependencyInjection.RoutingOptionsValidator.MaxDuration"/>) to it, which must stay a representable time.
    /// </summary>
    internal static readonly DateTimeOffset LatestCreatedAt = DateTimeOffset.MaxValue - DependencyInjection.RoutingOptionsValidator.MaxDuration;

    private const string ValidMedia = "use MediaType.Chat, MediaType.Voice, MediaType.Video or new MediaType(\"...\")";

    private const string WellFormedAttributes = "; attribute keys and values must be well-formed Unicode text";

    public static void ValidateProfile(AgentProfile? profile, string paramName)
    {
        ArgumentNullException.ThrowIfNull(profile, paramName);
        var errors = new List<string>();
        if (profile.Id.IsEmpty)
        {
            errors.Add("the agent id is empty (default(AgentId)); create it with new AgentId(\"...\")");
        }

        string who = profile.Id.IsEmpty ? "agent" : $"agent '{profile.Id}'";
        CheckText(profile.DisplayName, who, "a display name", "DisplayName", "; use well-formed Unicode text (or null for none)", errors);
        if (profile.Skills.IsDefault || profile.Tags.IsDefault || profile.Groups.IsDefault || profile.Media.IsDefault)
        {
            errors.Add($"{who} has an uninitialized (default) ImmutableArray; use [] for none");
        }
        else
        {
            var skills = new Dictionary<SkillId, int>();
            for (int i = 0; i < profile.Skills.Length; i++)
            {
                AgentSkill skill = profile.Skills[i];
                if (skill.Skill.IsEmpty)
                {
                    errors.Add(Invariant($"{who} has an empty skill id (Skills[{i}] is default(SkillId)); create it with new SkillId(\"...\")"));
                }
                else if (!skills.TryAdd(skill.Skill, i))
                {
                    errors.Add(Invariant($"{who} lists skill {IdValidation.Show(skill.Skill.Value)} twice (Skills[{skills[skill.Skill]}] and Skills[{i}]); list each skill once"));
                }

                if (skill.Proficiency is { } p && (double.IsNaN(p) || p < 0 || p > 1))
                {
                    errors.Add(Invariant($"{who} has proficiency {p} in skill {IdValidation.Show(skill.Skill.Value)} (Skills[{i}]); proficiency must be between 0 and 1"));
                }
            }

            CheckNames(profile.Tags, who, "tag", "Tags", errors);

            var groups = new Dictionary<AgentGroupId, int>();
            for (int i = 0; i < profile.Groups.Length; i++)
            {
                AgentGroupId group = profile.Groups[i];
                if (group.IsEmpty)
                {
                    errors.Add(Invariant($"{who} has an empty agent group id (Groups[{i}] is default(AgentGroupId)); create it with new AgentGroupId(\"...\")"));
                }
                else if (!groups.TryAdd(group, i))
                {
                    errors.Add(Invariant($"{who} lists agent group {IdValidation.Show(group.Value)} twice (Groups[{groups[group]}] and Groups[{i}]); list each group once"));
                }
            }

            if (profile.Media.Length == 0)
            {
                errors.Add($"{who} handles no media; give at least one (for example MediaType.Chat)");
            }

            var media = new Dictionary<MediaType, int>();
            for (int i = 0; i < profile.Media.Length; i++)
            {
                MediaCapacity medium = profile.Media[i];
                if (medium.Media.IsEmpty)
                {
                    errors.Add(Invariant($"{who} has an empty media type (Media[{i}] is default(MediaType)); {ValidMedia}"));
                }
                else if (!media.TryAdd(medium.Media, i))
                {
                    errors.Add(Invariant($"{who} lists media {IdValidation.Show(medium.Media.Name)} twice (Media[{media[medium.Media]}] and Media[{i}]); list each medium once"));
                }

                if (medium.MaxSessions is < 1)
                {
                    errors.Add(Invariant($"{who} has MaxSessions {medium.MaxSessions} for media {IdValidation.Show(medium.Media.Name)} (Media[{i}]); it must be at least 1 (or null for the agent's maximum)"));
                }
            }
        }

        if (profile.MaxConcurrent is < 1)
        {
            errors.Add($"{who} has MaxConcurrent {profile.MaxConcurrent}; it must be at least 1 (or null for the account default)");
        }

        Throw(errors, "agent profile", paramName);
    }

    public static void ValidateRequest(ConversationRequest? request, string paramName)
    {
        ArgumentNullException.ThrowIfNull(request, paramName);
        if (IsPlainlyValid(request))
        {
            return; // the hot path: no allocation for a valid request
        }

        var errors = new List<string>();
        if (request.Id.IsEmpty)
        {
            errors.Add("the conversation id is empty (default(ConversationId)); create it with new ConversationId(\"...\")");
        }

        string what = request.Id.IsEmpty ? "the conversation" : $"conversation '{request.Id}'";
        if (request.Skill is { IsEmpty: true })
        {
            errors.Add($"{what} has an empty skill id; use null to let skill selection choose");
        }

        if (request.Consumer is { IsEmpty: true })
        {
            errors.Add($"{what} has an empty consumer id; use null when the consumer is unknown");
        }

        if (request.Media.IsDefault || request.RequiredTags.IsDefault || request.OptionalTags.IsDefault)
        {
            errors.Add($"{what} has an uninitialized (default) ImmutableArray; use [] for none");
        }
        else
        {
            if (request.Media.Length == 0)
            {
                errors.Add($"{what} uses no media; give at least one (for example MediaType.Chat)");
            }

            for (int i = 0; i < request.Media.Length; i++)
            {
                if (request.Media[i].IsEmpty)
                {
                    errors.Add(Invariant($"{what} has an empty media type (Media[{i}] is default(MediaType)); {ValidMedia}"));
                }
            }

            CheckNames(request.RequiredTags, what, "required tag", "RequiredTags", errors);
            CheckNames(request.OptionalTags, what, "optional tag", "OptionalTags", errors);
        }

        if (request.Attributes is null)
        {
            errors.Add($"{what} has null Attributes; use ImmutableDictionary<string, string>.Empty for none");
        }
        else
        {
            foreach ((string key, string? value) in request.Attributes.OrderBy(a => a.Key, StringComparer.Ordinal))
            {
                CheckText(key, what, "an attribute key", "the Attributes key", WellFormedAttributes, errors);
                CheckText(value, what, "an attribute value", $"Attributes[{IdValidation.Show(key)}]", WellFormedAttributes, errors);
            }
        }

        if (request.ConversationType is { } type)
        {
            if (string.IsNullOrWhiteSpace(type))
            {
                errors.Add($"{what} has an empty conversation type (ConversationType is {IdValidation.Show(type)}); use null for the default SLA");
            }
            else
            {
                CheckText(type, what, "a conversation type", "ConversationType", "; use well-formed Unicode text (or null for the default SLA)", errors);
            }
        }

        if (request.CreatedAt > LatestCreatedAt)
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"{what} has CreatedAt {request.CreatedAt:O}; give when the consumer started it, at most {LatestCreatedAt:O} (or null for now)"));
        }

        Throw(errors, "conversation request", paramName);
    }

    /// <summary>Refuses a null or unwritable destination of a state document.</summary>
    public static void RequireWritable(Stream destination, string paramName = "destination")
    {
        ArgumentNullException.ThrowIfNull(destination, paramName);
        if (!destination.CanWrite)
        {
            throw new ArgumentException($"The {paramName} stream is not writable; pass a writable stream (for example a MemoryStream or a FileStream opened for writing).", paramName);
        }
    }

    /// <summary>Refuses a null or unreadable source of a state document.</summary>
    public static void RequireReadable(Stream source, string paramName = "source")
    {
        ArgumentNullException.ThrowIfNull(source, paramName);
        if (!source.CanRead)
        {
            throw new ArgumentException($"The {paramName} stream is not readable; pass a readable stream holding a document written by SaveState.", paramName);
        }
    }

    /// <summary>Refuses a default (empty) id.</summary>
    public static void RequireId(bool isEmpty, string paramName, string kind)
    {
        if (isEmpty)
        {
            throw new ArgumentException($"The {kind} id is empty (default); create it from a non-empty string.", paramName);
        }
    }

    /// <summary>A pacing skill, when given, must be a real id.</summary>
    public static void RequirePacingSkill(PacingStatistics statistics)
    {
        if (statistics.Skill is { IsEmpty: true })
        {
            throw new ArgumentException("PacingStatistics.Skill is an empty (default) skill id; give the skill the invited conversations are submitted on, or null for every skill of the group.", nameof(statistics));
        }
    }

    public static void ValidateState(AgentState state, string paramName)
    {
        if (state is < AgentState.Offline or > AgentState.Paused)
        {
            throw new ArgumentOutOfRangeException(paramName, state, $"Agent state {(int)state} is not defined; use one of {string.Join(", ", Enum.GetNames<AgentState>())}.");
        }
    }

    /// <summary>Whether the request breaks none of the rules <see cref="ValidateRequest"/> reports; allocates nothing.</summary>
    private static bool IsPlainlyValid(ConversationRequest request)
    {
        if (request.Id.IsEmpty || request.Skill is { IsEmpty: true } || request.Consumer is { IsEmpty: true }
            || request.Media.IsDefaultOrEmpty || request.RequiredTags.IsDefault || request.OptionalTags.IsDefault
            || request.Attributes is null || (request.ConversationType is { } type && (string.IsNullOrWhiteSpace(type) || UnpairedSurrogate(type) >= 0))
            || request.CreatedAt > LatestCreatedAt)
        {
            return false;
        }

        if (!request.Attributes.IsEmpty)
        {
            foreach ((string key, string? value) in request.Attributes)
            {
                if (UnpairedSurrogate(key) >= 0 || (value is not null && UnpairedSurrogate(value) >= 0))
                {
                    return false;
                }
            }
        }

        foreach (MediaType medium in request.Media)
        {
            if (medium.IsEmpty)
            {
                return false;
            }
        }

        return NamesOk(request.RequiredTags) && NamesOk(request.OptionalTags);
    }

    private static bool NamesOk(ImmutableArray<string> names)
    {
        foreach (string? name in names)
        {
            if (!IdValidation.IsValid(name))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Reports each invalid name of a list (tags), naming its value and its index in <paramref name="field"/>.</summary>
    private static void CheckNames(ImmutableArray<string> names, string who, string kind, string field, List<string> errors)
    {
        for (int i = 0; i < names.Length; i++)
        {
            string? name = names[i];
            if (IdValidation.IsValid(name))
            {
                continue;
            }

            string at = Invariant($"{field}[{i}]");
            if (string.IsNullOrWhiteSpace(name))
            {
                errors.Add($"{who} has a null, empty or white-space {kind} ({at} is {IdValidation.Show(name)}); tags must be non-empty text");
            }
            else if (IdValidation.Padding(name) is { } padding)
            {
                errors.Add($"{who} has {kind} {IdValidation.Show(name)} ({at}), which starts or ends with {padding}; trim it");
            }
            else if (name.Length > IdValidation.MaxLength)
            {
                errors.Add(Invariant($"{who} has a {kind} of {name.Length} characters ({at} starts '{IdValidation.Escape(IdValidation.Start(name))}'); at most {IdValidation.MaxLength} are allowed"));
            }
            else if (name.Any(char.IsControl))
            {
                errors.Add($"{who} has {kind} {IdValidation.Show(name)} with a control character ({at}); use printable characters only");
            }
            else if (name.Any(char.IsSurrogate))
            {
                errors.Add($"{who} has {kind} {IdValidation.Show(name)} with an unpaired surrogate ({at}); use well-formed Unicode text");
            }
            else
            {
                errors.Add($"{who} has {kind} {IdValidation.Show(name)} ({at}), which is invisible (only white space and format characters); tags must be visible text");
            }
        }
    }

    /// <summary>
    /// Reports free text (a display name, an attribute key or value, a conversation type) that is not well-formed UTF-16: an
    /// unpaired surrogate cannot be encoded, so a saved state would carry U+FFFD instead, and two different texts could
    /// turn into one. Null is left to the caller's own rule.
    /// </summary>
    private static void CheckText(string? text, string who, string what, string field, string rule, List<string> errors)
    {
        if (text is not null && UnpairedSurrogate(text) is var at and >= 0)
        {
            errors.Add(Invariant($"{who} has {what} with an unpaired surrogate U+{(int)text[at]:X4} at index {at} ({field} is {IdValidation.Show(text)}){rule}"));
        }
    }

    /// <summary>The index of the first unpaired surrogate of <paramref name="text"/>, or -1 when it is well-formed UTF-16. Allocates nothing.</summary>
    private static int UnpairedSurrogate(string text)
    {
        int first = text.AsSpan().IndexOfAnyInRange('\uD800', '\uDFFF');
        if (first < 0)
        {
            return -1;
        }

        for (int i = first; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(text[i]))
            {
                return i;
            }
        }

        return -1;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private static void Throw(List<string> errors, string what, string paramName)
    {
        if (errors.Count == 1)
        {
            throw new ArgumentException($"Invalid {what}: {errors[0]}.", paramName);
        }

        if (errors.Count > 1)
        {
            throw new ArgumentException($"Invalid {what} ({errors.Count} problems): {string.Join("; ", errors)}.", paramName);
        }
    }
}
