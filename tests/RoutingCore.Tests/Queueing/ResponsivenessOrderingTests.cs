using Microsoft.Extensions.Options;
using RoutingCore.Engine;
using RoutingCore.Tests.Lifecycle;
using RoutingCore.Tests.State;

namespace RoutingCore.Tests.Queueing;

/// <summary>
/// The built-in responsiveness ordering (issue 17, part 6), through the public API. Seed 001 (001_810db5334e1c66ae.txt):
/// "LivePerson created queue prioritization tool that combines both importance of conversation with likelihood a consumer
/// will respond." and its backlog management works "by finding the right conversations (the active ones)"; "When long
/// queues build up, consumers often become unavailable once they have sent a message and waited several minutes with no
/// response." A conversation is worth 2^Priority times a likelihood that halves with every half-life of the consumer's
/// silence (default 5 minutes).
/// </summary>
public sealed class ResponsivenessOrderingTests
{
    private static readonly TimeSpan HalfLife = TimeSpan.FromMinutes(5);

    [Test]
    public void Responsiveness_WithinAPriority_ServesTheConsumerWhoWroteLast()
    {
        // Seed 001: backlog management finds "the right conversations (the active ones)".
        using var center = Responsive();
        center.Agent("a", AgentState.Away, max: 1);
        center.Submit("early");
        center.Advance(30);
        center.Submit("late");
        center.Advance(60);

        center.Waiting().ShouldBe(["late", "early"], "the consumer of 'late' started writing 30 s after the one of 'early'");
        Consumer(center, "early");
        center.Waiting().ShouldBe(["early", "late"], "the consumer of 'early' just wrote while waiting");

        center.Engine.SetAgentState(new AgentId("a"), AgentState.Online);
        center.OfferedTo("early").ShouldBe(["a"]);
        center.State("late").ShouldBe(ConversationState.Waiting);
    }

    [Test]
    public void Responsiveness_UnderTheDefaultOrdering_AConsumerMessageChangesNothing()
    {
        using var center = new Center();
        center.Agent("a", AgentState.Away, max: 1);
        center.Submit("early");
        center.Advance(30);
        center.Submit("late");
        center.Advance(60);
        Consumer(center, "late");

        center.Waiting().ShouldBe(["early", "late"], "priority then SLA: the message does not move it");
    }

    [TestCase(299, "important")]
    [TestCase(300, "important")] // equal worth: the tie goes by priority first
    [TestCase(301, "chatty")]
    public void Responsiveness_OneHalfLifeOfSilence_WeighsAsMuchAsOnePriorityLevel(int silentSeconds, string first)
    {
        // "combines both importance of conversation with likelihood a consumer will respond": 2^1 x 2^(-s/300) against 2^0 x 1.
        using var center = Responsive();
        center.Agent("a", AgentState.Away, max: 1);
        center.Submit("important", priority: 1);
        center.Submit("chatty", priority: 0);
        center.Advance(silentSeconds);
        Consumer(center, "chatty");

        center.Waiting()[0].ShouldBe(first);
        center.Engine.SetAgentState(new AgentId("a"), AgentState.Online);
        center.OfferedTo(first).ShouldBe(["a"]);
    }

    [Test]
    public void Responsiveness_TheHalfLifeOption_SetsHowFastSilenceCounts()
    {
        using var center = Responsive(halfLife: TimeSpan.FromMinutes(1));
        center.Agent("a", AgentState.Away, max: 1);
        center.Submit("important", priority: 1);
        center.Submit("chatty", priority: 0);
        center.Advance(90);
        Consumer(center, "chatty");

        center.Waiting().ShouldBe(["chatty", "important"], "90 s of silence is 1.5 half-lives of 1 minute: more than a priority level");
        using var byDefault = Responsive();
        byDefault.Submit("important", priority: 1);
        byDefault.Submit("chatty", priority: 0);
        byDefault.Advance(90);
        Consumer(byDefault, "chatty");
        byDefault.Waiting().ShouldBe(["important", "chatty"], "90 s is less than the default half-life of 5 minutes");
    }

    [Test]
    public void Responsiveness_TheOrder_DoesNotChangeWhileNobodyWrites()
    {
        using var center = Responsive();
        var random = new Random(17);
        for (int i = 0; i < 40; i++)
        {
            center.Submit($"c{i}", priority: random.Next(-2, 4));
            center.Advance(random.Next(0, 200));
            if (random.Next(3) == 0)
            {
                Consumer(center, $"c{random.Next(i + 1)}");
            }
        }

        string[] now = center.Waiting();
        center.Advance(TimeSpan.FromHours(3).TotalSeconds);
        center.Waiting().ShouldBe(now, "every worth decays by the same factor as time passes");
        now.ShouldBe(ReferenceOrder(center), "the order is that of 2^Priority x 2^(-silence / half-life), computed apart");
    }

    [Test]
    public void Responsiveness_EqualWorth_GoesByPriorityThenSlaThenArrival()
    {
        using var center = Responsive(o => o.ResponseSla.ByConversationType[ConversationTypes.Urgent] = TimeSpan.FromSeconds(30));
        center.Submit("first");
        center.Submit("urgent", type: ConversationTypes.Urgent);
        center.Submit("second");
        center.Waiting().ShouldBe(["urgent", "first", "second"]);
    }

    [Test]
    public void Responsiveness_AConsumerStartsTheConversation_AtItsCreationTime_AndOnlyConsumerMessagesCount()
    {
        using var center = Responsive();
        center.Submit("received-now");
        center.Engine.Submit(new ConversationRequest(new ConversationId("from-ivr")) { Skill = new SkillId("sales"), CreatedAt = EngineKit.Start.AddMinutes(-10) });
        center.Waiting().ShouldBe(["received-now", "from-ivr"], "the IVR consumer has been silent for 10 minutes");
        center.Engine.GetWaitingConversations().Single(w => w.Id.Value == "from-ivr").LastConsumerActivityAt.ShouldBe(EngineKit.Start.AddMinutes(-10));

        center.Advance(60);
        center.Engine.ReportMessage(new ConversationId("from-ivr"), MessageAuthor.Agent);
        center.Waiting().ShouldBe(["received-now", "from-ivr"], "an agent's message says nothing about the consumer");
        center.Engine.ReportMessage(new ConversationId("from-ivr"), MessageAuthor.Consumer, EngineKit.Start.AddSeconds(-30));
        center.Waiting().ShouldBe(["received-now", "from-ivr"], "a message written 30 s before 'received-now' arrived");
        center.Engine.ReportMessage(new ConversationId("from-ivr"), MessageAuthor.Consumer, EngineKit.Start.AddSeconds(30));
        center.Waiting().ShouldBe(["from-ivr", "received-now"]);
        center.Engine.GetWaitingConversations()[0].LastConsumerActivityAt.ShouldBe(EngineKit.Start.AddSeconds(30));
    }

    [Test]
    public void Responsiveness_ALaterConversationWaitsOnAnotherSkill_TheFreedAgentTakesTheMostResponsiveAcrossItsSkills()
    {
        using var center = Responsive(o => o.ForcedPause.Enabled = false);
        center.Agent("both", AgentState.Away, 2, "sales", "support");
        center.Submit("sales-quiet", "sales", priority: 1);
        center.Submit("support-quiet", "support");
        center.Advance(600);
        center.Submit("support-new", "support");
        center.Advance(60);
        Consumer(center, "support-quiet");

        center.Engine.SetAgentState(new AgentId("both"), AgentState.Online);
        center.Log.Of(RoutingEventKind.Dispatched).Select(e => e.Conversation.Value).ShouldBe(["support-quiet", "support-new"]);
        center.State("sales-quiet").ShouldBe(ConversationState.Waiting, "11 minutes of silence: worth 2^1 x 2^-2.2, under the others' 2^0 x 2^0 and 2^0 x 2^-0.2");
    }

    [Test]
    public void Responsiveness_TheConsumersLastMessage_SurvivesSaveAndRestore()
    {
        using var center = Responsive();
        center.Submit("early");
        center.Advance(30);
        center.Submit("late");
        center.Advance(60);
        Consumer(center, "early");
        center.Advance(10);
        string document = StateKit.Save(center.Engine);
        document.ShouldContain("\"openedAt\":");

        using var restored = Responsive();
        StateKit.Restore(restored.Engine, document);
        restored.Waiting().ShouldBe(["early", "late"]);
        restored.Engine.GetWaitingConversations().Select(w => w.LastConsumerActivityAt)
            .ShouldBe([EngineKit.Start.AddSeconds(90), EngineKit.Start.AddSeconds(30)]);
        StateKit.Save(restored.Engine).ShouldBe(document);

        restored.Agent("a", AgentState.Online, max: 1);
        restored.OfferedTo("early").ShouldBe(["a"]);
    }

    [Test]
    public void Responsiveness_ADocumentWithoutOpenedAt_TakesTheTimeTheConversationWasQueued()
    {
        using var center = Responsive();
        center.Submit("c1");
        center.Advance(45);
        string document = StateKit.Save(center.Engine).Replace("\"openedAt\":\"2026-01-05T09:00:00+00:00\",", "", StringComparison.Ordinal);
        document.ShouldNotContain("openedAt");

        using var restored = Responsive();
        StateKit.Restore(restored.Engine, document);
        restored.Engine.GetWaitingConversations().Single().LastConsumerActivityAt.ShouldBe(EngineKit.Start);
    }

    [Test]
    public void Responsiveness_WithABacklogOf100000_AConsumerMessageAndAClose_AskTheOrderingLogarithmicallyOften()
    {
        const int Backlog = 100_000;
        var ordering = new TimeInvariantCountingOrdering(new ResponsivenessOrdering(new ResponsivenessOptions()));
        using var kit = new EngineKit(
            o =>
            {
                o.ForcedPause.Enabled = false;
                o.MaxConcurrent.IdleChatTimeout = TimeSpan.Zero; // the held chat keeps its slot while the clock moves on
            },
            queueOrdering: ordering,
            logEvents: false);
        IRoutingEngine engine = kit.Engine;
        engine.AddAgent(new AgentProfile(new AgentId("a")) { Skills = [new AgentSkill(new SkillId("support"))], MaxConcurrent = 1 }, AgentState.Online);
        engine.Submit(new ConversationRequest(new ConversationId("held")) { Skill = new SkillId("support") });
        engine.Accept(new ConversationId("held"), new AgentId("a"));
        var random = new Random(17);
        for (int i = 0; i < Backlog; i++)
        {
            engine.Submit(new ConversationRequest(new ConversationId($"w{i}")) { Skill = new SkillId("support"), Priority = random.Next(3) });
            if (i % 1000 == 0)
            {
                kit.Clock.Advance(TimeSpan.FromSeconds(1));
            }
        }

        kit.Clock.Advance(TimeSpan.FromMinutes(20));
        ordering.Calls = 0;
        engine.ReportMessage(new ConversationId("w5"), MessageAuthor.Consumer);
        long message = ordering.Calls;
        ordering.Calls = 0;
        engine.Close(new ConversationId("held"));
        long closing = ordering.Calls;

        int log = (int)Math.Ceiling(Math.Log2(Backlog)); // 17
        message.ShouldBeInRange(1, 2 * ((2 * log) + 4), "out of its place and into the new one in a sorted run");
        closing.ShouldBeInRange(1, (2 * log) + 4, "the close dispatches the head of the sorted run and removes it");
        engine.GetConversation(new ConversationId("w5")).OfferedTo.ShouldBe([new AgentId("a")], "20 minutes of everybody else's silence outweigh any priority up to 2");
    }

    [Test]
    public void QueueOrdering_DefaultsToPriorityThenSla_AndIsFoundIgnoringCase()
    {
        new RoutingOptions().QueueOrdering.ShouldBe(QueueOrderingNames.PriorityThenSla);
        new RoutingOptions().Responsiveness.HalfLife.ShouldBe(HalfLife);
        using var center = new Center(o => o.QueueOrdering = "RESPONSIVENESS");
        center.Submit("early");
        center.Advance(30);
        center.Submit("late");
        center.Waiting().ShouldBe(["late", "early"]);
    }

    [Test]
    public void QueueOrdering_AnOrderingOfTheHost_TakesThePlaceOfTheNamedOne()
    {
        using var center = new Center(o => o.QueueOrdering = QueueOrderingNames.Responsiveness, ordering: new ArrivalOrdering());
        center.Submit("early");
        center.Advance(30);
        center.Submit("late");
        center.Waiting().ShouldBe(["early", "late"]);
    }

    [Test]
    public void QueueOrdering_BadNamesAndHalfLives_AreRefused_NamingTheValueAndWhatIsValid()
    {
        string[] Errors(Action<RoutingOptions> configure)
        {
            var options = new RoutingOptions();
            configure(options);
            return [.. Should.Throw<OptionsValidationException>(() => RoutingEngine.Create(options)).Failures];
        }

        string valid = "use one of: priority-then-sla, responsiveness (an ordering of your own is given with UseQueueOrdering or RoutingEngine.Create's queueOrdering, not by name).";
        Errors(o => o.QueueOrdering = "fifo").ShouldContain($"RoutingOptions.QueueOrdering is 'fifo', which is not a built-in queue ordering; {valid}");
        Errors(o => o.QueueOrdering = null!).ShouldContain(e => e.StartsWith("RoutingOptions.QueueOrdering is ", StringComparison.Ordinal) && e.EndsWith(valid, StringComparison.Ordinal));
        Errors(o => o.Responsiveness.HalfLife = TimeSpan.Zero).ShouldContain("RoutingOptions.Responsiveness.HalfLife is 00:00:00; it must be greater than zero.");
        Errors(o => o.Responsiveness.HalfLife = TimeSpan.FromSeconds(-1)).ShouldContain("RoutingOptions.Responsiveness.HalfLife is -00:00:01; it must be greater than zero.");
        Errors(o => o.Responsiveness.HalfLife = TimeSpan.FromDays(3651)).ShouldContain("RoutingOptions.Responsiveness.HalfLife is 3651.00:00:00; it must be at most 3650.00:00:00 (10 years).");
        Errors(o => o.Responsiveness = null!).ShouldContain("RoutingOptions.Responsiveness must not be null.");
    }

    private static Center Responsive(Action<RoutingOptions>? configure = null, TimeSpan? halfLife = null) =>
        new(o =>
        {
            o.QueueOrdering = QueueOrderingNames.Responsiveness;
            o.Responsiveness.HalfLife = halfLife ?? HalfLife;
            configure?.Invoke(o);
        });

    private static void Consumer(Center center, string id) => center.Engine.ReportMessage(new ConversationId(id), MessageAuthor.Consumer);

    /// <summary>
    /// The worth at the clock's time, written out as its base-2 logarithm in seconds of half-life (Priority x 300 − silence in
    /// seconds: whole numbers here, so exact in a double); ties by priority, SLA and sequence.
    /// </summary>
    private static string[] ReferenceOrder(Center center)
    {
        DateTimeOffset now = center.Clock.GetUtcNow();
        double LogWorth(WaitingConversation w) => (w.Priority * HalfLife.TotalSeconds) - (now - w.LastConsumerActivityAt).TotalSeconds;
        return [.. center.Engine.GetWaitingConversations()
            .OrderByDescending(LogWorth).ThenByDescending(w => w.Priority).ThenBy(w => w.SlaDue).ThenBy(w => w.Sequence)
            .Select(w => w.Id.Value)];
    }

    private sealed class ArrivalOrdering : IWaitingQueueOrdering
    {
        public int Compare(WaitingConversation x, WaitingConversation y, DateTimeOffset now) => x.Sequence.CompareTo(y.Sequence);
    }
}
