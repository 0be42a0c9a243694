using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace RoutingCore.Samples.WebHost;

/// <summary>The HTTP API over the engine: agents, conversations, the waiting queue, pacing, events and metrics.</summary>
internal static class RoutingApi
{
    public static void MapRoutingApi(this WebApplication app)
    {
        RouteGroupBuilder api = app.MapGroup("").AddEndpointFilter(MapEngineErrors);

        api.MapGet("/agents", ([FromServices] IRoutingEngine engine) => engine.GetAgents().Select(AgentView.From));
        api.MapPost("/agents", AddAgent);
        api.MapGet("/agents/{id}", (string id, [FromServices] IRoutingEngine engine) => AgentView.From(engine.GetAgent(new AgentId(id))));
        api.MapPut("/agents/{id}", UpdateAgent);
        api.MapPut("/agents/{id}/state", SetState);

        api.MapPost("/conversations", Submit);
        api.MapGet("/conversations/{id}", (string id, [FromServices] IRoutingEngine engine) => ConversationView.From(engine.GetConversation(new ConversationId(id))));
        api.MapPost("/conversations/{id}/accept", (string id, OfferAnswer body, [FromServices] IRoutingEngine engine) =>
            Accept(new ConversationId(id), body, engine));
        api.MapPost("/conversations/{id}/decline", (string id, OfferAnswer body, [FromServices] IRoutingEngine engine) =>
            Answer(body, agent => engine.Decline(new ConversationId(id), agent), () => engine.GetConversation(new ConversationId(id))));
        api.MapPost("/conversations/{id}/close", (string id, [FromServices] IRoutingEngine engine) =>
        {
            engine.Close(new ConversationId(id));
            return ConversationView.From(engine.GetConversation(new ConversationId(id)));
        });

        api.MapGet("/queue", ([FromServices] IRoutingEngine engine) => engine.GetWaitingConversations().Select(WaitingView.From));
        api.MapPost("/pacing/{group}", Pace);
        api.MapGet("/workload", Workload);
        app.MapGet("/events", Events);
    }

    private static IResult AddAgent(AddAgentRequest body, [FromServices] IRoutingEngine engine, [FromServices] EventFeed feed)
    {
        if (string.IsNullOrWhiteSpace(body.Id))
        {
            return Invalid("id", "An agent needs an id, for example \"alice\".");
        }

        if (InvalidProfile(body.Skills, body.MaxConcurrent) is { } invalid)
        {
            return invalid;
        }

        engine.AddAgent(Profile(body.Id, body.Skills!, body.Groups, body.Tags, body.MaxConcurrent), body.State);
        return TypedResults.Created($"/agents/{body.Id}", Announce(feed, engine.GetAgent(new AgentId(body.Id))));
    }

    /// <summary>Replaces an agent's profile (skills, groups, tags, max concurrent), keeping its state and conversations.</summary>
    private static IResult UpdateAgent(string id, UpdateAgentRequest body, [FromServices] IRoutingEngine engine, [FromServices] EventFeed feed)
    {
        if (InvalidProfile(body.Skills, body.MaxConcurrent) is { } invalid)
        {
            return invalid;
        }

        engine.UpdateAgent(Profile(id, body.Skills!, body.Groups, body.Tags, body.MaxConcurrent));
        return TypedResults.Ok(Announce(feed, engine.GetAgent(new AgentId(id))));
    }

    private static IResult SetState(string id, AgentStateRequest body, [FromServices] IRoutingEngine engine, [FromServices] EventFeed feed)
    {
        if (body.State is not { } state)
        {
            return Invalid("state", $"Name the agent's new state: one of {string.Join(", ", Enum.GetNames<AgentState>())}.");
        }

        engine.SetAgentState(new AgentId(id), state);
        return TypedResults.Ok(Announce(feed, engine.GetAgent(new AgentId(id))));
    }

    private static IResult? InvalidProfile(string[]? skills, int? maxConcurrent)
    {
        if (skills is null || skills.Any(string.IsNullOrWhiteSpace))
        {
            return Invalid("skills", "List the agent's skills as non-empty names, for example [\"sales\"].");
        }

        return maxConcurrent is < 1
            ? Invalid("maxConcurrent", $"\"maxConcurrent\" is {maxConcurrent}; it must be a whole number of 1 or more, or null for the engine's default.")
            : null;
    }

    private static AgentProfile Profile(string id, string[] skills, string[]? groups, string[]? tags, int? maxConcurrent) => new(new AgentId(id))
    {
        Skills = [.. skills.Select(s => new AgentSkill(new SkillId(s)))],
        Groups = [.. (groups ?? []).Select(g => new AgentGroupId(g))],
        Tags = [.. tags ?? []],
        MaxConcurrent = maxConcurrent,
    };

    /// <summary>Tells the event stream's clients an agent's state or profile as it is now (kind <see cref="AgentChanged"/>).</summary>
    private static AgentView Announce(EventFeed feed, AgentSnapshot agent)
    {
        feed.Publish(AgentChanged, agent.Id.Value, agent.State.ToString());
        return AgentView.From(agent);
    }

    /// <summary>The kind of the event-stream item sent when an agent is added, updated or changes state (its detail: the state).</summary>
    public const string AgentChanged = "AgentChanged";

    /// <summary>The kind of the event-stream item sent for each pacing decision (its detail: group, invitations, reason).</summary>
    public const string Paced = "Paced";

    /// <summary>
    /// A pacing decision for a group the engine knows (in <c>RoutingCore:AgentGroups</c> or listed by an agent; another is
    /// 404, so a typo makes no new metric series), from statistics that are all present and in range (else 400 naming them).
    /// </summary>
    private static IResult Pace(string group, PacingRequest body, [FromServices] IRoutingEngine engine, [FromServices] IOptions<RoutingOptions> options, [FromServices] EventFeed feed)
    {
        Dictionary<string, string[]> errors = body.Validate();
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The pacing statistics are not valid");
        }

        var id = new AgentGroupId(group);
        if (!options.Value.AgentGroups.Contains(group, StringComparer.Ordinal) && !engine.GetAgents().Any(a => a.Profile.Groups.Contains(id)))
        {
            return Refused(RoutingErrorCode.UnknownAgentGroup,
                $"Agent group '{group}' is unknown: name one of RoutingCore:AgentGroups ({string.Join(", ", options.Value.AgentGroups)}) or a group an agent lists.");
        }

        PacingDecision decision = engine.Pace(id, body.ToStatistics());
        feed.Publish(Paced, null, string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{group}: {decision.Invitations} invitations ({decision.Reason})"));
        return TypedResults.Ok(decision);
    }

    /// <summary>Each skill with a workload distribution: every group's target and actual share of its conversations.</summary>
    private static IEnumerable<WorkloadView> Workload([FromServices] IRoutingEngine engine, [FromServices] IOptions<RoutingOptions> options) =>
        options.Value.Skills.Where(s => s.Value.Workload is not null).Select(s => WorkloadView.From(engine.GetWorkloadReport(new SkillId(s.Key))));

    private static IResult Submit(SubmitRequest body, [FromServices] IRoutingEngine engine)
    {
        if (string.IsNullOrWhiteSpace(body.Id))
        {
            return Invalid("id", "A conversation needs an id, for example \"conv-1\".");
        }

        ConversationSnapshot submitted = engine.Submit(new ConversationRequest(new ConversationId(body.Id))
        {
            Skill = string.IsNullOrWhiteSpace(body.Skill) ? (SkillId?)null : new SkillId(body.Skill),
            Priority = body.Priority,
            RequiredTags = [.. body.RequiredTags ?? []],
        });
        return TypedResults.Created($"/conversations/{body.Id}", ConversationView.From(submitted));
    }

    /// <summary>
    /// An accept that lost to another agent or came after the timeout is a normal race, not an error in the program:
    /// <see cref="IRoutingEngine.TryAccept"/> returns it, and it becomes a 409 naming its code.
    /// </summary>
    private static IResult Accept(ConversationId conversation, OfferAnswer body, IRoutingEngine engine)
    {
        if (string.IsNullOrWhiteSpace(body.Agent))
        {
            return Invalid("agent", "Name the agent answering the offer, for example \"alice\".");
        }

        RoutingResult accepted = engine.TryAccept(conversation, new AgentId(body.Agent));
        return accepted.Error is { } refused
            ? Refused(refused, accepted.Message)
            : TypedResults.Ok(ConversationView.From(engine.GetConversation(conversation)));
    }

    private static IResult Answer(OfferAnswer body, Action<AgentId> answer, Func<ConversationSnapshot> read)
    {
        if (string.IsNullOrWhiteSpace(body.Agent))
        {
            return Invalid("agent", "Name the agent answering the offer, for example \"alice\".");
        }

        answer(new AgentId(body.Agent));
        return TypedResults.Ok(ConversationView.From(read()));
    }

    private static IResult Invalid(string field, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] });

    /// <summary>
    /// The engine's errors as problem details: a malformed argument is 400 naming the argument; a refusal by the engine's
    /// state is 404 or 409 by its <see cref="RoutingErrorCode"/> (<see cref="Refused"/>), with the code's name in <c>code</c>.
    /// </summary>
    private static async ValueTask<object?> MapEngineErrors(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context);
        }
        catch (RoutingOperationException e)
        {
            return Refused(e.Code, e.Message);
        }
        catch (ArgumentException e)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { [e.ParamName ?? "request"] = [e.Message] });
        }
    }

    /// <summary>A refusal as problem details: its status from the code alone (never from the message), and the code's name.</summary>
    private static IResult Refused(RoutingErrorCode code, string? message)
    {
        int status = code switch
        {
            RoutingErrorCode.UnknownAgent or RoutingErrorCode.UnknownConversation or RoutingErrorCode.UnknownSkill
                or RoutingErrorCode.UnknownAgentGroup or RoutingErrorCode.NoWorkloadDistribution or RoutingErrorCode.UnknownEngine
                => StatusCodes.Status404NotFound,
            RoutingErrorCode.AgentAlreadyExists or RoutingErrorCode.ConversationAlreadyExists or RoutingErrorCode.ConversationClosed or RoutingErrorCode.OperationIdReused
                or RoutingErrorCode.NotOffered or RoutingErrorCode.OfferWithdrawn or RoutingErrorCode.AlreadyDeclined or RoutingErrorCode.AlreadyAccepted
                or RoutingErrorCode.NotAssigned or RoutingErrorCode.AgentNotOnline or RoutingErrorCode.NoCapacity or RoutingErrorCode.WrongMedia
                or RoutingErrorCode.TooManyMediaTypes or RoutingErrorCode.EngineNotEmpty or RoutingErrorCode.CustomSplitterState
                => StatusCodes.Status409Conflict,
            _ => StatusCodes.Status500InternalServerError, // a code this host does not know yet
        };
        string title = status == StatusCodes.Status404NotFound ? "Not found" : "The operation is not possible now";
        return TypedResults.Problem(message, statusCode: status, title: title, extensions: new Dictionary<string, object?> { ["code"] = code.ToString() });
    }

    /// <summary>
    /// The event stream: every engine event as it happens, each with its sequence as the item's id. A client that resumes
    /// names the last sequence it saw (<c>?after=N</c>, or the <c>Last-Event-ID</c> header an EventSource sends) and gets
    /// the events after it that the feed keeps, then the new ones (<see cref="EventFeed"/>).
    /// </summary>
    private static IResult Events([FromServices] EventFeed feed, [FromQuery] long? after, [FromHeader(Name = "Last-Event-ID")] string? lastEventId, CancellationToken cancellation)
    {
        if (after is < 0)
        {
            return Invalid("after", $"after is {after}; name the last event sequence seen, 0 or more (0: every event kept).");
        }

        if (after is null && lastEventId is not null)
        {
            if (!long.TryParse(lastEventId, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out long last))
            {
                return Invalid("Last-Event-ID", $"Last-Event-ID is '{lastEventId}'; it must be the sequence of an event this stream sent, 0 or more.");
            }

            after = last;
        }

        return TypedResults.ServerSentEvents(StreamEvents(feed.Open(after), cancellation));
    }

    /// <summary>One client's event stream: a "ready" item, the events kept after its sequence, then each new one until it goes away.</summary>
    private static async IAsyncEnumerable<SseItem<EventView>> StreamEvents(EventFeed.Reader reader, [EnumeratorCancellation] CancellationToken cancellation)
    {
        using (reader)
        {
            yield return new SseItem<EventView>(new EventView(0, "Subscribed", DateTimeOffset.UtcNow, null, null, null, "None", null, false, null), "ready");
            foreach (EventView kept in reader.Backlog)
            {
                yield return Item(kept);
            }

            await foreach (EventView routingEvent in reader.Live.ReadAllAsync(cancellation))
            {
                yield return Item(routingEvent);
            }
        }
    }

    /// <summary>An item of the stream; an engine event has its sequence as its id, the host's own items (sequence 0) none.</summary>
    private static SseItem<EventView> Item(EventView view) =>
        new(view, view.Kind) { EventId = view.Sequence > 0 ? view.Sequence.ToString(System.Globalization.CultureInfo.InvariantCulture) : null };
}
