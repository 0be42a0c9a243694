
namespace RoutingCore.Tests.PropertyBased;

internal sealed partial class ModelRunner
{
    /// <summary>
    /// Follows the workload split of the distributed skill through the public API: the primary turns (a conversation routed on
    /// the skill without a group — submitted, transferred to it, or first leaving the agent it was assigned to directly — is given
    /// its primary group at once, seen in its snapshot's <see cref="ConversationSnapshot.AgentGroup"/>, or in the
    /// <see cref="RoutingEventKind.Cascaded"/> event's "from group" when it cascades at once) and the acceptances the report counts.
    /// </summary>
    /// <remarks>
    /// <para>
    /// Turns are exact whatever happens: after every turn since the split took effect, each primary group's number of turns differs
    /// from its percentage of all turns by less than one.
    /// </para>
    /// <para>
    /// The report counts acceptances ("taken"), not turns. The rule: "The percentage allocation per group will determine the exact
    /// workload distribution between them." (000_519a880470cbca8b.txt). The engine spends a turn whether or not its group then
    /// takes the conversation, so that a group that cannot take traffic does not hold back the others
    /// (<see cref="WorkloadSplitContext.PrimaryTurns"/>), and promises exactness of what groups took only "while every chosen group
    /// takes its conversation" (<see cref="WorkloadSplitter"/>). So the taken counts must be exact — each group's differs from its
    /// percentage of the total taken by less than one — precisely when they equal the turns: every turn given since the split took
    /// effect was accepted exactly once, by an agent of its own primary group, and no acceptance counted since then belongs to a
    /// turn given before the change.
    /// </para>
    /// <para>
    /// A turn is not a conversation id: one id is given a turn for each life (closed and submitted again under its id) and each
    /// time it is transferred back to the skill, so each turn is followed on its own (seed 49a3pXH1v5c1 found a conversation
    /// whose first turn was taken and whose second, after a transfer back, was still waiting, counted as one turn taken). A turn
    /// not taken (its conversation still offered or waiting, cascaded to a secondary group, or closed or gone dormant before an
    /// acceptance) or taken twice (accepted again after a return to the queue or an absent or removed agent) lets the taken
    /// counts legitimately drift from the percentages (a group with nobody online takes nothing while it keeps its turns), so
    /// exactness is checked only when there is none; the counts themselves are always checked against the acceptances seen.
    /// </para>
    /// </remarks>
    private sealed class Split
    {
        private readonly Dictionary<ConversationId, TurnRef> _turnOf = [];
        private readonly List<string> _turns = [];
        private readonly List<int> _takesOfTurn = [];
        private readonly Dictionary<string, long> _primaryTaken = [];
        private long _cascadedTaken;
        private long _takesOfEarlierTurns;
        private int _epoch;
        private int[] _percentages;
        private bool _secondary;

        public Split(int[] percentages, bool secondary)
        {
            _percentages = percentages;
            _secondary = secondary;
        }

        public long ExactChecks { get; private set; }

        private string GroupAt(int index) => Universe.Groups[index];

        public void Change(int[] percentages, bool secondary)
        {
            _percentages = percentages;
            _secondary = secondary;
            _epoch++;
            _turns.Clear();
            _takesOfTurn.Clear();
            _primaryTaken.Clear();
            _cascadedTaken = 0;
            _takesOfEarlierTurns = 0;
        }

        public bool HasTurn(ConversationId id) => _turnOf.ContainsKey(id);

        public void Forget(ConversationId id) => _turnOf.Remove(id);

        /// <summary>Records a primary turn and checks every group's turns against its percentage.</summary>
        public string? Turn(ConversationId id, string group)
        {
            _turnOf[id] = new TurnRef(group, _epoch, _turns.Count);
            _turns.Add(group);
            _takesOfTurn.Add(0);
            int total = _turns.Count;
            for (int g = 0; g < _percentages.Length; g++)
            {
                int count = _turns.Count(t => t == GroupAt(g));
                if (Math.Abs((100L * count) - ((long)_percentages[g] * total)) >= 100)
                {
                    return $"primary turns: group {GroupAt(g)} has {count} of {total} turns at {_percentages[g]}% (turns: {string.Join(",", _turns)})";
                }
            }

            return null;
        }

        /// <summary>An acceptance, with the group the conversation was routed to when it was accepted.</summary>
        public void Accepted(ConversationId id, AgentGroupId? target)
        {
            if (target is not { } routedTo || !_turnOf.TryGetValue(id, out TurnRef turn))
            {
                return;
            }

            string primary = turn.Group;
            if (routedTo.Value == primary)
            {
                if (Array.IndexOf(Universe.Groups, primary) < _percentages.Length)
                {
                    _primaryTaken[primary] = _primaryTaken.GetValueOrDefault(primary) + 1;
                    if (turn.Epoch == _epoch)
                    {
                        _takesOfTurn[turn.Index]++;
                    }
                    else
                    {
                        _takesOfEarlierTurns++;
                    }
                }
            }
            else if (_secondary && routedTo.Value == Universe.Groups[2])
            {
                _cascadedTaken++;
            }
        }

        /// <summary>Checks the report's counts against the acceptances seen, and the taken split's exactness when every group could take its traffic.</summary>
        public string? Check(WorkloadReport report)
        {
            long total = _primaryTaken.Values.Sum();
            if (report.PrimaryTotalSinceChange != total)
            {
                return $"workload report: {report.PrimaryTotalSinceChange} taken by primary groups since the change, the acceptances seen make {total}";
            }

            for (int g = 0; g < _percentages.Length; g++)
            {
                long taken = _primaryTaken.GetValueOrDefault(GroupAt(g));
                WorkloadGroupReport? entry = report.Groups.FirstOrDefault(r => r.Group.Value == GroupAt(g) && r.Role == WorkloadGroupRole.Primary);
                if (entry is null || entry.PrimaryCountSinceChange != taken)
                {
                    return $"workload report: group {GroupAt(g)} took {entry?.PrimaryCountSinceChange} as primary, the acceptances seen make {taken}";
                }
            }

            if (_secondary && report.Groups.FirstOrDefault(r => r.Role == WorkloadGroupRole.Secondary) is { } cascaded && cascaded.CascadedCountSinceChange != _cascadedTaken)
            {
                return $"workload report: group {cascaded.Group} took {cascaded.CascadedCountSinceChange} cascaded, the acceptances seen make {_cascadedTaken}";
            }

            bool everyGroupCouldTake = _takesOfEarlierTurns == 0 && _takesOfTurn.TrueForAll(takes => takes == 1);
            if (!everyGroupCouldTake || total == 0)
            {
                return null;
            }

            ExactChecks++;
            for (int g = 0; g < _percentages.Length; g++)
            {
                long taken = _primaryTaken.GetValueOrDefault(GroupAt(g));
                if (Math.Abs((100 * taken) - ((long)_percentages[g] * total)) >= 100)
                {
                    return $"workload split: every group could take its traffic, yet group {GroupAt(g)} took {taken} of {total} at {_percentages[g]}%";
                }
            }

            return null;
        }
    }

    /// <summary>A primary turn: its group, the split it was given under (counted up at each change) and its place among that split's turns.</summary>
    private readonly record struct TurnRef(string Group, int Epoch, int Index);
}
