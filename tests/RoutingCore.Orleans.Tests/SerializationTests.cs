using System.Collections.Immutable;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using Orleans.Serialization.Cloning;
using Orleans.TestingHost;

namespace RoutingCore.Orleans.Tests;

/// <summary>
/// Every type that crosses the grain boundary round-trips through the cluster's serializer and copier, compared field by
/// field (every public property, recursively, with no field left at its default).
/// </summary>
[TestFixture]
public sealed class SerializationTests
{
    private static readonly DateTimeOffset At = new(2026, 3, 4, 5, 6, 7, 890, TimeSpan.Zero);
    private static readonly JsonSerializerOptions Json = new() { IncludeFields = false };

    private TestCluster _cluster = null!;
    private Serializer _serializer = null!;
    private DeepCopier _copier = null!;

    [OneTimeSetUp]
    public async Task StartCluster()
    {
        _cluster = await ClusterKit.StartAsync(1);
        _serializer = _cluster.Client.ServiceProvider.GetRequiredService<Serializer>();
        _copier = _cluster.Client.ServiceProvider.GetRequiredService<DeepCopier>();
    }

    [OneTimeTearDown]
    public async Task StopCluster()
    {
        await _cluster.StopAllSilosAsync();
        await _cluster.DisposeAsync();
    }

    private static AgentProfile Profile() => new(new AgentId("agent-1"))
    {
        DisplayName = "Alice",
        Skills = [new AgentSkill(new SkillId("sales"), 0.75), new AgentSkill(new SkillId("vip"), 0.9)],
        Tags = ["en", "es"],
        Groups = [new AgentGroupId("vendor-a")],
        Media = [new MediaCapacity(MediaType.Chat, 3), new MediaCapacity(MediaType.Voice, 1)],
        MaxConcurrent = 4,
    };

    private static ConversationRequest Request() => new(new ConversationId("conv-1"))
    {
        Skill = new SkillId("sales"),
        Media = [MediaType.Chat, MediaType.Video],
        RequiredTags = ["es"],
        OptionalTags = ["vip", "fr"],
        Priority = 3,
        Consumer = new ConsumerId("consumer-9"),
        CreatedAt = At,
        Attributes = ImmutableDictionary<string, string>.Empty.Add("country", "ES").Add("plan", "gold"),
        ConversationType = "support-chat",
    };

    private static IEnumerable<TestCaseData> Values()
    {
        yield return Case(new AgentId("agent-7"));
        yield return Case(new SkillId("skill-7"));
        yield return Case(new ConversationId("conv-7"));
        yield return Case(new ConsumerId("consumer-7"));
        yield return Case(new AgentGroupId("group-7"));
        yield return Case(new MediaType("fax"));
        yield return Case(new OperationId("op-7"));
        yield return Case(new MessageId("message-7"));
        yield return Case(AgentState.BackSoon);
        yield return Case(MessageAuthor.Agent);
        yield return Case(new AgentSkill(new SkillId("sales"), 0.4));
        yield return Case(new MediaCapacity(MediaType.Voice, 2));
        yield return Case(Profile());
        yield return Case(new AgentSnapshot(Profile(), AgentState.Paused, At, 0.5, 1.0, 2, At.AddMinutes(-3))
        {
            Reserved = 0.25,
            PendingOffers = 1,
            Declines = 2,
            Timeouts = 3,
        });
        yield return Case(ImmutableArray.Create(new AgentSnapshot(Profile(), AgentState.Online, At, 0.25, 1.0, 1, At.AddSeconds(-1)) { Reserved = 0.5, PendingOffers = 2, Declines = 1, Timeouts = 1 }));
        yield return Case(Request());
        yield return Case(new ConversationSnapshot(Request(), ConversationState.Offered, new SkillId("sales"), new AgentId("agent-2"), [new AgentId("agent-1"), new AgentId("agent-3")], 1, At.AddMinutes(2), [new AgentId("agent-4")])
        {
            AgentGroup = new AgentGroupId("vendor-b"),
            Exclusive = true,
        });
        yield return Case(ImmutableArray.Create(new WaitingConversation(Request(), new SkillId("sales"), At.AddMinutes(2), At.AddSeconds(-5), 42)));
        yield return Case(ImmutableArray.Create(new WaitingConversation(Request(), new SkillId("sales"), At.AddMinutes(2), At.AddSeconds(-5), 43, At.AddSeconds(-1))));
        yield return Case(ImmutableArray.Create(new RoutingEvent(RoutingEventKind.Offered, At, new ConversationId("conv-1"), new AgentId("agent-1"), new SkillId("sales"), RoutingEventReason.SkillRule, 2, "because") { Sequence = 17, Exclusive = true }));
        yield return Case((PlannedAgent?)new PlannedAgent(new AgentId("agent-5"), 0.625));
        yield return Case(new RoutingPlan(
            new ConversationId("conv-1"),
            new SkillId("sales"),
            "least-loaded",
            TimeSpan.FromSeconds(12),
            At,
            [new RoutingStep(0, TimeSpan.Zero, [new PlannedAgent(new AgentId("a"), 1)]), new RoutingStep(1, TimeSpan.FromSeconds(12), [new PlannedAgent(new AgentId("b"), 0.5), new PlannedAgent(new AgentId("c"), 0.25)])],
            3,
            [new ExclusionCount(ExclusionReason.AtCapacity, 2), new ExclusionCount(ExclusionReason.MissingTag, 1)]));
        yield return Case(new PacingStatistics
        {
            MeasuredAt = At,
            PendingInvitationAges = [TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(9)],
            AcceptanceRate = 0.3,
            AcceptDelay = TimeSpan.FromSeconds(4),
            AverageHandleTime = TimeSpan.FromMinutes(6),
            AveragePatience = TimeSpan.FromSeconds(50),
            AverageAnswerDelay = TimeSpan.FromSeconds(6),
            Skill = new SkillId("sales"),
            InvitationsAnswered = 41,
            InvitationsAbandoned = 2,
            ReactiveArrivalsPerSecond = 0.2,
        });
        yield return Case(new PacingSnapshot
        {
            AgentGroup = new AgentGroupId("vendor-a"),
            Timestamp = At,
            Capacity = 12,
            Load = 7.5,
            FreeSlots = 4,
            ChatsInService = 8,
            Waiting = 2,
            ReadyAgents = 3,
            PendingInvitationAges = [TimeSpan.FromSeconds(1)],
            AcceptanceRate = 0.4,
            AcceptDelay = TimeSpan.FromSeconds(5),
            AverageHandleTime = TimeSpan.FromMinutes(4),
            AveragePatience = TimeSpan.FromSeconds(40),
            AverageAnswerDelay = TimeSpan.FromSeconds(7),
            InvitationsAnswered = 52,
            InvitationsAbandoned = 3,
            ReactiveArrivalsPerSecond = 0.1,
        });
        yield return Case(new PacingDecision(4, 0.02, 0.85, PacingReason.TargetReached, "target reached"));
        WorkloadDistribution distribution = WorkloadDistribution.Create(
            [new AgentGroupShare(new AgentGroupId("vendor-a"), 60), new AgentGroupShare(new AgentGroupId("vendor-b"), 40)],
            [new AgentGroupShare(new AgentGroupId("vendor-c"), 100)],
            TimeSpan.FromSeconds(30));
        yield return Case(distribution);
        yield return Case(new WorkloadReport
        {
            Skill = new SkillId("sales"),
            Distribution = distribution,
            Groups = [new WorkloadGroupReport
            {
                Group = new AgentGroupId("vendor-a"),
                Role = WorkloadGroupRole.Primary,
                TargetPrimaryPercentage = 60,
                TargetSecondaryPercentage = 10,
                ActualPrimaryPercentage = 58.5,
                ActualSecondaryPercentage = 12.5,
                PrimaryCount = 117,
                CascadedCount = 5,
                PrimaryCountSinceChange = 17,
                CascadedCountSinceChange = 2,
                PrimaryOwed = 4,
            }],
            PrimaryTotal = 200,
            CascadedTotal = 9,
            PrimaryTotalSinceChange = 30,
            CascadedTotalSinceChange = 3,
            Version = 2,
        });
    }

    private static TestCaseData Case<T>(T value) => new TestCaseData(value) { TypeArgs = [typeof(T)] }.SetArgDisplayNames(typeof(T).Name);

    [TestCaseSource(nameof(Values))]
    public void RoundTrip_EveryBoundaryType_EqualFieldByField<T>(T value)
    {
        string expected = JsonSerializer.Serialize(value, Json);
        expected.ShouldNotContain(":null", customMessage: "every field of the sample is set, so a lost field shows");

        T deserialized = _serializer.Deserialize<T>(_serializer.SerializeToArray(value))!;
        JsonSerializer.Serialize(deserialized, Json).ShouldBe(expected);

        T copied = _copier.Copy(value)!;
        JsonSerializer.Serialize(copied, Json).ShouldBe(expected);
    }

    [Test]
    public void RoundTrip_EmptyIdsAndNulls_StayEmpty()
    {
        _serializer.Deserialize<AgentId>(_serializer.SerializeToArray(default(AgentId))).IsEmpty.ShouldBeTrue();
        _serializer.Deserialize<SkillId?>(_serializer.SerializeToArray((SkillId?)null)).ShouldBeNull();
        _serializer.Deserialize<PlannedAgent?>(_serializer.SerializeToArray((PlannedAgent?)null)).ShouldBeNull();
        _serializer.Deserialize<WorkloadDistribution?>(_serializer.SerializeToArray((WorkloadDistribution?)null)).ShouldBeNull();
        var request = new ConversationRequest(new ConversationId("plain"));
        ConversationRequest back = _serializer.Deserialize<ConversationRequest>(_serializer.SerializeToArray(request))!;
        back.Skill.ShouldBeNull();
        back.Consumer.ShouldBeNull();
        back.CreatedAt.ShouldBeNull();
        back.Media.ShouldBe([MediaType.Chat]);
        back.Attributes.ShouldBeEmpty();
    }

    [Test]
    public void RoundTrip_RoutingResult_KeepsSuccessOrCodeAndMessage()
    {
        _serializer.Deserialize<RoutingResult>(_serializer.SerializeToArray(RoutingResult.Success)).ShouldBe(RoutingResult.Success);
        foreach (RoutingErrorCode code in Enum.GetValues<RoutingErrorCode>())
        {
            RoutingResult refused = RoutingResult.Failure(code, $"refused with {code}");
            _serializer.Deserialize<RoutingResult>(_serializer.SerializeToArray(refused)).ShouldBe(refused);
        }
    }

    [TestCaseSource(nameof(EveryCode))]
    public void RoundTrip_RoutingOperationException_KeepsEveryCode(RoutingErrorCode code)
    {
        var thrown = new RoutingOperationException(code, $"refused with {code}");
        Exception? back = _serializer.Deserialize<Exception>(_serializer.SerializeToArray<Exception>(thrown));
        back.ShouldBeOfType<RoutingOperationException>().Code.ShouldBe(code);
    }

    private static RoutingErrorCode[] EveryCode() => Enum.GetValues<RoutingErrorCode>();

    [Test]
    public void RoundTrip_RoutingOperationException_KeepsTypeCodeAndMessage()
    {
        var thrown = new RoutingOperationException(RoutingErrorCode.OfferWithdrawn, "Offer of 'c-1' to 'a-1' was withdrawn.");
        Exception? back = _serializer.Deserialize<Exception>(_serializer.SerializeToArray<Exception>(thrown));
        RoutingOperationException operation = back.ShouldBeOfType<RoutingOperationException>();
        operation.Code.ShouldBe(RoutingErrorCode.OfferWithdrawn);
        operation.Message.ShouldBe(thrown.Message);
    }
}
