using RoutingCore.State;
using static RoutingCore.Engine.StateChecks;

namespace RoutingCore.Engine;

/// <summary>
/// The state document's <c>retries</c> section (docs/state-format.md): what makes a repeated call recognizable after a
/// restore — removed agents, operation ids, each open conversation's message ids. Written and read here, apart from the
/// other sections; absent when there is nothing to remember.
/// </summary>
internal static class StateRetries
{
    private const string Path = "$.retries";

    /// <summary>The section of an engine's state, or null when it remembers nothing. <paramref name="conversations"/>: by sequence.</summary>
    public static RetriesDto? Capture(RetryMemory memory, ConversationRecord[] conversations)
    {
        var messages = new List<MessageIdsDto>();
        foreach (ConversationRecord conversation in conversations)
        {
            if (conversation.MessageIds is { Count: > 0 } ids)
            {
                messages.Add(new MessageIdsDto { Conversation = conversation.Request.Id.Value, Ids = [.. ids.Select(m => m.Value)] });
            }
        }

        if (memory.RemovedAgents.Count == 0 && memory.Operations.Count == 0 && messages.Count == 0)
        {
            return null;
        }

        return new RetriesDto
        {
            RemovedAgents = memory.RemovedAgents.Count == 0 ? null : [.. memory.RemovedAgents.OldestFirst.Select(a => a.Key.Value)],
            Operations = memory.Operations.Count == 0 ? null : [.. memory.Operations.OldestFirst.Select(o => new OperationDto
            {
                Id = o.Key.Value,
                Kind = o.Value.Kind,
                Conversation = o.Value.Conversation.Value,
                Skill = o.Value.Skill?.Value,
            })],
            Messages = messages.Count == 0 ? null : [.. messages],
        };
    }

    /// <summary>
    /// Reads and checks the section; gives each open conversation of the document (<paramref name="open"/>) its message ids,
    /// and returns the removed agents and the operations, oldest first. <paramref name="roster"/>: the document's agents.
    /// </summary>
    public static RestoredRetries Read(RetriesDto? section, Dictionary<AgentId, AgentRecord> roster, Dictionary<ConversationId, ConversationRecord> open)
    {
        var restored = new RestoredRetries();
        if (section is null)
        {
            return restored;
        }

        string[] removed = section.RemovedAgents ?? [];
        Limit(removed.Length, RoutingDefaults.RemovedAgentMemory, Path + ".removedAgents", "removed agents");
        var seenAgents = new HashSet<AgentId>();
        for (int i = 0; i < removed.Length; i++)
        {
            string path = Invariant($"{Path}.removedAgents[{i}]");
            AgentId agent = Id(removed[i], path, static v => new AgentId(v));
            if (!seenAgents.Add(agent) || roster.ContainsKey(agent))
            {
                throw Refuse(path, $"agent '{agent}' is listed twice, or is on the document's roster ($.agents); list each removed agent once, and only agents not on the roster.");
            }

            restored.RemovedAgents.Add(new(agent, true));
        }

        OperationDto[] operations = section.Operations ?? [];
        Limit(operations.Length, RoutingDefaults.OperationMemory, Path + ".operations", "operations");
        var seenOperations = new HashSet<OperationId>();
        for (int i = 0; i < operations.Length; i++)
        {
            string path = Invariant($"{Path}.operations[{i}]");
            OperationDto dto = Required(operations[i], path);
            OperationId operation = Id(dto.Id, path + ".id", static v => new OperationId(v));
            if (!seenOperations.Add(operation))
            {
                throw Refuse(path + ".id", $"operation '{operation}' is listed twice; list each operation once.");
            }

            if (dto.Kind is not (RoutingCommandKind.ReturnToQueue or RoutingCommandKind.Transfer))
            {
                throw Refuse(path + ".kind", $"'{dto.Kind}' is not a kind of call that takes an operation id; valid kinds are ReturnToQueue and Transfer.");
            }

            SkillId? skill = OptionalId(dto.Skill, path + ".skill", static v => new SkillId(v));
            if ((dto.Kind == RoutingCommandKind.Transfer) != skill.HasValue)
            {
                throw Refuse(path + ".skill", $"operation '{operation}' is a {dto.Kind}; a Transfer names its skill, a ReturnToQueue none.");
            }

            restored.Operations.Add(new(operation, new RememberedOperation(dto.Kind, Id(dto.Conversation, path + ".conversation", static v => new ConversationId(v)), skill)));
        }

        MessageIdsDto[] messages = section.Messages ?? [];
        for (int i = 0; i < messages.Length; i++)
        {
            string path = Invariant($"{Path}.messages[{i}]");
            MessageIdsDto dto = Required(messages[i], path);
            ConversationId conversation = Id(dto.Conversation, path + ".conversation", static v => new ConversationId(v));
            if (!open.TryGetValue(conversation, out ConversationRecord? record) || record.MessageIds is not null)
            {
                throw Refuse(path + ".conversation", $"conversation '{conversation}' is not open in the document ($.conversations), or is listed twice; list each open conversation's message ids once.");
            }

            string[] ids = Required(dto.Ids, path + ".ids");
            if (ids.Length == 0)
            {
                throw Refuse(path + ".ids", $"conversation '{conversation}' lists no message ids; leave out a conversation that remembers none.");
            }

            Limit(ids.Length, RoutingDefaults.MessageIdMemory, path + ".ids", "message ids per conversation");
            record.MessageIds = new List<MessageId>(ids.Length);
            for (int j = 0; j < ids.Length; j++)
            {
                MessageId message = Id(ids[j], Invariant($"{path}.ids[{j}]"), static v => new MessageId(v));
                if (record.MessageIds.Contains(message))
                {
                    throw Refuse(Invariant($"{path}.ids[{j}]"), $"message '{message}' is listed twice for conversation '{conversation}'; list each message id once.");
                }

                record.MessageIds.Add(message);
            }
        }

        return restored;
    }

    private static void Limit(int count, int limit, string path, string what)
    {
        if (count > limit)
        {
            throw Refuse(path, Invariant($"the list holds {count} entries; the engine remembers at most {limit} {what}."));
        }
    }
}

/// <summary>The removed agents and operation ids a document holds, oldest first, waiting to be swapped in.</summary>
internal sealed class RestoredRetries
{
    public List<KeyValuePair<AgentId, bool>> RemovedAgents { get; } = [];

    public List<KeyValuePair<OperationId, RememberedOperation>> Operations { get; } = [];
}
