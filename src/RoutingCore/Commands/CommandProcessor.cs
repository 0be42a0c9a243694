namespace RoutingCore.Engine;

/// <summary>
/// The single way in for every change: a command is recorded (to the journal sink, when one is set), handed to the part
/// that applies it, and its follow-up work settled. Runs under the engine's lock; a command that throws, or that returns a
/// refusal (the answers to offers), has changed nothing and is not settled.
/// </summary>
internal sealed class CommandProcessor
{
    private readonly EngineContext _context;
    private readonly AgentPresence _presence;
    private readonly ConversationLifecycle _lifecycle;
    private readonly WorkloadRouter _workload;
    private readonly TimerDispatch _timers;
    private readonly EngineSettler _settler;

    public CommandProcessor(EngineContext context, AgentPresence presence, ConversationLifecycle lifecycle, WorkloadRouter workload, TimerDispatch timers, EngineSettler settler)
    {
        _context = context;
        _presence = presence;
        _lifecycle = lifecycle;
        _workload = workload;
        _timers = timers;
        _settler = settler;
    }

    /// <summary>Sees every command, in the engine's order, before it is applied (for tests now; a journal later).</summary>
    public Action<EngineCommand>? Journal { get; set; }

    /// <summary>
    /// Applies a command and settles its follow-up work; returns what the call returns (a snapshot for Submit), or, for an
    /// answer to an offer, null on success and the boxed <see cref="RoutingResult"/> of a refusal (boxed only then).
    /// </summary>
    public object? Apply(EngineCommand command)
    {
        Journal?.Invoke(command);
        object? result = null;
        switch (command)
        {
            case AddAgentCommand c:
                _presence.Add(c.Profile, c.State, c.At);
                break;
            case UpdateAgentCommand c:
                _presence.Update(c.Profile, c.At);
                break;
            case RemoveAgentCommand c:
                _presence.Remove(c.Agent, c.At);
                break;
            case SetAgentStateCommand c:
                _presence.SetState(c.Agent, c.State, c.At);
                break;
            case SubmitCommand c:
                result = _lifecycle.Submit(c.Request, c.At);
                break;
            case AssignCommand c:
                _lifecycle.Assign(c.Request, c.Agent, c.At);
                break;
            case AcceptCommand c:
                if (Refused(_lifecycle.Accept(c.Conversation, c.Agent, c.At), out result))
                {
                    return result;
                }

                break;
            case DeclineCommand c:
                if (Refused(_lifecycle.Decline(c.Conversation, c.Agent, c.At), out result))
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
                _lifecycle.ReportMessage(c.Conversation, c.Author, c.MessageAt, c.At);
                break;
            case CloseCommand c:
                _lifecycle.Close(c.Conversation, c.At);
                break;
            case ConfigureWorkloadCommand c:
                _workload.Configure(c.Skill, c.Distribution);
                break;
            case TimerFiredCommand c:
                _timers.Fire(c);
                _settler.SettleCore(c.At); // inside a timer run: the run goes on with the next due item
                return null;
            default:
                throw new InvalidOperationException($"Unknown engine command {command.GetType().Name}.");
        }

        _settler.Settle(command.At);
        return result;
    }

    /// <summary>A refusal, boxed for the caller; nothing to settle, as after a command that threw.</summary>
    private static bool Refused(RoutingResult outcome, out object? refusal)
    {
        refusal = outcome.Succeeded ? null : outcome;
        return refusal is not null;
    }

    /// <summary>A due timer item, as a command.</summary>
    public void Fire(TimerItem item, DateTimeOffset at)
    {
        if (!_context.Disposed)
        {
            Apply(new TimerFiredCommand(at, item.Kind, item.Conversation, item.Agent, item.Token));
        }
    }
}
