using System.Collections.Immutable;

namespace RoutingCore.Simulator;

/// <summary>Conversations: arrivals, answers to offers, the exchange of messages, silences, abandonment and closing.</summary>
internal sealed partial class Simulation
{
    private static readonly ImmutableArray<string> Spanish = ["es"];

    private enum Phase : byte
    {
        NotArrived,
        Waiting,
        Talking,
        Silent,
        Dormant,
        Closed,
        Abandoned,
    }

    /// <summary>One consumer's conversation as the simulation drives it; its traits are drawn when it is created.</summary>
    private sealed class SimConversation
    {
        public required int Index { get; init; }
        public required ConversationRequest Request { get; init; }
        public required bool Proactive { get; init; }
        public required long ArrivalTicks { get; init; }
        public required long PatienceTicks { get; init; }
        public required long HandleTicks { get; init; }
        public required long SilenceAtTicks { get; set; }
        public required long ReturnDelayTicks { get; init; }
        public required Random Random { get; init; }
        public Phase Phase { get; set; }
        public long FirstAnsweredTicks { get; set; } = -1;
        public long TalkedTicks { get; set; }
        public long TalkSince { get; set; }
        public int Agent { get; set; } = -1;
        public int Epoch { get; set; }

        /// <summary>The consumer stepped away while waiting: it writes no more and will not answer the agent who takes it.</summary>
        public bool Away { get; set; }

        public long FirstOfferedTicks { get; set; } = -1;
        public long AssignedTicks { get; set; }
        public bool Answered => FirstAnsweredTicks >= 0;
    }

    /// <summary>Draws the day's reactive conversations: exactly the scenario's count, spread over the hours by the daily curve.</summary>
    private void ScheduleArrivals()
    {
        var random = new Random(Derive(_scenario.Seed, 1));
        double[] curve = _scenario.HourlyCurve;
        double total = curve.Sum();
        var cumulative = new double[24];
        double running = 0;
        for (int h = 0; h < 24; h++)
        {
            running += curve[h] / total;
            cumulative[h] = running;
        }

        var times = new long[_scenario.Conversations];
        for (int i = 0; i < times.Length; i++)
        {
            double u = random.NextDouble();
            int hour = Array.FindIndex(cumulative, c => u < c);
            hour = hour < 0 ? 23 : hour;
            times[i] = DayStart.UtcTicks + hour * TimeSpan.TicksPerHour + (long)(random.NextDouble() * TimeSpan.TicksPerHour);
        }

        Array.Sort(times);
        foreach (long at in times)
        {
            SimConversation conversation = Create(random, at, proactive: false);
            Schedule(at, new SimEvent(EventKind.Arrival, conversation.Index));
        }
    }

    private SimConversation Create(Random random, long arrival, bool proactive)
    {
        ConsumerScenario c = _scenario.Consumers;
        int index = _conversations.Count;
        string id = proactive ? $"p{_nextProactive++:000000}" : $"c{index:000000}";
        bool silent = random.NextDouble() < c.SilenceProbability;
        bool returns = random.NextDouble() < c.ReturnProbability;
        long handle = Ticks(LogNormal(random, c.MeanHandleMinutes * 60, 0.6));
        var conversation = new SimConversation
        {
            Index = index,
            Request = new ConversationRequest(new ConversationId(id))
            {
                Skill = _skill,
                Consumer = new ConsumerId($"u{random.Next(Math.Max(1, _scenario.Conversations * 4 / 5)):000000}"),
                OptionalTags = random.NextDouble() < 0.2 ? Spanish : [],
                CreatedAt = new DateTimeOffset(arrival, TimeSpan.Zero),
            },
            Proactive = proactive,
            ArrivalTicks = arrival,
            PatienceTicks = Ticks(Exponential(random, c.MeanPatienceSeconds)),
            HandleTicks = Math.Max(TimeSpan.TicksPerSecond * 30, handle),
            SilenceAtTicks = silent ? (long)(handle * (0.15 + 0.7 * random.NextDouble())) : -1,
            ReturnDelayTicks = returns
                ? Ticks(60 + random.NextDouble() * Math.Max(0, c.MaxSilenceMinutes * 60 - 61))
                : -1,
            Random = new Random(random.Next()),
        };
        _conversations.Add(conversation);
        _conversationIndex.Add(conversation.Request.Id, index);
        return conversation;
    }

    private void Arrive(SimConversation conversation)
    {
        if (conversation.Proactive)
        {
            _result.ProactiveArrived++;
        }
        else
        {
            _result.ReactiveArrived++;
            _recentArrivals.Enqueue(conversation.ArrivalTicks);
        }

        _result.ArrivalsByBucket[BucketOf(conversation.ArrivalTicks)]++;
        SetPhase(conversation, Phase.Waiting);
        Schedule(conversation.ArrivalTicks + conversation.PatienceTicks, new SimEvent(EventKind.Abandon, conversation.Index));
        long start = StartTiming();
        _engine.Submit(conversation.Request);
        StopTiming("Submit", start);
        ScheduleWaitingMessage(conversation);
    }

    /// <summary>A waiting consumer's next message ("are you there?"), if the scenario's consumers write while they wait.</summary>
    private void ScheduleWaitingMessage(SimConversation conversation)
    {
        double mean = _scenario.Consumers.WaitingMessageSeconds;
        if (mean > 0)
        {
            Schedule(Now + Ticks(Exponential(_waitingRandom, mean)), new SimEvent(EventKind.WaitingMessage, conversation.Index));
        }
    }

    /// <summary>
    /// A waiting consumer writes again — the engine hears it (ReportMessage), which the responsiveness ordering uses — or, with
    /// the scenario's step-away probability, steps away instead: no more messages, and no answer to the agent who takes it.
    /// </summary>
    private void WaitingConsumerWrites(SimConversation conversation)
    {
        if (conversation.Phase != Phase.Waiting || conversation.Answered || conversation.Away)
        {
            return;
        }

        if (_waitingRandom.NextDouble() < _scenario.Consumers.StepAwayProbability)
        {
            conversation.Away = true;
            return;
        }

        _result.WaitingMessages++;
        Report(conversation, MessageAuthor.Consumer);
        ScheduleWaitingMessage(conversation);
    }

    private void Abandon(SimConversation conversation)
    {
        if (conversation.Phase != Phase.Waiting || conversation.Answered)
        {
            return;
        }

        Close(conversation);
        SetPhase(conversation, Phase.Abandoned);
        _result.Abandoned++;
        if (conversation.Proactive)
        {
            _result.ProactiveAbandoned++;
            _result.ProactiveAbandonedAfterOffer += conversation.FirstOfferedTicks >= 0 ? 1 : 0;
        }
    }

    private void React(SimConversation conversation, SimAgent agent, int decline)
    {
        if (!_pendingOffers.Contains(OfferKey(conversation.Index, agent.Index)))
        {
            return; // withdrawn, or somebody else was faster
        }

        long start = StartTiming();
        try
        {
            if (decline != 0)
            {
                _engine.Decline(conversation.Request.Id, agent.Id);
            }
            else
            {
                _engine.Accept(conversation.Request.Id, agent.Id);
            }
        }
        catch (RoutingOperationException)
        {
            _result.FailedAccepts++; // e.g. no capacity left for it: the offer stands or is withdrawn by the engine
        }

        StopTiming(decline != 0 ? "Decline" : "Accept", start);
    }

    private void AgentWrites(SimConversation conversation, int epoch)
    {
        if (conversation.Epoch != epoch || conversation.Phase != Phase.Talking)
        {
            return;
        }

        Report(conversation, MessageAuthor.Agent);
        long now = Now;
        long talked = conversation.TalkedTicks + (now - conversation.TalkSince);
        if (talked >= conversation.HandleTicks)
        {
            _result.Completed++;
            Close(conversation);
            SetPhase(conversation, Phase.Closed);
        }
        else if (conversation.SilenceAtTicks >= 0 && talked >= conversation.SilenceAtTicks)
        {
            conversation.TalkedTicks = talked;
            conversation.SilenceAtTicks = -1;
            GoSilent(conversation, now);
        }
        else
        {
            Schedule(now + Ticks(Exponential(conversation.Random, _scenario.Consumers.MeanThinkSeconds)), new SimEvent(EventKind.ConsumerMessage, conversation.Index, Token: epoch));
        }
    }

    /// <summary>The consumer goes silent: it comes back after its return delay, or its session ends after the longest silence.</summary>
    private void GoSilent(SimConversation conversation, long now)
    {
        SetPhase(conversation, Phase.Silent);
        long back = conversation.ReturnDelayTicks;
        Schedule(
            back >= 0 ? now + back : now + Ticks(_scenario.Consumers.MaxSilenceMinutes * 60),
            new SimEvent(back >= 0 ? EventKind.ConsumerReturn : EventKind.SessionEnd, conversation.Index));
    }

    private void ConsumerWrites(SimConversation conversation, int epoch)
    {
        if (conversation.Epoch != epoch || conversation.Phase != Phase.Talking)
        {
            return;
        }

        Report(conversation, MessageAuthor.Consumer);
        ScheduleReply(conversation);
    }

    private void ScheduleReply(SimConversation conversation) =>
        Schedule(
            Now + Ticks(2 + Exponential(conversation.Random, _scenario.AgentBehavior.MeanReplySeconds)),
            new SimEvent(EventKind.AgentMessage, conversation.Index, Token: conversation.Epoch));

    private void ConsumerReturns(SimConversation conversation)
    {
        if (conversation.Phase is not (Phase.Silent or Phase.Dormant))
        {
            return;
        }

        bool dormant = conversation.Phase == Phase.Dormant;
        Report(conversation, MessageAuthor.Consumer); // wakes a dormant conversation: the engine routes it again (Woken)
        if (!dormant && conversation.Agent >= 0)
        {
            SetPhase(conversation, Phase.Talking);
            conversation.TalkSince = Now;
            conversation.Epoch++;
            ScheduleReply(conversation);
        }
        else if (!dormant)
        {
            SetPhase(conversation, Phase.Waiting); // handed back while silent: waits for a new agent
        }
    }

    private void EndSilentSession(SimConversation conversation)
    {
        if (conversation.Phase is Phase.Silent or Phase.Dormant)
        {
            _result.ClosedSilent++;
            Close(conversation);
            SetPhase(conversation, Phase.Closed);
        }
    }

    private void Report(SimConversation conversation, MessageAuthor author)
    {
        _result.Messages++;
        long start = StartTiming();
        _engine.ReportMessage(conversation.Request.Id, author);
        StopTiming("ReportMessage", start);
    }

    private void Close(SimConversation conversation)
    {
        long start = StartTiming();
        _engine.Close(conversation.Request.Id);
        StopTiming("Close", start);
    }

    private void SetPhase(SimConversation conversation, Phase phase)
    {
        if (conversation.Phase == Phase.Waiting)
        {
            _waiting--;
        }

        if (phase == Phase.Waiting)
        {
            _waiting++;
        }

        conversation.Phase = phase;
    }

    private static long Ticks(double seconds) => (long)(seconds * TimeSpan.TicksPerSecond);

    private static double Exponential(Random random, double mean) => -mean * Math.Log(1 - random.NextDouble());

    private static double LogNormal(Random random, double mean, double sigma)
    {
        double mu = Math.Log(mean) - (sigma * sigma / 2);
        double normal = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
        return Math.Exp(mu + (sigma * normal));
    }
}
