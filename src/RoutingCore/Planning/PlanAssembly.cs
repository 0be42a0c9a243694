using System.Collections.Immutable;
using System.Runtime.InteropServices;
using RoutingCore.Distribution;

namespace RoutingCore.Engine;

/// <summary>Turns planning's scratch buffers into the results a caller keeps: the plan's steps, its exclusion counts, an explanation.</summary>
internal static class PlanAssembly
{
    /// <summary>
    /// The plan's steps: each candidate's id and clamped score written once into its step's list, which keeps a large step
    /// in chunks (<see cref="StepAgents"/>) so no plan allocates on the large-object heap.
    /// </summary>
    public static ImmutableArray<RoutingStep> BuildSteps(AgentId[] ids, ReadOnlySpan<int> slots, ReadOnlySpan<double> scores, ReadOnlySpan<int> stepOf, ReadOnlySpan<int> sizes, TimeSpan delay)
    {
        int stepCount = sizes.Length;
        if (stepCount == 0)
        {
            return [];
        }

        var steps = new RoutingStep[stepCount];
        if (stepCount == 1)
        {
            var all = new StepAgents.Builder(slots.Length);
            for (int i = 0; i < slots.Length && i < scores.Length; i++)
            {
                all.Add(new PlannedAgent(ids[slots[i]], scores[i]));
            }

            steps[0] = new RoutingStep(0, TimeSpan.Zero, all.Build());
            return ImmutableCollectionsMarshal.AsImmutableArray(steps);
        }

        var builders = new StepAgents.Builder[stepCount];
        for (int s = 0; s < stepCount; s++)
        {
            builders[s] = new StepAgents.Builder(sizes[s]);
        }

        for (int i = 0; i < slots.Length; i++)
        {
            builders[stepOf[i]].Add(new PlannedAgent(ids[slots[i]], scores[i]));
        }

        for (int s = 0; s < stepCount; s++)
        {
            steps[s] = new RoutingStep(s, delay * s, builders[s].Build());
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
