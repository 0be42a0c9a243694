namespace RoutingCore.Engine;

/// <summary>The engine's mutable state of one conversation. Guarded by the engine's lock.</summary>
internal sealed class ConversationRecord
{
    public ConversationRecord(ConversationRequest request, SkillId? skill, long sequence, DateTimeOffset slaDue)
    {
        Request = request;
        Skill = skill;
        Sequence = sequence;
        SlaDue = slaDue;
    }

    public readonly ConversationRequest Request;

    /// <summary>The token of each kind of timer pending for the conversation (see <see cref="EngineTimerKind"/>).</summary>
    public TimerTokens Tokens;

    /// <summary>The skill it is routed on (after selection, fallback, transfer); null: any agent.</summary>
    public SkillId? Skill;

    public readonly long Sequence;

    /// <summary>When the engine opened it (submitted or assigned): when its consumer started it, unless the request says (<see cref="ConversationRequest.CreatedAt"/>).</summary>
    public DateTimeOffset OpenedAt;
    public DateTimeOffset SlaDue;
    public ConversationState State;

    // Assigned
    public AgentRecord? Agent;
    public DateTimeOffset AssignedAt;
    public DateTimeOffset? LastConsumerMessageAt;
    public DateTimeOffset? LastAgentMessageAt;
    public long AutoCloseToken
    {
        get => Tokens[(int)EngineTimerKind.AutoClose];
        set => Tokens[(int)EngineTimerKind.AutoClose] = value;
    }

    // Offered
    public readonly List<Offer> Offers = [];
    public RoutingPlan? Plan;
    public int Step;
    public long StepToken
    {
        get => Tokens[(int)EngineTimerKind.Step];
        set => Tokens[(int)EngineTimerKind.Step] = value;
    }

    /// <summary>
    /// The conversation's exclusive ("starred", reserving) offer, if any: its only pending offer, of a plan that holds that
    /// agent alone (<see cref="OfferBook.ExclusiveOf"/>).
    /// </summary>
    public Offer? Exclusive;

    /// <summary>
    /// Agents who declined or handed the conversation back: never offered it again. Keyed by id: an agent is its id, so one
    /// removed from the roster and added again with the same id is the same person and stays excluded.
    /// </summary>
    public HashSet<AgentId>? Excluded;

    /// <summary>Past offers by agent id (the same person across a removal and a re-add), to answer a late accept or decline clearly.</summary>
    public PastOfferLog? PastOffers;

    // Workload distribution
    /// <summary>The primary agent group the skill's distribution chose (null: the skill has no distribution).</summary>
    public AgentGroupId? Group;

    /// <summary>The group the conversation is routed to now: its primary group, or a secondary one after a cascade.</summary>
    public AgentGroupId? Target;

    /// <summary>
    /// The split whose primary turn (for <see cref="Group"/>) the conversation holds while the group has neither taken it
    /// nor forfeited it (by a cascade, or a close first); null otherwise.
    /// </summary>
    public WorkloadSkillState? OpenTurn;
    public bool MaxWaitPassed;
    public long MaxWaitToken
    {
        get => Tokens[(int)EngineTimerKind.MaxWait];
        set => Tokens[(int)EngineTimerKind.MaxWait] = value;
    }

    // Waiting
    public WaitingConversation? Waiting;

    /// <summary>The run of the waiting queue it waits in (null when not waiting).</summary>
    public QueueRun? QueueRun;

    /// <summary>Stamped when it entered the queue: the queues' order in the state document (arrival order).</summary>
    public long QueueStamp;
    public long RetryToken
    {
        get => Tokens[(int)EngineTimerKind.Retry];
        set => Tokens[(int)EngineTimerKind.Retry] = value;
    }

    /// <summary>When the consumer was last heard from: its latest reported message, or when it started the conversation.</summary>
    public DateTimeOffset LastConsumerActivityAt => Assignments.Later(LastConsumerMessageAt, Request.CreatedAt ?? OpenedAt);

    /// <summary>The conversation as a queue ordering sees it while it waits, queued at <paramref name="queuedAt"/>.</summary>
    public WaitingConversation ViewQueuedAt(DateTimeOffset queuedAt) => new(Request, Skill, SlaDue, queuedAt, Sequence, LastConsumerActivityAt);

    public AssignedConversation ToAssigned() =>
        new(Request.Id, Request.Media, AssignedAt, LastConsumerMessageAt, LastAgentMessageAt);

    public Offer? FindOffer(AgentRecord agent)
    {
        foreach (Offer offer in Offers)
        {
            if (offer.Agent == agent)
            {
                return offer;
            }
        }

        return null;
    }

    public bool IsExcluded(AgentRecord agent) => Excluded is not null && Excluded.Contains(agent.Profile.Id);

    /// <summary>Whether the agent was offered the conversation before (an offer withdrawn, or declined).</summary>
    public bool HadOffer(AgentRecord agent) => PastOffers is not null && PastOffers.Contains(agent.Profile.Id);

    /// <summary>
    /// The ids of the messages reported with one, oldest first, at most <see cref="RoutingDefaults.MessageIdMemory"/>: a
    /// repeated report of one of them is dropped. Null: none yet.
    /// </summary>
    public List<MessageId>? MessageIds;

    /// <summary>Whether <paramref name="message"/> (not empty) was reported in this conversation and is still remembered.</summary>
    public bool HasMessage(MessageId message) => !message.IsEmpty && MessageIds is not null && MessageIds.Contains(message);

    /// <summary>Remembers a reported message's id (nothing for the empty id), forgetting the oldest beyond the limit.</summary>
    public void RememberMessage(MessageId message)
    {
        if (message.IsEmpty)
        {
            return;
        }

        MessageIds ??= new List<MessageId>(4);
        if (MessageIds.Count == RoutingDefaults.MessageIdMemory)
        {
            MessageIds.RemoveAt(0);
        }

        MessageIds.Add(message);
    }
}

/// <summary>A pending offer of a conversation to an agent.</summary>
internal sealed class Offer
{
    public Offer(ConversationRecord conversation, AgentRecord agent, int step, DateTimeOffset offeredAt, double cost)
    {
        Conversation = conversation;
        Agent = agent;
        Step = step;
        OfferedAt = offeredAt;
        Cost = cost;
    }

    public readonly ConversationRecord Conversation;
    public readonly AgentRecord Agent;
    public readonly int Step;
    public readonly DateTimeOffset OfferedAt;

    /// <summary>The capacity the offer takes: the conversation's cost for the agent under the capacity model (re-costed when the agent's profile changes).</summary>
    public double Cost;
    public bool TimedOut;
}
