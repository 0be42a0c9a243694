namespace RoutingCore.Capacity;

/// <summary>
/// The intensity-based model (dynamic capacity, seeds 001 and 003): each assigned conversation weighs by its message
/// intensity — <see cref="CapacitySettings.ActiveWeight"/> while it waits on the agent,
/// <see cref="CapacitySettings.InactiveWeight"/> once it has waited on its consumer for
/// <see cref="CapacitySettings.TimeToInactive"/> — and utilization is the sum of weights over the agent's slots
/// (<see cref="AgentProfile.MaxConcurrent"/>, else the account default). A new conversation counts as active; the agent
/// can take it while utilization after adding it stays at or below 1 plus the overbook allowance.
/// </summary>
internal sealed class IntensityCapacityModel : ICapacityModel
{
    public string Name => CapacityModelNames.Intensity;

    public double GetLimit(AgentProfile agent, in CapacitySettings settings) => 1.0 + settings.OverbookAllowance;

    public double GetConversationCost(AgentProfile agent, ReadOnlySpan<MediaType> media, in CapacitySettings settings) =>
        settings.ActiveWeight / Slots(agent, settings);

    public double GetConversationLoad(AgentProfile agent, in AssignedConversation conversation, DateTimeOffset now, in CapacitySettings settings)
    {
        double weight = IsInactive(conversation, now, settings) ? settings.InactiveWeight : settings.ActiveWeight;
        return weight / Slots(agent, settings);
    }

    public DateTimeOffset? GetNextLoadChange(AgentProfile agent, in AssignedConversation conversation, DateTimeOffset now, in CapacitySettings settings)
    {
        if (!conversation.IsWaitingOnConsumer)
        {
            return null;
        }

        DateTimeOffset inactiveAt = conversation.LastAgentMessageAt!.Value + settings.TimeToInactive;
        return inactiveAt > now ? inactiveAt : null;
    }

    private static bool IsInactive(in AssignedConversation conversation, DateTimeOffset now, in CapacitySettings settings) =>
        conversation.IsWaitingOnConsumer && now - conversation.LastAgentMessageAt!.Value >= settings.TimeToInactive;

    private static int Slots(AgentProfile agent, in CapacitySettings settings) => agent.MaxConcurrent ?? settings.DefaultMaxConcurrent;
}
