namespace RoutingCore;

// The durability members of IRoutingEngine: saving and restoring its state, and its journal of changes
// (docs/state-format.md, docs/journal-format.md).

/// <content>Saving and restoring the engine's state, and journaling and replaying its changes.</content>
public partial interface IRoutingEngine
{
    /// <summary>
    /// Writes the engine's whole state — roster and agent states, open conversations and their offers, the waiting queues,
    /// workload split counters, consumer history and pending timers with their absolute due times — as a UTF-8 JSON
    /// document (format described in <c>docs/state-format.md</c>), so that a new engine can continue exactly where this one
    /// stands (<see cref="RestoreState(Stream)"/>). Configuration (<see cref="RoutingOptions"/>) is not in the document.
    /// </summary>
    /// <remarks>
    /// The state is captured under the engine's lock (one consistent moment) and serialized after releasing it; timers
    /// already due run first (their events are published before this method returns), so the document holds no overdue
    /// work and a restore continues exactly from it. The document is deterministic: the same state gives the same bytes.
    /// Every document an engine saves restores. The document holds the sequence of the last <see cref="RoutingCommand"/>
    /// the engine applied (<see cref="LastCommandSequence"/>): a journal's records after it continue the document.
    /// <para>
    /// Besides the open work, the document holds the engine's two bounded memories, in columns: the recently closed
    /// conversations <see cref="GetConversation"/> still answers (up to 10,000: each one's request, skill, SLA due time,
    /// excluded agents and agent group — what that snapshot shows) and the agents who last served each consumer (up to
    /// 100,000 consumers, 4 agents each). An open conversation keeps only what the routing rules need of its past offers:
    /// the agents who declined it and, while it is offered or waiting, those whose offers were withdrawn; once accepted,
    /// the withdrawn offers are forgotten.
    /// </para>
    /// <para>
    /// Its size: about 0.5 KB per agent and 0.6 KB per open conversation with its timers, plus the two memories — about
    /// 25 bytes per remembered consumer and 150 bytes per remembered closed conversation with short ids, some 3.5 MB when
    /// both are full, whatever the size of the roster (benchmarks/results/StateBenchmarks.md).
    /// </para>
    /// </remarks>
    /// <param name="destination">The stream to write to; it is not closed.</param>
    /// <exception cref="ArgumentNullException"><paramref name="destination"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is not writable.</exception>
    /// <exception cref="RoutingOperationException">The engine uses a custom <see cref="WorkloadSplitter"/>, which may keep state a document cannot hold (<see cref="RoutingErrorCode.CustomSplitterState"/>).</exception>
    /// <exception cref="ObjectDisposedException">The engine is disposed.</exception>
    void SaveState(Stream destination);

    /// <summary>
    /// Restores a state written by <see cref="SaveState(Stream)"/> into this engine, which must have no agents and no
    /// conversations (typically one just created, with the same options, by the same factory). All or nothing: the whole
    /// document is read and checked first; a refused document leaves the engine exactly as it was.
    /// </summary>
    /// <remarks>
    /// <para>
    /// Pending timers (step delays, retries, grace periods, cascade maximum waits, auto-close, load changes) keep their
    /// absolute due times and are re-armed on this engine's clock; those already due (the clock moved on, as after a
    /// failover) fire at once, in due order, before this method returns, and their events are published to the observers
    /// already subscribed.
    /// </para>
    /// <para>
    /// Workload distributions in the document (including ones changed at run time with <see cref="ConfigureWorkload"/>)
    /// replace those this engine got from its options. A distribution may name an agent group no agent holds any more
    /// (its agents left); a group neither declared in <see cref="RoutingOptions.AgentGroups"/>, held by an agent in the
    /// document, nor counted in the distribution's totals is refused. Skills, strategies and step settings are not
    /// checked: conversations keep the skill and plan they had.
    /// </para>
    /// <para>
    /// The document is checked, not trusted: values that follow from others (agents' loads and reservations, offers'
    /// costs) are recomputed under this engine's capacity model; times must be ones the engine could have stamped and
    /// counts ones it could have reached; a property written twice, or items that contradict each other, refuse it.
    /// Offers an agent cannot keep under this engine's configuration are withdrawn, as after <see cref="UpdateAgent"/>.
    /// </para>
    /// </remarks>
    /// <param name="source">The stream to read the document from, to its end; it is not closed.</param>
    /// <exception cref="ArgumentNullException"><paramref name="source"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="source"/> is not readable.</exception>
    /// <exception cref="RoutingStateException">The document is corrupt, truncated, inconsistent, does not fit this engine's configuration, or was written by a newer format version; the message names where and what would be valid.</exception>
    /// <exception cref="RoutingOperationException">The engine has agents or conversations (<see cref="RoutingErrorCode.EngineNotEmpty"/>), or uses a custom <see cref="WorkloadSplitter"/> (<see cref="RoutingErrorCode.CustomSplitterState"/>).</exception>
    /// <exception cref="ObjectDisposedException">The engine is disposed.</exception>
    void RestoreState(Stream source);

    /// <summary>
    /// Writes the engine's state as <see cref="SaveState(Stream)"/> does, with asynchronous writes: for streams that refuse
    /// synchronous I/O, such as an ASP.NET Core response body. The state is captured under the lock at once, as by
    /// <see cref="SaveState(Stream)"/>; only the writing is asynchronous.
    /// </summary>
    /// <param name="destination">The stream to write to; it is not closed.</param>
    /// <param name="cancellationToken">Cancels the writing; the engine is not changed either way.</param>
    /// <returns>A task that completes when the document is written.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="destination"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is not writable.</exception>
    /// <exception cref="RoutingOperationException">The engine uses a custom <see cref="WorkloadSplitter"/>, which may keep state a document cannot hold (<see cref="RoutingErrorCode.CustomSplitterState"/>).</exception>
    /// <exception cref="ObjectDisposedException">The engine is disposed.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was canceled.</exception>
    Task SaveStateAsync(Stream destination, CancellationToken cancellationToken = default);

    /// <summary>
    /// Restores a state as <see cref="RestoreState(Stream)"/> does, reading the document with asynchronous reads (outside
    /// the engine's lock) before checking and swapping it in: for streams that refuse synchronous I/O, such as an ASP.NET
    /// Core request body.
    /// </summary>
    /// <param name="source">The stream to read the document from, to its end; it is not closed.</param>
    /// <param name="cancellationToken">Cancels the reading; a canceled restore leaves the engine exactly as it was.</param>
    /// <returns>A task that completes when the state is restored.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="source"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="source"/> is not readable.</exception>
    /// <exception cref="RoutingStateException">The document is refused, as by <see cref="RestoreState(Stream)"/>.</exception>
    /// <exception cref="RoutingOperationException">The engine has agents or conversations (<see cref="RoutingErrorCode.EngineNotEmpty"/>), or uses a custom <see cref="WorkloadSplitter"/> (<see cref="RoutingErrorCode.CustomSplitterState"/>).</exception>
    /// <exception cref="ObjectDisposedException">The engine is disposed.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was canceled.</exception>
    Task RestoreStateAsync(Stream source, CancellationToken cancellationToken = default);

    /// <summary>
    /// Restores a state as <see cref="RestoreState(Stream)"/> does, then replays the journal's records written after it, as
    /// one step: no timer of the engine runs between the restore and the replay, so the engine ends exactly where the engine
    /// that wrote the document and the records stood after its last record, with the same state and the same events (same
    /// sequence numbers, published to the observers already subscribed). Timers due by then run afterwards, as after any
    /// restore.
    /// </summary>
    /// <param name="source">The stream to read the document from, to its end; it is not closed.</param>
    /// <param name="replay">
    /// The journal's records in order; those the document already includes (a <see cref="RoutingCommand.Sequence"/> at or
    /// below its own) are skipped, the others must follow it without a gap.
    /// </param>
    /// <exception cref="ArgumentNullException"><paramref name="source"/> or <paramref name="replay"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="source"/> is not readable, or <paramref name="replay"/> holds a null.</exception>
    /// <exception cref="RoutingStateException">The document is refused, as by <see cref="RestoreState(Stream)"/>.</exception>
    /// <exception cref="RoutingOperationException">
    /// As by <see cref="RestoreState(Stream)"/>; or a record does not follow the one before it
    /// (<see cref="RoutingErrorCode.CommandOutOfOrder"/>) or does not fit the state (<see cref="RoutingErrorCode.ReplayMismatch"/>):
    /// the document and the records before it stay applied.
    /// </exception>
    /// <exception cref="ObjectDisposedException">The engine is disposed.</exception>
    void RestoreState(Stream source, IEnumerable<RoutingCommand> replay);

    /// <summary>
    /// Writes the engine's state as <see cref="SaveState(Stream)"/> does, with its memories — the consumer history and the recently
    /// closed conversations — in a document of their own: <paramref name="destination"/> then costs in proportion to the open work
    /// (agents, open conversations, timers) and <paramref name="memories"/> in proportion to how full the memories are (at most the
    /// last 10,000 closed conversations and 100,000 consumers), whatever the roster.
    /// Both are captured at one moment; restore them together with <see cref="RestoreState(Stream, Stream)"/>.
    /// </summary>
    /// <param name="destination">The stream to write the state document to; it is not closed.</param>
    /// <param name="memories">The stream to write the memories document to; it is not closed.</param>
    /// <exception cref="ArgumentNullException"><paramref name="destination"/> or <paramref name="memories"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="destination"/> or <paramref name="memories"/> is not writable.</exception>
    /// <exception cref="RoutingOperationException">The engine uses a custom <see cref="WorkloadSplitter"/> (<see cref="RoutingErrorCode.CustomSplitterState"/>).</exception>
    /// <exception cref="ObjectDisposedException">The engine is disposed.</exception>
    void SaveState(Stream destination, Stream memories);

    /// <summary>
    /// Restores a state written by <see cref="SaveState(Stream, Stream)"/>, as <see cref="RestoreState(Stream)"/> does, from the
    /// state document and the memories document written with it. All or nothing: both are read and checked first.
    /// </summary>
    /// <param name="source">The stream to read the state document from, to its end; it is not closed.</param>
    /// <param name="memories">The stream to read the memories document from, to its end; it is not closed.</param>
    /// <exception cref="ArgumentNullException"><paramref name="source"/> or <paramref name="memories"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="source"/> or <paramref name="memories"/> is not readable.</exception>
    /// <exception cref="RoutingStateException">
    /// A document is refused as by <see cref="RestoreState(Stream)"/>; or the state document holds its own memories (written by
    /// <see cref="SaveState(Stream)"/>), or the memories document was written by another save.
    /// </exception>
    /// <exception cref="RoutingOperationException">As by <see cref="RestoreState(Stream)"/>.</exception>
    /// <exception cref="ObjectDisposedException">The engine is disposed.</exception>
    void RestoreState(Stream source, Stream memories);

    /// <summary>
    /// Restores a state written by <see cref="SaveState(Stream, Stream)"/> and replays the journal's records written after it, as
    /// <see cref="RestoreState(Stream, IEnumerable{RoutingCommand})"/> does.
    /// </summary>
    /// <param name="source">The stream to read the state document from, to its end; it is not closed.</param>
    /// <param name="memories">The stream to read the memories document from, to its end; it is not closed.</param>
    /// <param name="replay">The journal's records in order, as for <see cref="RestoreState(Stream, IEnumerable{RoutingCommand})"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="source"/>, <paramref name="memories"/> or <paramref name="replay"/> is null.</exception>
    /// <exception cref="ArgumentException">A stream is not readable, or <paramref name="replay"/> holds a null.</exception>
    /// <exception cref="RoutingStateException">A document is refused, as by <see cref="RestoreState(Stream, Stream)"/>.</exception>
    /// <exception cref="RoutingOperationException">As by <see cref="RestoreState(Stream, IEnumerable{RoutingCommand})"/>.</exception>
    /// <exception cref="ObjectDisposedException">The engine is disposed.</exception>
    void RestoreState(Stream source, Stream memories, IEnumerable<RoutingCommand> replay);

    /// <summary>
    /// Replays journaled records into this engine, as one step under its lock: each is applied at its own time, timers fire
    /// where a record says they fired, and events are published with the numbers they had. Records the engine already
    /// includes are skipped. Timers due by then run afterwards. Use it to rebuild an engine from a journal that starts at its
    /// first record (a new engine, no document), or to bring a restored engine up to date; records replayed are not appended
    /// to an attached journal again.
    /// </summary>
    /// <param name="commands">The journal's records in order.</param>
    /// <returns>How many records were applied (the others were already included).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="commands"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="commands"/> holds a null.</exception>
    /// <exception cref="RoutingOperationException">
    /// A record does not follow the engine's last (<see cref="RoutingErrorCode.CommandOutOfOrder"/>) or does not fit its state
    /// (<see cref="RoutingErrorCode.ReplayMismatch"/>); the records before it stay applied.
    /// </exception>
    /// <exception cref="ObjectDisposedException">The engine is disposed.</exception>
    int Replay(IEnumerable<RoutingCommand> commands);

    /// <summary>
    /// Attaches a journal: from now on, every change the engine applies — each call that took effect and each timer that
    /// fired — is handed to it as a <see cref="RoutingCommand"/>, in the engine's order, before the call returns. One journal
    /// at a time.
    /// </summary>
    /// <param name="journal">The journal.</param>
    /// <returns>A handle; dispose it to detach the journal.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="journal"/> is null.</exception>
    /// <exception cref="RoutingOperationException">A journal is attached already (<see cref="RoutingErrorCode.JournalAlreadyAttached"/>).</exception>
    /// <exception cref="ObjectDisposedException">The engine is disposed.</exception>
    IDisposable AttachJournal(IRoutingJournal journal);

    /// <summary>
    /// The <see cref="RoutingCommand.Sequence"/> of the last change the engine applied (0 before the first): a saved document
    /// holds it, and a host trims its journal up to the sequence of the document it keeps.
    /// </summary>
    long LastCommandSequence { get; }
}
