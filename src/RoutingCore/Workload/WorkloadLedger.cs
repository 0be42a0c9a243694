using System.Collections.Immutable;

namespace RoutingCore;

/// <summary>
/// The engine's side of workload splitting: each skill's distribution and counts (<see cref="WorkloadSkillState"/>), the
/// primary turns it spends, what groups took, what primary groups are owed (turns they could not take, up to the catch-up
/// limit), the reports and the saved state. The decisions — which primary group gets a turn, in which order secondary groups
/// are tried — are the <see cref="WorkloadSplitter"/>'s, made from these counts.
/// Thread-safe through a single lock (reports are read outside the engine's lock); the hot-path calls do not allocate.
/// </summary>
internal sealed class WorkloadLedger
{
#if NET9_0_OR_GREATER
    private readonly Lock _gate = new();
#else
    private readonly object _gate = new();
#endif
    private readonly Dictionary<SkillId, WorkloadSkillState> _skills = [];

    public WorkloadLedger(WorkloadSplitter splitter, int catchUpLimit = RoutingDefaults.WorkloadCatchUpLimit)
    {
        Splitter = splitter;
        CatchUpLimit = catchUpLimit;
    }

    /// <summary>The engine's splitter.</summary>
    public WorkloadSplitter Splitter { get; }

    /// <summary>The most conversations a primary group can be owed (<see cref="RoutingOptions.WorkloadCatchUpLimit"/>).</summary>
    public int CatchUpLimit { get; }

    /// <summary>Whether the skill has a distribution.</summary>
    public bool IsConfigured(SkillId skill)
    {
        lock (_gate)
        {
            return _skills.ContainsKey(skill);
        }
    }

    /// <summary>The skill's distribution in force, or null.</summary>
    public WorkloadDistribution? DistributionOf(SkillId skill)
    {
        lock (_gate)
        {
            return _skills.TryGetValue(skill, out WorkloadSkillState? state) ? state.Distribution : null;
        }
    }

    /// <summary>Sets or changes a skill's distribution: the split starts afresh, the cumulative counts are kept.</summary>
    public void Configure(SkillId skill, WorkloadDistribution distribution)
    {
        ArgumentNullException.ThrowIfNull(distribution);
        RequireSkill(skill);
        lock (_gate)
        {
            _skills.TryGetValue(skill, out var previous);
            _skills[skill] = new WorkloadSkillState(distribution, previous);
        }
    }

    /// <summary>Removes a skill's distribution and its counts.</summary>
    public bool Remove(SkillId skill)
    {
        lock (_gate)
        {
            return _skills.Remove(skill);
        }
    }

    /// <summary>The primary group the splitter would give the skill's next conversation; changes nothing.</summary>
    public AgentGroupId ChoosePrimary(SkillId skill) => ChoosePrimary(skill, out _);

    /// <summary>
    /// The primary group the splitter would give the skill's next conversation, and whether it would be one of the group's
    /// catch-up conversations; changes nothing.
    /// </summary>
    public AgentGroupId ChoosePrimary(SkillId skill, out bool catchUp)
    {
        lock (_gate)
        {
            var state = StateOf(skill);
            int index = Splitter.ChoosePrimary(state.Context(skill));
            catchUp = state.PrimaryCatchUp[index] > 0;
            return state.PrimaryGroups[index];
        }
    }

    /// <summary>Whether some primary group of the skill has catch-up conversations ready (a skill without a distribution has none).</summary>
    public bool HasCatchUp(SkillId skill)
    {
        lock (_gate)
        {
            return _skills.TryGetValue(skill, out var state) && Array.Exists(state.PrimaryCatchUp, static ready => ready > 0);
        }
    }

    /// <summary>Chooses the primary group of a new conversation and spends its turn (whether or not it then takes it).</summary>
    public AgentGroupId TakePrimaryTurn(SkillId skill) => TakePrimaryTurn(skill, withCatchUp: true, out _);

    /// <summary>
    /// Chooses the primary group of a new conversation and spends its turn, or one of its catch-up conversations if it has
    /// any ready; with <paramref name="withCatchUp"/> false the splitter sees no catch-up (the group owed them cannot take
    /// a conversation now) and a turn is spent. <paramref name="split"/> is the split the turn belongs to, for <see cref="Forfeit"/>.
    /// </summary>
    public AgentGroupId TakePrimaryTurn(SkillId skill, bool withCatchUp, out WorkloadSkillState split)
    {
        lock (_gate)
        {
            var state = StateOf(skill);
            int index = Splitter.ChoosePrimary(withCatchUp ? state.Context(skill) : state.ContextWithoutCatchUp(skill));
            if (withCatchUp && state.PrimaryCatchUp[index] > 0)
            {
                state.PrimaryCatchUp[index]--;
            }
            else
            {
                state.PrimaryTurns[index]++;
            }

            split = state;
            return state.PrimaryGroups[index];
        }
    }

    /// <summary>
    /// A primary turn of <paramref name="split"/> ended without its group taking the conversation (it cascaded, or closed
    /// first): the group is owed one more conversation, at most <see cref="CatchUpLimit"/> in all, and what it had ready
    /// waits again until it takes a conversation. Nothing, when the skill's split has changed since the turn was given.
    /// </summary>
    public void Forfeit(SkillId skill, WorkloadSkillState split, AgentGroupId group)
    {
        lock (_gate)
        {
            int index = WorkloadSkillState.IndexOf(split.PrimaryGroups, group);
            if (index < 0 || !_skills.TryGetValue(skill, out var state) || state != split)
            {
                return;
            }

            state.PrimaryOwed[index] = Math.Min(CatchUpLimit, state.PrimaryOwed[index] + state.PrimaryCatchUp[index] + 1);
            state.PrimaryCatchUp[index] = 0;
        }
    }

    /// <summary>Whether <paramref name="split"/> is the skill's split in effect (for the saved state).</summary>
    public bool IsCurrent(SkillId skill, WorkloadSkillState split)
    {
        lock (_gate)
        {
            return _skills.TryGetValue(skill, out var state) && state == split;
        }
    }

    /// <summary>Writes the skill's secondary groups in the splitter's order, best first.</summary>
    public int RankSecondaries(SkillId skill, Span<AgentGroupId> destination)
    {
        lock (_gate)
        {
            var state = StateOf(skill);
            var buffer = state.RankBuffer.AsSpan(0, Math.Min(destination.Length, state.RankBuffer.Length));
            int written = Splitter.RankSecondaries(state.Context(skill), buffer);
            for (int i = 0; i < written; i++)
            {
                destination[i] = state.SecondaryGroups[buffer[i]];
            }

            return written;
        }
    }

    /// <summary>
    /// Counts a conversation a group took: a primary group's (its turn spent already when <paramref name="turnTaken"/>, else
    /// spent now) or, <paramref name="cascaded"/>, a secondary group's.
    /// </summary>
    public void RecordTaken(SkillId skill, AgentGroupId group, bool cascaded, bool turnTaken = false)
    {
        RequireSkill(skill);
        if (group.IsEmpty)
        {
            throw new ArgumentException("The agent group id is the default (empty) value; give a real agent group id.", nameof(group));
        }

        lock (_gate)
        {
            var state = StateOf(skill);
            if (cascaded)
            {
                int index = WorkloadSkillState.IndexOf(state.SecondaryGroups, group);
                if (index < 0)
                {
                    throw NotInList(skill, group, state, cascaded);
                }

                state.SecondaryTaken[index]++;
                state.SecondaryTakenTotal++;
                state.SecondaryTotals[index].Cascaded++;
                state.CascadedTotalAll++;
            }
            else
            {
                int index = WorkloadSkillState.IndexOf(state.PrimaryGroups, group);
                if (index < 0)
                {
                    throw NotInList(skill, group, state, cascaded);
                }

                if (!turnTaken)
                {
                    Spend(state, index);
                }

                // The group took a conversation: it can take again, so what it is owed becomes ready.
                state.PrimaryCatchUp[index] += state.PrimaryOwed[index];
                state.PrimaryOwed[index] = 0;
                state.PrimaryTaken[index]++;
                state.PrimaryTakenTotal++;
                state.PrimaryTotals[index].Primary++;
                state.PrimaryTotalAll++;
            }
        }
    }

    /// <summary>Reports, per group, the target and actual shares and the counts.</summary>
    public WorkloadReport GetReport(SkillId skill)
    {
        lock (_gate)
        {
            var state = StateOf(skill);
            WorkloadDistribution distribution = state.Distribution;
            var groups = ImmutableArray.CreateBuilder<WorkloadGroupReport>(state.AllTotals.Count);
            for (int i = 0; i < state.PrimaryGroups.Length; i++)
            {
                var totals = state.PrimaryTotals[i];
                groups.Add(new WorkloadGroupReport
                {
                    Group = state.PrimaryGroups[i],
                    Role = WorkloadGroupRole.Primary,
                    TargetPrimaryPercentage = Percent(distribution.PrimaryWeights[i], distribution.PrimaryWeightTotal),
                    ActualPrimaryPercentage = Percent(state.PrimaryTaken[i], state.PrimaryTakenTotal),
                    PrimaryCount = totals.Primary,
                    CascadedCount = totals.Cascaded,
                    PrimaryCountSinceChange = state.PrimaryTaken[i],
                    PrimaryOwed = state.PrimaryOwed[i] + state.PrimaryCatchUp[i],
                });
            }

            for (int i = 0; i < state.SecondaryGroups.Length; i++)
            {
                var totals = state.SecondaryTotals[i];
                groups.Add(new WorkloadGroupReport
                {
                    Group = state.SecondaryGroups[i],
                    Role = WorkloadGroupRole.Secondary,
                    TargetSecondaryPercentage = Percent(distribution.SecondaryWeights[i], distribution.SecondaryWeightTotal),
                    ActualSecondaryPercentage = Percent(state.SecondaryTaken[i], state.SecondaryTakenTotal),
                    PrimaryCount = totals.Primary,
                    CascadedCount = totals.Cascaded,
                    CascadedCountSinceChange = state.SecondaryTaken[i],
                });
            }

            foreach (var (group, totals) in state.AllTotals.OrderBy(pair => pair.Key.Value, StringComparer.Ordinal))
            {
                bool current = WorkloadSkillState.IndexOf(state.PrimaryGroups, group) >= 0 || WorkloadSkillState.IndexOf(state.SecondaryGroups, group) >= 0;
                if (!current && (totals.Primary > 0 || totals.Cascaded > 0))
                {
                    groups.Add(new WorkloadGroupReport
                    {
                        Group = group,
                        Role = WorkloadGroupRole.None,
                        PrimaryCount = totals.Primary,
                        CascadedCount = totals.Cascaded,
                    });
                }
            }

            return new WorkloadReport
            {
                Skill = skill,
                Distribution = distribution,
                Groups = groups.ToImmutable(),
                PrimaryTotal = state.PrimaryTotalAll,
                CascadedTotal = state.CascadedTotalAll,
                PrimaryTotalSinceChange = state.PrimaryTakenTotal,
                CascadedTotalSinceChange = state.SecondaryTakenTotal,
                Version = state.Version,
            };
        }
    }

    /// <summary>Every configured skill's split state, for the engine's state document (skills in ordinal order).</summary>
    internal State.WorkloadDto[] ExportState()
    {
        lock (_gate)
        {
            var result = new State.WorkloadDto[_skills.Count];
            int next = 0;
            foreach ((SkillId skill, WorkloadSkillState state) in _skills.OrderBy(pair => pair.Key.Value, StringComparer.Ordinal))
            {
                result[next++] = state.ToDocument(skill);
            }

            return result;
        }
    }

    /// <summary>Replaces every skill's split state with restored ones (validated by the caller).</summary>
    internal void ImportState(IReadOnlyList<KeyValuePair<SkillId, WorkloadSkillState>> skills)
    {
        lock (_gate)
        {
            _skills.Clear();
            foreach ((SkillId skill, WorkloadSkillState state) in skills)
            {
                for (int i = 0; i < state.PrimaryOwed.Length; i++)
                {
                    // A document saved under a larger limit: this engine's limit applies.
                    state.PrimaryOwed[i] = Math.Min(state.PrimaryOwed[i], CatchUpLimit);
                    state.PrimaryCatchUp[i] = Math.Min(state.PrimaryCatchUp[i], CatchUpLimit - state.PrimaryOwed[i]);
                }

                _skills.Add(skill, state);
            }
        }
    }

    /// <summary>A conversation given to the group at <paramref name="index"/>: one of its catch-up conversations if it has any ready, else a turn.</summary>
    private static void Spend(WorkloadSkillState state, int index)
    {
        if (state.PrimaryCatchUp[index] > 0)
        {
            state.PrimaryCatchUp[index]--;
        }
        else
        {
            state.PrimaryTurns[index]++;
        }
    }

    private static double Percent(long part, long whole) => whole == 0 ? 0 : 100.0 * part / whole;

    private static void RequireSkill(SkillId skill)
    {
        if (skill.IsEmpty)
        {
            throw new ArgumentException("The skill id is the default (empty) value; give a real skill id.", nameof(skill));
        }
    }

    private static ArgumentException NotInList(SkillId skill, AgentGroupId group, WorkloadSkillState state, bool cascaded)
    {
        string role = cascaded ? "secondary" : "primary";
        var list = cascaded ? state.SecondaryGroups : state.PrimaryGroups;
        string listed = list.Length == 0 ? "none" : string.Join(", ", list.Select(g => $"'{g.Value}'"));
        string hint = WorkloadSkillState.IndexOf(cascaded ? state.PrimaryGroups : state.SecondaryGroups, group) >= 0
            ? $" (it is a {(cascaded ? "primary" : "secondary")} group; record it with cascaded: {(!cascaded ? "true" : "false")})"
            : "";
        return new ArgumentException(
            $"Agent group '{group.Value}' is not a {role} group of skill '{skill.Value}'{hint}; the {role} groups are {listed}.",
            nameof(group));
    }

    private WorkloadSkillState StateOf(SkillId skill)
    {
        RequireSkill(skill);
        if (_skills.TryGetValue(skill, out var state))
        {
            return state;
        }

        throw new ArgumentException(
            $"Skill '{skill.Value}' has no workload distribution; call Configure for it first, or route it over all its agents.",
            nameof(skill));
    }
}
