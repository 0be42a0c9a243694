using System.Collections.Immutable;
using System.Text;

namespace RoutingCore;

/// <summary>A plan together with the reason for every agent on the roster: left out and why, or scored and how.</summary>
public sealed class RoutingExplanation
{
    internal RoutingExplanation(RoutingPlan plan, ImmutableArray<AgentExplanation> agents)
    {
        Plan = plan;
        Agents = agents;
    }

    /// <summary>The plan (the same the engine's <see cref="IRoutingEngine.Plan(ConversationRequest)"/> would give).</summary>
    public RoutingPlan Plan { get; }

    /// <summary>One entry per agent on the roster, in roster order.</summary>
    public ImmutableArray<AgentExplanation> Agents { get; }

    /// <summary>Returns the entry of one agent.</summary>
    /// <param name="agent">The agent.</param>
    /// <returns>The entry.</returns>
    /// <exception cref="RoutingOperationException">The agent was not on the roster when the explanation was made (<see cref="RoutingErrorCode.UnknownAgent"/>).</exception>
    public AgentExplanation For(AgentId agent)
    {
        foreach (AgentExplanation entry in Agents)
        {
            if (entry.Agent == agent)
            {
                return entry;
            }
        }

        throw new RoutingOperationException(RoutingErrorCode.UnknownAgent, $"Agent '{agent}' was not on the roster when this explanation was made; explain again after adding it, or check the id.");
    }

    /// <summary>Describes the plan and every agent, one per line.</summary>
    /// <returns>The description.</returns>
    public override string ToString()
    {
        var text = new StringBuilder().AppendLine(Plan.ToString());
        foreach (AgentExplanation agent in Agents)
        {
            text.Append("  ").AppendLine(agent.ToString());
        }

        return text.ToString();
    }
}
