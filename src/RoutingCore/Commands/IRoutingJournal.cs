namespace RoutingCore;

/// <summary>
/// Receives every <see cref="RoutingCommand"/> an engine applies, in the engine's order, so a host can store them and
/// rebuild the engine after a failure (<see cref="IRoutingEngine.RestoreState(Stream, IEnumerable{RoutingCommand})"/>).
/// Attach one with <see cref="IRoutingEngine.AttachJournal"/>.
/// </summary>
/// <remarks>
/// <see cref="Append"/> is called under the engine's lock, before the call that made the change returns (for a timer,
/// before its work is done), so it must be quick: buffer the record (or write it to a file) and make it durable before you
/// answer the caller that made the change. It must not call back into the engine. When it throws, the change stays
/// applied and the exception reaches the caller: the journal then misses a record, and the host should save the engine's
/// state (a new starting point) before it trusts the journal again. Records replayed into an engine are not appended again.
/// </remarks>
public interface IRoutingJournal
{
    /// <summary>Takes the next record, in the engine's order (its <see cref="RoutingCommand.Sequence"/> is one above the last).</summary>
    /// <param name="command">The record; immutable.</param>
    void Append(RoutingCommand command);
}
