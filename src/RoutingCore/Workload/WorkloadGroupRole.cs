namespace RoutingCore;

/// <summary>The role an agent group has in a skill's current workload distribution.</summary>
public enum WorkloadGroupRole
{
    /// <summary>The group is no longer in the distribution; it is reported because it took conversations under an earlier split.</summary>
    None = 0,

    /// <summary>The group is one of the primary groups.</summary>
    Primary = 1,

    /// <summary>The group is one of the secondary (cascade) groups.</summary>
    Secondary = 2,
}
