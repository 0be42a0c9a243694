using System.Runtime.ExceptionServices;

namespace RoutingCore.Engine;

/// <summary>
/// The single way in for every change: a command is applied by the part it concerns, numbered, handed to the journal (when
/// one is attached), and its follow-up work settled. Runs under the engine's lock. A call's command that throws, that
/// returns a refusal (the answers to offers), or that repeats a call that already took effect (the part says it changed
/// nothing), has changed nothing: it is neither numbered nor journaled nor settled. A
/// timer's command is numbered and journaled before its work runs, since its firing is a fact whatever the work does.
/// <see cref="Replay"/> applies records an engine journaled, with their own time and without running timers on its own.
/// </summary>
internal sealed class CommandProcessor
{
    private readonly EngineContext _context;
    private readonly AgentPresence _presence;
    private readonly ConversationLifecycle _lifecycle;
    private readonly WorkloadRouter _workload;
    private readonly TimerDispatch _timers;
    private readonly EngineTimers _timerQueue;
    private readonly EngineSettler _settler;
    private readonly Func<TimerItem, bool> _isStale;

    public CommandProcessor(EngineContext context, AgentPresence presence, ConversationLifecycle lifecycle, WorkloadRouter workload, TimerDispatch timers, EngineTimers timerQueue, EngineSettler settler)
    {
        _context = context;
        _presence = presence;
        _lifecycle = lifecycle;
        _workload = workload;
        _timers = timers;
        _timerQueue = timerQueue;
        _settler = settler;
        _isStale = item => !timers.IsCurrent(item);
    }

    /// <summary>The host's journal, or null. Set and cleared under the lock.</summary>
    public IRoutingJournal? Journal { get; set; }

    /// <summary>
    /// Applies a call's command and settles its follow-up work; returns what the call returns (a snapshot for Submit), or,
    /// for an answer to an offer, null on success and the boxed <see cref="RoutingResult"/> of a refusal (boxed only then).
    /// A repeat of a call that already took effect (docs/architecture.md, "Safe retries") answers as the first did and,
    /// like a refusal, changed nothing: it is neither numbered nor journaled nor settled.
    /// </summary>
    public object? Apply(EngineCommand command)
    {
        if (command is ConversationCommand { Operation.IsEmpty: false } operation && _context.Retries.IsRepeat(operation))
        {
            return null; // the operation id of a call that took effect: the calls that carry one answer nothing
        }

        object? result = null;
        bool changed = true;
        switch (command)
        {
            case AddAgentCommand c:
                changed = _presence.Add(c.Profile, c.State, c.At);
                break;
            case UpdateAgentCommand c:
                changed = _presence.Update(c.Profile, c.At);
                break;
            case RemoveAgentCommand c:
                changed = _presence.Remove(c.Agent, c.At);
                break;
            case SetAgentStateCommand c:
                changed = _presence.SetState(c.Agent, c.State, c.At);
                break;
            case SubmitCommand c:
                result = _lifecycle.Submit(c.Request, c.At, out changed);
                break;
            case AssignCommand c:
                changed = _lifecycle.Assign(c.Request, c.Agent, c.At);
                break;
            case AcceptCommand c:
                if (Refused(_lifecycle.Accept(c.Conversation, c.Agent, c.At, out changed), out result))
                {
                    return result;
                }

                break;
            case DeclineCommand c:
                if (Refused(_lifecycle.Decline(c.Conversation, c.Agent, c.At, out changed), out result))
                {
                    return result;
                }

                break;
            case ReturnToQueueCommand c:
                _lifecycle.ReturnToQueue(c.Conversation, c.At);
                break;
            case TransferCommand c:
                _lifecycle.Transfer(c.Conversation, c.Skill, c.At);
                break;
            case ReportMessageCommand c:
                changed = _lifecycle.ReportMessage(c.Conversation, c.Author, c.MessageAt, c.Message, c.At);
                break;
            case CloseCommand c:
                changed = _lifecycle.Close(c.Conversation, c.At);
                break;
            case ConfigureWorkloadCommand c:
                changed = _workload.Configure(c.Skill, c.Distribution);
                break;
            default:
                throw new InvalidOperationException($"Unknown engine command {command.GetType().Name}.");
        }

        if (!changed)
        {
            return result; // a repeat: answered as the first time, nothing to number, journal or settle
        }

        if (command is ConversationCommand remembered)
        {
            _context.Retries.Remember(remembered);
        }

        ExceptionDispatchInfo? journalFailure = Record(command);
        _settler.Settle(command.At);
        journalFailure?.Throw(); // the change stands: the caller learns that the journal missed it
        return result;
    }

    /// <summary>A due timer item, as a command: numbered and journaled, then its work done (which may throw: the caller reports it).</summary>
    public void Fire(TimerItem item, DateTimeOffset at)
    {
        if (_context.Disposed)
        {
            return;
        }

        var command = new TimerFiredCommand(item) { At = at };
        if (_timers.IsCurrent(item))
        {
            Record(command)?.Throw(); // a stale item changes nothing: it is neither numbered nor journaled (a document leaves it out too)
        }

        FireCore(command);
    }

    /// <summary>
    /// Replays records an engine journaled, in order: records the engine already holds (a sequence at or below its last) are
    /// skipped; the next must follow its last without a gap. Each is applied at its own time; timers fire only where a record
    /// says so. Returns how many were applied. Under the lock; the caller runs due timers afterwards.
    /// </summary>
    public int Replay(IEnumerable<RoutingCommand> records)
    {
        int applied = 0;
        _context.Replaying = true;
        try
        {
            foreach (RoutingCommand record in records)
            {
                if (record is null)
                {
                    throw new ArgumentException($"The records to replay hold a null after {applied} applied record(s); pass the records the journal holds.", nameof(records));
                }

                if (record.Sequence <= _context.LastCommandSequence)
                {
                    continue; // already part of this engine's state (the snapshot included it)
                }

                if (record.Sequence != _context.LastCommandSequence + 1)
                {
                    throw Refusals.CommandOutOfOrder(record.Sequence, _context.LastCommandSequence).ToException();
                }

                ReplayOne((EngineCommand)record);
                applied++;
            }
        }
        finally
        {
            _context.Replaying = false;
        }

        return applied;
    }

    private void ReplayOne(EngineCommand record)
    {
        DateTimeOffset before = _context.HighWater;
        if (record is TimerFiredCommand timer)
        {
            // The original fired every pending item in order; the stale ones before this one changed nothing and were not
            // journaled, so they go here without a record.
            while (!_timerQueue.TryTake(timer.Item))
            {
                if (!_timerQueue.TryTakeHead(_isStale))
                {
                    throw Refusals.ReplayMismatch(record.Sequence, $"its {timer.Timer} timer (token {timer.Token}) is not the engine's next pending timer").ToException();
                }
            }

            MoveTimeTo(record.At);
            _context.LastCommandSequence = record.Sequence;
            _timerQueue.FireReplayed(timer, FireCore);
            return;
        }

        IRoutingJournal? journal = Journal;
        Journal = null; // a replayed record is in the journal already
        long last = _context.LastCommandSequence;
        try
        {
            MoveTimeTo(record.At);
            object? outcome;
            try
            {
                outcome = Apply(record);
            }
            catch (Exception ex) when (ex is RoutingOperationException or ArgumentException)
            {
                throw Refusals.ReplayMismatch(record.Sequence, $"the engine refused it ({ex.Message}), although the engine that journaled it applied it").ToException();
            }

            if (outcome is RoutingResult refused)
            {
                throw Refusals.ReplayMismatch(record.Sequence, $"the engine refused it ({refused.Message}), although the engine that journaled it applied it").ToException();
            }

            if (_context.LastCommandSequence == last)
            {
                throw Refusals.ReplayMismatch(record.Sequence, "the engine took it for a repeat of a call it already applied, so it changed nothing, although the engine that journaled it applied it").ToException();
            }
        }
        catch (RoutingOperationException) when (_context.LastCommandSequence == last)
        {
            _context.HighWater = before; // refused: the engine's time stays where the records before it left it
            throw;
        }
        finally
        {
            Journal = journal;
        }
    }

    /// <summary>A replayed record's time becomes the engine's (never earlier than a moment it already acted at).</summary>
    private void MoveTimeTo(DateTimeOffset at)
    {
        if (at > _context.HighWater)
        {
            _context.HighWater = at;
        }
    }

    private void FireCore(TimerFiredCommand command)
    {
        _timers.Fire(command);
        _settler.SettleCore(command.At); // inside a timer run: the run goes on with the next due item
    }

    /// <summary>Numbers a command that took effect and hands it to the journal; returns the journal's failure, if it threw.</summary>
    private ExceptionDispatchInfo? Record(EngineCommand command)
    {
        command.Sequence = ++_context.LastCommandSequence;
        if (Journal is not { } journal)
        {
            return null;
        }

        try
        {
            journal.Append(command);
            return null;
        }
#pragma warning disable CA1031 // The change stands; the journal's failure goes to the caller once the engine has settled.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            return ExceptionDispatchInfo.Capture(ex);
        }
    }

    /// <summary>A refusal, boxed for the caller; nothing to settle, as after a command that threw.</summary>
    private static bool Refused(RoutingResult outcome, out object? refusal)
    {
        refusal = outcome.Succeeded ? null : outcome;
        return refusal is not null;
    }
}
