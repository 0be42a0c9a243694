
namespace RoutingCore.Engine;

/// <summary>
/// Pacing snapshots from the engine's live state: an agent group's capacity, load and free whole chats in chat slots, its chats in
/// service and the conversations waiting for an answer.
/// </summary>
internal sealed class PacingSnapshots
{
    private readonly EngineContext _context;
    private readonly LoadTracker _load;
    private readonly WaitingQueue _queue;
    private readonly WorkloadRouter _workload;

    public PacingSnapshots(EngineContext context, LoadTracker load, WaitingQueue queue, WorkloadRouter workload)
    {
        _context = context;
        _load = load;
        _queue = queue;
        _workload = workload;
    }

    public PacingSnapshot Take(AgentGroupId group, PacingStatistics statistics, DateTimeOffset now)
    {
        double capacity = 0;
        double load = 0;
        int inService = 0;
        double free = 0;
        int ready = 0;
        SkillId? invited = statistics.Skill;
        WorkloadDistribution? split = invited is { } skillOfInvitations ? _workload.DistributionOf(skillOfInvitations) : null;
        var bySplit = split is null ? null : new SplitSlots(split);
        var skills = new HashSet<SkillId>();
        foreach (AgentRecord agent in _context.Roster)
        {
            if (!agent.Profile.Groups.Contains(group) || (invited is { } only && !Holds(agent, only)))
            {
                continue;
            }

            if (invited is { } one)
            {
                skills.Add(one);
            }
            else
            {
                foreach (AgentSkill skill in agent.Profile.Skills)
                {
                    skills.Add(skill.Skill);
                }
            }

            if (agent.State != AgentState.Online)
            {
                continue;
            }

            // Slots are chats: an agent's limit over the cost of one chat, under the engine's capacity model.
            _load.RefreshIfDue(agent, now);
            double chat = _load.ChatCost(agent);
            if (chat <= 0 || !double.IsFinite(chat))
            {
                continue;
            }

            // Only the chats of agents whose capacity counts free it when they end (an agent away keeps its chats, not its slots).
            inService += agent.Conversations.Count;
            capacity += agent.Limit / chat;
            load += agent.Committed / chat;
            if (Eligibility.Fits(agent.Committed, chat, agent.Limit))
            {
                ready++;
                double chats = WholeChats(agent.Limit - agent.Committed, chat);
                free += chats;
                bySplit?.Add(agent.Profile.Groups, chats);
            }
        }

        if (bySplit is not null)
        {
            free = Math.Min(free, bySplit.Usable());
        }

        // A consumer waits for an answer while queued and while offered; the offered ones are not in the queue.
        int offered = 0;
        foreach (ConversationRecord conversation in _context.Conversations.Values)
        {
            if (conversation.State == ConversationState.Offered && (conversation.Skill is not { } skill || skills.Contains(skill)))
            {
                offered++;
            }
        }

        return new PacingSnapshot
        {
            AgentGroup = group,
            Timestamp = statistics.MeasuredAt ?? now,
            Capacity = capacity,
            Load = load,
            FreeSlots = free,
            ChatsInService = inService,
            Waiting = _queue.CountFor(skills) + offered,
            ReadyAgents = ready,
            PendingInvitationAges = statistics.PendingInvitationAges,
            AcceptanceRate = statistics.AcceptanceRate,
            AcceptDelay = statistics.AcceptDelay,
            AverageHandleTime = statistics.AverageHandleTime,
            AveragePatience = statistics.AveragePatience,
            AverageAnswerDelay = statistics.AverageAnswerDelay,
            ReactiveArrivalsPerSecond = statistics.ReactiveArrivalsPerSecond,
            InvitationsAnswered = statistics.InvitationsAnswered,
            InvitationsAbandoned = statistics.InvitationsAbandoned,
        };
    }

    private static bool Holds(AgentRecord agent, SkillId skill)
    {
        foreach (AgentSkill held in agent.Profile.Skills)
        {
            if (held.Skill == skill)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>How many whole chats of <paramref name="chat"/> fit in <paramref name="room"/> (with the engine's capacity tolerance).</summary>
    private static double WholeChats(double room, double chat) => Math.Floor((room + EngineContext.CapacityTolerance) / chat);
}
