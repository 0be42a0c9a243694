namespace RoutingCore.Tests.PropertyBased.Shared;

/// <summary>
/// The two built-in capacity models as the README and their XML docs define them, written out again for checking the
/// engine: limits, the cost of admitting a conversation and the load of an assigned one.
/// </summary>
internal static class CapacityDefinition
{
    public static bool IsIntensity(RoutingOptions options) =>
        string.Equals(options.CapacityModel, CapacityModelNames.Intensity, StringComparison.OrdinalIgnoreCase);

    /// <summary>max-concurrent: 1 (100%); intensity: 1 + the overbook allowance.</summary>
    public static double Limit(RoutingOptions options) => IsIntensity(options) ? 1 + options.Intensity.OverbookAllowance : 1;

    /// <summary>
    /// max-concurrent: the heaviest medium, a session costing 1/max (the medium's own maximum, else the agent's, else the
    /// account default); intensity: the active weight over the agent's slots.
    /// </summary>
    public static double Cost(AgentProfile agent, IReadOnlyList<MediaType> media, RoutingOptions options)
    {
        if (IsIntensity(options))
        {
            return options.Intensity.ActiveWeight / Slots(agent, options);
        }

        double heaviest = 0;
        foreach (MediaType medium in media)
        {
            int max = agent.MaxConcurrent ?? options.MaxConcurrent.DefaultMaxConcurrent;
            foreach (MediaCapacity handled in agent.Media)
            {
                if (handled.Media == medium && handled.MaxSessions is { } own)
                {
                    max = own;
                }
            }

            heaviest = Math.Max(heaviest, 1.0 / max);
        }

        return heaviest;
    }

    /// <summary>
    /// The load of an assigned conversation now. max-concurrent: its cost, or 0 for a chat-only conversation with no
    /// activity (assignment or message) for more than the idle-chat timeout. intensity: the inactive weight once the agent wrote last
    /// and the consumer has been silent for the time to inactive, else the active weight; over the agent's slots.
    /// </summary>
    public static double Load(AgentProfile agent, LedgerView conversation, DateTimeOffset now, RoutingOptions options)
    {
        ConversationRequest request = conversation.Request!;
        if (IsIntensity(options))
        {
            bool waitingOnConsumer = conversation.LastAgent is { } agentWrote && (conversation.LastConsumer is not { } consumerWrote || agentWrote >= consumerWrote);
            bool inactive = waitingOnConsumer && now - conversation.LastAgent!.Value >= options.Intensity.TimeToInactive;
            return (inactive ? options.Intensity.InactiveWeight : options.Intensity.ActiveWeight) / Slots(agent, options);
        }

        TimeSpan idle = options.MaxConcurrent.IdleChatTimeout;
        bool chatOnly = request.Media.All(m => m == MediaType.Chat);
        DateTimeOffset last = Latest(conversation.AssignedAt, conversation.LastConsumer, conversation.LastAgent);
        return idle > TimeSpan.Zero && chatOnly && now - last > idle ? 0 : Cost(agent, request.Media, options); // idle for MORE than the timeout (seed 004)
    }

    private static int Slots(AgentProfile agent, RoutingOptions options) => agent.MaxConcurrent ?? options.MaxConcurrent.DefaultMaxConcurrent;

    private static DateTimeOffset Latest(DateTimeOffset first, DateTimeOffset? second, DateTimeOffset? third) =>
        new[] { first, second ?? first, third ?? first }.Max();
}
