using System.Collections.Immutable;

namespace RoutingCore.Tests.PropertyBased.Shared;

/// <summary>
/// Replays the engine's event stream (delivered in order, one at a time) into a small model of every conversation and flags
/// impossible transitions at every event: an acceptance of an assigned conversation, a second offer to the same agent, a
/// withdrawal of an offer never made, a conversation in two states at once... It also keeps the facts a capacity model needs
/// (media, assignment time, message times, which the driver reports) so loads can be recomputed from their definition.
/// Thread-safe; the engine swallows observer exceptions, so violations are collected, not thrown.
/// </summary>
/// <remarks>Shared by the property tests and the soak (linked into the benchmarks project).</remarks>
internal sealed class EventLedger : IRoutingObserver
{
    private readonly Lock _gate = new();
    private readonly Dictionary<ConversationId, Entry> _conversations = [];
    private readonly Dictionary<ConversationId, Facts> _facts = [];
    private readonly Dictionary<(ConversationId, RoutingEventKind), int> _totals = [];
    private readonly List<string> _violations = [];
    private readonly List<RoutingEvent>? _recent;
    private long _events;

    /// <summary>Creates a ledger.</summary>
    /// <param name="keepRecent">Whether to keep the events since the last <see cref="TakeRecent"/> (for a driver that inspects each operation's events).</param>
    public EventLedger(bool keepRecent = false)
    {
        _recent = keepRecent ? [] : null;
    }

    /// <summary>How many events were delivered.</summary>
    public long EventCount
    {
        get
        {
            lock (_gate)
            {
                return _events;
            }
        }
    }

    /// <summary>How many transitions were checked (one per event of a conversation).</summary>
    public long TransitionChecks { get; private set; }

    /// <summary>The impossible transitions seen so far.</summary>
    public List<string> Violations
    {
        get
        {
            lock (_gate)
            {
                return [.. _violations];
            }
        }
    }

    public void OnEvent(RoutingEvent value)
    {
        lock (_gate)
        {
            _events++;
            _recent?.Add(value);
            Apply(value);
        }
    }

    /// <summary>The events delivered since the last call (only when created with keepRecent).</summary>
    public RoutingEvent[] TakeRecent()
    {
        lock (_gate)
        {
            if (_recent is null)
            {
                return [];
            }

            RoutingEvent[] taken = [.. _recent];
            _recent.Clear();
            return taken;
        }
    }

    /// <summary>A copy of what the events say about a conversation, or null when no event named it.</summary>
    public LedgerView? Find(ConversationId id)
    {
        lock (_gate)
        {
            if (!_conversations.TryGetValue(id, out Entry? e))
            {
                return null;
            }

            Facts? f = _facts.GetValueOrDefault(id);
            return new LedgerView(e.State, e.Agent, [.. e.Pending], f?.Request, e.AssignedAt, f?.LastConsumer, f?.LastAgent, e.SlaFrom, e.Woken, e.AcceptedEvents);
        }
    }

    /// <summary>Whether an Accepted event ever named the agent for the conversation.</summary>
    public bool HasAccepted(ConversationId id, AgentId agent)
    {
        lock (_gate)
        {
            return _conversations.TryGetValue(id, out Entry? e) && e.Accepters.Contains(agent);
        }
    }

    /// <summary>How many events of a kind named the conversation, over all its lives.</summary>
    public int Total(ConversationId id, RoutingEventKind kind)
    {
        lock (_gate)
        {
            return _totals.GetValueOrDefault((id, kind));
        }
    }

    /// <summary>Records a message the engine accepted (the driver calls it after a successful ReportMessage).</summary>
    public void RecordMessage(ConversationId id, MessageAuthor author, DateTimeOffset at)
    {
        lock (_gate)
        {
            Facts e = _facts.TryGetValue(id, out Facts? known) ? known : _facts[id] = new Facts();
            if (author == MessageAuthor.Consumer)
            {
                e.LastConsumer = e.LastConsumer is { } c && c > at ? c : at;
            }
            else
            {
                e.LastAgent = e.LastAgent is { } a && a > at ? a : at;
            }
        }
    }

    /// <summary>
    /// Records the request of a conversation the driver submitted or assigned (the events carry only its id); a new life of the
    /// id forgets the messages of the previous one. Facts are kept apart from the events, which may be delivered later.
    /// </summary>
    public void RecordRequest(ConversationRequest request)
    {
        lock (_gate)
        {
            _facts[request.Id] = new Facts { Request = request };
        }
    }

    private void Apply(RoutingEvent e)
    {
        if (e.Kind == RoutingEventKind.AgentPaused)
        {
            return;
        }

        TransitionChecks++;
        _totals[(e.Conversation, e.Kind)] = _totals.GetValueOrDefault((e.Conversation, e.Kind)) + 1;
        if (e.Kind is RoutingEventKind.Submitted or RoutingEventKind.Assigned)
        {
            if (_conversations.TryGetValue(e.Conversation, out Entry? old) && !old.Closed)
            {
                Fail(e, "a conversation id submitted twice while open");
                return;
            }

            _conversations[e.Conversation] = new Entry { SlaFrom = e.Timestamp };
        }

        if (!_conversations.TryGetValue(e.Conversation, out Entry? c))
        {
            Fail(e, "an event of a conversation never submitted");
            return;
        }

        if (c.Closed)
        {
            Fail(e, "an event after the conversation was closed");
            return;
        }

        AgentId? agent = e.Agent;
        switch (e.Kind)
        {
            case RoutingEventKind.Submitted:
            case RoutingEventKind.FellBack:
            case RoutingEventKind.Cascaded:
                break;
            case RoutingEventKind.Assigned:
                c.Agent = agent;
                c.AssignedAt = e.Timestamp;
                Require(e, agent is not null, "assigned to no agent");
                break;
            case RoutingEventKind.Offered:
                Require(e, c.Agent is null && !c.Waiting && !c.Dormant, "an offer of a conversation that is not being routed");
                Require(e, agent is { } offeredTo && c.Pending.Add(offeredTo), "a second offer to the same agent");
                break;
            case RoutingEventKind.OfferWithdrawn:
                Require(e, agent is { } withdrawn && c.Pending.Remove(withdrawn), "a withdrawal of an offer that is not pending");
                Require(e, c.Agent is null || e.Reason == RoutingEventReason.AcceptedByAnother, "an offer withdrawn from an assigned conversation for another reason than its acceptance");
                break;
            case RoutingEventKind.Declined:
                Require(e, c.Agent is null, "a decline of an assigned conversation");
                Require(e, agent is { } decliner && c.Pending.Remove(decliner), "a decline of an offer that is not pending");
                break;
            case RoutingEventKind.OfferTimedOut:
                Require(e, c.Agent is null && agent is { } late && c.Pending.Contains(late), "a timeout of an offer that is not pending");
                break;
            case RoutingEventKind.Accepted:
                Require(e, c.Agent is null, $"accepted while already assigned to {c.Agent}: an accept applied twice");
                Require(e, !c.Waiting && !c.Dormant, "accepted while not offered");
                Require(e, agent is { } accepter && c.Pending.Remove(accepter), "accepted by an agent without a pending offer");
                c.AcceptedEvents++;
                c.Accepters.Add(agent!.Value);
                c.Agent = agent;
                c.AssignedAt = e.Timestamp;
                break;
            case RoutingEventKind.Queued:
                Require(e, c.Agent is null && !c.Waiting && !c.Dormant && c.Pending.Count == 0, "queued while in another state");
                c.Waiting = true;
                break;
            case RoutingEventKind.Dispatched:
                Require(e, c.Waiting, "dispatched while not waiting");
                c.Waiting = false;
                break;
            case RoutingEventKind.ReturnedToQueue:
            case RoutingEventKind.Transferred:
            case RoutingEventKind.Dormant:
                Require(e, c.Agent is { } holder && holder == agent, $"taken from {agent} while assigned to {c.Agent}");
                c.Agent = null;
                c.Dormant = e.Kind == RoutingEventKind.Dormant;
                break;
            case RoutingEventKind.Woken:
                Require(e, c.Dormant, "woken while not dormant");
                c.Dormant = false;
                c.SlaFrom = e.Timestamp;
                c.Woken = true;
                break;
            case RoutingEventKind.Closed:
                Require(e, c.Pending.Count == 0, "closed with pending offers");
                Require(e, c.Agent == agent, $"closed by {agent} while assigned to {c.Agent}");
                c.Agent = null;
                c.Waiting = false;
                c.Dormant = false;
                c.Closed = true;
                break;
            default:
                Fail(e, "an unexpected event kind");
                break;
        }

        // Between an acceptance and the withdrawal of the other offers the conversation is assigned with offers left.
        bool accepting = e.Kind == RoutingEventKind.Accepted || (e.Kind == RoutingEventKind.OfferWithdrawn && e.Reason == RoutingEventReason.AcceptedByAnother);
        int states = (c.Agent is not null ? 1 : 0) + (c.Pending.Count > 0 ? 1 : 0) + (c.Waiting ? 1 : 0) + (c.Dormant ? 1 : 0) + (c.Closed ? 1 : 0);
        if (states > 1 && !accepting)
        {
            Fail(e, $"in {states} states at once");
        }
    }

    private void Require(RoutingEvent e, bool condition, string what)
    {
        if (!condition)
        {
            Fail(e, what);
        }
    }

    private void Fail(RoutingEvent e, string what)
    {
        if (_violations.Count < 1_000)
        {
            _violations.Add($"event {_events} ({e}): {what}");
        }
    }

    private sealed class Entry
    {
        public AgentId? Agent;
        public readonly HashSet<AgentId> Pending = [];
        public bool Waiting;
        public bool Dormant;
        public bool Closed;
        public int AcceptedEvents;

        /// <summary>Every agent an Accepted event named, over all its lives.</summary>
        public readonly HashSet<AgentId> Accepters = [];
        public DateTimeOffset AssignedAt;
        public DateTimeOffset SlaFrom;
        public bool Woken;

        public ConversationState? State =>
            Closed ? ConversationState.Closed
            : Agent is not null ? ConversationState.Assigned
            : Pending.Count > 0 ? ConversationState.Offered
            : Waiting ? ConversationState.Waiting
            : Dormant ? ConversationState.Dormant
            : null;
    }
}

/// <summary>What the driver told the ledger about a conversation: its request and the messages the engine accepted.</summary>
internal sealed class Facts
{
    public ConversationRequest? Request;
    public DateTimeOffset? LastConsumer;
    public DateTimeOffset? LastAgent;
}

/// <summary>What the events say about one conversation.</summary>
/// <param name="State">Its state per the events (null: none, which is itself a violation once an operation has finished).</param>
/// <param name="Agent">The agent it is assigned to.</param>
/// <param name="Pending">The agents holding a pending offer.</param>
/// <param name="Request">The request, when the driver recorded it.</param>
/// <param name="AssignedAt">When it was last accepted or assigned.</param>
/// <param name="LastConsumer">The latest consumer message the engine accepted.</param>
/// <param name="LastAgent">The latest agent message the engine accepted.</param>
/// <param name="SlaFrom">When it was submitted (or assigned directly), or last woken.</param>
/// <param name="Woken">Whether it was woken: its SLA then counts from <paramref name="SlaFrom"/>, not from the request's creation time.</param>
/// <param name="AcceptedEvents">How many Accepted events it had.</param>
internal sealed record LedgerView(
    ConversationState? State,
    AgentId? Agent,
    ImmutableHashSet<AgentId> Pending,
    ConversationRequest? Request,
    DateTimeOffset AssignedAt,
    DateTimeOffset? LastConsumer,
    DateTimeOffset? LastAgent,
    DateTimeOffset SlaFrom,
    bool Woken,
    int AcceptedEvents);
