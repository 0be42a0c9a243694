using System.Collections.Immutable;
using RoutingCore.Tests.PropertyBased.Shared;

namespace RoutingCore.Tests.PropertyBased;

/// <summary>
/// A deliberately simple, slow planner written from the documented rules only (README "Concepts", the strategies' XML docs and
/// <c>ScoreFormulas</c>, <c>StepPlanner</c>'s doc, <see cref="IRoutingEngine.SelectBest"/>'s tie-break), reading the agents
/// through their public snapshots. It calls nothing of the engine's planning.
/// </summary>
/// <remarks>
/// Filtering gives each left-out agent the first reason that applies, in this order: skill (a conversation for a skill is
/// planned only over the agents holding it), state (only online agents), media (every medium of the conversation), required tags
/// (all, case-insensitive), capacity (load + exclusive reservations + the conversation's cost within the limit, 1e-9 tolerance).
/// </remarks>
internal static class ReferencePlanner
{
    private const double Tolerance = 1e-9;

    /// <summary>One agent's outcome: left out for a reason, or scored.</summary>
    internal sealed record Outcome(AgentId Agent, ExclusionReason? Reason, double Score);

    /// <summary>The reference plan: steps of (agent, score) in roster order within a step, and the exclusion counts.</summary>
    internal sealed record Result(string Strategy, TimeSpan StepDelay, List<List<(AgentId Agent, double Score)>> Steps, List<(ExclusionReason Reason, int Agents)> Exclusions, List<Outcome> Outcomes)
    {
        /// <summary>The highest score, the earliest on the roster among ties; null when nobody is in the plan.</summary>
        public (AgentId Agent, double Score)? Best
        {
            get
            {
                (AgentId Agent, double Score)? best = null;
                foreach (Outcome o in Outcomes.Where(o => o.Reason is null))
                {
                    if (best is null || o.Score > best.Value.Score + Tolerance)
                    {
                        best = (o.Agent, o.Score);
                    }
                }

                return best;
            }
        }
    }

    /// <summary>Plans a request over the roster.</summary>
    /// <param name="options">The engine's options.</param>
    /// <param name="roster">The agents, in roster order.</param>
    /// <param name="servedConsumer">The agents who served the request's consumer most recently (the engine remembers 4), most recent first.</param>
    /// <param name="request">The request.</param>
    /// <param name="now">The engine's time.</param>
    public static Result Plan(RoutingOptions options, IReadOnlyList<AgentSnapshot> roster, IReadOnlyList<AgentId> servedConsumer, ConversationRequest request, DateTimeOffset now)
    {
        SkillOptions? own = request.Skill is { } s && options.Skills.TryGetValue(s.Value, out SkillOptions? configured) ? configured : null;
        string strategy = own?.Strategy ?? options.Strategy;
        int steps = own?.Steps ?? options.Steps;
        TimeSpan delay = own?.StepDelay ?? options.StepDelay;
        ScoringWeightsOptions weights = own?.CustomWeights ?? options.CustomWeights;
        string[] optional = [.. request.OptionalTags.Distinct(StringComparer.OrdinalIgnoreCase)];
        HashSet<AgentId> served = [.. servedConsumer.Take(RoutingDefaults.ConsumerHistoryDepth)];

        // 1. Filter, and gather each candidate's facts.
        var outcomes = new List<Outcome>();
        var candidates = new List<(AgentSnapshot Agent, double Utilization, TimeSpan Idle, double TagMatch, double Proficiency, bool Served)>();
        foreach (AgentSnapshot agent in roster)
        {
            AgentProfile profile = agent.Profile;
            double? proficiency = request.Skill is { } skill ? profile.Skills.Where(h => h.Skill == skill).Select(h => (double?)(h.Proficiency ?? 1.0)).FirstOrDefault() : 1.0;
            ExclusionReason? reason =
                proficiency is null ? ExclusionReason.MissingSkill
                : agent.State switch
                {
                    AgentState.Online => null,
                    AgentState.Away => ExclusionReason.Away,
                    AgentState.BackSoon => ExclusionReason.BackSoon,
                    AgentState.Paused => ExclusionReason.Paused,
                    _ => ExclusionReason.Offline,
                };
            reason ??= request.Media.All(m => profile.Media.Any(h => string.Equals(h.Media.Name, m.Name, StringComparison.OrdinalIgnoreCase))) ? null : ExclusionReason.WrongMedia;
            reason ??= request.RequiredTags.All(t => profile.Tags.Contains(t, StringComparer.OrdinalIgnoreCase)) ? null : ExclusionReason.MissingTag;
            reason ??= agent.Load + agent.Reserved + CapacityDefinition.Cost(profile, request.Media, options) > agent.Limit + Tolerance ? ExclusionReason.AtCapacity : null;
            outcomes.Add(new Outcome(profile.Id, reason, 0));
            if (reason is null)
            {
                double utilization = agent.Limit > 0 ? Math.Clamp((agent.Load + agent.Reserved) / agent.Limit, 0, 1) : 1;
                TimeSpan idle = now - (agent.LastAcceptedAt ?? agent.StateSince);
                double tagMatch = optional.Length == 0 ? 1 : (double)optional.Count(t => profile.Tags.Contains(t, StringComparer.OrdinalIgnoreCase)) / optional.Length;
                candidates.Add((agent, utilization, idle < TimeSpan.Zero ? TimeSpan.Zero : idle, tagMatch, proficiency!.Value, served.Contains(profile.Id)));
            }
        }

        // 2. Score, with the strategy's documented formula; clamp to 0..1.
        TimeSpan maxIdle = candidates.Count == 0 ? TimeSpan.Zero : candidates.Max(c => c.Idle);
        var scores = new Dictionary<AgentId, double>();
        foreach (var c in candidates)
        {
            double load = 1 - c.Utilization;
            double idle = maxIdle <= TimeSpan.Zero ? 1 : c.Idle.Ticks / (double)maxIdle.Ticks;
            double tags = c.TagMatch * c.Proficiency;
            double affinity = c.Served ? 1 : 0;
            double totalWeight = weights.Load + weights.Idle + weights.Tags + weights.Affinity;
            double score = strategy.ToLowerInvariant() switch
            {
                RoutingStrategyNames.Broadcast => 0,
                RoutingStrategyNames.SkillBased => tags,
                RoutingStrategyNames.RoundRobin => idle,
                RoutingStrategyNames.LeastLoaded => load,
                RoutingStrategyNames.Dynamic => (tags + idle + load) / 3,
                RoutingStrategyNames.CustomWeighted => totalWeight <= 0 ? 0
                    : ((weights.Load * load) + (weights.Idle * idle) + (weights.Tags * tags) + (weights.Affinity * affinity)) / totalWeight,
                _ => throw new ArgumentException($"The reference planner does not know strategy '{strategy}'.", nameof(options)),
            };
            scores[c.Agent.Id] = double.IsNaN(score) ? 0 : Math.Clamp(score, 0, 1);
        }

        for (int i = 0; i < outcomes.Count; i++)
        {
            if (outcomes[i].Reason is null)
            {
                outcomes[i] = outcomes[i] with { Score = scores[outcomes[i].Agent] };
            }
        }

        // 3. Steps: each distinct score (within the tolerance), highest first, gets its own step until the last, which takes the rest.
        var levels = new List<double>();
        foreach (double score in scores.Values.OrderByDescending(v => v))
        {
            if (levels.Count == 0 || levels[^1] - score > Tolerance)
            {
                levels.Add(score);
            }
        }

        int ownSteps = Math.Min(levels.Count, steps - 1);
        int stepCount = levels.Count == 0 ? 0 : Math.Min(levels.Count, steps);
        var planSteps = Enumerable.Range(0, stepCount).Select(_ => new List<(AgentId, double)>()).ToList();
        foreach (Outcome o in outcomes.Where(o => o.Reason is null))
        {
            int step = levels.FindIndex(l => Math.Abs(l - o.Score) <= Tolerance);
            planSteps[Math.Min(step, ownSteps)].Add((o.Agent, o.Score));
        }

        List<(ExclusionReason, int)> exclusions = [.. outcomes.Where(o => o.Reason is not null).GroupBy(o => o.Reason!.Value).OrderBy(g => g.Key).Select(g => (g.Key, g.Count()))];
        return new Result(strategy, delay, planSteps, exclusions, outcomes);
    }

    /// <summary>The differences between an engine's plan (and explanation, and selection) and the reference; empty when they agree.</summary>
    public static List<string> Compare(Result expected, RoutingPlan plan, RoutingExplanation explanation, PlannedAgent? selected)
    {
        var differences = new List<string>();
        if (!string.Equals(plan.Strategy, expected.Strategy, StringComparison.OrdinalIgnoreCase))
        {
            differences.Add($"strategy {plan.Strategy}, expected {expected.Strategy}");
        }

        if (plan.Steps.Length != expected.Steps.Count)
        {
            differences.Add($"{plan.Steps.Length} step(s), expected {expected.Steps.Count}");
        }

        for (int s = 0; s < Math.Min(plan.Steps.Length, expected.Steps.Count); s++)
        {
            RoutingStep step = plan.Steps[s];
            List<(AgentId Agent, double Score)> want = expected.Steps[s];
            if (step.Index != s || step.OfferAfter != expected.StepDelay * s)
            {
                differences.Add($"step {s + 1} is index {step.Index} at +{step.OfferAfter}, expected +{expected.StepDelay * s}");
            }

            if (!step.Agents.Select(a => a.Agent).SequenceEqual(want.Select(a => a.Agent))
                || step.Agents.Zip(want).Any(p => Math.Abs(p.First.Score - p.Second.Score) > 1e-9))
            {
                differences.Add($"step {s + 1}: [{string.Join(" ", step.Agents.Select(a => $"{a.Agent}({a.Score:R})"))}], expected [{string.Join(" ", want.Select(a => $"{a.Agent}({a.Score:R})"))}]");
            }
        }

        ImmutableArray<ExclusionCount> exclusions = plan.Exclusions;
        if (!exclusions.Select(e => (e.Reason, e.Agents)).SequenceEqual(expected.Exclusions))
        {
            differences.Add($"left out [{string.Join(", ", exclusions.Select(e => $"{e.Agents} {e.Reason}"))}], expected [{string.Join(", ", expected.Exclusions.Select(e => $"{e.Agents} {e.Reason}"))}]");
        }

        foreach ((AgentExplanation actual, Outcome want) in explanation.Agents.Zip(expected.Outcomes))
        {
            if (actual.Agent != want.Agent || actual.Exclusion != want.Reason || (want.Reason is null && Math.Abs(actual.Score!.Value - want.Score) > 1e-9))
            {
                differences.Add($"explanation of {actual.Agent}: {actual}, expected {(want.Reason is { } r ? r.ToString() : $"score {want.Score:R}")}");
            }
        }

        (AgentId Agent, double Score)? best = expected.Best;
        if (selected?.Agent != best?.Agent || (best is { } b && Math.Abs(selected!.Value.Score - b.Score) > 1e-9) || selected != plan.First)
        {
            differences.Add($"SelectBest gives {selected}, the plan's first is {plan.First}, expected {best}");
        }

        return differences;
    }
}
