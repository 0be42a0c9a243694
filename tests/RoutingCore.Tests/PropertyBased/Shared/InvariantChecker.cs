using System.Globalization;

namespace RoutingCore.Tests.PropertyBased.Shared;

/// <summary>
/// Checks the engine's invariants through its public API only (GetAgents, GetConversation, GetWaitingConversations, Plan,
/// SelectBest, Explain) against the replayed event stream (<see cref="EventLedger"/>) and the capacity models' definitions
/// (<see cref="CapacityDefinition"/>). Each check run counts in <see cref="Checks"/>; violations are collected.
/// </summary>
/// <remarks>
/// <para>Capacity, per agent, under the engine's capacity model:</para>
/// <list type="bullet">
/// <item>the limit is the model's, and the load is exactly the sum of the model's loads of the conversations assigned to the agent;</item>
/// <item>the reserved load is exactly the cost of the agent's exclusive offers (offered to it alone because its plan held nobody else;
/// issue 17: an offer that is alone only for the moment is not exclusive and reserves nothing);</item>
/// <item>load plus reservations stay within the limit, except when a conversation's load rose by itself after admission (an idle chat
/// or an inactive conversation that became active again): then the agent holds no offer at all;</item>
/// <item>with <c>trackFloors</c> (a driver that checks after every operation): the sum over the agent's conversations of the lowest
/// load each had since it was assigned, plus the reservations, never exceeds the limit. That is what "the engine never admits above
/// capacity" means once loads move with time: admitting compares the current load, which is at least the sum of those floors.</item>
/// </list>
/// </remarks>
internal sealed class InvariantChecker
{
    private const double Tolerance = 1e-9;
    private readonly RoutingOptions _options;
    private readonly Dictionary<(ConversationId, AgentId, DateTimeOffset), double> _floors = [];

    public InvariantChecker(RoutingOptions options)
    {
        _options = options;
    }

    /// <summary>How many invariant checks ran (one per invariant per agent, conversation or queue entry checked).</summary>
    public long Checks { get; private set; }

    /// <summary>The violations found (at most 1,000 kept).</summary>
    public List<string> Violations { get; } = [];

    /// <summary>
    /// Checks every conversation the driver ever submitted, every agent and the waiting queue. Call with no operation running.
    /// </summary>
    /// <param name="engine">The engine.</param>
    /// <param name="ledger">The replayed events.</param>
    /// <param name="now">The clock's time.</param>
    /// <param name="ids">Every conversation id the driver submitted or assigned.</param>
    /// <param name="closedByDriver">Whether the driver closed a conversation (and has not submitted it again since).</param>
    /// <param name="trackFloors">Whether to check the admitted-load floors (only when called after every operation).</param>
    public void CheckState(IRoutingEngine engine, EventLedger ledger, DateTimeOffset now, IEnumerable<ConversationId> ids, Func<ConversationId, bool> closedByDriver, bool trackFloors)
    {
        var views = new Dictionary<ConversationId, ConversationSnapshot>();
        var facts = new Dictionary<ConversationId, LedgerView>();
        foreach (ConversationId id in ids)
        {
            ConversationSnapshot view = engine.GetConversation(id);
            views[id] = view;
            LedgerView? fact = ledger.Find(id);
            if (fact is null)
            {
                Fail($"{view}: no event ever named it");
                continue;
            }

            facts[id] = fact;
            CheckConversation(view, fact, closedByDriver(id));
        }

        CheckQueue(engine, views);
        CheckAgents(engine, views, facts, now, trackFloors);
        foreach (string violation in ledger.Violations)
        {
            Fail("events: " + violation);
        }
    }

    /// <summary>One state, consistent fields, agreeing with the events; closed exactly when the driver closed it; SLA as documented.</summary>
    private void CheckConversation(ConversationSnapshot view, LedgerView fact, bool closedByDriver)
    {
        Checks += 4;
        CheckView(view, Fail);

        if (fact.State != view.State || fact.Agent != view.Agent || !fact.Pending.SetEquals(view.OfferedTo))
        {
            Fail($"{view}: the events leave it {fact.State?.ToString() ?? "in no state"} (agent {fact.Agent}, offered to [{string.Join(", ", fact.Pending)}])");
        }

        if ((view.State == ConversationState.Closed) != closedByDriver)
        {
            Fail($"{view}: the driver {(closedByDriver ? "closed it" : "never closed it")}");
        }

        if (view.State != ConversationState.Closed && fact.Request is { } request)
        {
            Checks++;
            DateTimeOffset from = fact.Woken ? fact.SlaFrom : request.CreatedAt ?? fact.SlaFrom;
            DateTimeOffset due = from + SlaOf(request);
            if (view.SlaDue != due)
            {
                Fail($"{view}: SLA due {view.SlaDue:O}, the documented rule gives {due:O}");
            }
        }
    }

    /// <summary>A view in one state with the fields of that state (offers only when offered, an agent only when assigned), each agent offered once.</summary>
    /// <param name="view">The conversation's view.</param>
    /// <param name="fail">Receives each violation.</param>
    public static void CheckView(ConversationSnapshot view, Action<string> fail)
    {
        bool consistent = view.State switch
        {
            ConversationState.Offered => !view.OfferedTo.IsEmpty && view.Agent is null && view.Step is not null,
            ConversationState.Assigned => view.OfferedTo.IsEmpty && view.Agent is not null,
            ConversationState.Waiting or ConversationState.Dormant or ConversationState.Closed => view.OfferedTo.IsEmpty && view.Agent is null,
            _ => false,
        };
        if (!consistent)
        {
            fail($"inconsistent view: {view} (agent {view.Agent}, offered to [{string.Join(", ", view.OfferedTo)}], step {view.Step})");
        }

        if (view.Exclusive && (view.State != ConversationState.Offered || view.OfferedTo.Length != 1))
        {
            fail($"{view}: marked exclusive while {view.State} and offered to {view.OfferedTo.Length} agent(s); only an offer to one agent alone is exclusive");
        }

        if (view.OfferedTo.Distinct().Count() != view.OfferedTo.Length)
        {
            fail($"{view}: an agent holds two offers of it");
        }
    }

    private TimeSpan SlaOf(ConversationRequest request) =>
        request.ConversationType is { } type && _options.ResponseSla.ByConversationType.TryGetValue(type, out TimeSpan own) ? own : _options.ResponseSla.Default;

    /// <summary>The queue holds exactly the waiting conversations, once each, in the documented order (priority, then SLA, then arrival).</summary>
    private void CheckQueue(IRoutingEngine engine, Dictionary<ConversationId, ConversationSnapshot> views)
    {
        WaitingConversation[] queue = [.. engine.GetWaitingConversations()];
        CheckOrder(queue, "the waiting queue");
        var queued = new HashSet<ConversationId>();
        foreach (WaitingConversation waiting in queue)
        {
            Checks++;
            if (!queued.Add(waiting.Id))
            {
                Fail($"{waiting}: queued twice");
            }

            if (!views.TryGetValue(waiting.Id, out ConversationSnapshot? view) || view.State != ConversationState.Waiting)
            {
                Fail($"{waiting}: in the waiting queue but {(view is null ? "never submitted" : view.State.ToString())}");
            }
            else if (view.Skill != waiting.Skill || view.SlaDue != waiting.SlaDue)
            {
                Fail($"{waiting}: queued on skill {waiting.Skill} due {waiting.SlaDue:O}, the conversation says {view.Skill} due {view.SlaDue:O}");
            }
        }

        foreach (ConversationSnapshot view in views.Values)
        {
            Checks++;
            if (view.State == ConversationState.Waiting && !queued.Contains(view.Id))
            {
                Fail($"{view}: waiting but not in the waiting queue");
            }
        }

        foreach (SkillId skill in queue.Where(w => w.Skill is not null).Select(w => w.Skill!.Value).Distinct())
        {
            WaitingConversation[] ofSkill = [.. engine.GetWaitingConversations(skill)];
            CheckOrder(ofSkill, $"the queue of skill '{skill}'");
            Checks++;
            if (!ofSkill.Select(w => w.Id).SequenceEqual(queue.Where(w => w.Skill == skill).Select(w => w.Id)))
            {
                Fail($"the queue of skill '{skill}' is not the skill's part of the whole queue, in the same order");
            }
        }
    }

    private void CheckOrder(WaitingConversation[] queue, string what)
    {
        for (int i = 1; i < queue.Length; i++)
        {
            Checks++;
            WaitingConversation x = queue[i - 1];
            WaitingConversation y = queue[i];
            bool before = x.Priority != y.Priority ? x.Priority > y.Priority
                : x.SlaDue != y.SlaDue ? x.SlaDue < y.SlaDue
                : x.Sequence < y.Sequence;
            if (!before)
            {
                Fail($"{what}: {x} (sequence {x.Sequence}) comes before {y} (sequence {y.Sequence}); the documented order is priority, then SLA due, then arrival");
            }
        }
    }

    private void CheckAgents(IRoutingEngine engine, Dictionary<ConversationId, ConversationSnapshot> views, Dictionary<ConversationId, LedgerView> facts, DateTimeOffset now, bool trackFloors)
    {
        var agents = engine.GetAgents().ToDictionary(a => a.Id);
        var assigned = new Dictionary<AgentId, List<ConversationSnapshot>>();
        var offered = new Dictionary<AgentId, List<ConversationSnapshot>>();
        foreach (ConversationSnapshot view in views.Values)
        {
            if (view.Agent is { } holder)
            {
                Checks++;
                if (!agents.ContainsKey(holder))
                {
                    Fail($"{view}: assigned to an agent not on the roster");
                }

                (assigned.TryGetValue(holder, out var list) ? list : assigned[holder] = []).Add(view);
            }

            foreach (AgentId agent in view.OfferedTo)
            {
                (offered.TryGetValue(agent, out var list) ? list : offered[agent] = []).Add(view);
            }
        }

        var seenFloors = new HashSet<(ConversationId, AgentId, DateTimeOffset)>();
        foreach (AgentSnapshot agent in agents.Values)
        {
            Checks += 6;
            List<ConversationSnapshot> mine = assigned.GetValueOrDefault(agent.Id) ?? [];
            List<ConversationSnapshot> offers = offered.GetValueOrDefault(agent.Id) ?? [];
            if (mine.Count != agent.Conversations)
            {
                Fail($"{agent}: {mine.Count} conversation(s) assigned to it, the agent counts {agent.Conversations}");
            }

            if (offers.Count != agent.PendingOffers)
            {
                Fail($"{agent}: {agent.PendingOffers} pending offer(s), {offers.Count} conversation(s) offered to it");
            }

            if (agent.State != AgentState.Online && agent.PendingOffers > 0)
            {
                Fail($"{agent}: {agent.PendingOffers} pending offer(s) while {agent.State}");
            }

            double limit = CapacityDefinition.Limit(_options);
            if (Math.Abs(agent.Limit - limit) > Tolerance)
            {
                Fail(Invariant($"{agent}: limit {agent.Limit}, the capacity model defines {limit}"));
            }

            double load = 0;
            double floors = 0;
            foreach (ConversationSnapshot view in mine)
            {
                if (!facts.TryGetValue(view.Id, out LedgerView? fact) || fact.Request is null)
                {
                    continue;
                }

                double own = CapacityDefinition.Load(agent.Profile, fact, now, _options);
                load += own;
                var key = (view.Id, agent.Id, fact.AssignedAt);
                double floor = _floors.TryGetValue(key, out double before) ? Math.Min(before, own) : own;
                _floors[key] = floor;
                seenFloors.Add(key);
                floors += floor;
            }

            if (Math.Abs(agent.Load - load) > 1e-6)
            {
                Fail(Invariant($"{agent}: load {agent.Load}, its {mine.Count} conversation(s) make {load} under the capacity model"));
            }

            double reserved = offers.Where(v => v.Exclusive).Sum(v => CapacityDefinition.Cost(agent.Profile, v.Request.Media, _options));
            if (Math.Abs(agent.Reserved - reserved) > 1e-6)
            {
                Fail(Invariant($"{agent}: reserved {agent.Reserved}, its exclusive offers cost {reserved}"));
            }

            if (agent.Load + agent.Reserved > agent.Limit + Tolerance && agent.PendingOffers > 0)
            {
                Fail(Invariant($"{agent}: load {agent.Load} + reserved {agent.Reserved} above its limit {agent.Limit} while it holds {agent.PendingOffers} offer(s)"));
            }

            if (trackFloors && floors + agent.Reserved > agent.Limit + Tolerance)
            {
                Fail(Invariant($"{agent}: its conversations' lowest loads since admission sum to {floors} + reserved {agent.Reserved}, above its limit {agent.Limit}: admitted above capacity"));
            }
        }

        if (trackFloors)
        {
            foreach (var key in _floors.Keys.Where(k => !seenFloors.Contains(k)).ToList())
            {
                _floors.Remove(key);
            }
        }
    }

    /// <summary>
    /// Plans, selects and explains a probe request: every score (plan, explanation, components and their weights) is within 0..1,
    /// steps come highest score first, the explanation's plan equals the plan and SelectBest is the plan's first agent.
    /// </summary>
    public void CheckScores(IRoutingEngine engine, ConversationRequest probe)
    {
        RoutingPlan plan = engine.Plan(probe);
        PlannedAgent? best = engine.SelectBest(probe);
        RoutingExplanation explanation = engine.Explain(probe);
        Checks += 3;
        double previous = double.PositiveInfinity;
        foreach (RoutingStep step in plan.Steps)
        {
            foreach (PlannedAgent planned in step.Agents)
            {
                Checks++;
                if (!(planned.Score >= 0 && planned.Score <= 1))
                {
                    Fail(Invariant($"plan of {probe}: {planned.Agent} scores {planned.Score}"));
                }
            }

            double top = step.Agents.Max(a => a.Score);
            if (top > previous + Tolerance)
            {
                Fail($"plan of {probe}: step {step.Index + 1} scores above an earlier step: {plan}");
            }

            previous = step.Agents.Min(a => a.Score);
        }

        if (best != plan.First)
        {
            Fail($"SelectBest of {probe} gives {best}, the plan offers {plan.First} first: {plan}");
        }

        if (explanation.Plan.ToString() != plan.ToString())
        {
            Fail($"Explain's plan of {probe} differs from Plan: {explanation.Plan} / {plan}");
        }

        foreach (AgentExplanation agent in explanation.Agents)
        {
            Checks++;
            if (agent.IsEligible && !(agent.Score is >= 0 and <= 1))
            {
                Fail(Invariant($"explanation of {probe}: {agent.Agent} scores {agent.Score}"));
            }

            foreach (ScoreComponent component in agent.Components)
            {
                Checks++;
                if (!(component.Value is >= 0 and <= 1) || !(component.Weight is >= 0 and <= 1))
                {
                    Fail(Invariant($"explanation of {probe}: {agent.Agent} has component {component}"));
                }
            }
        }
    }

    /// <summary>
    /// Checks an engine whose history the test did not see (a restored one), through its public API only: each conversation's
    /// view is consistent; the waiting queue holds exactly the waiting conversations, once each, in the documented order; each
    /// agent holds as many conversations and offers as the views say, has the capacity model's limit, reserves exactly the cost
    /// of its exclusive offers, carries a load between zero and what its conversations can weigh, and holds offers only while
    /// online and within its limit. Ids the engine does not know are skipped; pass every id the engine may hold.
    /// </summary>
    /// <param name="engine">The engine.</param>
    /// <param name="ids">The conversations it may know.</param>
    public void CheckWithoutHistory(IRoutingEngine engine, IEnumerable<ConversationId> ids)
    {
        var views = new Dictionary<ConversationId, ConversationSnapshot>();
        foreach (ConversationId id in ids)
        {
            ConversationSnapshot view;
            try
            {
                view = engine.GetConversation(id);
            }
            catch (RoutingOperationException e) when (e.Code == RoutingErrorCode.UnknownConversation)
            {
                continue;
            }

            Checks++;
            CheckView(view, Fail);
            views[id] = view;
        }

        CheckQueue(engine, views);
        var assigned = new Dictionary<AgentId, List<ConversationSnapshot>>();
        var offered = new Dictionary<AgentId, List<ConversationSnapshot>>();
        foreach (ConversationSnapshot view in views.Values)
        {
            if (view.Agent is { } holder)
            {
                (assigned.TryGetValue(holder, out var list) ? list : assigned[holder] = []).Add(view);
            }

            foreach (AgentId agent in view.OfferedTo)
            {
                (offered.TryGetValue(agent, out var list) ? list : offered[agent] = []).Add(view);
            }
        }

        var roster = engine.GetAgents().ToDictionary(a => a.Id);
        foreach (AgentId holder in assigned.Keys.Concat(offered.Keys).Where(a => !roster.ContainsKey(a)).Distinct())
        {
            Fail($"agent {holder} holds conversations or offers but is not on the roster");
        }

        bool intensity = CapacityDefinition.IsIntensity(_options);
        foreach (AgentSnapshot agent in roster.Values)
        {
            Checks += 6;
            List<ConversationSnapshot> mine = assigned.GetValueOrDefault(agent.Id) ?? [];
            List<ConversationSnapshot> offers = offered.GetValueOrDefault(agent.Id) ?? [];
            if (mine.Count != agent.Conversations || offers.Count != agent.PendingOffers)
            {
                Fail($"{agent}: counts {agent.Conversations} conversation(s) and {agent.PendingOffers} offer(s); the views give {mine.Count} and {offers.Count}");
            }

            if (agent.State != AgentState.Online && agent.PendingOffers > 0)
            {
                Fail($"{agent}: {agent.PendingOffers} pending offer(s) while {agent.State}");
            }

            double limit = CapacityDefinition.Limit(_options);
            if (Math.Abs(agent.Limit - limit) > Tolerance)
            {
                Fail(Invariant($"{agent}: limit {agent.Limit}, the capacity model defines {limit}"));
            }

            double reserved = offers.Where(v => v.Exclusive).Sum(v => CapacityDefinition.Cost(agent.Profile, v.Request.Media, _options));
            if (Math.Abs(agent.Reserved - reserved) > 1e-6)
            {
                Fail(Invariant($"{agent}: reserved {agent.Reserved}, its exclusive offers cost {reserved}"));
            }

            int slots = agent.Profile.MaxConcurrent ?? _options.MaxConcurrent.DefaultMaxConcurrent;
            double heaviest = mine.Sum(v => intensity
                ? Math.Max(_options.Intensity.ActiveWeight, _options.Intensity.InactiveWeight) / slots
                : CapacityDefinition.Cost(agent.Profile, v.Request.Media, _options));
            if (agent.Load < -Tolerance || agent.Load > heaviest + 1e-6)
            {
                Fail(Invariant($"{agent}: load {agent.Load}, outside 0..{heaviest}, what its {mine.Count} conversation(s) can weigh"));
            }

            if (agent.Load + agent.Reserved > agent.Limit + Tolerance && agent.PendingOffers > 0)
            {
                Fail(Invariant($"{agent}: load {agent.Load} + reserved {agent.Reserved} above its limit {agent.Limit} while it holds {agent.PendingOffers} offer(s)"));
            }
        }
    }

    private void Fail(string violation)
    {
        if (Violations.Count < 1_000)
        {
            Violations.Add(violation);
        }
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
