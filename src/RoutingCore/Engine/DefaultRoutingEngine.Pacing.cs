using RoutingCore.Pacing;

namespace RoutingCore.Engine;

/// <summary>Pacing snapshots from the engine's live state.</summary>
internal sealed partial class DefaultRoutingEngine
{
    private static readonly MediaType[] ChatOnly = [MediaType.Chat];

    public PacingSnapshot GetPacingSnapshot(AgentGroupId group, PacingStatistics statistics)
    {
        RequireId(group.IsEmpty, nameof(group), "agent group");
        ArgumentNullException.ThrowIfNull(statistics);
        using (EnterGate())
        {
            return AfterRead(SnapshotGroup(group, statistics, Now()));
        }
    }

    public PacingDecision Pace(AgentGroupId group, PacingStatistics statistics)
    {
        RequireId(group.IsEmpty, nameof(group), "agent group");
        ArgumentNullException.ThrowIfNull(statistics);
        PacingSnapshot snapshot;
        DateTimeOffset now;
        using (EnterGate())
        {
            now = Now();
            snapshot = AfterRead(SnapshotGroup(group, statistics, now));
        }

        PacingDecision decision = _pacing.Calculate(snapshot, now);
        MeasurePacing(group, decision);
        return decision;
    }

    private PacingSnapshot SnapshotGroup(AgentGroupId group, PacingStatistics statistics, DateTimeOffset now)
    {
        double capacity = 0;
        double load = 0;
        int inService = 0;
        int ready = 0;
        var skills = new HashSet<SkillId>();
        foreach (AgentRecord agent in _roster)
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
            RefreshLoadIfDue(agent, now);
            double chat = _capacity.GetConversationCost(agent.Profile, ChatOnly, _capacitySettings);
            if (chat <= 0 || !double.IsFinite(chat))
            {
                continue;
            }

            capacity += agent.Limit / chat;
            load += agent.Committed / chat;
            if (agent.Committed + chat <= agent.Limit + CapacityTolerance)
            {
                ready++;
            }
        }

        int waiting = _waitingAny.Count;
        foreach ((SkillId skill, List<ConversationRecord> queue) in _waitingBySkill)
        {
            if (skills.Contains(skill))
            {
                waiting += queue.Count;
            }
        }

        return new PacingSnapshot
        {
            AgentGroup = group,
            Timestamp = statistics.MeasuredAt ?? now,
            Capacity = capacity,
            Load = load,
            ChatsInService = inService,
            Waiting = waiting,
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
