using System.Collections.Immutable;

namespace RoutingCore.Tests.Retries;

/// <summary>
/// What is not a repeat (issue 18): "a different request under the same id is refused with its code" — and the message
/// names what differs; an operation id names one call; a closed conversation's id is not reused while the engine
/// remembers it. Each refusal changes nothing.
/// </summary>
public sealed class RetryConflictTests
{
    private static readonly ConversationId C1 = new("c1");
    private static readonly AgentId Ann = new("ann");

    [TestCaseSource(nameof(OtherRequests))]
    public void Submit_AnotherRequestUnderAnOpenConversationsId_IsRefused_NamingWhatDiffers(ConversationRequest other, string difference)
    {
        using EngineKit kit = Started();
        kit.Engine.Submit(First());
        string document = State.StateKit.Save(kit.Engine);

        RoutingOperationException refused = Should.Throw<RoutingOperationException>(() => kit.Engine.Submit(other));

        refused.Code.ShouldBe(RoutingErrorCode.ConversationAlreadyExists);
        refused.Message.ShouldBe($"Conversation 'c1' is already known to the engine (Offered) and this call is not a repeat of the one that opened it: {difference}. A conversation id is used once until it is closed; give the new conversation another id, or close this one first.");
        State.StateKit.Save(kit.Engine).ShouldBe(document);
    }

    public static IEnumerable<TestCaseData> OtherRequests()
    {
        yield return Case("Skill", First(skill: "support"), "different skill ('support' given, 'sales' known)");
        yield return Case("Media", First(media: [MediaType.Chat, MediaType.Voice]), "different media (['chat', 'voice'] given, ['chat'] known)");
        yield return Case("RequiredTags", First(required: ["vip"]), "different required tags (['vip'] given, [] known)");
        yield return Case("OptionalTagsOrder", First(optional: ["fr", "en"]), "different optional tags (['fr', 'en'] given, ['en', 'fr'] known)");
        yield return Case("Priority", First(priority: 2), "different priority (2 given, 1 known)");
        yield return Case("Consumer", First(consumer: "bea"), "different consumer ('bea' given, 'ada' known)");
        yield return Case("CreatedAt", First(created: false), "different creation time (none given, 2026-01-05T08:59:00.0000000+00:00 known)");
        yield return Case("Attributes", First(attributes: ImmutableDictionary<string, string>.Empty.Add("country", "PT")), "different attributes ({'country': 'PT'} given, {'country': 'FR'} known)");
        yield return Case("ConversationType", First(type: "sales-lead"), "different conversation type ('sales-lead' given, none known)");

        static TestCaseData Case(string name, ConversationRequest other, string difference) => new TestCaseData(other, difference).SetArgDisplayNames(name);
    }

    [Test]
    public void Submit_TheSameRequestInAnotherInstance_WithAttributesInAnotherOrder_IsARepeat()
    {
        using EngineKit kit = Started();
        ConversationSnapshot first = kit.Engine.Submit(First(attributes: ImmutableDictionary<string, string>.Empty.Add("a", "1").Add("b", "2")));
        long sequence = kit.Engine.LastCommandSequence;

        ConversationSnapshot again = kit.Engine.Submit(First(attributes: ImmutableDictionary<string, string>.Empty.Add("b", "2").Add("a", "1")));

        RetryCases.Describe(again).ShouldBe(RetryCases.Describe(first));
        kit.Engine.LastCommandSequence.ShouldBe(sequence);
    }

    [Test]
    public void Submit_OfARememberedClosedConversation_AnswersTheClosedSnapshot_AndAnotherRequestIsRefused()
    {
        using EngineKit kit = Started();
        kit.Engine.Submit(First());
        kit.Engine.Close(C1);
        long sequence = kit.Engine.LastCommandSequence;
        int events = kit.Log.Events.Count;

        ConversationSnapshot repeated = kit.Engine.Submit(First());
        RoutingOperationException refused = Should.Throw<RoutingOperationException>(() => kit.Engine.Submit(First(priority: 3)));

        repeated.State.ShouldBe(ConversationState.Closed);
        refused.Code.ShouldBe(RoutingErrorCode.ConversationClosed);
        refused.Message.ShouldBe("Conversation 'c1' is already closed, and its id is not used again while the engine remembers it (the 10,000 most recently closed conversations), so that a repeated Submit is answered as the first; this request is not a repeat: different priority (3 given, 1 known). Give the new conversation another id.");
        Should.Throw<RoutingOperationException>(() => kit.Engine.Assign(First(), Ann)).Code.ShouldBe(RoutingErrorCode.ConversationClosed);
        kit.Engine.LastCommandSequence.ShouldBe(sequence);
        kit.Log.Events.Count.ShouldBe(events);
    }

    [Test]
    public void Submit_OfAClosedConversationForgottenPastTheMemory_StartsANewConversation()
    {
        // IRoutingEngine.Submit: "once forgotten, the id is new again" (the memory holds the 10,000 most recently closed).
        using EngineKit kit = Started();
        kit.Engine.Submit(First());
        kit.Engine.Close(C1);
        for (int i = 0; i < 10_000; i++)
        {
            var other = new ConversationId($"other-{i}");
            kit.Engine.Submit(new ConversationRequest(other) { Skill = new SkillId("nobody") });
            kit.Engine.Close(other);
            if (i == 9_998)
            {
                kit.Engine.Submit(First()).State.ShouldBe(ConversationState.Closed, "still remembered");
            }
        }

        Should.Throw<RoutingOperationException>(() => kit.Engine.GetConversation(C1)).Code.ShouldBe(RoutingErrorCode.UnknownConversation);
        kit.Engine.Submit(First()).State.ShouldBe(ConversationState.Offered);
    }

    [Test]
    public void Assign_TheSameRequestToAnotherAgent_OrAnotherRequest_IsRefused_NamingWhy()
    {
        using EngineKit kit = Started();
        kit.Engine.AddAgent(TestEngine.Agent("bob"), AgentState.Online);
        kit.Engine.Assign(First(), Ann);

        RoutingOperationException toBob = Should.Throw<RoutingOperationException>(() => kit.Engine.Assign(First(), new AgentId("bob")));
        RoutingOperationException other = Should.Throw<RoutingOperationException>(() => kit.Engine.Assign(First(priority: 0), Ann));

        toBob.Code.ShouldBe(RoutingErrorCode.ConversationAlreadyExists);
        toBob.Message.ShouldContain("this call is not a repeat of the one that opened it: it is Assigned to agent 'ann', not assigned to agent 'bob'.");
        other.Code.ShouldBe(RoutingErrorCode.ConversationAlreadyExists);
        other.Message.ShouldContain("different priority (0 given, 1 known)");
    }

    [Test]
    public void AddAgent_AnotherProfileUnderAnIdOnTheRoster_IsRefused_NamingWhatDiffers_AndTheStateIsNotCompared()
    {
        using EngineKit kit = Started();
        AgentProfile ann = TestEngine.Agent("ann");
        long sequence = kit.Engine.LastCommandSequence;

        kit.Engine.AddAgent(ann, AgentState.Offline); // a repeat: the agent is Online since, and stays so
        RoutingOperationException tags = Should.Throw<RoutingOperationException>(() => kit.Engine.AddAgent(TestEngine.Agent("ann", tags: "vip")));
        RoutingOperationException limit = Should.Throw<RoutingOperationException>(() => kit.Engine.AddAgent(TestEngine.Agent("ann", max: 3)));
        RoutingOperationException media = Should.Throw<RoutingOperationException>(() => kit.Engine.AddAgent(new AgentProfile(Ann) { Skills = ann.Skills, Media = [new MediaCapacity(MediaType.Chat, 2)] }));

        kit.Engine.GetAgent(Ann).State.ShouldBe(AgentState.Online);
        kit.Engine.LastCommandSequence.ShouldBe(sequence);
        tags.Code.ShouldBe(RoutingErrorCode.AgentAlreadyExists);
        tags.Message.ShouldContain("different tags (['vip'] given, [] known)");
        limit.Message.ShouldContain("different maximum concurrent conversations (3 given, none known)");
        media.Message.ShouldContain("different media (['chat' (at most 2)] given, ['chat'] known)");
    }

    [Test]
    public void OperationId_OfAnotherCall_IsRefused_NamingBothCalls_AndChangesNothing()
    {
        using EngineKit kit = Started();
        kit.Engine.AddAgent(TestEngine.Agent("bob", "support"), AgentState.Online);
        kit.Engine.Assign(First(), Ann);
        kit.Engine.Assign(TestEngine.Chat("c2"), Ann);
        var operation = new OperationId("op-1");
        kit.Engine.Transfer(C1, new SkillId("support"), operation);
        string document = State.StateKit.Save(kit.Engine);

        RoutingOperationException skill = Should.Throw<RoutingOperationException>(() => kit.Engine.Transfer(C1, new SkillId("sales"), operation));
        RoutingOperationException conversation = Should.Throw<RoutingOperationException>(() => kit.Engine.Transfer(new ConversationId("c2"), new SkillId("support"), operation));
        RoutingOperationException kind = Should.Throw<RoutingOperationException>(() => kit.Engine.ReturnToQueue(new ConversationId("c2"), operation));

        skill.Code.ShouldBe(RoutingErrorCode.OperationIdReused);
        skill.Message.ShouldBe("Operation id 'op-1' was used for the Transfer of conversation 'c1' to skill 'support'; this call is the Transfer of conversation 'c1' to skill 'sales'. An operation id names one call: repeat that call with it, or give this one a new operation id.");
        conversation.Message.ShouldContain("this call is the Transfer of conversation 'c2' to skill 'support'");
        kind.Message.ShouldContain("this call is the ReturnToQueue of conversation 'c2'.");
        State.StateKit.Save(kit.Engine).ShouldBe(document);
    }

    [Test]
    public void OperationId_OfARefusedCall_IsNotRemembered()
    {
        using EngineKit kit = Started();
        kit.Engine.Submit(First());
        var operation = new OperationId("op-1");
        Should.Throw<RoutingOperationException>(() => kit.Engine.ReturnToQueue(C1, operation)).Code.ShouldBe(RoutingErrorCode.NotAssigned);

        kit.Engine.Accept(C1, Ann);
        kit.Engine.ReturnToQueue(C1, operation);

        kit.Log.Of(RoutingEventKind.ReturnedToQueue, "c1").Length.ShouldBe(1);
    }

    [Test]
    public void ReturnToQueue_WithoutAnOperationId_IsANewCallEachTime()
    {
        // IRoutingEngine.ReturnToQueue(ConversationId): "a repeat is a new call (refused with NotAssigned once the conversation
        // is no longer assigned)".
        using EngineKit kit = Started();
        kit.Engine.AddAgent(TestEngine.Agent("bob"), AgentState.Online);
        kit.Engine.Assign(First(), Ann);
        kit.Engine.ReturnToQueue(C1);

        Should.Throw<RoutingOperationException>(() => kit.Engine.ReturnToQueue(C1)).Code.ShouldBe(RoutingErrorCode.NotAssigned);
    }

    [Test]
    public void ReportMessage_WithoutAMessageId_CountsEveryReport_AndWithOneCountsItOnce()
    {
        // Issue 18: "`ReportMessage` takes an optional message id and drops a repeated one" (a repeated report counted the
        // message twice). A message that counts is a change the engine applies: one journal record each.
        using EngineKit kit = Started();
        kit.Engine.Assign(First(), Ann);
        var journal = new Journal.JsonJournal();
        using IDisposable attached = kit.Engine.AttachJournal(journal);

        kit.Engine.ReportMessage(C1, MessageAuthor.Consumer, null, new MessageId("m1"));
        kit.Engine.ReportMessage(C1, MessageAuthor.Consumer, null, new MessageId("m1"));
        kit.Engine.ReportMessage(C1, MessageAuthor.Agent, null, new MessageId("m1")); // the author is not compared: the same message
        kit.Engine.ReportMessage(C1, MessageAuthor.Consumer, null, new MessageId("m2"));
        kit.Engine.ReportMessage(C1, MessageAuthor.Consumer);
        kit.Engine.ReportMessage(C1, MessageAuthor.Consumer);

        journal.Lines.Select(line => System.Text.Encoding.UTF8.GetString(line)).Select(line => line.Contains("\"messageId\":\"m1\"", StringComparison.Ordinal) ? "m1" : line.Contains("\"messageId\":\"m2\"", StringComparison.Ordinal) ? "m2" : "none")
            .ShouldBe(["m1", "m2", "none", "none"]);
    }

    [Test]
    public void ReportMessage_RemembersTheLast16MessageIdsOfAConversation()
    {
        using EngineKit kit = Started();
        kit.Engine.Assign(First(), Ann);
        for (int i = 1; i <= 17; i++)
        {
            kit.Engine.ReportMessage(C1, MessageAuthor.Agent, null, new MessageId($"m{i}"));
        }

        long sequence = kit.Engine.LastCommandSequence;
        kit.Engine.ReportMessage(C1, MessageAuthor.Agent, null, new MessageId("m2")); // among the last 16: dropped
        kit.Engine.LastCommandSequence.ShouldBe(sequence);
        kit.Engine.ReportMessage(C1, MessageAuthor.Agent, null, new MessageId("m1")); // forgotten: counts again
        kit.Engine.LastCommandSequence.ShouldBe(sequence + 1);
    }

    [Test]
    public void RemoveAgent_OfAnAgentAddedAgainAfterItsRemoval_RemovesItAgain_AndOfANeverKnownAgentIsRefused()
    {
        using EngineKit kit = Started();
        kit.Engine.RemoveAgent(Ann);
        kit.Engine.AddAgent(TestEngine.Agent("ann"), AgentState.Online);

        kit.Engine.RemoveAgent(Ann);

        Should.Throw<RoutingOperationException>(() => kit.Engine.GetAgent(Ann)).Code.ShouldBe(RoutingErrorCode.UnknownAgent);
        Should.Throw<RoutingOperationException>(() => kit.Engine.RemoveAgent(new AgentId("ghost"))).Code.ShouldBe(RoutingErrorCode.UnknownAgent);
    }

    [Test]
    public void ConfigureWorkload_TheSameDistributionAgain_KeepsTheSplitGoing_AndAnotherStartsItAfresh()
    {
        using EngineKit kit = new(o => o.AgentGroups = ["north", "south"]);
        kit.Engine.AddAgent(TestEngine.Agent("ann"), AgentState.Online);
        var sales = new SkillId("sales");
        WorkloadDistribution split = Split(60);
        kit.Engine.ConfigureWorkload(sales, split);
        kit.Engine.ConfigureWorkload(sales, Split(60)); // an equal distribution, another instance
        kit.Engine.GetWorkloadReport(sales).Version.ShouldBe(1);
        kit.Engine.ConfigureWorkload(sales, Split(50));
        kit.Engine.GetWorkloadReport(sales).Version.ShouldBe(2);
        kit.Engine.ConfigureWorkload(sales, null);
        long sequence = kit.Engine.LastCommandSequence;
        kit.Engine.ConfigureWorkload(sales, null); // nothing to remove: a repeat
        kit.Engine.LastCommandSequence.ShouldBe(sequence);

        static WorkloadDistribution Split(double north) =>
            WorkloadDistribution.Create([new(new AgentGroupId("north"), north), new(new AgentGroupId("south"), 100 - north)]);
    }

    /// <summary>Ann (sales) online.</summary>
    private static EngineKit Started()
    {
        var kit = new EngineKit();
        kit.Engine.AddAgent(TestEngine.Agent("ann"), AgentState.Online);
        return kit;
    }

    /// <summary>c1 on sales with every field of a request set, or with the one given changed.</summary>
    private static ConversationRequest First(
        string skill = "sales",
        MediaType[]? media = null,
        string[]? required = null,
        string[]? optional = null,
        int priority = 1,
        string consumer = "ada",
        bool created = true,
        ImmutableDictionary<string, string>? attributes = null,
        string? type = null) => new(C1)
    {
        Skill = new SkillId(skill),
        Media = [.. media ?? [MediaType.Chat]],
        RequiredTags = [.. required ?? []],
        OptionalTags = [.. optional ?? ["en", "fr"]],
        Priority = priority,
        Consumer = new ConsumerId(consumer),
        CreatedAt = created ? EngineKit.Start.AddMinutes(-1) : null,
        Attributes = attributes ?? ImmutableDictionary<string, string>.Empty.Add("country", "FR"),
        ConversationType = type,
    };
}
