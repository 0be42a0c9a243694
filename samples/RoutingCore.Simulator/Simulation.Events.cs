namespace RoutingCore.Simulator;

/// <summary>The engine's events seen by the simulated people: offers to answer, acceptances, conversations leaving their agent.</summary>
internal sealed partial class Simulation
{
    /// <summary>The engine's events: offers to answer, acceptances that start the conversation, conversations leaving their agent.</summary>
    public void OnEvent(RoutingEvent e)
    {
        if (e.Conversation.IsEmpty)
        {
            if (e.Kind == RoutingEventKind.AgentPaused && e.Agent is { } paused)
            {
                OnForcedPause(_agents[_agentIndex[paused]]);
            }

            return;
        }

        SimConversation conversation = _conversations[_conversationIndex[e.Conversation]];
        SimAgent? agent = e.Agent is { } id ? _agents[_agentIndex[id]] : null;
        switch (e.Kind)
        {
            case RoutingEventKind.Offered:
                _result.Offers++;
                if (conversation.FirstOfferedTicks < 0)
                {
                    conversation.FirstOfferedTicks = e.Timestamp.UtcTicks;
                }

                _pendingOffers.Add(OfferKey(conversation.Index, agent!.Index));
                ScheduleReaction(conversation, agent, e.Timestamp.UtcTicks);
                break;
            case RoutingEventKind.OfferWithdrawn:
                _pendingOffers.Remove(OfferKey(conversation.Index, agent!.Index));
                break;
            case RoutingEventKind.Declined:
                _result.Declines++;
                _pendingOffers.Remove(OfferKey(conversation.Index, agent!.Index));
                break;
            case RoutingEventKind.OfferTimedOut:
                _result.Timeouts++;
                break;
            case RoutingEventKind.Accepted:
                _pendingOffers.Remove(OfferKey(conversation.Index, agent!.Index));
                OnAccepted(conversation, agent, e.Timestamp.UtcTicks);
                break;
            case RoutingEventKind.ReturnedToQueue:
                _result.ReturnedToQueue++;
                _recentArrivals.Enqueue(e.Timestamp.UtcTicks);
                LeaveAgent(conversation, e.Timestamp.UtcTicks);
                if (conversation.Phase == Phase.Talking)
                {
                    conversation.Epoch++;
                    SetPhase(conversation, Phase.Waiting);
                }

                break;
            case RoutingEventKind.Dormant:
                _result.Dormant++;
                LeaveAgent(conversation, e.Timestamp.UtcTicks);
                SetPhase(conversation, Phase.Dormant);
                break;
            case RoutingEventKind.Woken:
                _result.Woken++;
                _recentArrivals.Enqueue(e.Timestamp.UtcTicks); // back in the queue: it needs a slot again, like a new chat
                SetPhase(conversation, Phase.Waiting);
                break;
            case RoutingEventKind.Closed:
                LeaveAgent(conversation, e.Timestamp.UtcTicks);
                break;
            case RoutingEventKind.Cascaded:
                _result.Cascaded++;
                break;
        }
    }

    private static long OfferKey(int conversation, int agent) => ((long)conversation << 32) | (uint)agent;

    private void ScheduleReaction(SimConversation conversation, SimAgent agent, long offeredAt)
    {
        AgentScenario behavior = _scenario.AgentBehavior;
        double u = _agentRandom.NextDouble();
        if (u < behavior.IgnoreProbability)
        {
            return; // never answered: the offer times out
        }

        int decline = u < behavior.IgnoreProbability + behavior.DeclineProbability ? 1 : 0;
        long delay = Ticks(0.5 + Exponential(_agentRandom, behavior.MeanReactionSeconds));
        Schedule(offeredAt + delay, new SimEvent(EventKind.Reaction, conversation.Index, agent.Index, decline));
    }

    private void OnAccepted(SimConversation conversation, SimAgent agent, long now)
    {
        conversation.Agent = agent.Index;
        conversation.AssignedTicks = now;
        agent.Assigned++;
        if (!conversation.Answered)
        {
            conversation.FirstAnsweredTicks = now;
            _answerDelaySum += TimeSpan.FromTicks(now - conversation.FirstOfferedTicks).TotalSeconds;
            _answerDelayCount++;
            double waited = TimeSpan.FromTicks(now - conversation.ArrivalTicks).TotalSeconds;
            _result.Served++;
            _result.ProactiveServed += conversation.Proactive ? 1 : 0;
            _result.TotalWaitSeconds += waited;
            if (waited <= _scenario.Report.ServiceLevelSeconds)
            {
                _result.AnsweredWithinTarget++;
            }
        }

        if (conversation.Phase == Phase.Silent)
        {
            return; // handed back while the consumer was away: the new agent waits for the consumer
        }

        if (conversation.Away)
        {
            conversation.Away = false; // stepped away while waiting: the agent waits on a silent consumer
            _result.AnsweredAway++;
            GoSilent(conversation, now);
            return;
        }

        SetPhase(conversation, Phase.Talking);
        conversation.TalkSince = now;
        conversation.Epoch++;
        ScheduleReply(conversation);
    }

    /// <summary>The conversation left its agent (closed, handed back, dormant): the agent's count drops, the talk clock stops.</summary>
    private void LeaveAgent(SimConversation conversation, long now)
    {
        if (conversation.Agent < 0)
        {
            return;
        }

        SimAgent agent = _agents[conversation.Agent];
        conversation.Agent = -1;
        _handleSum += TimeSpan.FromTicks(now - conversation.AssignedTicks).TotalSeconds; // the time it held its agent's slot
        _handleCount++;
        agent.Assigned--;
        if (conversation.Phase == Phase.Talking)
        {
            conversation.TalkedTicks += now - conversation.TalkSince;
        }

        if (agent.Ending && agent.Assigned == 0)
        {
            Schedule(now, new SimEvent(EventKind.Sync, agent.Index)); // the last conversation of a shift that ended: log out
        }
    }
}
