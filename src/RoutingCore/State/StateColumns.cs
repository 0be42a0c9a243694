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
                    throw Refuse($"{at}[{i}]", Invariant($"agent position {position} is out of order or not on the roster; positions index $.agents (0 to {roster.Count - 1}) in ascending order, each once."));
                }

                previous = position;
                Add(roster[position].Profile.Id, code, $"{at}[{i}]");
            }
        }

        void OffRoster(string[]? ids, RoutingErrorCode code, string at)
        {
            for (int i = 0; i < (ids?.Length ?? 0); i++)
            {
                AgentId agent = Id(ids![i], $"{at}[{i}]", static v => new AgentId(v));
                if (roster.Exists(a => a.Profile.Id == agent))
                {
                    throw Refuse($"{at}[{i}]", $"agent '{agent}' is on the document's roster; name an agent on the roster by its position in $.agents.");
                }

                Add(agent, code, $"{at}[{i}]");
            }
        }

        void Add(AgentId agent, RoutingErrorCode code, string at)
        {
            if (!seen.Add(agent))
            {
                throw Refuse(at, $"agent '{agent}' is listed twice in the past offers; each agent is listed once (a decline outlasts a withdrawal).");
            }

            if (code == RoutingErrorCode.AlreadyDeclined && excluded?.Contains(agent) != true)
            {
                throw Refuse(at, $"agent '{agent}' declined the conversation but is not in its excluded list; an agent that declined is excluded from it.");
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
        var served = new int[history.Count][];
        int next = 0;
        foreach ((ConsumerId consumer, AgentId[] recent) in history.MostRecentFirst())
        {
            var row = new int[recent.Length];
            for (int k = 0; k < row.Length; k++)
            {
                if (!agentIndex.TryGetValue(recent[k], out row[k]))
                {
                    row[k] = agents.Count;
                    agentIndex.Add(recent[k], row[k]);
                    agents.Add(recent[k].Value);
                }
            }

            consumers[next] = consumer.Value;
            served[next++] = row;
        }

        return new HistoryColumnsDto { Agents = [.. agents], Consumers = consumers, Served = served };
    }

    /// <summary>Reads the consumer history in columns (version 2).</summary>
    public static ConsumerHistory ReadHistory(HistoryColumnsDto dto)
    {
        const string path = "$.history";
        string[] consumers = Required(dto.Consumers, path + ".consumers");
        int[][] served = Required(dto.Served, path + ".served");
        string[] names = Required(dto.Agents, path + ".agents");
        if (served.Length != consumers.Length)
        {
            throw Refuse(path + ".served", Invariant($"the history lists {consumers.Length} consumers but {served.Length} rows of agents; each consumer has one row."));
        }

        var agents = new AgentId[names.Length];
        for (int i = 0; i < agents.Length; i++)
        {
            agents[i] = Id(names[i], $"{path}.agents[{i}]", static v => new AgentId(v));
        }

        var entries = new (ConsumerId, AgentId[])[consumers.Length];
        for (int i = 0; i < consumers.Length; i++)
        {
            int[] row = Required(served[i], $"{path}.served[{i}]");
            var recent = new AgentId[row.Length];
            for (int k = 0; k < row.Length; k++)
            {
                recent[k] = row[k] >= 0 && row[k] < agents.Length
                    ? agents[row[k]]
                    : throw Refuse($"{path}.served[{i}][{k}]", Invariant($"agent position {row[k]} is not in $.history.agents (0 to {agents.Length - 1})."));
            }

            entries[i] = (Id(consumers[i], $"{path}.consumers[{i}]", static v => new ConsumerId(v)), recent);
        }

        return StateSections.BuildHistory(entries, path + ".consumers", static i => $"{path}.consumers[{i}]", static i => $"{path}.served[{i}]");
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
