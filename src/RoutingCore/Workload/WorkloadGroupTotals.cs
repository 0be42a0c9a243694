namespace RoutingCore;

/// <summary>The cumulative counts of one agent group of a skill, kept across changes of the split.</summary>
internal sealed class WorkloadGroupTotals
{
    /// <summary>Conversations taken as a primary group.</summary>
    internal long Primary;

    /// <summary>Conversations taken as a secondary group.</summary>
    internal long Cascaded;
}
