using System.Globalization;

namespace RoutingCore.Engine;

/// <summary>
/// Each agent's load under the engine's capacity model: recomputed from its assigned conversations when one changes, and
/// at the moment the model says it changes by itself (a <see cref="EngineTimerKind.LoadChange"/> timer); the cost of a
/// conversation for an agent, cached per media mask.
/// </summary>
internal sealed class LoadTracker
{
    private static readonly MediaType[] ChatOnly = [MediaType.Chat];

    private readonly ICapacityModel _capacity;
    private readonly EngineTimers _timers;

    public LoadTracker(ICapacityModel capacity, EngineTimers timers)
    {
        _capacity = capacity;
        _timers = timers;
    }

    public void RefreshIfDue(AgentRecord agent, DateTimeOffset now)
    {
        if (now.UtcTicks >= agent.NextLoadChangeTicks)
        {
            Refresh(agent, now);
        }
    }

    /// <summary>Recomputes the agent's load, writes its planning copies, and schedules the next change the model foresees.</summary>
    public void Refresh(AgentRecord agent, DateTimeOffset now)
    {
        agent.Load = LoadAt(agent, now, out DateTimeOffset next);
        agent.NextLoadChangeTicks = next == DateTimeOffset.MaxValue ? long.MaxValue : next.UtcTicks;
        agent.SyncIndexes();
        if (next < agent.ScheduledLoadCheck)
        {
            agent.ScheduledLoadCheck = next;
            _timers.Schedule(EngineTimerKind.LoadChange, agent, next.UtcTicks, next);
        }
    }

    /// <summary>
    /// The agent's load at <paramref name="now"/> under the capacity model — the sum, in assignment order, of its conversations'
    /// loads — and when it next changes by itself (<see cref="DateTimeOffset.MaxValue"/>: never). Changes nothing.
    /// </summary>
    public double LoadAt(AgentRecord agent, DateTimeOffset now, out DateTimeOffset next)
    {
        double load = 0;
        next = DateTimeOffset.MaxValue;
        foreach (ConversationRecord conversation in agent.Conversations)
        {
            AssignedConversation view = conversation.ToAssigned();
            load += _capacity.GetConversationLoad(agent.Profile, view, now);
            if (_capacity.GetNextLoadChange(agent.Profile, view, now) is { } change && change < next)
            {
                next = change;
            }
        }

        return load;
    }

    /// <summary>What the conversation costs an agent with this profile under the capacity model (uncached).</summary>
    public double CostOf(AgentProfile profile, ConversationRequest conversation) =>
        _capacity.GetConversationCost(profile, conversation.Media.AsSpan());

    /// <summary>What the conversation would add to the agent's load, cached for the last media mask asked.</summary>
    public double CostFor(AgentRecord agent, ConversationRequest conversation, ulong mediaMask)
    {
        if (agent.CachedCostMask == mediaMask)
        {
            return agent.CachedCost;
        }

        double cost = _capacity.GetConversationCost(agent.Profile, conversation.Media.AsSpan());
        agent.CachedCostMask = mediaMask;
        agent.CachedCost = cost;
        return cost;
    }

    /// <summary>The cost of one chat for the agent (pacing counts slots in chats).</summary>
    public double ChatCost(AgentRecord agent) => _capacity.GetConversationCost(agent.Profile, ChatOnly);

    public static string CapacityDetail(AgentRecord agent, double cost, string prefix) => string.Create(
        CultureInfo.InvariantCulture,
        $"{prefix}at capacity: load {agent.Load * 100:0.#}%{(agent.Reserved > 0 ? $" + {agent.Reserved * 100:0.#}% reserved by exclusive offers" : "")} + {cost * 100:0.#}% for this conversation would exceed the limit {agent.Limit * 100:0.#}%");
}
