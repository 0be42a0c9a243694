namespace RoutingCore.Tests.PropertyBased;

internal sealed partial class ModelRunner
{
    /// <summary>
    /// Follows the workload split of the distributed skill through the public API, event by event: the primary turns (a
    /// conversation routed on the skill without a group — submitted, transferred to it, or first leaving the agent it was
    /// assigned to directly — is given its primary group at once, seen in its snapshot's <see cref="ConversationSnapshot.AgentGroup"/>,
    /// or in the <see cref="RoutingEventKind.Cascaded"/> event's "from group" when it cascades at once), the turns the groups
    /// could not take (a cascade, or a close, while the turn is open), and the acceptances the report counts.
    /// </summary>
    /// <remarks>
    /// <para>
    /// The rule: "The percentage allocation per group will determine the exact workload distribution between them."
    /// (000_519a880470cbca8b.txt), counted over what the groups took (issue 17, part 4). A model of the engine's rule, checked
    /// after every event:
    /// </para>
    /// <list type="bullet">
    /// <item>A turn given to a group that could not take it (its conversation cascaded, or closed before the group accepted it) is
    /// owed to the group, at most <see cref="RoutingOptions.WorkloadCatchUpLimit"/> in all; it is ready once the group takes a
    /// conversation again. While some group has conversations ready, a new conversation goes to the group with the most (ties
    /// to the earlier group) as a catch-up conversation when that group can take it now (it is offered at once); otherwise it
    /// is a regular turn.</item>
    /// <item>Regular turns are exact: after every one, each group's regular turns differ from its percentage of all regular turns
    /// by less than one.</item>
    /// <item>The report's owed count of every group is the model's.</item>
    /// <item>Whenever every group could take its turns — since the split took effect no turn was forfeited, every turn given was
    /// accepted exactly once, by an agent of its own primary group, and no acceptance counted belongs to a turn given before
    /// the change — the taken counts equal the turns, and each group's count differs from its percentage of everything taken
    /// by less than one.</item>
    /// <item>Otherwise within the documented bound: each group took (of this split's turns) less than its percentage of the
    /// regular turns plus one — a returning group is never given more than it was owed — and more than that less one, less its
    /// open turns, what it is owed and the turns it could not take beyond the limit.</item>
    /// </list>
    /// <para>
    /// A turn is not a conversation id: one id is given a turn for each life (closed and submitted again under its id) and each
    /// time it is transferred back to the skill, so each turn is followed on its own (seed 49a3pXH1v5c1).
    /// </para>
    /// </remarks>
    private sealed class Split
    {
        private readonly Dictionary<ConversationId, Turn> _turnOf = [];
        private readonly List<Turn> _turns = [];
        private readonly List<string> _regular = [];
        private readonly Dictionary<string, long> _primaryTaken = [];
        private readonly int _limit;
        private long[] _owed = new long[3];
        private long[] _ready = new long[3];
        private long _cascadedTaken;
        private long _takesOfEarlierTurns;
        private int _epoch;
        private int[] _percentages;
        private bool _secondary;

        public Split(int[] percentages, bool secondary, int limit)
        {
            _percentages = percentages;
            _secondary = secondary;
            _limit = limit;
        }

        public long ExactChecks { get; private set; }

        public long CatchUpTurns { get; private set; }

        private string GroupAt(int index) => Universe.Groups[index];

        private int PrimaryIndex(string group)
        {
            int index = Array.IndexOf(Universe.Groups, group);
            return index < _percentages.Length ? index : -1;
        }

        public void Change(int[] percentages, bool secondary)
        {
            _percentages = percentages;
            _secondary = secondary;
            _epoch++;
            _turns.Clear();
            _regular.Clear();
            _primaryTaken.Clear();
            _owed = new long[3];
            _ready = new long[3];
            _cascadedTaken = 0;
            _takesOfEarlierTurns = 0;
        }

        public bool HasTurn(ConversationId id) => _turnOf.ContainsKey(id);

        public void Forget(ConversationId id) => _turnOf.Remove(id);

        /// <summary>
        /// Records a turn: a catch-up conversation of the group with the most ready when it went to that group and was offered
        /// at once (that group could take it), else a regular turn, which must keep the regular turns exact. A regular turn while
        /// a group has conversations ready means that group could not take one (nobody eligible with room): the engine planned
        /// it and found nobody, which the model cannot see from outside.
        /// </summary>
        public string? Given(ConversationId id, string group, bool offeredAtOnce)
        {
            int owedTo = -1;
            for (int g = 0; g < _percentages.Length; g++)
            {
                if (_ready[g] > 0 && _percentages[g] > 0 && (owedTo < 0 || _ready[g] > _ready[owedTo]))
                {
                    owedTo = g;
                }
            }

            bool catchUp = owedTo >= 0 && group == GroupAt(owedTo) && offeredAtOnce;
            var turn = new Turn(group, _epoch, catchUp);
            _turnOf[id] = turn;
            _turns.Add(turn);
            if (catchUp)
            {
                CatchUpTurns++;
                _ready[owedTo]--;
                return null;
            }

            _regular.Add(group);
            int total = _regular.Count;
            for (int g = 0; g < _percentages.Length; g++)
            {
                int count = _regular.Count(t => t == GroupAt(g));
                if (Math.Abs((100L * count) - ((long)_percentages[g] * total)) >= 100)
                {
                    return $"primary turns: group {GroupAt(g)} has {count} of {total} regular turns at {_percentages[g]}% (turns: {string.Join(",", _regular)})";
                }
            }

            return null;
        }

        /// <summary>The conversation cascaded, or closed: an open turn of this split is owed to its group, up to the limit.</summary>
        public void Forfeited(ConversationId id)
        {
            if (!_turnOf.TryGetValue(id, out Turn? turn) || turn.State != TurnState.Open)
            {
                return;
            }

            turn.State = TurnState.Forfeited;
            if (turn.Epoch == _epoch && PrimaryIndex(turn.Group) is >= 0 and int g)
            {
                _owed[g] = Math.Min(_limit, _owed[g] + _ready[g] + 1);
                _ready[g] = 0;
            }
        }

        /// <summary>An acceptance, with the group the conversation was routed to when it was accepted.</summary>
        public void Accepted(ConversationId id, AgentGroupId? target)
        {
            if (target is not { } routedTo || !_turnOf.TryGetValue(id, out Turn? turn))
            {
                return;
            }

            string primary = turn.Group;
            if (routedTo.Value == primary)
            {
                if (turn.State == TurnState.Open)
                {
                    turn.State = TurnState.Taken;
                }

                if (PrimaryIndex(primary) is >= 0 and int g)
                {
                    _primaryTaken[primary] = _primaryTaken.GetValueOrDefault(primary) + 1;
                    _ready[g] += _owed[g]; // it took a conversation: what it is owed is ready
                    _owed[g] = 0;
                    if (turn.Epoch == _epoch)
                    {
                        turn.Takes++;
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

        /// <summary>Checks the report against the acceptances and the owed turns seen, and the taken split: exact when every group could take its turns, else within the bound.</summary>
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

                if (entry.PrimaryOwed != _owed[g] + _ready[g] || _owed[g] + _ready[g] > _limit)
                {
                    return $"workload report: group {GroupAt(g)} is owed {entry.PrimaryOwed}, the turns it could not take make {_owed[g] + _ready[g]} (limit {_limit})";
                }
            }

            if (_secondary && report.Groups.FirstOrDefault(r => r.Role == WorkloadGroupRole.Secondary) is { } cascaded && cascaded.CascadedCountSinceChange != _cascadedTaken)
            {
                return $"workload report: group {cascaded.Group} took {cascaded.CascadedCountSinceChange} cascaded, the acceptances seen make {_cascadedTaken}";
            }

            bool everyGroupCouldTake = _takesOfEarlierTurns == 0 && _turns.TrueForAll(turn => turn.Takes == 1 && turn.State == TurnState.Taken);
            return everyGroupCouldTake ? CheckExact(total) : CheckBound();
        }

        private string? CheckExact(long total)
        {
            if (total == 0)
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

        private string? CheckBound()
        {
            long regular = _regular.Count;
            for (int g = 0; g < _percentages.Length; g++)
            {
                string group = GroupAt(g);
                long taken = _turns.Count(t => t.Group == group && t.State == TurnState.Taken);
                long open = _turns.Count(t => t.Group == group && t.State == TurnState.Open);
                long forfeited = _turns.Count(t => t.Group == group && t.State == TurnState.Forfeited);
                long caughtUp = _turns.Count(t => t.Group == group && t.CatchUp);
                long writtenOff = forfeited - caughtUp - (_owed[g] + _ready[g]);
                long share100 = (long)_percentages[g] * regular;
                if (100 * taken >= share100 + 100 || 100 * (taken + open + _owed[g] + _ready[g] + writtenOff) <= share100 - 100)
                {
                    return $"workload split: group {group} took {taken} of its turns ({open} open, owed {_owed[g] + _ready[g]}, {writtenOff} not made up) against {_percentages[g]}% of {regular} regular turns";
                }
            }

            return null;
        }
    }

    private enum TurnState
    {
        Open,
        Taken,
        Forfeited,
    }

    /// <summary>A primary turn: its group, the split it was given under (counted up at each change), whether it was a catch-up conversation, and what became of it.</summary>
    private sealed record Turn(string Group, int Epoch, bool CatchUp)
    {
        public int Takes { get; set; }

        public TurnState State { get; set; }
    }
}
