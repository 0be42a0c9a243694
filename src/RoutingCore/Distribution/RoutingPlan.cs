using System.Collections.Immutable;
using System.Globalization;
using System.Text;

namespace RoutingCore;

/// <summary>
/// The answer to "who may receive this conversation, and in which order": either ordered steps of agents offered a delay
/// apart, or — when <see cref="HasAgents"/> is false — nobody can take it now, with the reasons in
/// <see cref="Exclusions"/>. Immutable.
/// </summary>
public sealed class RoutingPlan
{
    /// <summary>
    /// Creates a plan. The engine makes them; a host rebuilds one with this constructor when it carries plans across a
    /// process boundary (as the Orleans package does) or fakes an engine in its tests.
    /// </summary>
    /// <param name="conversation">The conversation planned.</param>
    /// <param name="skill">The skill it was planned for; <see langword="null"/> when any agent may take it.</param>
    /// <param name="strategy">The name of the strategy that scored the agents.</param>
    /// <param name="stepDelay">The delay between two steps.</param>
    /// <param name="plannedAt">The engine's time when the plan was made.</param>
    /// <param name="steps">The steps, highest scores first; empty when nobody can take the conversation now.</param>
    /// <param name="agentCount">How many agents the plan offers the conversation to, over all steps.</param>
    /// <param name="exclusions">How many agents were left out, per reason.</param>
    /// <exception cref="ArgumentNullException"><paramref name="strategy"/> is <see langword="null"/>.</exception>
    public RoutingPlan(
        ConversationId conversation,
        SkillId? skill,
        string strategy,
        TimeSpan stepDelay,
        DateTimeOffset plannedAt,
        ImmutableArray<RoutingStep> steps,
        int agentCount,
        ImmutableArray<ExclusionCount> exclusions)
    {
        Conversation = conversation;
        Skill = skill;
        Strategy = strategy ?? throw new ArgumentNullException(nameof(strategy));
        StepDelay = stepDelay;
        PlannedAt = plannedAt;
        Steps = steps;
        AgentCount = agentCount;
        Exclusions = exclusions;
    }

    /// <summary>The conversation planned.</summary>
    public ConversationId Conversation { get; }

    /// <summary>The skill it was planned for; <see langword="null"/> when any agent may take it.</summary>
    public SkillId? Skill { get; }

    /// <summary>The name of the strategy that scored the agents.</summary>
    public string Strategy { get; }

    /// <summary>The delay between two steps.</summary>
    public TimeSpan StepDelay { get; }

    /// <summary>The engine's time when the plan was made.</summary>
    public DateTimeOffset PlannedAt { get; }

    /// <summary>The steps, highest scores first; empty when nobody can take the conversation now.</summary>
    public ImmutableArray<RoutingStep> Steps { get; }

    /// <summary>How many agents the plan offers the conversation to, over all steps.</summary>
    public int AgentCount { get; }

    /// <summary>Whether any agent can take the conversation now.</summary>
    public bool HasAgents => AgentCount > 0;

    /// <summary>
    /// How many agents were left out, per reason (only reasons that left someone out). Filled whether or not the plan
    /// has agents.
    /// </summary>
    public ImmutableArray<ExclusionCount> Exclusions { get; }

    /// <summary>
    /// The best agent: the highest score of the first step (the earliest on the roster among scores within 1e-9 of each
    /// other, which the engine treats as equal), as <see cref="IRoutingEngine.SelectBest(ConversationRequest)"/> selects it; or
    /// <see langword="null"/> when the plan has none. The first step lists its agents in roster order, so when it also holds
    /// lower scores (a plan of one step, or more distinct scores than steps) its first agent need not be the best.
    /// </summary>
    public PlannedAgent? First
    {
        get
        {
            if (!HasAgents)
            {
                return null;
            }

            StepAgents agents = Steps[0].Agents;
            PlannedAgent best = agents[0];
            for (int i = 1; i < agents.Length; i++)
            {
                if (agents[i].Score > best.Score + RoutingDefaults.ScoreTolerance)
                {
                    best = agents[i];
                }
            }

            return best;
        }
    }

    /// <summary>Describes the plan in one line per step, for logs.</summary>
    /// <returns>The description.</returns>
    public override string ToString()
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"Plan for '{Conversation}' (skill {Skill?.ToString() ?? "any"}, {Strategy}): ");
        if (!HasAgents)
        {
            text.Append("nobody can take it now");
            AppendExclusions(text);
            return text.ToString();
        }

        foreach (RoutingStep step in Steps)
        {
            text.Append(CultureInfo.InvariantCulture, $"[step {step.Index + 1} at +{step.OfferAfter.TotalSeconds:0.#}s:");
            foreach (PlannedAgent agent in step.Agents)
            {
                text.Append(CultureInfo.InvariantCulture, $" {agent.Agent}({agent.Score:0.###})");
            }

            text.Append("] ");
        }

        AppendExclusions(text);
        return text.ToString().TrimEnd();
    }

    private void AppendExclusions(StringBuilder text)
    {
        if (Exclusions.IsDefaultOrEmpty)
        {
            return;
        }

        text.Append(" (left out:");
        foreach (ExclusionCount exclusion in Exclusions)
        {
            text.Append(CultureInfo.InvariantCulture, $" {exclusion.Agents} {exclusion.Reason}");
        }

        text.Append(')');
    }
}
