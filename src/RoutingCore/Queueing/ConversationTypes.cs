namespace RoutingCore;

/// <summary>Well-known conversation types for <see cref="ResponseSlaOptions.ByConversationType"/>; hosts may use any others.</summary>
public static class ConversationTypes
{
    /// <summary>A consumer who has never written to the brand before.</summary>
    public const string FirstTime = "first-time";

    /// <summary>A consumer who said the matter is urgent.</summary>
    public const string Urgent = "urgent";
}
