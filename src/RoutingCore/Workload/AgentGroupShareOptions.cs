namespace RoutingCore;

/// <summary>One agent group and its share of a skill's traffic, as bound from configuration.</summary>
public sealed class AgentGroupShareOptions
{
    /// <summary>The agent group's id (see <see cref="AgentGroupId"/>).</summary>
    public string Group { get; set; } = "";

    /// <summary>The group's share of its list's traffic, in percent (0 to 100). The percentages of a list must sum to 100.</summary>
    public double Percentage { get; set; }
}
