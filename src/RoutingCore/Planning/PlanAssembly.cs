using System.Collections.Immutable;
using System.Runtime.InteropServices;
using RoutingCore.Distribution;

namespace RoutingCore.Engine;

/// <summary>Turns planning's scratch buffers into the results a caller keeps: the plan's steps, its exclusion counts, an explanation.</summary>
internal static class PlanAssembly
{
    /// <summary>
    /// The plan's steps: ranges, step after step, of one storage of the candidates' positions among the ids and clamped
    /// scores, with the levels that decide their steps (<see cref="PlanStorage"/>). <paramref name="sharedIds"/> is a skill index's ids, which the plan
    /// refers to (the index copies them before changing them); without it, the plan copies <paramref name="ids"/>.
    /// Candidate <c>i</c> is id <c>slots[i]</c>.
    /// </summary>
    public static ImmutableArray<RoutingStep> BuildSteps(ReadOnlySpan<AgentId> ids, AgentId[]? sharedIds, ReadOnlySpan<int> slots, ReadOnlySpan<double> scores, ReadOnlySpan<double> levels, ReadOnlySpan<int> sizes, TimeSpan delay)
    {
        int stepCount = sizes.Length;
        if (stepCount == 0)
        {
            return [];
        }

        var storage = PlanStorage.Create(ids, sharedIds, slots, scores, levels, sizes);
        var steps = new RoutingStep[stepCount];
        int start = 0;
        for (int s = 0; s < stepCount; s++)
        {
            steps[s] = new RoutingStep(s, delay * s, new StepAgents(storage, start, sizes[s]));
            start += sizes[s];
        }

        return ImmutableCollectionsMarshal.AsImmutableArray(steps);
    }

    public static ImmutableArray<ExclusionCount> Exclusions(ReadOnlySpan<int> reasons)
    {
        int nonZero = 0;
        foreach (int count in reasons)
        {
            if (count > 0)
            {
                nonZero++;
            }
        }

        if (nonZero == 0)
        {
            return [];
        }

        var result = new ExclusionCount[nonZero];
        int next = 0;
        for (int r = 0; r < reasons.Length; r++)
        {
            if (reasons[r] > 0)
            {
                result[next++] = new ExclusionCount((ExclusionReason)r, reasons[r]);
            }
        }

        return ImmutableCollectionsMarshal.AsImmutableArray(result);
    }

    public static RoutingExplanation BuildExplanation(SkillSettings settings, ConversationRequest request, RoutingPlan plan, List<ExplainEntry> entries, CandidateColumns candidates, long maxIdleTicks)
    {
        var context = new ScoringContext(request, request.Skill, plan.PlannedAt, settings.Weights, TimeSpan.FromTicks(maxIdleTicks));
        var columns = new ScoringColumns(candidates, plan.AgentCount);
        var stepOfAgent = new Dictionary<AgentId, (int Step, double Score)>();
        foreach (RoutingStep step in plan.Steps)
        {
            foreach (PlannedAgent agent in step.Agents)
            {
                stepOfAgent[agent.Agent] = (step.Index, agent.Score);
            }
        }

        var result = new AgentExplanation[entries.Count];
        for (int i = 0; i < entries.Count; i++)
        {
            ExplainEntry entry = entries[i];
            if (entry.Reason is { } reason)
            {
                result[i] = new AgentExplanation(entry.Agent.Profile.Id, reason, entry.Detail, null, null, []);
                continue;
            }

            (int step, double score) = stepOfAgent[entry.Agent.Profile.Id];
            ImmutableArray<ScoreComponent> components = [.. settings.Strategy.Explain(context, columns, entry.CandidateIndex)];
            result[i] = new AgentExplanation(entry.Agent.Profile.Id, null, null, score, step, components);
        }

        return new RoutingExplanation(plan, ImmutableCollectionsMarshal.AsImmutableArray(result));
    }
}
