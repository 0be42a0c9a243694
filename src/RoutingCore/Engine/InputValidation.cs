using System.Collections.Immutable;
using System.Globalization;

namespace RoutingCore.Engine;

/// <summary>Checks profiles and requests at the engine's door, reporting every problem together.</summary>
internal static class InputValidation
{
    /// <summary>
    /// The latest <see cref="ConversationRequest.CreatedAt"/> accepted: the engine adds the response SLA (at most
    /// <see cref="DependencyInjection.RoutingOptionsValidator.MaxDuration"/>) to it, which must stay a representable time.
    /// </summary>
    internal static readonly DateTimeOffset LatestCreatedAt = DateTimeOffset.MaxValue - DependencyInjection.RoutingOptionsValidator.MaxDuration;

    public static void ValidateProfile(AgentProfile? profile, string paramName)
    {
        ArgumentNullException.ThrowIfNull(profile, paramName);
        var errors = new List<string>();
        if (profile.Id.IsEmpty)
        {
            errors.Add("the agent id is empty (default(AgentId)); create it with new AgentId(\"...\")");
        }

        string who = profile.Id.IsEmpty ? "agent" : $"agent '{profile.Id}'";
        if (profile.Skills.IsDefault || profile.Tags.IsDefault || profile.Groups.IsDefault || profile.Media.IsDefault)
        {
            errors.Add($"{who} has an uninitialized (default) ImmutableArray; use [] for none");
        }
        else
        {
            var skills = new HashSet<SkillId>();
            foreach (AgentSkill skill in profile.Skills)
            {
                if (skill.Skill.IsEmpty)
                {
                    errors.Add($"{who} has an empty skill id");
                }
                else if (!skills.Add(skill.Skill))
                {
                    errors.Add($"{who} lists skill '{skill.Skill}' twice; list each skill once");
                }

                if (skill.Proficiency is { } p && (double.IsNaN(p) || p < 0 || p > 1))
                {
                    errors.Add(string.Create(CultureInfo.InvariantCulture, $"{who} has proficiency {p} in skill '{skill.Skill}'; proficiency must be between 0 and 1"));
                }
            }

            CheckNames(profile.Tags, who, "tag", errors);

            var groups = new HashSet<AgentGroupId>();
            foreach (AgentGroupId group in profile.Groups)
            {
                if (group.IsEmpty)
                {
                    errors.Add($"{who} has an empty agent group id");
                }
                else if (!groups.Add(group))
                {
                    errors.Add($"{who} lists agent group '{group}' twice; list each group once");
                }
            }

            if (profile.Media.Length == 0)
            {
                errors.Add($"{who} handles no media; give at least one (for example MediaType.Chat)");
            }

            var media = new HashSet<MediaType>();
            foreach (MediaCapacity medium in profile.Media)
            {
                if (medium.Media.IsEmpty)
                {
                    errors.Add($"{who} has an empty media type");
                }
                else if (!media.Add(medium.Media))
                {
                    errors.Add($"{who} lists media '{medium.Media}' twice; list each medium once");
                }

                if (medium.MaxSessions is < 1)
                {
                    errors.Add($"{who} has MaxSessions {medium.MaxSessions} for media '{medium.Media}'; it must be at least 1 (or null for the agent's maximum)");
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

            foreach (MediaType medium in request.Media)
            {
                if (medium.IsEmpty)
                {
                    errors.Add($"{what} has an empty media type");
                }
            }

            CheckNames(request.RequiredTags, what, "required tag", errors);
            CheckNames(request.OptionalTags, what, "optional tag", errors);
        }

        if (request.Attributes is null)
        {
            errors.Add($"{what} has null Attributes; use ImmutableDictionary<string, string>.Empty for none");
        }

        if (request.ConversationType is { } type && string.IsNullOrWhiteSpace(type))
        {
            errors.Add($"{what} has an empty conversation type; use null for the default SLA");
        }

        if (request.CreatedAt > LatestCreatedAt)
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"{what} has CreatedAt {request.CreatedAt:O}; give when the consumer started it, at most {LatestCreatedAt:O} (or null for now)"));
        }

        Throw(errors, "conversation request", paramName);
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
            || request.Attributes is null || (request.ConversationType is { } type && string.IsNullOrWhiteSpace(type))
            || request.CreatedAt > LatestCreatedAt)
        {
            return false;
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

    private static void CheckNames(ImmutableArray<string> names, string who, string kind, List<string> errors)
    {
        foreach (string? name in names)
        {
            if (IdValidation.IsValid(name))
            {
                continue;
            }

            if (string.IsNullOrWhiteSpace(name))
            {
                errors.Add($"{who} has a null, empty or white-space {kind}; tags must be non-empty text");
            }
            else if (name.Length > IdValidation.MaxLength)
            {
                errors.Add($"{who} has a {kind} of {name.Length} characters; at most {IdValidation.MaxLength} are allowed");
            }
            else if (name.Any(char.IsControl))
            {
                errors.Add($"{who} has {kind} '{IdValidation.Escape(name)}' with a control character; use printable characters only");
            }
            else if (name.Any(char.IsSurrogate))
            {
                errors.Add($"{who} has {kind} '{IdValidation.Escape(name)}' with an unpaired surrogate; use well-formed Unicode text");
            }
            else
            {
                errors.Add($"{who} has {kind} '{IdValidation.Escape(name)}', which is invisible (only white space and format characters); tags must be visible text");
            }
        }
    }

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
