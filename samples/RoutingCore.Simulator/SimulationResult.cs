namespace RoutingCore.Simulator;

/// <summary>What one simulated day measured: the summary figures and the time series the charts draw.</summary>
internal sealed class SimulationResult
{
    public required string Scenario { get; init; }

    public required string Strategy { get; init; }

    /// <summary>The engine's waiting-queue ordering.</summary>
    public string Ordering { get; init; } = QueueOrderingNames.PriorityThenSla;

    public required int Seed { get; init; }

    public required int Agents { get; init; }

    /// <summary>The minutes of one bucket of the time series.</summary>
    public required int BucketMinutes { get; init; }

    public required double ServiceLevelSeconds { get; init; }

    public required double ServiceLevelTarget { get; init; }

    public int ReactiveArrived { get; set; }

    public int ProactiveArrived { get; set; }

    public int Arrived => ReactiveArrived + ProactiveArrived;

    /// <summary>Conversations an agent accepted at least once.</summary>
    public int Served { get; set; }

    /// <summary>Conversations whose consumer left before any agent accepted them.</summary>
    public int Abandoned { get; set; }

    /// <summary>Conversations still waiting for a first answer when the day ended.</summary>
    public int StillWaiting { get; set; }

    /// <summary>Served conversations closed by the end of the day.</summary>
    public int Completed { get; set; }

    /// <summary>Served conversations whose consumer went silent and never came back (closed by the host).</summary>
    public int ClosedSilent { get; set; }

    public int AnsweredWithinTarget { get; set; }

    /// <summary>Acceptances of conversations whose consumer had stepped away while waiting: the agent waits on a silent consumer.</summary>
    public int AnsweredAway { get; set; }

    /// <summary>Messages consumers wrote while waiting for an agent.</summary>
    public long WaitingMessages { get; set; }

    public double TotalWaitSeconds { get; set; }

    public long Offers { get; set; }

    public long Declines { get; set; }

    public long Timeouts { get; set; }

    public long ForcedPauses { get; set; }

    public long ReturnedToQueue { get; set; }

    public long Dormant { get; set; }

    public long Woken { get; set; }

    public long Cascaded { get; set; }

    public long FailedAccepts { get; set; }

    public long InvitationsSent { get; set; }

    /// <summary>What the pacing aims at: <c>abandonment-rate</c> or <c>busy-factor</c>.</summary>
    public required PacingTarget PacingTarget { get; init; }

    /// <summary>The pacing's abandonment target (or ceiling, with the busy-factor target), in percent of accepted invitations.</summary>
    public required double AbandonmentTarget { get; init; }

    /// <summary>The pacing's busy-factor target, in percent of the capacity of the agents ready to take chats.</summary>
    public required double BusyFactorTarget { get; init; }

    /// <summary>Conversations from accepted invitations whose consumer left before any agent accepted them.</summary>
    public int ProactiveAbandoned { get; set; }

    /// <summary>Conversations from accepted invitations that an agent accepted at least once.</summary>
    public int ProactiveServed { get; set; }

    /// <summary>Of <see cref="ProactiveAbandoned"/>, those that had been offered to an agent before the consumer left.</summary>
    public int ProactiveAbandonedAfterOffer { get; set; }

    /// <summary>Load (at most the limit) of the paced group's online agents, summed over the day's samples.</summary>
    public double PacedLoadSum { get; set; }

    /// <summary>Limit of the paced group's online agents, summed over the day's samples.</summary>
    public double PacedLimitSum { get; set; }

    public long InvitationsAccepted { get; set; }

    public long PacingCalls { get; set; }

    public long Messages { get; set; }

    public long EngineCalls { get; set; }

    public long SimulationEvents { get; set; }

    /// <summary>Events that would have been scheduled before the clock's time (should stay 0: the clock stops at every engine timer).</summary>
    public long LateEvents { get; set; }

    /// <summary>Where the simulator's view, built from the engine's events, disagrees with the engine's own views at the end of the day (should be empty).</summary>
    public List<string> Disagreements { get; } = [];

    /// <summary>Each agent group's share of the skill's traffic against its target (from the engine's workload report).</summary>
    public List<GroupShare> Shares { get; } = [];

    /// <summary>Per agent group: its name and its occupancy over the day.</summary>
    public List<GroupOccupancy> Occupancy { get; } = [];

    /// <summary>Average conversations waiting for an agent, per bucket.</summary>
    public double[] QueueLength { get; init; } = [];

    /// <summary>Service level (percent) of the conversations that arrived in each bucket; NaN when none was answered or abandoned.</summary>
    public double[] ServiceLevelByBucket { get; init; } = [];

    public int[] ArrivalsByBucket { get; init; } = [];

    public int[] InvitationsSentByBucket { get; init; } = [];

    public int[] InvitationsAcceptedByBucket { get; init; } = [];

    /// <summary>Wall-clock run time; shown on the console only, never in the report.</summary>
    public TimeSpan WallClock { get; set; }

    /// <summary>Wall-clock time per engine operation, when profiling was asked for.</summary>
    public SortedDictionary<string, (long Calls, TimeSpan Time)>? Profile { get; set; }

    public double ServiceLevel => Ratio(AnsweredWithinTarget, Served + Abandoned) * 100;

    public double AverageSpeedOfAnswer => Served == 0 ? 0 : TotalWaitSeconds / Served;

    public double AbandonmentRate => Ratio(Abandoned, Served + Abandoned) * 100;

    public double OffersPerConversation => Ratio(Offers, Arrived);

    public double InvitationAcceptance => Ratio(InvitationsAccepted, InvitationsSent) * 100;

    /// <summary>
    /// Realized abandonment of accepted invitations, in percent: of the conversations from accepted invitations that were
    /// answered or abandoned, those abandoned (the pacing's own measure: the probability that an accepted invitation abandons).
    /// </summary>
    public double ProactiveAbandonmentRate => Ratio(ProactiveAbandoned, ProactiveServed + ProactiveAbandoned) * 100;

    /// <summary>
    /// Realized occupancy of the paced group, in percent: load over limit of its online agents (those the pacing counts as
    /// capacity), sampled every minute over the day.
    /// </summary>
    public double PacedOccupancy => Ratio(PacedLoadSum, PacedLimitSum) * 100;

    /// <summary>Occupancy over every group and the whole day, in percent.</summary>
    public double OverallOccupancy
    {
        get
        {
            double load = 0, limit = 0;
            foreach (GroupOccupancy group in Occupancy)
            {
                load += group.LoadSum;
                limit += group.LimitSum;
            }

            return Ratio(load, limit) * 100;
        }
    }

    private static double Ratio(double part, double whole) => whole <= 0 ? 0 : part / whole;
}

/// <summary>An agent group's share of its skill's traffic.</summary>
internal sealed record GroupShare(string Group, string Role, double TargetPercent, double ActualPercent, long Primary, long Cascaded);

/// <summary>An agent group's occupancy: summed load and limit over the day's samples, and per bucket.</summary>
internal sealed class GroupOccupancy(string group, int buckets)
{
    public string Group { get; } = group;

    public int Agents { get; set; }

    public double LoadSum { get; set; }

    public double LimitSum { get; set; }

    public double Percent => LimitSum <= 0 ? 0 : LoadSum / LimitSum * 100;

    /// <summary>Occupancy in percent per bucket; NaN when nobody of the group was logged in.</summary>
    public double[] ByBucket { get; } = new double[buckets];

    /// <summary>Average agents of the group logged in, per bucket.</summary>
    public double[] LoggedInByBucket { get; } = new double[buckets];
}

/// <summary>Where a running simulation is, for the progress line.</summary>
internal readonly record struct SimulationProgress(TimeSpan TimeOfDay, int Arrived, int Waiting, int AgentsLoggedIn, int Served, int Abandoned, TimeSpan Elapsed);
