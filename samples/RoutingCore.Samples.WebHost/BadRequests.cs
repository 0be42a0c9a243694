using System.Text.Json;

namespace RoutingCore.Samples.WebHost;

/// <summary>
/// Every request the API cannot read answered with problem details (RFC 9457) in every environment: a body that is not
/// JSON, a field of the wrong type or an unknown enum value (400, naming the JSON field and what is valid), an empty body
/// (400) and a body that is not JSON by its content type (415). ASP.NET Core throws these as
/// <see cref="BadHttpRequestException"/> (with <c>RouteHandlerOptions.ThrowOnBadRequest</c> on) and this middleware
/// writes them, so neither an empty answer (Production) nor a stack trace (Development) reaches the client.
/// </summary>
internal static class BadRequests
{
    /// <summary>What each field of the API's bodies takes, for the messages about a value of the wrong type.</summary>
    private static readonly Dictionary<string, string> Valid = new(StringComparer.OrdinalIgnoreCase)
    {
        ["id"] = "a non-empty string, for example \"alice\" or \"conv-1\"",
        ["skills"] = "a list of skill names, for example [\"sales\"]",
        ["groups"] = "a list of agent group names, for example [\"vendor-a\"]",
        ["tags"] = "a list of tags, for example [\"spanish\"]",
        ["requiredTags"] = "a list of tags, for example [\"spanish\"]",
        ["maxConcurrent"] = "a whole number of 1 or more, or null for the engine's default",
        ["state"] = $"one of {string.Join(", ", Enum.GetNames<AgentState>())}",
        ["skill"] = "a skill name, for example \"sales\", or null",
        ["priority"] = "a whole number (higher is served first)",
        ["agent"] = "an agent id, for example \"alice\"",
        ["acceptanceRate"] = "a number from 0 to 1",
        ["acceptDelaySeconds"] = "a number of seconds, 0 or more",
        ["averageHandleTimeSeconds"] = "a number of seconds, more than 0",
        ["averagePatienceSeconds"] = "a number of seconds, more than 0",
        ["reactiveArrivalsPerSecond"] = "a number, 0 or more",
    };

    /// <summary>Turns the requests ASP.NET Core could not read into problem details (see <see cref="BadRequests"/>).</summary>
    public static void UseBadRequestProblems(this WebApplication app) => app.Use(async (context, next) =>
    {
        try
        {
            await next(context);
        }
        catch (BadHttpRequestException e) when (!context.Response.HasStarted)
        {
            (string field, string message) = Describe(e);
            context.Response.Clear();
            IResult problem = e.StatusCode == StatusCodes.Status400BadRequest
                ? TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] }, title: "The request could not be read")
                : TypedResults.Problem(message, statusCode: e.StatusCode, title: "The request could not be read");
            await problem.ExecuteAsync(context);
        }
    });

    /// <summary>The field the error is about (its JSON name; "body" for the body as a whole) and what to send instead.</summary>
    internal static (string Field, string Message) Describe(BadHttpRequestException error)
    {
        if (error.StatusCode == StatusCodes.Status415UnsupportedMediaType)
        {
            return ("body", "Send the body as JSON with the header Content-Type: application/json.");
        }

        if (error.InnerException is not JsonException json)
        {
            return error.Message.Contains("no body was provided", StringComparison.OrdinalIgnoreCase)
                ? ("body", "The body is empty; send a JSON object, for example {\"id\":\"alice\",\"skills\":[\"sales\"]}.")
                : ("request", error.Message);
        }

        string where = $"line {json.LineNumber + 1}, position {json.BytePositionInLine + 1}";
        if (json.InnerException is not null || string.IsNullOrEmpty(json.Path) || json.Path == "$")
        {
            // A syntax error (the reader's own exception inside), or a body that is not an object at all.
            return ("body", $"The body is not a JSON object ({where}); send one, for example {{\"id\":\"alice\",\"skills\":[\"sales\"]}}.");
        }

        string field = FieldOf(json.Path);
        return Valid.TryGetValue(field, out string? valid)
            ? (field, $"The value of \"{field}\" is not valid; it must be {valid}.")
            : (field, $"The value of \"{field}\" is not valid.");
    }

    /// <summary>The top field of a JSON path: "$.skills[0]" is "skills".</summary>
    private static string FieldOf(string path)
    {
        string field = path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');
        int end = field.IndexOfAny(['.', '[']);
        return end > 0 ? field[..end] : field;
    }
}
