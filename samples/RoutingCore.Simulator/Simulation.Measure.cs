using System.Collections.Immutable;

namespace RoutingCore.Simulator;

/// <summary>Pacing proactive invitations, sampling the day for the charts, and the final tally.</summary>
internal sealed partial class Simulation
{
    private const double PriorWeight = 50;

    /// <summary>When a pending invitation is dead: the pacing options' default, which the scenario keeps.</summary>
    private static readonly long InvitationTimeoutTicks = new PacingOptions().InvitationTimeout.Ticks;

    /// <summary>Every pacing interval: measures what a host would, asks the engine how many invitations to send, sends them.</summary>
    private void Pace()
    {
        InvitationScenario invitations = _scenario.Invitations;
        long now = Now;
        long timeout = InvitationTimeoutTicks;
        while (_recentInvitations.TryPeek(out (long Sent, long AcceptAt) oldest) && oldest.Sent + timeout <= now)
        {
            _recentInvitations.Dequeue();
            if (oldest.AcceptAt < 0 || oldest.AcceptAt > oldest.Sent + timeout)
            {
                _invitationsResolved++; // never accepted in time: counted as refused
            }
        }

        long window = 15 * TimeSpan.TicksPerMinute;
        while (_recentArrivals.TryPeek(out long arrival) && arrival + window <= now)
        {
            _recentArrivals.Dequeue();
        }

        var statistics = new PacingStatistics
        {
            MeasuredAt = new DateTimeOffset(now, TimeSpan.Zero),
            PendingInvitationAges = Ages(_recentInvitations.Where(i => i.AcceptAt < 0 || i.AcceptAt > now).Select(i => i.Sent), now),
            AcceptanceRate = (_invitationsAcceptedMeasured + (PriorWeight * invitations.AcceptanceProbability)) / (_invitationsResolved + PriorWeight),
            AcceptDelay = TimeSpan.FromSeconds((_acceptDelaySum + (PriorWeight * invitations.MeanAcceptDelaySeconds)) / (_invitationsAcceptedMeasured + PriorWeight)),
            AverageHandleTime = TimeSpan.FromSeconds((_handleSum + (PriorWeight * _scenario.Consumers.MeanHandleMinutes * 60)) / (_handleCount + PriorWeight)),
            AveragePatience = TimeSpan.FromSeconds(_scenario.Consumers.MeanPatienceSeconds),
            AverageAnswerDelay = TimeSpan.FromSeconds((_answerDelaySum + (PriorWeight * (0.5 + _scenario.AgentBehavior.MeanReactionSeconds))) / (_answerDelayCount + PriorWeight)),
            ReactiveArrivalsPerSecond = _recentArrivals.Count / (double)(window / TimeSpan.TicksPerSecond),
            Skill = new SkillId(_scenario.Skill),
            InvitationsAnswered = _result.ProactiveServed,
            InvitationsAbandoned = _result.ProactiveAbandoned,
        };
        long start = StartTiming();
        PacingDecision decision = _engine.Pace(new AgentGroupId(PacingGroup), statistics);
        StopTiming("Pace", start);
        _result.PacingCalls++;
        int bucket = BucketOf(now);
        for (int i = 0; i < decision.Invitations; i++)
        {
            _result.InvitationsSent++;
            _result.InvitationsSentByBucket[bucket]++;
            long acceptAt = -1;
            if (_invitationRandom.NextDouble() < invitations.AcceptanceProbability)
            {
                double delay = Exponential(_invitationRandom, invitations.MeanAcceptDelaySeconds);
                acceptAt = now + Ticks(delay);
                if (acceptAt < _endTicks)
                {
                    _result.InvitationsAccepted++;
                    _result.InvitationsAcceptedByBucket[BucketOf(acceptAt)]++;
                    SimConversation conversation = Create(_invitationRandom, acceptAt, proactive: true);
                    Schedule(acceptAt, new SimEvent(EventKind.Arrival, conversation.Index));
                    if (acceptAt <= now + timeout)
                    {
                        _invitationsResolved++;
                        _invitationsAcceptedMeasured++;
                        _acceptDelaySum += delay;
                    }
                }
            }

            _recentInvitations.Enqueue((now, acceptAt));
        }

        Schedule(now + Ticks(invitations.IntervalSeconds), new SimEvent(EventKind.Pace, 0));
    }

    private static ImmutableArray<TimeSpan> Ages(IEnumerable<long> sent, long now) => [.. sent.Select(s => TimeSpan.FromTicks(now - s))];

    /// <summary>Every minute: queue length and each group's occupancy (load over limit of its logged-in agents).</summary>
    private void Sample()
    {
        long now = Now;
        int bucket = BucketOf(now);
        _samples[bucket]++;
        _queueSum[bucket] += _waiting;
        long start = StartTiming();
        var snapshots = _engine.GetAgents();
        StopTiming("GetAgents", start);
        foreach (AgentSnapshot snapshot in snapshots)
        {
            if (snapshot.State == AgentState.Offline)
            {
                continue;
            }

            if (snapshot.State == AgentState.Online)
            {
                _result.PacedLoadSum += Math.Min(snapshot.Load, snapshot.Limit);
                _result.PacedLimitSum += snapshot.Limit;
            }

            int group = _agents[_agentIndex[snapshot.Id]].Group;
            _loadSum[group][bucket] += Math.Min(snapshot.Load, snapshot.Limit);
            _limitSum[group][bucket] += snapshot.Limit;
            _loggedInSum[group][bucket]++;
        }

        long minute = (now - DayStart.UtcTicks) / TimeSpan.TicksPerMinute;
        if (_progress is not null && minute % 15 == 0)
        {
            _progress(new SimulationProgress(TimeSpan.FromTicks(now - DayStart.UtcTicks), _result.Arrived, _waiting, _loggedIn, _result.Served, _result.Abandoned, _wall.Elapsed));
        }

        Schedule(now + Ticks(SampleSeconds), new SimEvent(EventKind.Sample, 0));
    }

    /// <summary>
    /// Compares what the simulator learned from the engine's events with the engine's own views: every open conversation's
    /// state and agent, every agent's state and number of conversations. Each disagreement is counted (and should not happen).
    /// </summary>
    private void Audit()
    {
        foreach (SimConversation conversation in _conversations)
        {
            if (conversation.Phase is Phase.NotArrived or Phase.Closed or Phase.Abandoned)
            {
                continue;
            }

            ConversationSnapshot snapshot = _engine.GetConversation(conversation.Request.Id);
            AgentId? agent = conversation.Agent >= 0 ? _agents[conversation.Agent].Id : (AgentId?)null;
            bool agrees = conversation.Phase switch
            {
                Phase.Dormant => snapshot.State == ConversationState.Dormant,
                Phase.Waiting => snapshot.State is ConversationState.Offered or ConversationState.Waiting,
                _ when agent is not null => snapshot.State == ConversationState.Assigned && snapshot.Agent == agent,
                _ => snapshot.State is ConversationState.Offered or ConversationState.Waiting,
            };
            if (!agrees)
            {
                _result.Disagreements.Add($"conversation {snapshot.Id}: simulator {conversation.Phase}{(agent is { } a ? $" with {a}" : "")}, engine {snapshot}");
            }
        }

        foreach (AgentSnapshot snapshot in _engine.GetAgents())
        {
            SimAgent agent = _agents[_agentIndex[snapshot.Id]];
            if (snapshot.State != agent.EngineState || snapshot.Conversations != agent.Assigned)
            {
                _result.Disagreements.Add($"agent {snapshot.Id}: simulator {agent.EngineState} with {agent.Assigned} conversation(s), engine {snapshot}");
            }
        }
    }

    /// <summary>The end of the day: per-bucket figures, what is still open, and each group's share from the engine's report.</summary>
    private void Finish()
    {
        int buckets = _samples.Length;
        var answered = new int[buckets];
        var within = new int[buckets];
        var abandoned = new int[buckets];
        foreach (SimConversation conversation in _conversations)
        {
            if (conversation.Phase == Phase.NotArrived)
            {
                continue;
            }

            int bucket = BucketOf(conversation.ArrivalTicks);
            if (conversation.Answered)
            {
                answered[bucket]++;
                if (TimeSpan.FromTicks(conversation.FirstAnsweredTicks - conversation.ArrivalTicks).TotalSeconds <= _scenario.Report.ServiceLevelSeconds)
                {
                    within[bucket]++;
                }
            }
            else if (conversation.Phase == Phase.Abandoned)
            {
                abandoned[bucket]++;
            }
            else
            {
                _result.StillWaiting++;
            }
        }

        for (int b = 0; b < buckets; b++)
        {
            int handled = answered[b] + abandoned[b];
            _result.ServiceLevelByBucket[b] = handled == 0 ? double.NaN : within[b] * 100.0 / handled;
            _result.QueueLength[b] = _samples[b] == 0 ? 0 : _queueSum[b] / _samples[b];
            for (int g = 0; g < _groupNames.Length; g++)
            {
                GroupOccupancy occupancy = _result.Occupancy[g];
                occupancy.LoadSum += _loadSum[g][b];
                occupancy.LimitSum += _limitSum[g][b];
                occupancy.ByBucket[b] = _limitSum[g][b] <= 0 ? double.NaN : _loadSum[g][b] / _limitSum[g][b] * 100;
                occupancy.LoggedInByBucket[b] = _samples[b] == 0 ? 0 : _loggedInSum[g][b] / _samples[b];
            }
        }

        Audit();
        WorkloadReport report = _engine.GetWorkloadReport(_skill);
        foreach (WorkloadGroupReport group in report.Groups)
        {
            bool secondary = group.Role == WorkloadGroupRole.Secondary;
            _result.Shares.Add(new GroupShare(
                group.Group.Value,
                secondary ? "secondary" : "primary",
                secondary ? group.TargetSecondaryPercentage : group.TargetPrimaryPercentage,
                secondary ? group.ActualSecondaryPercentage : group.ActualPrimaryPercentage,
                group.PrimaryCount,
                group.CascadedCount));
        }

        if (_profile is not null)
        {
            _result.Profile = new SortedDictionary<string, (long, TimeSpan)>(StringComparer.Ordinal);
            foreach ((string operation, (long calls, long ticks)) in _profile)
            {
                _result.Profile[operation] = (calls, TimeSpan.FromSeconds(ticks / (double)System.Diagnostics.Stopwatch.Frequency));
            }
        }
    }
}
