using System.Collections.Immutable;
using RoutingCore.State;
using static RoutingCore.Engine.StateChecks;

namespace RoutingCore.Engine;

/// <summary>
/// Writing and reading the compact sections of format version 2: a conversation's past offers (roster positions, not one
/// object per offer), the consumer history and the recently closed conversations (in columns).
/// </summary>
internal static class StateColumns
{
    /// <summary>Each roster agent's position in <c>$.agents</c>, by id (built once per save).</summary>
    public static Dictionary<AgentId, int> Positions(List<AgentRecord> roster)
    {
        var positions = new Dictionary<AgentId, int>(roster.Count);
        for (int i = 0; i < roster.Count; i++)
        {
            positions.Add(roster[i].Profile.Id, i);
        }

        return positions;
    }

    /// <summary>A conversation's past offers as version 2 writes them; null when it remembers none.</summary>
    public static PastOffersDto? CapturePast(PastOfferLog? log, Dictionary<AgentId, int> positions)
    {
        if (log is null)
        {
            return null;
        }

        List<int> withdrawn = [], declined = [];
        List<string> withdrawnOff = [], declinedOff = [];
        foreach ((AgentId agent, RoutingErrorCode code) in log.Distinct())
        {
            bool declines = code == RoutingErrorCode.AlreadyDeclined;
            if (positions.TryGetValue(agent, out int position))
            {
                (declines ? declined : withdrawn).Add(position);
            }
            else
            {
                (declines ? declinedOff : withdrawnOff).Add(agent.Value);
            }
        }

        withdrawn.Sort();
        declined.Sort();
        withdrawnOff.Sort(StringComparer.Ordinal);
        declinedOff.Sort(StringComparer.Ordinal);
        return new PastOffersDto
        {
            Withdrawn = withdrawn.Count == 0 ? null : [.. withdrawn],
            Declined = declined.Count == 0 ? null : [.. declined],
            WithdrawnOffRoster = withdrawnOff.Count == 0 ? null : [.. withdrawnOff],
            DeclinedOffRoster = declinedOff.Count == 0 ? null : [.. declinedOff],
            Accepted = log.Accepted,
        };
    }

    /// <summary>Reads a conversation's past offers (version 2); a decline needs its agent in <paramref name="excluded"/>.</summary>
    public static PastOfferLog ReadPast(PastOffersDto dto, List<AgentRecord> roster, HashSet<AgentId>? excluded, string path)
    {
        var log = new PastOfferLog();
        var seen = new HashSet<AgentId>();
        Positions(dto.Withdrawn, RoutingErrorCode.OfferWithdrawn, path + ".withdrawn");
        Positions(dto.Declined, RoutingErrorCode.AlreadyDeclined, path + ".declined");
        OffRoster(dto.WithdrawnOffRoster, RoutingErrorCode.OfferWithdrawn, path + ".withdrawnOffRoster");
        OffRoster(dto.DeclinedOffRoster, RoutingErrorCode.AlreadyDeclined, path + ".declinedOffRoster");
        if (dto.Accepted)
        {
            log.MarkAccepted();
        }

        return log;

        void Positions(int[]? positions, RoutingErrorCode code, string at)
        {
            int previous = -1;
            for (int i = 0; i < (positions?.Length ?? 0); i++)
            {
                int position = positions![i];
                if (position <= previous || position >= roster.Count)
                {
                    throw Refuse(Invariant($"{at}[{i}]"), Invariant($"agent position {position} is out of order or not on the roster; positions index $.agents (0 to {roster.Count - 1}) in ascending order, each once."));
                }

                previous = position;
                Add(roster[position].Profile.Id, code, at, i);
            }
        }

        void OffRoster(string[]? ids, RoutingErrorCode code, string at)
        {
            for (int i = 0; i < (ids?.Length ?? 0); i++)
            {
                AgentId agent = Id(ids![i], Invariant($"{at}[{i}]"), static v => new AgentId(v));
                if (roster.Exists(a => a.Profile.Id == agent))
                {
                    throw Refuse(Invariant($"{at}[{i}]"), $"agent '{agent}' is on the document's roster; name an agent on the roster by its position in $.agents.");
                }

                Add(agent, code, at, i);
            }
        }

        void Add(AgentId agent, RoutingErrorCode code, string at, int i)
        {
            if (!seen.Add(agent))
            {
                throw Refuse(Invariant($"{at}[{i}]"), $"agent '{agent}' is listed twice in the past offers; each agent is listed once (a decline outlasts a withdrawal).");
            }

            if (code == RoutingErrorCode.AlreadyDeclined && excluded?.Contains(agent) != true)
            {
                throw Refuse(Invariant($"{at}[{i}]"), $"agent '{agent}' declined the conversation but is not in its excluded list; an agent that declined is excluded from it.");
            }

            log.Record(agent, code);
        }
    }

    /// <summary>The consumer history in columns, the most recently served consumer first.</summary>
    public static HistoryColumnsDto CaptureHistory(ConsumerHistory history)
    {
        var agents = new List<string>();
        var agentIndex = new Dictionary<AgentId, int>();
        var consumers = new string[history.Count];
        var counts = new int[history.Count];
        var served = new List<int>(history.Count);
        int next = 0;
        foreach ((ConsumerId consumer, AgentId[] recent) in history.MostRecentFirst())
        {
            foreach (AgentId agent in recent)
            {
                if (!agentIndex.TryGetValue(agent, out int position))
                {
                    position = agents.Count;
                    agentIndex.Add(agent, position);
                    agents.Add(agent.Value);
                }

                served.Add(position);
            }

            consumers[next] = consumer.Value;
            counts[next++] = recent.Length;
        }

        return new HistoryColumnsDto { Agents = [.. agents], Consumers = consumers, Counts = counts, Served = [.. served] };
    }

    /// <summary>Reads the consumer history in columns (version 2). Paths are written only for a refusal (100,000 consumers are read).</summary>
    public static ConsumerHistory ReadHistory(HistoryColumnsDto dto)
    {
        const string path = "$.history";
        string[] consumers = Required(dto.Consumers, path + ".consumers");
        int[] counts = Required(dto.Counts, path + ".counts");
        int[] served = Required(dto.Served, path + ".served");
        string[] names = Required(dto.Agents, path + ".agents");
        if (counts.Length != consumers.Length)
        {
            throw Refuse(path + ".counts", Invariant($"the history lists {consumers.Length} consumers but {counts.Length} counts; each consumer has one count."));
        }

        var agents = new AgentId[names.Length];
        for (int i = 0; i < agents.Length; i++)
        {
            agents[i] = Id(names[i], $"{path}.agents[{i}]", static v => new AgentId(v));
        }

        var entries = new (ConsumerId, AgentId[])[consumers.Length];
        int next = 0;
        for (int i = 0; i < consumers.Length; i++)
        {
            int count = counts[i];
            if (count < 0 || count > served.Length - next)
            {
                throw Refuse(Invariant($"{path}.counts[{i}]"), Invariant($"consumer {i} counts {count} agents, but $.history.served has {served.Length - next} entries left; the counts add up to the length of served."));
            }

            var recent = new AgentId[count];
            for (int k = 0; k < count; k++)
            {
                int position = served[next++];
                recent[k] = position >= 0 && position < agents.Length
                    ? agents[position]
                    : throw Refuse(Invariant($"{path}.served[{next - 1}]"), Invariant($"agent position {position} is not in $.history.agents (0 to {agents.Length - 1})."));
            }

            entries[i] = (ConsumerAt(consumers[i], i), recent);
        }

        if (next != served.Length)
        {
            throw Refuse(path + ".served", Invariant($"$.history.served has {served.Length} entries but the counts add up to {next}; the counts add up to the length of served."));
        }

        return StateSections.BuildHistory(entries, path + ".consumers", static i => Invariant($"{path}.consumers[{i}]"), static i => Invariant($"{path}.counts[{i}]"));

        // The id, its path written only when it is refused.
        static ConsumerId ConsumerAt(string? value, int i)
        {
            if (value is not null && IdValidation.IsValid(value))
            {
                return new ConsumerId(value);
            }

            return Id(value, Invariant($"{path}.consumers[{i}]"), static v => new ConsumerId(v));
        }
    }

    /// <summary>The recently closed conversations in columns; null when none is remembered.</summary>
    public static ClosedColumnsDto? CaptureClosed(ConversationTable table)
    {
        if (table.ClosedOrder.Count == 0)
        {
            return null;
        }

        ConversationSnapshot[] closed = [.. table.Closed];
        Array.Sort(closed, static (x, y) => string.CompareOrdinal(x.Id.Value, y.Id.Value));
        var requests = new RequestDto[closed.Length];
        var skills = new string?[closed.Length];
        var slaDue = new DateTimeOffset[closed.Length];
        var excluded = new string[]?[closed.Length];
        var groups = new string?[closed.Length];
        for (int i = 0; i < closed.Length; i++)
        {
            ConversationSnapshot c = closed[i];
            requests[i] = StateWriter.CaptureRequest(c.Request);
            skills[i] = c.Skill?.Value;
            slaDue[i] = c.SlaDue;
            excluded[i] = c.Excluded.IsDefaultOrEmpty ? null : [.. c.Excluded.Select(a => a.Value)];
            groups[i] = c.AgentGroup?.Value;
        }

        return new ClosedColumnsDto
        {
            Order = [.. table.ClosedOrder.Select(id => id.Value)],
            Requests = requests,
            Skills = skills,
            SlaDue = slaDue,
            Excluded = excluded,
            Groups = groups,
        };
    }

    /// <summary>Reads the recently closed conversations in columns (version 2).</summary>
    public static (List<ConversationId> Order, List<ConversationSnapshot> Conversations) ReadClosed(ClosedColumnsDto? dto, Dictionary<ConversationId, ConversationRecord> open)
    {
        if (dto is null)
        {
            return ([], []);
        }

        const string path = "$.closed";
        RequestDto[] requests = Required(dto.Requests, path + ".requests");
        string?[] skills = Column(dto.Skills, "skills");
        DateTimeOffset[] slaDue = Column(dto.SlaDue, "slaDue");
        string[]?[] excluded = Column(dto.Excluded, "excluded");
        string?[] groups = Column(dto.Groups, "groups");
        var entries = new (RequestDto? Request, string? Skill, DateTimeOffset SlaDue, string[]? Excluded, string? Group)[requests.Length];
        for (int i = 0; i < entries.Length; i++)
        {
            entries[i] = (requests[i], skills[i], slaDue[i], excluded[i], groups[i]);
        }

        return StateSections.BuildClosed(Required(dto.Order, path + ".order"), path + ".order", entries, ColumnPath, open);

        static string ColumnPath(int i, string field) => field switch
        {
            "request" => $"{path}.requests[{i}]",
            "excluded" => $"{path}.excluded[{i}]",
            _ => $"{path}.{field}s[{i}]",
        };

        T[] Column<T>(T[]? column, string name) =>
            Required(column, $"{path}.{name}") is { } values && values.Length == requests.Length
                ? values
                : throw Refuse($"{path}.{name}", Invariant($"the column has {column!.Length} entries but there are {requests.Length} requests; every column has one entry per request."));
    }
}
