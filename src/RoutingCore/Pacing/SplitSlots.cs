using System.Collections.Immutable;

namespace RoutingCore.Engine;

/// <summary>
/// The free slots of a paced group as a workload split can use them. A conversation of a distributed skill goes to the primary
/// group whose turn it is, cascades to a secondary group with room when that group has none, and otherwise waits for its own
/// group — even while another primary group has room (seed 000: the groups share the traffic by contract). Counting every free
/// slot of the paced group would promise invitations slots their conversations cannot take.
/// </summary>
internal sealed class SplitSlots
{
    private readonly ImmutableArray<AgentGroupShare> _primary;
    private readonly ImmutableArray<AgentGroupShare> _secondary;
    private readonly double[] _free;
    private double _secondaryFree;

    public SplitSlots(WorkloadDistribution split)
    {
        _primary = split.Primary;
        _secondary = split.Secondary;
        _free = new double[_primary.Length];
    }

    /// <summary>Counts an agent's free chats in the first primary group it belongs to, else in the secondary groups, else nowhere.</summary>
    public void Add(ImmutableArray<AgentGroupId> groups, double chats)
    {
        for (int i = 0; i < _primary.Length; i++)
        {
            if (groups.Contains(_primary[i].Group))
            {
                _free[i] += chats;
                return;
            }
        }

        foreach (AgentGroupShare share in _secondary)
        {
            if (groups.Contains(share.Group))
            {
                _secondaryFree += chats;
                return;
            }
        }
    }

    /// <summary>
    /// How many of the next conversations find a slot at once when they come in the primary groups' shares s_g: the largest k with
    /// Σ_g max(0, k·s_g − F_g) ≤ S, F_g a primary group's free slots and S the secondary groups'. Without secondary room that is the
    /// k at which the first primary group fills; with enough of it, every free slot.
    /// </summary>
    public double Usable()
    {
        double total = 0;
        foreach (AgentGroupShare share in _primary)
        {
            total += share.Percentage;
        }

        if (total <= 0)
        {
            return _secondaryFree;
        }

        // Each primary group overflows past k = F_g / s_g; walk those points in order, with h(k) = slope·k − offset between them.
        var order = new int[_primary.Length];
        var fillsAt = new double[_primary.Length];
        int count = 0;
        for (int i = 0; i < _primary.Length; i++)
        {
            if (_primary[i].Percentage > 0)
            {
                fillsAt[count] = _free[i] / (_primary[i].Percentage / total);
                order[count++] = i;
            }
        }

        Array.Sort(fillsAt, order, 0, count);
        double slope = 0;
        double offset = 0;
        for (int j = 0; j < count; j++)
        {
            if ((slope * fillsAt[j]) - offset > _secondaryFree)
            {
                break;
            }

            slope += _primary[order[j]].Percentage / total;
            offset += _free[order[j]];
        }

        return slope > 0 ? (_secondaryFree + offset) / slope : 0;
    }
}
