
namespace RoutingCore.Engine;

/// <summary>Pacing snapshots from the engine's live state: an agent group's capacity and load in chat slots, its queue.</summary>
internal sealed class PacingSnapshots
{
    private readonly EngineContext _context;
    private readonly LoadTracker _load;
    private readonly WaitingQueue _queue;

    public PacingSnapshots(EngineContext context, LoadTracker load, WaitingQueue queue)
    {
        _context = context;
        _load = load;
        _queue = queue;
    }

    public PacingSnapshot Take(AgentGroupId group, PacingStatistics statistics, DateTimeOffset now)
    {
        double capacity = 0;
        double load = 0;
        int inService = 0;
        int ready = 0;
        var skills = new HashSet<SkillId>();
        foreach (AgentRecord agent in _context.Roster)
        {
            if (!agent.Profile.Groups.Contains(group))
            {
                continue;
            }

            inService += agent.Conversations.Count;
            foreach (AgentSkill skill in agent.Profile.Skills)
            {
                skills.Add(skill.Skill);
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

            capacity += agent.Limit / chat;
            load += agent.Committed / chat;
            if (Eligibility.Fits(agent.Committed, chat, agent.Limit))
            {
                ready++;
            }
        }

        return new PacingSnapshot
        {
            AgentGroup = group,
            Timestamp = statistics.MeasuredAt ?? now,
            Capacity = capacity,
            Load = load,
            ChatsInService = inService,
            Waiting = _queue.CountFor(skills),
            ReadyAgents = ready,
            PendingInvitationAges = statistics.PendingInvitationAges,
            AcceptanceRate = statistics.AcceptanceRate,
            AcceptDelay = statistics.AcceptDelay,
            AverageHandleTime = statistics.AverageHandleTime,
            AveragePatience = statistics.AveragePatience,
            ReactiveArrivalsPerSecond = statistics.ReactiveArrivalsPerSecond,
        };
    }
}
