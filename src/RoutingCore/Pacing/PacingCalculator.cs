using System.Globalization;

namespace RoutingCore;

/// <summary>
/// The built-in pacing calculator. Immutable and thread-safe; the decision path does not allocate (except the message of an invalid-input decision).
/// </summary>
/// <remarks>
/// <para>All quantities are expected values over the next interval τ, in slots (one accepted chat takes one slot):
/// free F = <see cref="PacingSnapshot.FreeSlots"/> (the whole chats the agents can take; capacity − load when not given); queue Q = the
/// conversations waiting for an answer (queued or offered); expected completions C = chats in service · (1 − e^(−τ/AHT)); reactive arrivals R = rate · τ;
/// expected acceptances of pending invitations E = Σ over live pending invitations of p·x / (1 − p + p·x), x = e^(−age/acceptDelay)
/// (the chance an invitation of that age still accepts, given it has not yet; equal to p for a fresh one);
/// acceptance rate p, divided by as max(p, <see cref="PacingDefaults.AcceptanceRateFloor"/>).</para>
/// <para><b>Answer delay.</b> A consumer can leave while an agent reacts to the offer, even when a slot is free: with exponential
/// patience it stays through the mean answer delay d with probability a = e^(−d/patience), so the queue's own budget is
/// α_q = 1 − (1 − α)/a. When that is below α/100 (the delay alone costs more than the target, which no pacing can then
/// reach) α/100 is used: invitations still go where a slot is free.</para>
/// <para><b>What happened so far.</b> With <see cref="PacingSnapshot.InvitationsAnswered"/> and <see cref="PacingSnapshot.InvitationsAbandoned"/>
/// (and <see cref="PacingTarget.AbandonmentRate"/>), α is replaced by the aim α + (α·resolved − abandoned) / H, H =
/// <see cref="PacingOptions.AbandonmentCatchUp"/>, kept within [α/100, 2α]: an excess measured over the period is made up.</para>
/// <para><b>Progressive rule</b> (groups below <see cref="PacingOptions.SmallGroupSlots"/>, 0 by default): ⌊(room − Q − E − R) / p⌋,
/// where room is F (or the smaller of F and busyFactor·capacity − load with <see cref="PacingTarget.BusyFactor"/>).</para>
/// <para><b>Queue-position prediction</b>: the i-th new invitation, if accepted, has N_i = Q + E + R + p·(i − 1) − F − C chats ahead of
/// it in expectation, with the variance of the Bernoulli acceptances, Poisson reactive arrivals and binomial completions. In the Erlang A
/// model with n = capacity slots, at position N ≥ 0 it abandons with probability (N + 1)θ / (nμ + (N + 1)θ), μ = 1/AHT, θ = 1/patience;
/// <see cref="PacingQueueModel"/> takes the expectation over a normal N and sends the largest batch whose average is within α_q (the
/// realized abandonment is an average over the accepted invitations, so the batch's average is what the target bounds). With
/// <see cref="PacingTarget.BusyFactor"/> the predicted consumed capacity load − C + Q + E + R + p·k must also stay within
/// busyFactor·capacity. Either answer is capped at <see cref="PacingOptions.MaxInvitationsPerInterval"/>.</para>
/// <para>Hence the answer never decreases when capacity, patience or the target grow, and never increases when the queue, pending
/// invitations, acceptance rate, reactive traffic or answer delay grow.</para>
/// </remarks>
internal sealed class PacingCalculator : IPacingCalculator
{
    private readonly double _intervalSeconds;
    private readonly PacingTarget _target;
    private readonly double _abandonmentRate;
    private readonly double _busyFactor;
    private readonly int _maxInvitations;
    private readonly TimeSpan _staleAfter;
    private readonly TimeSpan _invitationTimeout;
    private readonly int _smallGroupSlots;
    private readonly int _catchUp;

    /// <summary>Creates the calculator from validated copies of <paramref name="options"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="options"/> is invalid; the message lists every invalid property.</exception>
    public PacingCalculator(PacingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        PacingOptionsValidator.ThrowIfInvalid(options, nameof(options));
        _intervalSeconds = options.Interval.TotalSeconds;
        _target = options.Target;
        _abandonmentRate = options.AbandonmentRate;
        _busyFactor = options.BusyFactor;
        _maxInvitations = options.MaxInvitationsPerInterval;
        _staleAfter = options.StaleAfter;
        _invitationTimeout = options.InvitationTimeout;
        _smallGroupSlots = options.SmallGroupSlots;
        _catchUp = options.AbandonmentCatchUp;
    }

    /// <inheritdoc />
    public PacingDecision Calculate(PacingSnapshot snapshot, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        string? invalid = FindInvalidField(snapshot);
        if (invalid is not null)
        {
            return new PacingDecision(0, 0, 0, PacingReason.InvalidInput, invalid);
        }

        if (now - snapshot.Timestamp > _staleAfter)
        {
            return new PacingDecision(0, 0, 0, PacingReason.StaleStatistics, null);
        }

        if (snapshot.ReadyAgents == 0)
        {
            return new PacingDecision(0, 0, 0, PacingReason.NoReadyAgents, null);
        }

        double capacity = snapshot.Capacity;
        double load = snapshot.Load;
        double free = snapshot.FreeSlots ?? (capacity - load);
        double p = snapshot.AcceptanceRate;
        double divisor = Math.Max(p, PacingDefaults.AcceptanceRateFloor);
        double ahtSeconds = snapshot.AverageHandleTime.TotalSeconds;
        double serviceRatePerSlot = 1 / ahtSeconds;
        double abandonRate = 1 / snapshot.AveragePatience.TotalSeconds;
        double ends = ErlangA.OneMinusExpNeg(_intervalSeconds / ahtSeconds);
        double completions = snapshot.ChatsInService * ends;
        double reactive = snapshot.ReactiveArrivalsPerSecond * _intervalSeconds;
        double pending = ExpectedPendingAcceptances(snapshot, p, out double pendingVariance);
        double queue = snapshot.Waiting;
        bool busyTarget = _target == PacingTarget.BusyFactor;

        // A consumer can leave while an agent reacts to the offer, even with a free slot: with exponential patience it stays
        // through the answer delay with probability e^(-delay/patience). What is left of the target is the budget of the queue.
        double answered = Math.Exp(-snapshot.AverageAnswerDelay.TotalSeconds * abandonRate);
        double queueTarget = QueueBudget(busyTarget ? _abandonmentRate : Aim(snapshot), answered);

        // Progressive rule: fill the room left (free slots, or up to the busy factor) after the queue, the pending acceptances
        // and the reactive chats expected in the interval.
        double room = busyTarget ? Math.Min(free, (_busyFactor * capacity) - load) : free;
        double count = queueTarget > 0 ? Count(room - queue - pending - reactive, divisor, addOne: false) : 0;

        double ahead = queue + pending + reactive - free - completions; // chats ahead of the first new invitation
        double queueAbandonment = 0;
        if (capacity >= _smallGroupSlots)
        {
            count = 0;
            if (queueTarget > 0)
            {
                // Acceptances, reactive arrivals (Poisson) and completions (binomial) are random: their variance counts.
                double variance = pendingVariance + reactive + (completions * (1 - ends));
                int limit = busyTarget ? (int)Math.Min(_maxInvitations, Count((_busyFactor * capacity) - (load - completions + queue + pending + reactive), divisor, addOne: false)) : _maxInvitations;
                count = PacingQueueModel.Largest(ahead, variance, divisor, limit, capacity * serviceRatePerSlot, abandonRate, queueTarget, out queueAbandonment);
            }
        }

        int invitations = count >= _maxInvitations ? _maxInvitations : (int)count;
        double abandonment = invitations > 0 ? 1 - ((1 - queueAbandonment) * answered) : 0;
        double occupancy = capacity > 0
            ? Math.Clamp((load - completions + queue + pending + reactive + (divisor * invitations)) / capacity, 0, 1)
            : 0;
        PacingReason reason = invitations > 0 ? PacingReason.None : free <= 0 ? PacingReason.NoFreeCapacity : PacingReason.TargetReached;
        return new PacingDecision(invitations, abandonment, occupancy, reason, null);
    }

    /// <summary>
    /// What the next invitations aim at: the target, moved by what the accepted invitations of the period did so far — the abandonments
    /// still to spare (target · resolved − abandoned) spread over <see cref="PacingOptions.AbandonmentCatchUp"/> invitations.
    /// </summary>
    private double Aim(PacingSnapshot snapshot)
    {
        long resolved = (long)snapshot.InvitationsAnswered + snapshot.InvitationsAbandoned;
        if (_catchUp == 0 || resolved == 0)
        {
            return _abandonmentRate;
        }

        double spare = (_abandonmentRate * resolved) - snapshot.InvitationsAbandoned;
        return Math.Clamp(_abandonmentRate + (spare / _catchUp), _abandonmentRate * PacingDefaults.LowestAimShare, _abandonmentRate * PacingDefaults.HighestAimFactor);
    }

    /// <summary>
    /// The queue's share of <paramref name="aim"/> once the answer delay took its part; never below a hundredth of the target, so that
    /// when the answer delay alone costs more than the target the invitations still go where a slot is free (the best the group can do).
    /// </summary>
    private double QueueBudget(double aim, double answered) =>
        Math.Max(1 - ((1 - aim) / answered), _abandonmentRate * PacingDefaults.LowestAimShare);

    /// <summary>The largest k (as a non-negative whole number, possibly huge) with (k − 1)·p ≤ budget when <paramref name="addOne"/>, else k·p ≤ budget.</summary>
    private static double Count(double budget, double divisor, bool addOne)
    {
        if (budget < 0)
        {
            return 0;
        }

        double k = Math.Floor(budget / divisor);
        return addOne ? k + 1 : k;
    }

    private double ExpectedPendingAcceptances(PacingSnapshot snapshot, double p, out double variance)
    {
        variance = 0;
        var ages = snapshot.PendingInvitationAges;
        if (ages.IsDefaultOrEmpty || p == 0)
        {
            return 0;
        }

        double delaySeconds = snapshot.AcceptDelay.TotalSeconds;
        double sum = 0;
        foreach (TimeSpan age in ages)
        {
            if (age >= _invitationTimeout)
            {
                continue;
            }

            if (delaySeconds <= 0)
            {
                // Acceptance is immediate: only an invitation sent this very moment may still accept.
                sum += age == TimeSpan.Zero ? p : 0;
                variance += age == TimeSpan.Zero ? p * (1 - p) : 0;
                continue;
            }

            // P(accepts later | not accepted by this age) = p·x / (1 − p + p·x), x = e^(−age/delay); 0 once x underflows.
            double open = p * Math.Exp(-age.TotalSeconds / delaySeconds);
            double q = open > 0 ? open / (1 - p + open) : 0;
            sum += q;
            variance += q * (1 - q);
        }

        return sum;
    }

    private static string? FindInvalidField(PacingSnapshot s)
    {
        var c = CultureInfo.InvariantCulture;
        if (!double.IsFinite(s.Capacity) || s.Capacity < 0)
        {
            return string.Create(c, $"Capacity must be a finite number >= 0 (got {s.Capacity}).");
        }

        if (!double.IsFinite(s.Load) || s.Load < 0)
        {
            return string.Create(c, $"Load must be a finite number >= 0 (got {s.Load}).");
        }

        if (s.ChatsInService < 0)
        {
            return string.Create(c, $"ChatsInService must be >= 0 (got {s.ChatsInService}).");
        }

        if (s.Waiting < 0)
        {
            return string.Create(c, $"Waiting must be >= 0 (got {s.Waiting}).");
        }

        if (s.ReadyAgents < 0)
        {
            return string.Create(c, $"ReadyAgents must be >= 0 (got {s.ReadyAgents}).");
        }

        if (!(s.AcceptanceRate >= 0 && s.AcceptanceRate <= 1))
        {
            return string.Create(c, $"AcceptanceRate must be within [0, 1] (got {s.AcceptanceRate}).");
        }

        if (s.AcceptDelay < TimeSpan.Zero)
        {
            return string.Create(c, $"AcceptDelay must be zero or longer (got {s.AcceptDelay}).");
        }

        if (s.AverageHandleTime <= TimeSpan.Zero)
        {
            return string.Create(c, $"AverageHandleTime must be longer than zero (got {s.AverageHandleTime}).");
        }

        if (s.AveragePatience <= TimeSpan.Zero)
        {
            return string.Create(c, $"AveragePatience must be longer than zero (got {s.AveragePatience}).");
        }

        if (s.FreeSlots is { } free && (!double.IsFinite(free) || free < 0))
        {
            return string.Create(c, $"FreeSlots must be a finite number >= 0 when set (got {free}).");
        }

        if (s.AverageAnswerDelay < TimeSpan.Zero)
        {
            return string.Create(c, $"AverageAnswerDelay must be zero or longer (got {s.AverageAnswerDelay}).");
        }

        if (!double.IsFinite(s.ReactiveArrivalsPerSecond) || s.ReactiveArrivalsPerSecond < 0)
        {
            return string.Create(c, $"ReactiveArrivalsPerSecond must be a finite number >= 0 (got {s.ReactiveArrivalsPerSecond}).");
        }

        if (s.InvitationsAnswered < 0)
        {
            return string.Create(c, $"InvitationsAnswered must be >= 0 (got {s.InvitationsAnswered}).");
        }

        if (s.InvitationsAbandoned < 0)
        {
            return string.Create(c, $"InvitationsAbandoned must be >= 0 (got {s.InvitationsAbandoned}).");
        }

        var ages = s.PendingInvitationAges;
        if (!ages.IsDefault)
        {
            for (int i = 0; i < ages.Length; i++)
            {
                if (ages[i] < TimeSpan.Zero)
                {
                    return string.Create(c, $"PendingInvitationAges[{i}] must be zero or longer (got {ages[i]}).");
                }
            }
        }

        return null;
    }
}
