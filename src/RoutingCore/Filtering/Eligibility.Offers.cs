namespace RoutingCore.Engine;

/// <summary>The questions of offering, built from the same rules: may a step offer, does an offer still fit.</summary>
internal sealed partial class Eligibility
{
    /// <summary>Whether the next step may offer the conversation to this agent now; <paramref name="cost"/> is its cost then.</summary>
    public bool CanOffer(AgentRecord agent, ConversationRecord conversation, ulong mediaMask, DateTimeOffset now, out double cost)
    {
        cost = 0;
        if (agent.State != AgentState.Online || conversation.IsExcluded(agent) || HoldsOffer(agent, conversation) || !CanServe(agent, conversation))
        {
            return false;
        }

        _load.RefreshIfDue(agent, now);
        cost = _load.CostFor(agent, conversation.Request, mediaMask);
        return Fits(agent.Committed, cost, agent.Limit);
    }

    /// <summary>
    /// <see cref="CanOffer"/> for an agent of a plan made at this instant for this conversation: the planner has just
    /// checked its group, skill, media, required tags and exclusions against the same profile and the same request, so
    /// only what an offer made since may have changed is asked again — its state, an offer it already holds, its capacity.
    /// </summary>
    public bool CanOfferPlanned(AgentRecord agent, ConversationRecord conversation, ulong mediaMask, DateTimeOffset now, out double cost)
    {
        cost = 0;
        if (agent.State != AgentState.Online || HoldsOffer(agent, conversation))
        {
            return false;
        }

        _load.RefreshIfDue(agent, now);
        cost = _load.CostFor(agent, conversation.Request, mediaMask);
        return Fits(agent.Committed, cost, agent.Limit);
    }

    /// <summary>Whether the agent already holds an offer of the conversation (its own few offers are searched, not the conversation's many).</summary>
    private static bool HoldsOffer(AgentRecord agent, ConversationRecord conversation)
    {
        foreach (Offer offer in agent.Offers)
        {
            if (offer.Conversation == conversation)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether an agent holding this offer still has room for it (its own reservation, if exclusive, is not counted twice).</summary>
    public static bool OfferFits(AgentRecord agent, Offer offer) =>
        Fits(agent.Committed - (offer.Conversation.Exclusive == offer ? offer.Cost : 0), offer.Cost, agent.Limit);
}
