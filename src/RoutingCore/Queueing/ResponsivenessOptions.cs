namespace RoutingCore;

/// <summary>
/// Settings of the <see cref="QueueOrderingNames.Responsiveness"/> queue ordering: a waiting conversation is worth its
/// importance times the likelihood that its consumer still answers, and that likelihood decays with the time since the
/// consumer was last heard from (<see cref="WaitingConversation.LastConsumerActivityAt"/>).
/// </summary>
public sealed class ResponsivenessOptions
{
    /// <summary>
    /// How long a consumer's silence halves the likelihood that the consumer still answers (exponential decay); greater
    /// than zero. With the default, a conversation whose consumer wrote 5 minutes more recently than another's outweighs
    /// it by one priority level (each level doubles a conversation's importance).
    /// </summary>
    /// <value>Defaults to 5 minutes.</value>
    public TimeSpan HalfLife { get; set; } = RoutingDefaults.ResponsivenessHalfLife;
}
