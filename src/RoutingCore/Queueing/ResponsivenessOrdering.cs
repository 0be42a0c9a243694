namespace RoutingCore.Engine;

/// <summary>
/// The <see cref="QueueOrderingNames.Responsiveness"/> ordering. Seed 001 (001_810db5334e1c66ae.txt): queue prioritization
/// "combines both importance of conversation with likelihood a consumer will respond", serving "the active ones" first.
/// A waiting conversation is worth <c>2^Priority × 2^(−silence / halfLife)</c>: its importance doubles with each level of
/// <see cref="ConversationRequest.Priority"/> (so the default priority 0, and negative ones, still count), and the likelihood
/// that its consumer still answers halves with every half-life since <see cref="WaitingConversation.LastConsumerActivityAt"/>.
/// </summary>
/// <remarks>
/// The worth changes with time, but the order does not: every conversation's worth decays by the same factor as time
/// passes, so comparing <c>Priority × halfLife + LastConsumerActivityAt</c> (the logarithm of the worth, times the half-life,
/// plus the time now, which both share) orders them as their worth at any moment. That key is exact (128-bit integers
/// of ticks), so the ordering is a total order whatever the time, and the engine keeps each queue sorted by it
/// (<see cref="ITimeInvariantOrdering"/>): feeding a freed agent costs O(log n), as with the default. Only a consumer's message
/// moves its conversation, once, in O(log n). Equal worth falls back to priority, SLA due time and arrival.
/// </remarks>
internal sealed class ResponsivenessOrdering : IWaitingQueueOrdering, ITimeInvariantOrdering
{
    private readonly long _halfLifeTicks;

    public ResponsivenessOrdering(ResponsivenessOptions options)
    {
        _halfLifeTicks = options.HalfLife.Ticks;
    }

    public int Compare(WaitingConversation x, WaitingConversation y, DateTimeOffset now)
    {
        int byWorth = Key(y).CompareTo(Key(x));
        return byWorth != 0 ? byWorth : WaitingQueueOrderings.PriorityThenSla.Compare(x, y, now);
    }

    /// <summary>log2 of the worth, times the half-life in ticks, plus the time now in ticks (common to all): larger is served first.</summary>
    private Int128 Key(WaitingConversation conversation) =>
        ((Int128)conversation.Priority * _halfLifeTicks) + conversation.LastConsumerActivityAt.UtcTicks;
}
