using System.Collections.Immutable;

namespace RoutingCore;

/// <summary>Why one agent is or is not in a plan: its exclusion reason, or its score, step and score components.</summary>
public sealed class AgentExplanation
{
    internal AgentExplanation(AgentId agent, ExclusionReason? exclusion, string? detail, double? score, int? step, ImmutableArray<ScoreComponent> components)
    {
        Agent = agent;
        Exclusion = exclusion;
        Detail = detail;
        Score = score;
        Step = step;
        Components = components;
    }

    /// <summary>The agent.</summary>
    public AgentId Agent { get; }

    /// <summary>Whether the agent is in the plan.</summary>
    public bool IsEligible => Exclusion is null;

    /// <summary>Why the agent was left out; <see langword="null"/> when it is in the plan.</summary>
    public ExclusionReason? Exclusion { get; }

    /// <summary>A human-readable detail, for example "missing tag 'es'" or "at capacity 100%".</summary>
    public string? Detail { get; }

    /// <summary>The agent's score (0..1) when it is in the plan.</summary>
    public double? Score { get; }

    /// <summary>The step (from 0) the agent is offered in, when it is in the plan.</summary>
    public int? Step { get; }

    /// <summary>The components of the score, as the strategy describes them (empty for broadcast).</summary>
    public ImmutableArray<ScoreComponent> Components { get; }

    /// <summary>Describes the agent's place in the plan.</summary>
    /// <returns>The description.</returns>
    public override string ToString() => IsEligible
        ? FormattableString.Invariant($"{Agent}: step {Step + 1}, score {Score:0.###}")
        : $"{Agent}: left out, {Detail}";
}
