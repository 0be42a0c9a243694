using RoutingCore.Engine;

namespace RoutingCore.Tests.Queueing;

/// <summary>
/// The waiting queue under a long backlog (issue 15): feeding an agent whose capacity freed takes the best conversations
/// from the heads of sorted runs — O(log n) questions to the ordering — and dispatches exactly in the order a plain sort
/// of the backlog gives; an ordering that may depend on time is asked linearly often, never quadratically. The tests
/// count the ordering's comparisons; they never time anything.
/// </summary>
public sealed class BacklogTests
{
    private static readonly DateTimeOffset Start = EngineKit.Start;

    [Test]
    public void Close_WithABacklogOf100000_AsksATimeInvariantOrderingLogarithmicallyOften()
    {
        const int Backlog = 100_000;
        var ordering = new TimeInvariantCountingOrdering(WaitingQueueOrderings.PriorityThenSla);
        using var kit = new EngineKit(o => o.ForcedPause.Enabled = false, queueOrdering: ordering, logEvents: false);
        IRoutingEngine engine = kit.Engine;
        engine.AddAgent(new AgentProfile(new AgentId("a")) { Skills = [new AgentSkill(new SkillId("support"))], MaxConcurrent = 1 }, AgentState.Online);
        engine.Submit(Support("held", priority: 0));
        engine.Accept(new ConversationId("held"), new AgentId("a"));
        var random = new Random(15);
        int bestPriority = -1;
        string best = "";
        for (int i = 0; i < Backlog; i++)
        {
            int priority = random.Next(5);
            engine.Submit(Support($"w{i}", priority)).State.ShouldBe(ConversationState.Waiting);
            if (priority > bestPriority)
            {
                (bestPriority, best) = (priority, $"w{i}"); // all were created at the same moment: same SLA, so the first of the highest priority
            }
        }

        ordering.Calls = 0;
        engine.Close(new ConversationId("held"));
        long closing = ordering.Calls;

        engine.GetConversation(new ConversationId(best)).OfferedTo.ShouldBe([new AgentId("a")]);
        ordering.Calls = 0;
        engine.Accept(new ConversationId(best), new AgentId("a"));
        engine.Submit(Support("late", priority: 2)).State.ShouldBe(ConversationState.Waiting);
        long acceptingAndQueueing = ordering.Calls;

        int log = (int)Math.Ceiling(Math.Log2(Backlog)); // 17
        closing.ShouldBeInRange(1, 2 * log + 4, "the close removes the dispatched conversation from its sorted run");
        acceptingAndQueueing.ShouldBeInRange(1, 2 * log + 4, "queueing one more finds its place in a sorted run");
        engine.GetWaitingConversations().Length.ShouldBe(Backlog);
    }

    [Test]
    public void Close_WithABacklogOf20000_AsksATimeDependentOrderingLinearlyOften()
    {
        const int Backlog = 20_000;
        var ordering = new CountingOrdering(new PatienceOrdering());
        using var kit = new EngineKit(
            o =>
            {
                o.ForcedPause.Enabled = false;
                o.MaxConcurrent.IdleChatTimeout = TimeSpan.Zero; // the held chat keeps its load while the clock moves
            },
            queueOrdering: ordering,
            logEvents: false);
        IRoutingEngine engine = kit.Engine;
        engine.AddAgent(new AgentProfile(new AgentId("a")) { Skills = [new AgentSkill(new SkillId("support"))], MaxConcurrent = 1 }, AgentState.Online);
        engine.Submit(Support("held", priority: 0));
        engine.Accept(new ConversationId("held"), new AgentId("a"));
        for (int i = 0; i < Backlog; i++)
        {
            engine.Submit(Support($"w{i}", priority: i % 7));
            if (i % 100 == 0)
            {
                kit.Clock.Advance(TimeSpan.FromSeconds(1));
            }
        }

        kit.Clock.Advance(TimeSpan.FromMinutes(5));
        ordering.Calls = 0;
        engine.Close(new ConversationId("held"));

        ordering.Calls.ShouldBeInRange(Backlog - 1, 3L * Backlog, "the conversations are ordered once at this moment (a heap), not scanned once per pick");
        engine.GetWaitingConversations().Length.ShouldBe(Backlog - 1);
    }

    [TestCase(false, TestName = "Feed_WithALargeRandomBacklog_DispatchesInTheOrderOfAReferenceSort(PriorityThenSla)")]
    [TestCase(true, TestName = "Feed_WithALargeRandomBacklog_DispatchesInTheOrderOfAReferenceSort(TimeDependentOrdering)")]
    public void Feed_WithALargeRandomBacklog_DispatchesInTheOrderOfAReferenceSort(bool timeDependent)
    {
        const int Conversations = 8_000;
        const int Agents = 120;
        IComparer<WaitingConversation> reference = Comparer<WaitingConversation>.Create(ReferencePriorityThenSla);
        IWaitingQueueOrdering ordering = timeDependent ? new PatienceOrdering() : WaitingQueueOrderings.PriorityThenSla;
        using var kit = new EngineKit(
            o =>
            {
                o.ForcedPause.Enabled = false;
                o.StepDelay = TimeSpan.FromDays(1); // no offer times out while the test runs
                o.ResponseSla.Default = TimeSpan.FromMinutes(10);
            },
            queueOrdering: ordering,
            logEvents: false);
        IRoutingEngine engine = kit.Engine;
        var random = new Random(2026);
        string[] skills = ["s0", "s1", "s2"];
        string[] tags = ["t0", "t1", "t2"];
        var agents = new List<AgentProfile>();
        for (int i = 0; i < Agents; i++)
        {
            bool voice = random.Next(2) == 0;
            var profile = new AgentProfile(new AgentId($"a{i}"))
            {
                Skills = [.. skills.Where(_ => random.Next(2) == 0).DefaultIfEmpty(skills[random.Next(3)]).Select(s => new AgentSkill(new SkillId(s)))],
                Tags = [.. tags.Where(_ => random.Next(3) > 0)],
                Media = voice ? [new MediaCapacity(MediaType.Chat), new MediaCapacity(MediaType.Voice, 1 + random.Next(2))] : [new MediaCapacity(MediaType.Chat)],
                MaxConcurrent = 2 << random.Next(3), // 2, 4 or 8: every cost is a power of two, so sums are exact
            };
            agents.Add(profile);
            engine.AddAgent(profile, AgentState.Away);
        }

        var requests = new Dictionary<string, ConversationRequest>();
        for (int i = 0; i < Conversations; i++)
        {
            int media = random.Next(10);
            var request = new ConversationRequest(new ConversationId($"c{i}"))
            {
                Skill = random.Next(8) == 0 ? (SkillId?)null : new SkillId(skills[random.Next(3)]),
                Media = media < 6 ? [MediaType.Chat] : media < 8 ? [MediaType.Voice] : [MediaType.Chat, MediaType.Voice],
                RequiredTags = [.. tags.Where(_ => random.Next(5) == 0)],
                Priority = random.Next(4),
                CreatedAt = kit.Clock.GetUtcNow() - TimeSpan.FromSeconds(random.Next(600)),
            };
            requests.Add(request.Id.Value, request);
            engine.Submit(request).State.ShouldBe(ConversationState.Waiting);
            if (i % 10 == 0)
            {
                kit.Clock.Advance(TimeSpan.FromSeconds(1));
            }
        }

        Dictionary<string, WaitingConversation> waiting = engine.GetWaitingConversations().ToDictionary(w => w.Id.Value);
        waiting.Count.ShouldBe(Conversations);
        kit.AttachLog();
        int dispatched = 0;
        foreach (AgentProfile agent in agents)
        {
            kit.Clock.Advance(TimeSpan.FromSeconds(20));
            DateTimeOffset now = kit.Clock.GetUtcNow();
            var sorted = waiting.Values.ToList();
            sorted.Sort(timeDependent ? (x, y) => ordering.Compare(x, y, now) : reference.Compare);
            List<string> expected = Greedy(agent, sorted.Select(w => requests[w.Id.Value]));
            int before = kit.Log.Of(RoutingEventKind.Dispatched).Length;

            engine.SetAgentState(agent.Id, AgentState.Online);

            string[] actual = [.. kit.Log.Of(RoutingEventKind.Dispatched).Skip(before).Select(e => e.Conversation.Value)];
            actual.ShouldBe([.. expected], $"agent {agent.Id} at {now - Start}");
            foreach (string id in actual)
            {
                waiting.Remove(id);
            }

            dispatched += actual.Length;
        }

        dispatched.ShouldBeGreaterThan(Agents); // the test saw many dispatches, not a handful
        DateTimeOffset end = kit.Clock.GetUtcNow();
        var remaining = waiting.Values.ToList();
        remaining.Sort(timeDependent ? (x, y) => ordering.Compare(x, y, end) : reference.Compare);
        engine.GetWaitingConversations().Select(w => w.Id.Value).ShouldBe(remaining.Select(w => w.Id.Value));
    }

    /// <summary>
    /// What the freed agent takes: in order, each conversation it may serve (skill, media, required tags) whose cost fits
    /// the room left; a conversation costs its heaviest medium, 1 / (the medium's MaxSessions, else MaxConcurrent).
    /// </summary>
    private static List<string> Greedy(AgentProfile agent, IEnumerable<ConversationRequest> sorted)
    {
        var taken = new List<string>();
        double room = 1.0 + 1e-9;
        foreach (ConversationRequest request in sorted)
        {
            bool serves = (request.Skill is not { } skill || agent.Skills.Any(s => s.Skill == skill))
                && request.Media.All(m => agent.Media.Any(h => h.Media == m))
                && request.RequiredTags.All(t => agent.Tags.Contains(t, StringComparer.OrdinalIgnoreCase));
            if (!serves)
            {
                continue;
            }

            double cost = request.Media.Max(m => 1.0 / (agent.Media.First(h => h.Media == m).MaxSessions ?? agent.MaxConcurrent!.Value));
            if (cost <= room)
            {
                taken.Add(request.Id.Value);
                room -= cost;
            }
        }

        return taken;
    }

    /// <summary>Priority (higher first), then SLA due (earlier first), then arrival: the documented built-in order, written out.</summary>
    private static int ReferencePriorityThenSla(WaitingConversation? x, WaitingConversation? y) =>
        x!.Priority != y!.Priority ? y.Priority.CompareTo(x.Priority)
        : x.SlaDue != y.SlaDue ? x.SlaDue.CompareTo(y.SlaDue)
        : x.Sequence.CompareTo(y.Sequence);

    private static ConversationRequest Support(string id, int priority) => new(new ConversationId(id)) { Skill = new SkillId("support"), Priority = priority };

    /// <summary>Importance over time waited: the order of two conversations changes as time passes.</summary>
    private sealed class PatienceOrdering : IWaitingQueueOrdering
    {
        public int Compare(WaitingConversation x, WaitingConversation y, DateTimeOffset now)
        {
            int byScore = Score(y, now).CompareTo(Score(x, now));
            return byScore != 0 ? byScore : x.Sequence.CompareTo(y.Sequence);
        }

        private static double Score(WaitingConversation conversation, DateTimeOffset now) =>
            (conversation.Priority + 1) / (1 + ((now - conversation.QueuedAt).TotalMinutes));
    }
}

/// <summary>Counts the comparisons an ordering is asked for. The engine cannot know whether it depends on time.</summary>
internal class CountingOrdering(IWaitingQueueOrdering inner) : IWaitingQueueOrdering
{
    public long Calls { get; set; }

    public int Compare(WaitingConversation x, WaitingConversation y, DateTimeOffset now)
    {
        Calls++;
        return inner.Compare(x, y, now);
    }
}

/// <summary>Counts the comparisons of an ordering marked, as the built-in ones are, as not depending on time.</summary>
internal sealed class TimeInvariantCountingOrdering(IWaitingQueueOrdering inner) : CountingOrdering(inner), ITimeInvariantOrdering;
