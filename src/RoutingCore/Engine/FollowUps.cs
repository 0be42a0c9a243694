namespace RoutingCore.Engine;

/// <summary>
/// The follow-up work an operation leaves behind, done before it returns (<see cref="EngineSettler"/>): agents whose
/// commitments grew (their offers may no longer fit) and agents whose capacity freed (waiting conversations may go to them).
/// Parts only enqueue here, so no part calls back up into the one that settles.
/// </summary>
internal sealed class FollowUps
{
    private readonly Queue<AgentRecord> _toPrune = new();
    private readonly Queue<(AgentRecord Agent, RoutingEventReason Reason)> _toFeed = new();

    /// <summary>The agent took on more: withdraw the offers it can no longer take.</summary>
    public void Crowded(AgentRecord agent) => _toPrune.Enqueue(agent);

    /// <summary>The agent's capacity freed (or it came online): feed it waiting conversations.</summary>
    public void Freed(AgentRecord agent, RoutingEventReason reason)
    {
        if (agent.State == AgentState.Online && !agent.Removed)
        {
            _toFeed.Enqueue((agent, reason));
        }
    }

    public bool TryTakeCrowded(out AgentRecord? agent) => _toPrune.TryDequeue(out agent);

    public bool TryTakeFreed(out (AgentRecord Agent, RoutingEventReason Reason) freed) => _toFeed.TryDequeue(out freed);
}
