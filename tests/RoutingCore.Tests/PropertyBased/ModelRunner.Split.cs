
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
    /// The report counts acceptances ("taken"), not turns. They coincide — and the taken counts must then be exact too — precisely
    /// when every group of the skill could take its traffic since the split took effect, which through the public API means: every
    /// conversation given a turn since then was accepted exactly once, by an agent of its own primary group (none is still offered or
    /// waiting, none cascaded to a secondary group, none was closed, transferred or went dormant before its acceptance, none was
    /// accepted a second time after a return to the queue or an absent or removed agent), and no acceptance counted since then
    /// belongs to a conversation whose turn came before the change. Under any other history the taken counts legitimately drift from
    /// the percentages (a group with nobody online takes nothing while it keeps its turns), so exactness is checked only then; the
    /// counts themselves are always checked against the acceptances seen.
    /// </para>
    /// </remarks>
    private sealed class Split
    {
        private readonly Dictionary<ConversationId, string> _turnOf = [];
        private readonly List<string> _turns = [];
        private readonly HashSet<ConversationId> _turnsSinceChange = [];
        private readonly List<ConversationId> _acceptsSinceChange = [];
        private readonly Dictionary<string, long> _primaryTaken = [];
        private long _cascadedTaken;
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
            _turns.Clear();
            _turnsSinceChange.Clear();
            _acceptsSinceChange.Clear();
            _primaryTaken.Clear();
            _cascadedTaken = 0;
        }

        public bool HasTurn(ConversationId id) => _turnOf.ContainsKey(id);

        public void Forget(ConversationId id) => _turnOf.Remove(id);

        /// <summary>Records a primary turn and checks every group's turns against its percentage.</summary>
        public string? Turn(ConversationId id, string group)
        {
            _turnOf[id] = group;
            _turns.Add(group);
            _turnsSinceChange.Add(id);
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
            if (target is not { } routedTo || !_turnOf.TryGetValue(id, out string? primary))
            {
                return;
            }

            if (routedTo.Value == primary)
            {
                if (Array.IndexOf(Universe.Groups, primary) < _percentages.Length)
                {
                    _primaryTaken[primary] = _primaryTaken.GetValueOrDefault(primary) + 1;
                    _acceptsSinceChange.Add(id);
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

            bool everyGroupCouldTake = _acceptsSinceChange.Count == _turnsSinceChange.Count && _turnsSinceChange.SetEquals(_acceptsSinceChange);
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
}
