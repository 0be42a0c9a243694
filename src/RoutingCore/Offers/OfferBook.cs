namespace RoutingCore.Engine;

/// <summary>
/// Offers: a conversation's plan offered step by step, a step delay apart; withdrawals; the reservation that an exclusive
/// ("starred") offer holds on its agent's capacity; timeouts and forced pause. An offer is exclusive when its plan holds
/// that agent alone — nobody else was eligible when the conversation was planned (seed 004: "distributed only to the
/// agent (no other agent is currently eligible to handle it)"); an offer that is alone only because the other steps are
/// still to come, or because the others declined or were withdrawn, is not. When the last step passes unanswered the
/// conversation goes back to routing (the <see cref="Wire"/>d handler; the façade wires the dispatcher).
/// </summary>
internal sealed class OfferBook
{
    private readonly EngineContext _context;
    private readonly Eligibility _eligibility;
    private readonly EventOutbox _events;
    private readonly EngineTimers _timers;
    private readonly FollowUps _followUps;
    private readonly Planner _planner;
    private Action<ConversationRecord, DateTimeOffset> _onExhausted = static (_, _) => { };
    private Action<AgentRecord, DateTimeOffset> _pause = static (_, _) => { };

    public OfferBook(EngineContext context, Eligibility eligibility, EventOutbox events, EngineTimers timers, FollowUps followUps, Planner planner)
    {
        _planner = planner;
        _context = context;
        _eligibility = eligibility;
        _events = events;
        _timers = timers;
        _followUps = followUps;
    }

    /// <summary>Wires what happens when every step passed unanswered, and how an agent is force-paused (set at composition).</summary>
    public void Wire(Action<ConversationRecord, DateTimeOffset> onExhausted, Action<AgentRecord, DateTimeOffset> pause)
    {
        _onExhausted = onExhausted;
        _pause = pause;
    }

    public void Start(ConversationRecord conversation, RoutingPlan plan, DateTimeOffset now)
    {
        conversation.State = ConversationState.Offered;
        conversation.Plan = plan;
        conversation.Step = -1;
        AdvanceStep(conversation, now);
    }

    /// <summary>Offers the next step (skipping steps whose agents can no longer take it); after the last, hands the conversation back.</summary>
    public void AdvanceStep(ConversationRecord conversation, DateTimeOffset now)
    {
        RoutingPlan plan = conversation.Plan!;
        while (true)
        {
            int step = conversation.Step + 1;
            if (step >= plan.Steps.Length)
            {
                _onExhausted(conversation, now);
                return;
            }

            conversation.Step = step;
            ulong mask = _eligibility.MediaMaskOf(conversation.Request.Media, out _);
            bool exclusive = IsSoleAgentPlan(plan);
            conversation.Offers.EnsureCapacity(conversation.Offers.Count + plan.Steps[step].Agents.Length);
            if (step == 0 && _planner.Describes(plan))
            {
                // The plan was made just now, at this instant, and the planner still holds its candidates: their records
                // come from there, and of the rules only those that offering may change are asked again.
                for (int candidate = 0; candidate < _planner.CandidateCount; candidate++)
                {
                    if (_planner.InFirstStep(candidate))
                    {
                        AgentRecord agent = _planner.RecordOfCandidate(candidate);
                        if (_eligibility.CanOfferPlanned(agent, conversation, mask, now, out double cost))
                        {
                            Offer(conversation, agent, step, now, cost, exclusive);
                        }
                    }
                }
            }
            else
            {
                foreach (PlannedAgent planned in plan.Steps[step].Agents)
                {
                    if (_context.Agents.TryGetValue(planned.Agent, out AgentRecord? agent)
                        && _eligibility.CanOffer(agent, conversation, mask, now, out double cost))
                    {
                        Offer(conversation, agent, step, now, cost, exclusive);
                    }
                }
            }

            UpdateExclusive(conversation);
            if (conversation.Offers.Count > 0)
            {
                conversation.StepToken = _context.NewToken();
                _timers.Schedule(EngineTimerKind.Step, conversation, conversation.StepToken, now + plan.StepDelay);
                return;
            }
        }
    }

    private void Offer(ConversationRecord conversation, AgentRecord agent, int step, DateTimeOffset now, double cost, bool exclusive)
    {
        var offer = new Offer(conversation, agent, step, now, cost);
        conversation.Offers.Add(offer);
        agent.Offers.Add(offer);
        _events.Publish(RoutingEventKind.Offered, now, conversation, agent, conversation.Skill, RoutingEventReason.None, step, exclusive: exclusive);
    }

    /// <summary>A step's delay passed: record the timeouts (and forced pauses), then add the next step.</summary>
    public void OnStepElapsed(ConversationRecord conversation, DateTimeOffset now)
    {
        long token = conversation.StepToken;
        TimeSpan delay = conversation.Plan!.StepDelay;
        foreach (Offer offer in conversation.Offers.ToArray())
        {
            if (offer.TimedOut || offer.OfferedAt + delay > now || !offer.Agent.Offers.Contains(offer))
            {
                continue;
            }

            offer.TimedOut = true;
            AgentRecord agent = offer.Agent;
            bool exclusive = conversation.Exclusive == offer;
            agent.Timeouts = AgentRecord.CountOn(agent.Timeouts);
            _events.Publish(RoutingEventKind.OfferTimedOut, now, conversation, agent, conversation.Skill, RoutingEventReason.None, offer.Step, exclusive: exclusive);

            // Forced pause (seed 004) counts exclusive offers only: an offer shared with agents of this or a later step
            // neither counts nor breaks the run.
            if (exclusive)
            {
                agent.ConsecutiveIgnored = AgentRecord.CountOn(agent.ConsecutiveIgnored);
                if (_context.Lifecycle.ForcedPause && agent.ConsecutiveIgnored >= _context.Lifecycle.IgnoredBeforePause)
                {
                    _events.Publish(RoutingEventKind.AgentPaused, now, null, agent, null, RoutingEventReason.ForcedPause, null,
                        $"{agent.ConsecutiveIgnored} exclusive offer(s) ignored in a row");
                    agent.ConsecutiveIgnored = 0;
                    _pause(agent, now);
                }
            }
        }

        if (conversation.State == ConversationState.Offered && conversation.StepToken == token)
        {
            AdvanceStep(conversation, now);
        }
    }

    /// <summary>The pending offer of a conversation to an agent; null when there is none (<see cref="OfferRefusals.NoOffer"/> says why).</summary>
    public static Offer? Pending(ConversationRecord record, AgentRecord agent)
    {
        foreach (Offer offer in agent.Offers)
        {
            if (offer.Conversation == record)
            {
                return offer;
            }
        }

        return null;
    }

    /// <summary>
    /// Withdraws a pending offer and remembers it among the conversation's past offers (unless <paramref name="remember"/>
    /// is false: the conversation is being accepted, and its withdrawn offers are forgotten at once); with
    /// <paramref name="advance"/>, a conversation left without pending offers moves to its next step.
    /// </summary>
    public void Withdraw(Offer offer, DateTimeOffset now, RoutingEventReason reason, bool advance, bool remember = true)
    {
        ConversationRecord conversation = offer.Conversation;
        AgentRecord agent = offer.Agent;
        Remove(offer);
        if (remember)
        {
            (conversation.PastOffers ??= new()).Record(agent.Profile.Id, RoutingErrorCode.OfferWithdrawn);
        }

        _events.Publish(RoutingEventKind.OfferWithdrawn, now, conversation, agent, conversation.Skill, reason, offer.Step);
        UpdateExclusive(conversation);
        if (advance && conversation.State == ConversationState.Offered && conversation.Offers.Count == 0)
        {
            AdvanceStep(conversation, now);
        }
    }

    /// <summary>Takes an offer out of both lists; the conversation's list is searched from its end, where withdrawals take from.</summary>
    public static void Remove(Offer offer)
    {
        List<Offer> offers = offer.Conversation.Offers;
        int index = offers.LastIndexOf(offer);
        if (index >= 0)
        {
            offers.RemoveAt(index);
        }

        offer.Agent.Offers.Remove(offer);
    }

    /// <summary>
    /// Withdraws every pending offer of a conversation that leaves the offered state for <paramref name="next"/>
    /// (<paramref name="remember"/>: see <see cref="Withdraw"/>).
    /// </summary>
    public void WithdrawAll(ConversationRecord conversation, DateTimeOffset now, RoutingEventReason reason, ConversationState next, bool remember = true)
    {
        conversation.State = next; // no offer left behind becomes exclusive on the way
        while (conversation.Offers.Count > 0)
        {
            Withdraw(conversation.Offers[^1], now, reason, advance: false, remember);
        }
    }

    public void WithdrawAll(AgentRecord agent, DateTimeOffset now, RoutingEventReason reason)
    {
        while (agent.Offers.Count > 0)
        {
            Withdraw(agent.Offers[^1], now, reason, advance: true);
        }
    }

    /// <summary>Withdraws, newest first, the offers the agent can no longer take (state, profile or capacity changed).</summary>
    public void WithdrawUnfit(AgentRecord agent, DateTimeOffset now)
    {
        if (agent.State != AgentState.Online || agent.Removed)
        {
            WithdrawAll(agent, now, RoutingEventReason.AgentUnavailable);
            return;
        }

        bool changed = true;
        while (changed)
        {
            changed = false;
            for (int i = agent.Offers.Count - 1; i >= 0; i--)
            {
                Offer offer = agent.Offers[i];
                bool serves = _eligibility.CanServe(agent, offer.Conversation);
                if (!serves || !Eligibility.OfferFits(agent, offer))
                {
                    Withdraw(offer, now, serves ? RoutingEventReason.AgentAtCapacity : RoutingEventReason.AgentUnavailable, advance: true);
                    changed = true;
                    break;
                }
            }
        }
    }

    /// <summary>
    /// Whether a plan makes its offer exclusive: it holds one agent in all its steps, so nobody else was eligible for the
    /// conversation when it was planned.
    /// </summary>
    public static bool IsSoleAgentPlan(RoutingPlan? plan) => plan is { AgentCount: 1 };

    /// <summary>The conversation's exclusive offer under the rule, if any: its only pending offer, of a plan that holds that agent alone.</summary>
    public static Offer? ExclusiveOf(ConversationRecord conversation) =>
        conversation.State == ConversationState.Offered && conversation.Offers.Count == 1 && IsSoleAgentPlan(conversation.Plan)
            ? conversation.Offers[0]
            : null;

    /// <summary>
    /// Keeps the reservation of a conversation's exclusive offer right: an exclusive offer counts towards its agent's load
    /// while pending (seed 004: the load adds "the load of all pending starred contacts"); once it is answered, withdrawn
    /// or the conversation leaves the offered state, the reservation goes.
    /// </summary>
    public void UpdateExclusive(ConversationRecord conversation)
    {
        Offer? exclusive = ExclusiveOf(conversation);
        if (conversation.Exclusive == exclusive)
        {
            return;
        }

        Offer? previous = conversation.Exclusive;
        conversation.Exclusive = exclusive;
        if (previous is not null)
        {
            AgentRecord released = previous.Agent;
            released.Reserved = Reservation(released);
            released.SyncIndexes();
            _followUps.Freed(released, RoutingEventReason.OfferReleased);
        }

        if (exclusive is not null)
        {
            exclusive.Agent.Reserved = Reservation(exclusive.Agent);
            exclusive.Agent.SyncIndexes();
            _followUps.Crowded(exclusive.Agent);
        }
    }

    /// <summary>
    /// What the agent's exclusive offers reserve: the sum of their costs, in the agent's offer order. Always recounted, never
    /// adjusted by increments, so it is a function of the offers alone (and a restored agent gets the same value to the bit).
    /// </summary>
    public static double Reservation(AgentRecord agent)
    {
        double reserved = 0;
        foreach (Offer offer in agent.Offers)
        {
            if (offer.Conversation.Exclusive == offer)
            {
                reserved += offer.Cost;
            }
        }

        return reserved;
    }
}
