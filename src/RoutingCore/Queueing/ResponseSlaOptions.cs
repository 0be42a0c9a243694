namespace RoutingCore;

/// <summary>
/// The response-time SLA (seed 003): how long a waiting conversation may wait before its SLA is breached. The waiting
/// queue serves, within one priority, the conversation closest to breaching first.
/// </summary>
public sealed class ResponseSlaOptions
{
    /// <summary>The account default; greater than zero.</summary>
    /// <value>Defaults to 2 minutes.</value>
    public TimeSpan Default { get; set; } = RoutingDefaults.ResponseSla;

    /// <summary>
    /// SLAs by conversation type (<see cref="ConversationRequest.ConversationType"/>), for example
    /// <see cref="ConversationTypes.FirstTime"/> or <see cref="ConversationTypes.Urgent"/>; each greater than zero.
    /// </summary>
    public Dictionary<string, TimeSpan> ByConversationType { get; set; } = new(StringComparer.OrdinalIgnoreCase);
}
