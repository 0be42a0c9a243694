namespace RoutingCore.Engine;

/// <summary>
/// A conversation's past offers by agent id (the same person across a removal and a re-add): what the rules need of them.
/// While the conversation is being routed, every agent whose offer was withdrawn or declined (a late answer is told so
/// clearly; a retry is held back from agents offered it). Once an agent accepts it, the withdrawn offers are forgotten
/// (<see cref="ForgetWithdrawn"/>): only the declines stay (a declined agent is never offered it again), and any other
/// agent's late answer is told the offer was withdrawn because the conversation is assigned.
/// </summary>
/// <remarks>
/// Recording is an append, with no hashing: a conversation offered to 10,000 agents and accepted by one records 9,999
/// withdrawals, and hashing 9,999 string ids would cost more than the rest of the withdrawal. Lookups are rare (a late
/// answer, a retry's cool-down): a short log is scanned, a long one gets an index on its first lookup, kept up to date
/// from then on. A decline outlasts a withdrawal of the same agent, as the engine never offers a declined conversation
/// again. Forgetting the withdrawals at acceptance keeps an assigned conversation's memory (and its part of the state
/// document) in proportion to its declines, not to the agents it was offered to.
/// </remarks>
internal sealed class PastOfferLog
{
    /// <summary>Up to this many entries a lookup scans the log; above it, the log is indexed.</summary>
    private const int ScanLimit = 32;

    private readonly List<(AgentId Agent, RoutingErrorCode Code)> _entries = [];
    private Dictionary<AgentId, RoutingErrorCode>? _index;

    /// <summary>How many answers were recorded (an agent may be counted more than once).</summary>
    public int Count => _entries.Count;

    /// <summary>
    /// An agent accepted the conversation since it was last woken: the withdrawn offers before that were forgotten, and an
    /// agent not in the log (nor the one it is assigned to, nor one that handed it back) is answered that its offer was
    /// withdrawn while the conversation is assigned.
    /// </summary>
    public bool Accepted { get; private set; }

    /// <summary>Records that the agent's offer was withdrawn (<see cref="RoutingErrorCode.OfferWithdrawn"/>) or declined.</summary>
    public void Record(AgentId agent, RoutingErrorCode code)
    {
        _entries.Add((agent, code));
        if (_index is not null)
        {
            Merge(_index, agent, code);
        }
    }

    /// <summary>Marks the log as of an accepted conversation (a restore: the withdrawals were forgotten before the save).</summary>
    public void MarkAccepted() => Accepted = true;

    /// <summary>
    /// The conversation was accepted: forgets the withdrawn offers, keeping each declined agent once, and remembers that it
    /// was accepted (<see cref="Accepted"/>).
    /// </summary>
    public void ForgetWithdrawn()
    {
        Accepted = true;
        _index = null;
        int kept = 0;
        for (int i = 0; i < _entries.Count; i++)
        {
            if (_entries[i].Code == RoutingErrorCode.AlreadyDeclined && !Declined(_entries[i].Agent, kept))
            {
                _entries[kept++] = _entries[i];
            }
        }

        _entries.RemoveRange(kept, _entries.Count - kept);
        if (_entries.Capacity > 2 * kept + 4)
        {
            _entries.Capacity = kept;
        }
    }

    /// <summary>What became of the agent's past offer: declined if it ever declined, else withdrawn; false if it had none.</summary>
    public bool TryGet(AgentId agent, out RoutingErrorCode code)
    {
        if (_index is null && _entries.Count > ScanLimit)
        {
            _index = Distinct();
        }

        if (_index is not null)
        {
            return _index.TryGetValue(agent, out code);
        }

        bool found = false;
        code = default;
        foreach ((AgentId id, RoutingErrorCode answer) in _entries)
        {
            if (id == agent)
            {
                found = true;
                code = code == RoutingErrorCode.AlreadyDeclined ? code : answer;
            }
        }

        return found;
    }

    /// <summary>Whether the agent was offered the conversation before (an offer withdrawn, or declined) and it is remembered.</summary>
    public bool Contains(AgentId agent) => TryGet(agent, out _);

    /// <summary>One entry per agent, in the order the agents were first recorded, with their merged answers.</summary>
    public Dictionary<AgentId, RoutingErrorCode> Distinct()
    {
        var result = new Dictionary<AgentId, RoutingErrorCode>(_entries.Count);
        foreach ((AgentId agent, RoutingErrorCode code) in _entries)
        {
            Merge(result, agent, code);
        }

        return result;
    }

    private bool Declined(AgentId agent, int before)
    {
        for (int i = 0; i < before; i++)
        {
            if (_entries[i].Agent == agent)
            {
                return true;
            }
        }

        return false;
    }

    private static void Merge(Dictionary<AgentId, RoutingErrorCode> index, AgentId agent, RoutingErrorCode code)
    {
        if (!index.TryGetValue(agent, out RoutingErrorCode known) || known != RoutingErrorCode.AlreadyDeclined)
        {
            index[agent] = code;
        }
    }
}
