namespace RoutingCore.Capacity;

/// <summary>
/// The intensity-based model (dynamic capacity, seeds 001 and 003): each assigned conversation weighs by its message
/// intensity — <see cref="IntensityCapacityOptions.ActiveWeight"/> while it waits on the agent,
/// <see cref="IntensityCapacityOptions.InactiveWeight"/> once it has waited on its consumer for
/// <see cref="IntensityCapacityOptions.TimeToInactive"/> — and utilization is the sum of weights over the agent's slots
/// (<see cref="AgentProfile.MaxConcurrent"/>, else the account default <see cref="MaxConcurrentCapacityOptions.DefaultMaxConcurrent"/>).
/// A new conversation counts as active; the agent can take it while utilization after adding it stays at or below 1 plus
/// the overbook allowance. Made for one engine, with that engine's settings copied in.
/// </summary>
internal sealed class IntensityCapacityModel : ICapacityModel
{
    private readonly int _defaultSlots;
    private readonly double _activeWeight;
    private readonly double _inactiveWeight;
    private readonly TimeSpan _timeToInactive;
    private readonly double _limit;

    public IntensityCapacityModel(IntensityCapacityOptions options, int defaultSlots)
    {
        _defaultSlots = defaultSlots;
        _activeWeight = options.ActiveWeight;
        _inactiveWeight = options.InactiveWeight;
        _timeToInactive = options.TimeToInactive;
        _limit = 1.0 + options.OverbookAllowance;
    }

    public string Name => CapacityModelNames.Intensity;

    public double GetLimit(AgentProfile agent) => _limit;

    public double GetConversationCost(AgentProfile agent, ReadOnlySpan<MediaType> media) => _activeWeight / Slots(agent);

    public double GetConversationLoad(AgentProfile agent, in AssignedConversation conversation, DateTimeOffset now)
    {
        double weight = IsInactive(conversation, now) ? _inactiveWeight : _activeWeight;
        return weight / Slots(agent);
    }

    public DateTimeOffset? GetNextLoadChange(AgentProfile agent, in AssignedConversation conversation, DateTimeOffset now)
    {
        if (!conversation.IsWaitingOnConsumer)
        {
            return null;
        }

        DateTimeOffset inactiveAt = conversation.LastAgentMessageAt!.Value + _timeToInactive;
        return inactiveAt > now ? inactiveAt : null;
    }

    private bool IsInactive(in AssignedConversation conversation, DateTimeOffset now) =>
        conversation.IsWaitingOnConsumer && now - conversation.LastAgentMessageAt!.Value >= _timeToInactive;

    private int Slots(AgentProfile agent) => agent.MaxConcurrent ?? _defaultSlots;
}
