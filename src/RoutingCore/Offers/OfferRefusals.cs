namespace RoutingCore.Engine;

/// <summary>Why an agent cannot answer a conversation's offer: the coded refusals of Accept and Decline.</summary>
internal static class OfferRefusals
{
    public static RoutingResult NoOffer(ConversationRecord conversation, AgentRecord agent, string action)
    {
        string id = conversation.Request.Id.Value;
        string who = agent.Profile.Id.Value;
        if (conversation.Agent == agent)
        {
            return RoutingResult.Failure(RoutingErrorCode.AlreadyAccepted, $"Agent '{who}' cannot {action} conversation '{id}': it already accepted it, and the conversation is assigned to it.");
        }

        if (conversation.PastOffers is { } past && past.TryGet(agent.Profile.Id, out RoutingErrorCode code))
        {
            if (code == RoutingErrorCode.AlreadyDeclined)
            {
                return RoutingResult.Failure(code, $"Agent '{who}' cannot {action} conversation '{id}': it already declined it, and is not offered it again.");
            }

            return Withdrawn(conversation, who, action);
        }

        if (conversation.IsExcluded(agent))
        {
            return RoutingResult.Failure(RoutingErrorCode.NotOffered, $"Agent '{who}' cannot {action} conversation '{id}': it handed the conversation back (returned or transferred it), and is not offered it again.");
        }

        // Accepted from an offer while others were offered it too: the withdrawn offers were forgotten at the acceptance
        // (PastOfferLog.ForgetWithdrawn), so a late answer of an agent of the conversation's skill is taken for such an
        // offer's; an agent without the skill was never offered it.
        if (conversation.State == ConversationState.Assigned && conversation.PastOffers is { Accepted: true } && HoldsSkill(agent, conversation.Skill))
        {
            return Withdrawn(conversation, who, action);
        }

        string pending = conversation.Offers.Count == 0
            ? $"it is {conversation.State}"
            : $"it is offered to {string.Join(", ", conversation.Offers.Select(o => o.Agent.Profile.Id.Value))}";
        return RoutingResult.Failure(RoutingErrorCode.NotOffered, $"Agent '{who}' cannot {action} conversation '{id}': it was never offered it ({pending}); only an agent holding a pending offer can {action} it.");
    }

    private static bool HoldsSkill(AgentRecord agent, SkillId? skill)
    {
        if (skill is not { } wanted)
        {
            return true;
        }

        foreach (AgentSkill held in agent.Profile.Skills)
        {
            if (held.Skill == wanted)
            {
                return true;
            }
        }

        return false;
    }

    private static RoutingResult Withdrawn(ConversationRecord conversation, string who, string action)
    {
        string now = conversation.State == ConversationState.Assigned
            ? $"the conversation is assigned to '{conversation.Agent!.Profile.Id}'"
            : $"the conversation is now {conversation.State}";
        return RoutingResult.Failure(RoutingErrorCode.OfferWithdrawn, $"Agent '{who}' cannot {action} conversation '{conversation.Request.Id.Value}': its offer was withdrawn ({now}).");
    }
}
