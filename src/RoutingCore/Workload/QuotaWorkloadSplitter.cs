using System.Collections.Immutable;

namespace RoutingCore.Workload;

/// <summary>
/// The built-in <see cref="IWorkloadSplitter"/>: one <see cref="QuotaSequencer"/> per list (primary and secondary) per skill,
/// so the primary split and the cascaded split are each exact. Thread-safe through a single lock; the hot-path calls do not allocate.
/// </summary>
internal sealed class QuotaWorkloadSplitter : IWorkloadSplitter
{
#if NET9_0_OR_GREATER
    private readonly Lock _gate = new();
#else
    private readonly object _gate = new();
#endif
    private readonly Dictionary<SkillId, WorkloadSkillState> _skills = [];

    public bool IsConfigured(SkillId skill)
    {
        lock (_gate)
        {
            return _skills.ContainsKey(skill);
        }
    }

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

    public bool Remove(SkillId skill)
    {
        lock (_gate)
        {
            return _skills.Remove(skill);
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
                var primary = new State.WorkloadShareDto[state.PrimaryGroups.Length];
                for (int i = 0; i < primary.Length; i++)
                {
                    primary[i] = new State.WorkloadShareDto
                    {
                        Group = state.PrimaryGroups[i].Value,
                        Percentage = state.Distribution.Primary[i].Percentage,
                        Turns = state.Primary.CountOf(i),
                        Taken = state.PrimaryTaken[i],
                    };
                }

                var secondary = new State.WorkloadShareDto[state.SecondaryGroups.Length];
                for (int i = 0; i < secondary.Length; i++)
                {
                    secondary[i] = new State.WorkloadShareDto
                    {
                        Group = state.SecondaryGroups[i].Value,
                        Percentage = state.Distribution.Secondary[i].Percentage,
                        Turns = state.Secondary.CountOf(i),
                    };
                }

                result[next++] = new State.WorkloadDto
                {
                    Skill = skill.Value,
                    Version = state.Version,
                    Primary = primary,
                    Secondary = secondary,
                    MaxWait = state.Distribution.MaxWait,
                    Totals = [.. state.AllTotals.OrderBy(pair => pair.Key.Value, StringComparer.Ordinal)
                        .Select(pair => new State.WorkloadTotalsDto { Group = pair.Key.Value, Primary = pair.Value.Primary, Cascaded = pair.Value.Cascaded })],
                };
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
                _skills.Add(skill, state);
            }
        }
    }

    public AgentGroupId ChoosePrimary(SkillId skill)
    {
        lock (_gate)
        {
            var state = StateOf(skill);
            int index = state.Primary.Choose();
            return state.PrimaryGroups[index];
        }
    }

    public AgentGroupId TakePrimaryTurn(SkillId skill)
    {
        lock (_gate)
        {
            var state = StateOf(skill);
            int index = state.Primary.Choose();
            state.Primary.Record(index);
            return state.PrimaryGroups[index];
        }
    }

    public int RankSecondaries(SkillId skill, Span<AgentGroupId> destination)
    {
        lock (_gate)
        {
            var state = StateOf(skill);
            var buffer = state.RankBuffer.AsSpan(0, Math.Min(destination.Length, state.RankBuffer.Length));
            int written = state.Secondary.Rank(buffer);
            for (int i = 0; i < written; i++)
            {
                destination[i] = state.SecondaryGroups[buffer[i]];
            }

            return written;
        }
    }

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

                state.Secondary.Record(index);
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
                    state.Primary.Record(index);
                }

                state.PrimaryTaken[index]++;
                state.PrimaryTakenTotal++;
                state.PrimaryTotals[index].Primary++;
                state.PrimaryTotalAll++;
            }
        }
    }

    public WorkloadReport GetReport(SkillId skill)
    {
        lock (_gate)
        {
            var state = StateOf(skill);
            var primary = state.Primary;
            var secondary = state.Secondary;
            var groups = ImmutableArray.CreateBuilder<WorkloadGroupReport>(state.AllTotals.Count);
            for (int i = 0; i < state.PrimaryGroups.Length; i++)
            {
                var totals = state.PrimaryTotals[i];
                groups.Add(new WorkloadGroupReport
                {
                    Group = state.PrimaryGroups[i],
                    Role = WorkloadGroupRole.Primary,
                    TargetPrimaryPercentage = Percent(primary.WeightOf(i), primary.TotalWeight),
                    ActualPrimaryPercentage = Percent(state.PrimaryTaken[i], state.PrimaryTakenTotal),
                    PrimaryCount = totals.Primary,
                    CascadedCount = totals.Cascaded,
                    PrimaryCountSinceChange = state.PrimaryTaken[i],
                });
            }

            for (int i = 0; i < state.SecondaryGroups.Length; i++)
            {
                var totals = state.SecondaryTotals[i];
                groups.Add(new WorkloadGroupReport
                {
                    Group = state.SecondaryGroups[i],
                    Role = WorkloadGroupRole.Secondary,
                    TargetSecondaryPercentage = Percent(secondary.WeightOf(i), secondary.TotalWeight),
                    ActualSecondaryPercentage = Percent(secondary.CountOf(i), secondary.Total),
                    PrimaryCount = totals.Primary,
                    CascadedCount = totals.Cascaded,
                    CascadedCountSinceChange = secondary.CountOf(i),
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
                Distribution = state.Distribution,
                Groups = groups.ToImmutable(),
                PrimaryTotal = state.PrimaryTotalAll,
                CascadedTotal = state.CascadedTotalAll,
                PrimaryTotalSinceChange = state.PrimaryTakenTotal,
                CascadedTotalSinceChange = secondary.Total,
                Version = state.Version,
            };
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
