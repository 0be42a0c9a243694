using static RoutingCore.Engine.StateChecks;

namespace RoutingCore.Engine;

/// <summary>
/// The values of a state document that follow from others, recomputed rather than trusted: an agent's load and the moment it
/// next changes (from its conversations, under this engine's capacity model, at the document's time), its reservation (the
/// costs of its exclusive offers) and each offer's cost (<see cref="StateOffers"/>). The document's own figures for them are
/// read for compatibility and then ignored, so a document cannot make the engine believe an agent has room it has not, and
/// a document saved under other capacity settings restores with loads of this engine's settings.
/// </summary>
internal static class StateDerived
{
    /// <summary>
    /// Recomputes every agent's load, next load change and reservation once its conversations and offers are linked, and
    /// refuses offers held by an agent that is not online (leaving Online withdraws them).
    /// </summary>
    public static void Recompute(List<AgentRecord> roster, LoadTracker load, DateTimeOffset savedAt)
    {
        for (int i = 0; i < roster.Count; i++)
        {
            AgentRecord agent = roster[i];
            if (agent.Offers.Count > 0 && agent.State != AgentState.Online)
            {
                throw Refuse($"$.agents[{i}].offers", Invariant($"agent '{agent.Profile.Id}' is {agent.State} but holds {agent.Offers.Count} pending offer(s); only an online agent holds offers (leaving Online withdraws them)."));
            }

            // A saved load was computed at the agent's last refresh and stays valid until its next change, which the engine
            // never lets pass unapplied before a save: the load at savedAt is the saved load (to the bit, summed in the same order).
            agent.Load = load.LoadAt(agent, savedAt, out DateTimeOffset next);
            agent.NextLoadChangeTicks = next == DateTimeOffset.MaxValue ? long.MaxValue : next.UtcTicks;
            agent.Reserved = OfferBook.Reservation(agent);
            agent.SyncIndexes();
        }
    }

    /// <summary>
    /// Gives a LoadChange timer to every agent whose load changes by itself before its pending load check (never for a
    /// document saved under the same capacity settings; possible when they changed). Returns the next timer sequence.
    /// </summary>
    public static long ScheduleLoadChecks(List<AgentRecord> roster, List<(TimerItem Item, long Due, long Sequence)> timers, long nextSequence)
    {
        foreach (AgentRecord agent in roster)
        {
            if (agent.NextLoadChangeTicks != long.MaxValue && agent.NextLoadChangeTicks < agent.ScheduledLoadCheck.UtcTicks)
            {
                agent.ScheduledLoadCheck = new DateTimeOffset(agent.NextLoadChangeTicks, TimeSpan.Zero);
                timers.Add((TimerItem.For(EngineTimerKind.LoadChange, agent, agent.NextLoadChangeTicks), agent.NextLoadChangeTicks, nextSequence++));
            }
        }

        return nextSequence;
    }
}
