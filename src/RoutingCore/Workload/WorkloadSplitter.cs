namespace RoutingCore;

/// <summary>
/// Decides how a skill's new conversations are split over the agent groups of its workload distribution: which primary
/// group gets the turn of each new conversation, and in which order the secondary groups are tried when that group cannot
/// take it. The engine does the rest — it keeps each skill's distribution, spends one primary turn for every conversation
/// it routes (or, for a group with catch-up ready, one of those), counts what each group took and what it is owed (for
/// <see cref="IRoutingEngine.GetWorkloadReport"/> and the saved state) and shows those counts to the splitter in a
/// <see cref="WorkloadSplitContext"/>.
/// </summary>
/// <remarks>
/// <para>
/// The built-in splitter (<see cref="Create"/>) is exact: while every chosen group takes its conversation, each group's count
/// differs from its percentage of the total by less than one conversation at every moment. A group that could not take a
/// turn (its conversation cascaded, or closed before the group accepted it) is owed it, up to
/// <see cref="RoutingOptions.WorkloadCatchUpLimit"/> conversations; once it takes a conversation again it is served first,
/// whenever it can take one now, until it has caught up (<see cref="WorkloadSplitContext.PrimaryCatchUp"/>). To split by a rule of your own,
/// derive from this class, override <see cref="ChoosePrimaryCore"/> and <see cref="RankSecondariesCore"/>, and plug it in
/// with <c>services.AddRoutingEngine().UseWorkloadSplitter(services =&gt; new MySplitter())</c>, which makes one for each
/// engine. The public methods check the context and what the override answers.
/// </para>
/// <para>
/// An engine calls its splitter under its lock, one call at a time, and a splitter is refused to a second engine; it must not
/// call the engine. Only an engine with the built-in splitter can save and restore its state
/// (<see cref="IRoutingEngine.SaveState(Stream)"/>), since a splitter of your own may keep state the document cannot hold.
/// </para>
/// </remarks>
public abstract class WorkloadSplitter
{
    /// <summary>Initializes a splitter.</summary>
    protected WorkloadSplitter()
    {
    }

    /// <summary>Creates the built-in splitter: an exact quota split (a group's turns stay within one of its percentage) that serves first a group owed turns it could not take, with no state of its own.</summary>
    /// <returns>A new splitter.</returns>
    public static WorkloadSplitter Create() => new QuotaWorkloadSplitter();

    /// <summary>Chooses the primary group that gets the turn of the skill's next new conversation.</summary>
    /// <param name="context">The skill, its distribution and the counts since the distribution was set.</param>
    /// <returns>The chosen group's index in the distribution's <see cref="WorkloadDistribution.Primary"/> list.</returns>
    /// <exception cref="ArgumentException"><paramref name="context"/> is the default value (it has no distribution).</exception>
    /// <exception cref="InvalidOperationException">The splitter chose no primary group, or one with 0 percent.</exception>
    public int ChoosePrimary(in WorkloadSplitContext context)
    {
        WorkloadDistribution distribution = Require(context);
        int chosen = ChoosePrimaryCore(context);
        if ((uint)chosen >= (uint)distribution.Primary.Length || distribution.Primary[chosen].Percentage <= 0)
        {
            throw Broken(context, $"chose index {chosen}", "the index of a primary group whose percentage is above 0", distribution.Primary.Length);
        }

        return chosen;
    }

    /// <summary>
    /// Writes the skill's secondary groups in the order a conversation cascades to them, best first; groups with 0 percent
    /// are left out, and a splitter may leave out others.
    /// </summary>
    /// <param name="context">The skill, its distribution and the counts since the distribution was set.</param>
    /// <param name="destination">Receives indexes in the distribution's <see cref="WorkloadDistribution.Secondary"/> list; when it is shorter than the list, only the best are written.</param>
    /// <returns>The number of indexes written (0 when the skill has no secondary groups).</returns>
    /// <exception cref="ArgumentException"><paramref name="context"/> is the default value (it has no distribution).</exception>
    /// <exception cref="InvalidOperationException">The splitter wrote more indexes than fit, or an index of no secondary group or of one with 0 percent.</exception>
    public int RankSecondaries(in WorkloadSplitContext context, Span<int> destination)
    {
        WorkloadDistribution distribution = Require(context);
        int written = RankSecondariesCore(context, destination);
        int most = Math.Min(destination.Length, distribution.Secondary.Length);
        if ((uint)written > (uint)most)
        {
            throw Broken(context, $"reported {written} secondary groups written", $"a count from 0 to {most}", distribution.Secondary.Length);
        }

        for (int i = 0; i < written; i++)
        {
            int index = destination[i];
            if ((uint)index >= (uint)distribution.Secondary.Length || distribution.Secondary[index].Percentage <= 0)
            {
                throw Broken(context, $"ranked index {index}", "indexes of secondary groups whose percentage is above 0", distribution.Secondary.Length);
            }
        }

        return written;
    }

    /// <summary>Chooses the primary group of the skill's next new conversation (called by <see cref="ChoosePrimary"/>).</summary>
    /// <param name="context">The skill, its distribution and the counts since the distribution was set.</param>
    /// <returns>An index in the distribution's <see cref="WorkloadDistribution.Primary"/> list, of a group whose percentage is above 0.</returns>
    protected abstract int ChoosePrimaryCore(in WorkloadSplitContext context);

    /// <summary>Ranks the skill's secondary groups best first (called by <see cref="RankSecondaries"/>).</summary>
    /// <param name="context">The skill, its distribution and the counts since the distribution was set.</param>
    /// <param name="destination">Receives indexes in the distribution's <see cref="WorkloadDistribution.Secondary"/> list.</param>
    /// <returns>The number of indexes written, at most the destination's length.</returns>
    protected abstract int RankSecondariesCore(in WorkloadSplitContext context, Span<int> destination);

    private static WorkloadDistribution Require(in WorkloadSplitContext context) =>
        context.Distribution ?? throw new ArgumentException("The workload split context is the default value; create it with a skill and its distribution.", nameof(context));

    private InvalidOperationException Broken(in WorkloadSplitContext context, string what, string expected, int groups) => new(
        $"The workload splitter {GetType().FullName} {what} for skill '{context.Skill}', whose list has {groups} group(s); a splitter must answer {expected}.");
}
