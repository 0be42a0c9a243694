namespace RoutingCore.Workload;

/// <summary>
/// Decides which agent group of a skill's workload distribution gets each new conversation, keeps the counts and reports them.
/// The split is exact: while every chosen group takes its conversation, each group's count differs from its percentage of the
/// total by less than one conversation at every moment. The routing engine decides whether a group can take a conversation.
/// </summary>
/// <remarks>
/// Usage per conversation: <see cref="ChoosePrimary"/>; if that group takes it, <see cref="RecordTaken"/> with <c>cascaded: false</c>;
/// otherwise try the groups from <see cref="RankSecondaries"/> in order and record the one that takes it with <c>cascaded: true</c>;
/// if none can, the conversation waits for its primary group and is recorded when that group takes it. Only taken conversations count.
/// The routing engine instead spends the primary group's turn when it routes the conversation (<see cref="TakePrimaryTurn"/>), so
/// that a group that cannot take traffic does not hold back the others, and records what is taken with <c>turnTaken: true</c>.
/// Implementations are thread-safe. Register a replacement in dependency injection as a singleton <see cref="IWorkloadSplitter"/>.
/// </remarks>
public interface IWorkloadSplitter
{
    /// <summary>Whether the skill has a workload distribution.</summary>
    /// <param name="skill">The skill.</param>
    /// <returns><see langword="true"/> if <see cref="Configure"/> was called for the skill and it was not removed since.</returns>
    bool IsConfigured(SkillId skill);

    /// <summary>
    /// Sets or changes a skill's distribution. The new split applies from then on: exactness is measured from the change, while the
    /// cumulative counts are kept for reporting.
    /// </summary>
    /// <param name="skill">The skill.</param>
    /// <param name="distribution">The validated distribution.</param>
    void Configure(SkillId skill, WorkloadDistribution distribution);

    /// <summary>Removes a skill's distribution and its counts; the skill then routes over all its agents.</summary>
    /// <param name="skill">The skill.</param>
    /// <returns><see langword="true"/> if the skill had a distribution.</returns>
    bool Remove(SkillId skill);

    /// <summary>Chooses the primary group for the skill's next conversation: the one most owed a conversation. Has no side effect and does not allocate.</summary>
    /// <param name="skill">The skill.</param>
    /// <returns>The primary group.</returns>
    /// <exception cref="ArgumentException">The skill has no distribution.</exception>
    AgentGroupId ChoosePrimary(SkillId skill);

    /// <summary>
    /// Chooses the primary group like <see cref="ChoosePrimary"/> and spends its turn at once, whether or not the group then takes the
    /// conversation: the primary split is over the conversations routed. The turn does not count as taken; record the group that takes
    /// the conversation with <see cref="RecordTaken"/> and <c>turnTaken: true</c> (or <c>cascaded: true</c> for a secondary group).
    /// Does not allocate.
    /// </summary>
    /// <param name="skill">The skill.</param>
    /// <returns>The group whose turn it is.</returns>
    /// <exception cref="ArgumentException">The skill has no distribution.</exception>
    AgentGroupId TakePrimaryTurn(SkillId skill);

    /// <summary>Writes the skill's secondary groups best-first (most owed a cascaded conversation first); groups with 0 percent are left out. Does not allocate.</summary>
    /// <param name="skill">The skill.</param>
    /// <param name="destination">Receives the groups; if it is shorter than the number of secondary groups, only the best ones are written.</param>
    /// <returns>The number of groups written (0 when the skill has no secondary groups).</returns>
    /// <exception cref="ArgumentException">The skill has no distribution.</exception>
    int RankSecondaries(SkillId skill, Span<AgentGroupId> destination);

    /// <summary>Records that a group took one of the skill's conversations. Does not allocate.</summary>
    /// <param name="skill">The skill.</param>
    /// <param name="group">The group that took it: a primary group when <paramref name="cascaded"/> is false, a secondary group when it is true.</param>
    /// <param name="cascaded"><see langword="true"/> if the group took it as a secondary group (the primary group could not).</param>
    /// <exception cref="ArgumentException">The skill has no distribution, or the group is not in the list <paramref name="cascaded"/> names.</exception>
    /// <param name="turnTaken">For a primary group: its turn was already spent by <see cref="TakePrimaryTurn"/>; only the taken count changes.</param>
    void RecordTaken(SkillId skill, AgentGroupId group, bool cascaded, bool turnTaken = false);

    /// <summary>Reports, per group, the target and actual shares and the counts.</summary>
    /// <param name="skill">The skill.</param>
    /// <returns>A snapshot.</returns>
    /// <exception cref="ArgumentException">The skill has no distribution.</exception>
    WorkloadReport GetReport(SkillId skill);
}
