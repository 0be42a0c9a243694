using RoutingCore.Telemetry;

namespace RoutingCore.Engine;

/// <summary>
/// The conversation lifecycle: submit, direct assignment, answering offers, handing back (return to the queue, transfer),
/// messages and dormancy, close. Each method applies one command, under the lock, and leaves its follow-up work to the
/// settler.
/// </summary>
internal sealed class ConversationLifecycle
{
    private readonly ConversationTable _conversations;
    private readonly AgentRoster _roster;
    private readonly SkillSelector _skills;
    private readonly Dispatcher _dispatcher;
    private readonly OfferBook _offers;
    private readonly Assignments _assignments;
    private readonly WaitingQueue _queue;
    private readonly WorkloadRouter _workload;
    private readonly Eligibility _eligibility;
    private readonly LoadTracker _load;
    private readonly EventOutbox _events;
    private readonly LifecycleSettings _settings;
    private readonly DecisionTracer _decisions;

    public ConversationLifecycle(EngineContext context, ConversationTable conversations, AgentRoster roster, SkillSelector skills, Dispatcher dispatcher, OfferBook offers, Assignments assignments, WaitingQueue queue, WorkloadRouter workload, Eligibility eligibility, LoadTracker load, EventOutbox events)
    {
        _conversations = conversations;
        _roster = roster;
        _skills = skills;
        _dispatcher = dispatcher;
        _offers = offers;
        _assignments = assignments;
        _queue = queue;
        _workload = workload;
        _eligibility = eligibility;
        _load = load;
        _events = events;
        _settings = context.Lifecycle;
        _decisions = context.Decisions;
    }

    /// <summary>
    /// Opens and routes a conversation, or, for a repeat (<paramref name="changed"/> false), answers the snapshot of the
    /// conversation opened under the same id by an equal request, open or remembered as closed.
    /// </summary>
    public ConversationSnapshot Submit(ConversationRequest conversation, DateTimeOffset now, out bool changed)
    {
        ConversationSnapshot? repeated = _conversations.SubmitRepeat(conversation);
        changed = repeated is null;
        if (repeated is not null)
        {
            return repeated;
        }

        (SkillId? skill, RoutingEventReason how, SkillId? fellBackFrom) = _skills.Select(conversation);
        ConversationRecord record = _conversations.Open(conversation, skill, now);
        using DecisionScope decision = _decisions.Begin(record, RoutingEventKind.Submitted);
        _events.Publish(RoutingEventKind.Submitted, now, record, null, skill, how);
        PublishFellBack(record, fellBackFrom, now);
        _dispatcher.Route(record, now, RoutingEventReason.NoAgentAvailable);
        return ConversationTable.SnapshotOf(record);
    }

    /// <summary>Assigns a new conversation directly; false (nothing changed) for a repeat: an equal request, assigned to that agent.</summary>
    public bool Assign(ConversationRequest conversation, AgentId agent, DateTimeOffset now)
    {
        if (_conversations.AssignRepeat(conversation, agent))
        {
            return false;
        }

        AgentRecord record = _roster.Find(agent);
        switch (_eligibility.CheckAssignment(record, conversation, now, out double cost))
        {
            case ExclusionReason.WrongMedia:
                throw Refusals.WrongMedia(agent, _eligibility.FirstMissingMedia(record, conversation.Media), conversation.Id).ToException();
            case ExclusionReason.AtCapacity:
                throw Refusals.NoCapacity(LoadTracker.CapacityDetail(record, cost, $"Agent '{agent}' has no capacity for conversation '{conversation.Id}': ")).ToException();
            case not null:
                throw Refusals.AgentNotOnline(agent, record.State).ToException();
        }

        ConversationRecord assigned = _conversations.Open(conversation, conversation.Skill, now);
        using DecisionScope decision = _decisions.Begin(assigned, RoutingEventKind.Assigned);
        _assignments.AssignTo(assigned, record, now);
        _events.Publish(RoutingEventKind.Assigned, now, assigned, record, assigned.Skill, RoutingEventReason.None);
        return true;
    }

    /// <summary>
    /// Accepts the agent's pending offer; a refusal is returned (and nothing changed), not thrown. An accept by the agent who
    /// holds the conversation already is a repeat: success, and <paramref name="changed"/> false.
    /// </summary>
    public RoutingResult Accept(ConversationId conversation, AgentId agent, DateTimeOffset now, out bool changed)
    {
        changed = false;
        RoutingResult found = PendingOffer(conversation, agent, "accept", out Offer? offer);
        if (offer is null)
        {
            return found.Error == RoutingErrorCode.AlreadyAccepted ? RoutingResult.Success : found;
        }

        (ConversationRecord record, AgentRecord agentRecord) = (offer.Conversation, offer.Agent);
        _load.RefreshIfDue(agentRecord, now);
        if (!Eligibility.OfferFits(agentRecord, offer))
        {
            return Refusals.NoCapacity(LoadTracker.CapacityDetail(agentRecord, offer.Cost, $"Agent '{agent}' cannot accept conversation '{conversation}' now: "));
        }

        _events.Publish(RoutingEventKind.Accepted, now, record, agentRecord, record.Skill, RoutingEventReason.None, offer.Step);
        if (record.Exclusive == offer)
        {
            agentRecord.ConsecutiveIgnored = 0; // an accepted exclusive offer ends a run of ignored ones
        }

        _workload.RecordTaken(record);
        OfferBook.Remove(offer);
        if (record.Offers.Count > 0)
        {
            record.PastOffers ??= new();
        }

        // The others' offers are withdrawn without being written to the past offers, which would forget them at once: only
        // the declines matter from now on (issue 18: a rule's needs, not every withdrawn offer).
        _offers.WithdrawAll(record, now, RoutingEventReason.AcceptedByAnother, ConversationState.Assigned, remember: false);
        record.PastOffers?.ForgetWithdrawn();
        _offers.UpdateExclusive(record);
        _assignments.AssignTo(record, agentRecord, now);
        changed = true;
        return RoutingResult.Success;
    }

    /// <summary>
    /// Declines the agent's pending offer; a refusal is returned (and nothing changed), not thrown. A decline by an agent who
    /// declined the conversation already is a repeat: success, and <paramref name="changed"/> false.
    /// </summary>
    public RoutingResult Decline(ConversationId conversation, AgentId agent, DateTimeOffset now, out bool changed)
    {
        changed = false;
        RoutingResult found = PendingOffer(conversation, agent, "decline", out Offer? offer);
        if (offer is null)
        {
            return found.Error == RoutingErrorCode.AlreadyDeclined ? RoutingResult.Success : found;
        }

        (ConversationRecord record, AgentRecord agentRecord) = (offer.Conversation, offer.Agent);
        if (record.Exclusive == offer)
        {
            agentRecord.ConsecutiveIgnored = 0; // answered, not ignored: the run of ignored exclusive offers ends
        }

        OfferBook.Remove(offer);
        (record.Excluded ??= []).Add(agentRecord.Profile.Id);
        (record.PastOffers ??= new()).Record(agentRecord.Profile.Id, RoutingErrorCode.AlreadyDeclined);
        agentRecord.Declines = AgentRecord.CountOn(agentRecord.Declines);
        _events.Publish(RoutingEventKind.Declined, now, record, agentRecord, record.Skill, RoutingEventReason.None, offer.Step);
        _offers.UpdateExclusive(record);
        if (record.Offers.Count == 0)
        {
            _offers.AdvanceStep(record, now);
        }

        changed = true;
        return RoutingResult.Success;
    }

    public void ReturnToQueue(ConversationId conversation, DateTimeOffset now)
    {
        ConversationRecord record = _conversations.FindAssigned(conversation, "return it to the queue");
        AgentRecord agent = record.Agent!;
        _assignments.Unassign(record, now);
        (record.Excluded ??= []).Add(agent.Profile.Id);
        _events.Publish(RoutingEventKind.ReturnedToQueue, now, record, agent, record.Skill, RoutingEventReason.ReturnedByAgent);
        _dispatcher.Route(record, now, RoutingEventReason.ReturnedByAgent);
    }

    public void Transfer(ConversationId conversation, SkillId skill, DateTimeOffset now)
    {
        ConversationRecord record = _conversations.FindAssigned(conversation, "transfer it");
        (SkillId? routed, RoutingEventReason how, SkillId? fellBackFrom) = _skills.SelectForTransfer(skill);
        AgentRecord agent = record.Agent!;
        _assignments.Unassign(record, now);
        (record.Excluded ??= []).Add(agent.Profile.Id);
        record.Skill = routed;
        record.Group = record.Target = null; // transferred out: a distribution of the new skill chooses afresh
        record.OpenTurn = null;
        record.MaxWaitToken = 0;
        _events.Publish(RoutingEventKind.Transferred, now, record, agent, routed, how);
        PublishFellBack(record, fellBackFrom, now);
        _dispatcher.Route(record, now, RoutingEventReason.Transferred);
    }

    /// <summary>Reports a message; false (nothing changed) for a repeat: a message id the conversation remembers.</summary>
    public bool ReportMessage(ConversationId conversation, MessageAuthor author, DateTimeOffset? at, MessageId message, DateTimeOffset now)
    {
        ConversationRecord record = _conversations.Find(conversation, "report a message in it");
        if (record.HasMessage(message))
        {
            return false;
        }

        DateTimeOffset when = at ?? now;
        if (when > now)
        {
            throw new ArgumentOutOfRangeException(nameof(at), when, $"A message time must not be in the future (now is {now:O}).");
        }

        if (record.State == ConversationState.Assigned && when < record.AssignedAt)
        {
            throw new ArgumentOutOfRangeException(nameof(at), when, $"A message time must not be before conversation '{conversation}' was assigned ({record.AssignedAt:O}).");
        }

        record.RememberMessage(message);
        if (author == MessageAuthor.Consumer)
        {
            record.LastConsumerMessageAt = Assignments.Later(record.LastConsumerMessageAt, when);
        }
        else
        {
            record.LastAgentMessageAt = Assignments.Later(record.LastAgentMessageAt, when);
        }

        if (record.State == ConversationState.Assigned)
        {
            _assignments.OnActivity(record, author, now);
        }
        else if (record.State == ConversationState.Waiting && author == MessageAuthor.Consumer)
        {
            _queue.Refresh(record, now);
        }
        else if (record.State == ConversationState.Dormant && author == MessageAuthor.Consumer)
        {
            record.SlaDue = now + _settings.SlaFor(record.Request);
            record.Excluded = null;
            record.PastOffers = null;
            _events.Publish(RoutingEventKind.Woken, now, record, null, record.Skill, RoutingEventReason.ConsumerReturned);
            _dispatcher.Route(record, now, RoutingEventReason.ConsumerReturned);
        }

        return true;
    }

    /// <summary>Closes a conversation; false (nothing changed) for a repeat: a closed conversation the engine remembers.</summary>
    public bool Close(ConversationId conversation, DateTimeOffset now)
    {
        if (_conversations.IsClosed(conversation))
        {
            return false;
        }

        ConversationRecord record = _conversations.Find(conversation, "close it");
        AgentRecord? agent = record.Agent;
        switch (record.State)
        {
            case ConversationState.Offered:
                _offers.WithdrawAll(record, now, RoutingEventReason.ConversationClosed, ConversationState.Closed);
                break;
            case ConversationState.Waiting:
                _queue.Remove(record, now, RoutingEventKind.Closed);
                break;
            case ConversationState.Assigned:
                _assignments.Unassign(record, now);
                break;
        }

        _workload.OnClosing(record);
        record.State = ConversationState.Closed;
        record.StepToken = 0;
        _conversations.Closing(record);
        _events.Publish(RoutingEventKind.Closed, now, record, agent, record.Skill, RoutingEventReason.None);
        return true;
    }

    private void PublishFellBack(ConversationRecord record, SkillId? fellBackFrom, DateTimeOffset now)
    {
        if (fellBackFrom is { } original)
        {
            _events.Publish(RoutingEventKind.FellBack, now, record, null, record.Skill, RoutingEventReason.FallbackSkill, null, $"from skill '{original}'");
        }
    }

    /// <summary>The agent's pending offer of the conversation, or (with a null offer) the coded refusal saying why there is none.</summary>
    private RoutingResult PendingOffer(ConversationId conversation, AgentId agent, string action, out Offer? offer)
    {
        offer = null;
        if (!_conversations.TryFind(conversation, out ConversationRecord? record))
        {
            return _conversations.NotOpen(conversation, action + " it");
        }

        if (!_roster.TryFind(agent, out AgentRecord? agentRecord))
        {
            return Refusals.UnknownAgent(agent);
        }

        offer = OfferBook.Pending(record, agentRecord);
        return offer is null ? OfferRefusals.NoOffer(record, agentRecord, action) : RoutingResult.Success;
    }
}
