using System.Globalization;

namespace RoutingCore;

/// <summary>
/// The built-in pacing calculator. Immutable and thread-safe; the decision path does not allocate (except the message of an invalid-input decision).
/// </summary>
/// <remarks>
/// <para>All quantities are expected values over the next interval τ, in slots (one accepted chat takes one slot):
/// free F = capacity − load; expected completions C = chats in service · (1 − e^(−τ/AHT)); reactive arrivals R = rate · τ;
/// expected acceptances of pending invitations E = Σ over live pending invitations of p·x / (1 − p + p·x), x = e^(−age/acceptDelay)
/// (the chance an invitation of that age still accepts, given it has not yet; equal to p for a fresh one); queue Q;
/// acceptance rate p, divided by as max(p, <see cref="PacingDefaults.AcceptanceRateFloor"/>).</para>
/// <para><b>Progressive rule</b> (groups below <see cref="PacingOptions.SmallGroupSlots"/>): ⌊(room − Q − E − R) / p⌋, where room is F
/// (or busyFactor·capacity − load with <see cref="PacingTarget.BusyFactor"/>). Reactive arrivals R are subtracted too: they take free
/// slots in the interval, and without them the rule could exceed the large-group prediction, so the answer would drop when a group grows
/// past the threshold.</para>
/// <para><b>Queue-position prediction</b> (larger groups): the k-th new invitation, if accepted, has N(k) = Q + E + R + p·(k − 1) − F − C
/// accepted chats ahead of it. In the Erlang A model with n = capacity slots, it abandons with probability (N + 1)θ / (nμ + (N + 1)θ)
/// (0 when N &lt; 0: a slot is free), μ = 1/AHT, θ = 1/patience. Keeping that within the target α means N ≤ α/(1 − α)·nμ/θ − 1,
/// so the largest k is found in closed form, without iterating. With <see cref="PacingTarget.BusyFactor"/> the predicted consumed capacity
/// load − C + Q + E + R + p·k must also stay within busyFactor·capacity. In exact arithmetic this is never below the progressive rule.
/// Either answer is capped at <see cref="PacingOptions.MaxInvitationsPerInterval"/>.</para>
/// <para>Hence the answer never decreases when capacity, patience or the target grow, and never increases when the queue, pending
/// invitations, acceptance rate or reactive traffic grow.</para>
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
        double free = capacity - load;
        double p = snapshot.AcceptanceRate;
        double divisor = Math.Max(p, PacingDefaults.AcceptanceRateFloor);
        double ahtSeconds = snapshot.AverageHandleTime.TotalSeconds;
        double serviceRatePerSlot = 1 / ahtSeconds;
        double abandonRate = 1 / snapshot.AveragePatience.TotalSeconds;
        double completions = snapshot.ChatsInService * ErlangA.OneMinusExpNeg(_intervalSeconds / ahtSeconds);
        double reactive = snapshot.ReactiveArrivalsPerSecond * _intervalSeconds;
        double pending = ExpectedPendingAcceptances(snapshot, p);
        double queue = snapshot.Waiting;
        bool busyTarget = _target == PacingTarget.BusyFactor;

        // Progressive rule: fill the room left (free slots, or up to the busy factor) after the queue, the pending acceptances
        // and the reactive chats expected in the interval.
        double room = busyTarget ? (_busyFactor * capacity) - load : free;
        double count = Count(room - queue - pending - reactive, divisor, addOne: false);

        double ahead = queue + pending + reactive - free - completions; // chats ahead of the first new invitation
        if (capacity >= _smallGroupSlots)
        {
            // Largest queue position whose Erlang A abandonment stays within the target: (N+1)θ/(nμ+(N+1)θ) <= α.
            double servicePerSecond = capacity * serviceRatePerSlot;
            double threshold = Math.Max(0, (_abandonmentRate / (1 - _abandonmentRate) * servicePerSecond / abandonRate) - 1);
            if (busyTarget)
            {
                // load - C + Q + E + R + p·k <= busyFactor·capacity  <=>  N(k) <= -(1 - busyFactor)·capacity - p.
                threshold = Math.Min(threshold, (-(1 - _busyFactor) * capacity) - divisor);
            }

            // In exact arithmetic this is never below the progressive rule (the threshold is >= 0 and completions are >= 0);
            // the Max only absorbs rounding, so the answer stays monotone when a group grows past SmallGroupSlots.
            count = Math.Max(count, Count(threshold - ahead, divisor, addOne: true));
        }

        int invitations = count >= _maxInvitations ? _maxInvitations : (int)count;
        double lastAhead = ahead + (divisor * Math.Max(0, invitations - 1));
        double abandonment = ErlangA.AbandonmentAtPosition(lastAhead, capacity * serviceRatePerSlot, abandonRate);
        double occupancy = capacity > 0
            ? Math.Clamp((load - completions + queue + pending + reactive + (divisor * invitations)) / capacity, 0, 1)
            : 0;
        PacingReason reason = invitations > 0 ? PacingReason.None : free <= 0 ? PacingReason.NoFreeCapacity : PacingReason.TargetReached;
        return new PacingDecision(invitations, abandonment, occupancy, reason, null);
    }

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

    private double ExpectedPendingAcceptances(PacingSnapshot snapshot, double p)
    {
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
                continue;
            }

            // P(accepts later | not accepted by this age) = p·x / (1 − p + p·x), x = e^(−age/delay); 0 once x underflows.
            double open = p * Math.Exp(-age.TotalSeconds / delaySeconds);
            sum += open > 0 ? open / (1 - p + open) : 0;
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

        if (!double.IsFinite(s.ReactiveArrivalsPerSecond) || s.ReactiveArrivalsPerSecond < 0)
        {
            return string.Create(c, $"ReactiveArrivalsPerSecond must be a finite number >= 0 (got {s.ReactiveArrivalsPerSecond}).");
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
