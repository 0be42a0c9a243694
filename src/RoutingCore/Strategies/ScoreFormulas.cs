namespace RoutingCore.Strategies;

/// <summary>The score components the built-in strategies share, each 0..1.</summary>
internal static class ScoreFormulas
{
    internal const string LoadComponent = "load";
    internal const string IdleComponent = "idle";
    internal const string TagsComponent = "tags";
    internal const string AffinityComponent = "affinity";

    /// <summary>Skill match: the share of optional tags held, times the proficiency in the skill.</summary>
    internal static double Tags(in AgentCandidate candidate) => candidate.TagMatch * candidate.Proficiency;

    /// <summary>Idle time relative to the longest-idle candidate (1 when every candidate is equally idle).</summary>
    internal static double Idle(in ScoringContext context, in AgentCandidate candidate)
    {
        long max = context.MaxIdleTime.Ticks;
        return max <= 0 ? 1.0 : (double)Math.Max(0, candidate.IdleTime.Ticks) / max;
    }

    /// <summary>Free capacity: one minus utilization.</summary>
    internal static double Load(in AgentCandidate candidate) => 1.0 - candidate.Utilization;

    /// <summary>Consumer affinity: 1 when the agent served this consumer before.</summary>
    internal static double Affinity(in AgentCandidate candidate) => candidate.ServedConsumerBefore ? 1.0 : 0.0;
}
