namespace RoutingCore;

/// <summary>
/// Orders the waiting queue: which waiting conversation an agent with free capacity gets first. Set your own for an engine
/// in dependency injection (<c>services.AddRoutingEngine().UseQueueOrdering&lt;MyOrdering&gt;()</c>) or pass it to
/// <see cref="RoutingEngine.Create"/>; without one, the engine uses the built-in ordering <see cref="RoutingOptions.QueueOrdering"/>
/// names (<see cref="QueueOrderingNames"/>; the default is <see cref="WaitingQueueOrderings.PriorityThenSla"/>).
/// </summary>
/// <remarks>
/// The engine compares conversations when capacity frees, at that moment's time, so an ordering may depend on time (for
/// example importance times the likelihood that the consumer still answers after waiting). It must be a total order at
/// any one time (break ties with <see cref="WaitingConversation.Sequence"/>), fast, and must not call the engine.
/// Because an ordering of your own may depend on time, the engine orders the conversations an agent could take each
/// time its capacity frees, which costs time linear in the number waiting on that agent's skills; the built-in
/// orderings do not depend on time (<see cref="QueueOrderingNames.Responsiveness"/> changes its values with time but never
/// its order), and with them the engine keeps the queues sorted, so that costs O(log n).
/// </remarks>
public interface IWaitingQueueOrdering
{
    /// <summary>Compares two waiting conversations.</summary>
    /// <param name="x">One conversation.</param>
    /// <param name="y">The other.</param>
    /// <param name="now">The engine's time.</param>
    /// <returns>Negative when <paramref name="x"/> is served first, positive when <paramref name="y"/> is, zero only when they are the same.</returns>
    int Compare(WaitingConversation x, WaitingConversation y, DateTimeOffset now);
}
