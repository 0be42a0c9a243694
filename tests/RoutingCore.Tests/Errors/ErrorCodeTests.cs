using System.Collections.Immutable;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using RoutingCore.Tests.Reliability;
using RoutingCore.Tests.State;

namespace RoutingCore.Tests.Errors;

/// <summary>A refusal to provoke through the public API: the code it must carry, what to do first, and the call.</summary>
/// <param name="Code">The expected <see cref="RoutingOperationException.Code"/>.</param>
/// <param name="Arrange">Done to the world's engine (and its clock) before its state is recorded; null for nothing.</param>
/// <param name="Call">The refused call.</param>
public sealed record CodeCase(RoutingErrorCode Code, Action<IRoutingEngine, FakeTimeProvider>? Arrange, Action<IRoutingEngine> Call);

/// <summary>
/// Every <see cref="RoutingErrorCode"/> is reachable from the public API: each is provoked here, through every member that
/// raises it, and the refusal is a <see cref="RoutingOperationException"/> carrying the code (asserted on the code, never on
/// the message), whose message does not spell the code, and which changed nothing: the world's description, its state
/// document, its events and its arrival numbers are as before.
/// </summary>
public sealed class ErrorCodeTests
{
    [TestCaseSource(nameof(Cases))]
    public void RefusedCall_CarriesItsCode_AndChangesNothing(CodeCase refusal)
    {
        using var world = new ReliabilityWorld();
        refusal.Arrange?.Invoke(world.Engine, world.Clock);
        string before = world.State();
        string document = StateKit.Save(world.Engine);
        int events = world.Log.Events.Count;

        Exception error = Catch.From(() => refusal.Call(world.Engine));

        RoutingOperationException refused = error.ShouldBeOfType<RoutingOperationException>(error.ToString());
        refused.Code.ShouldBe(refusal.Code, refused.Message);
        refused.Message.ShouldNotBeNullOrWhiteSpace();
        refused.Message.ShouldNotContain(refusal.Code.ToString(), Case.Sensitive, "the code is a property, not part of the message");
        world.State().ShouldBe(before);
        StateKit.Save(world.Engine).ShouldBe(document);
        world.Log.Events.Count.ShouldBe(events, "no event after a refused call");
        using var twin = new ReliabilityWorld();
        refusal.Arrange?.Invoke(twin.Engine, twin.Clock);
        world.ProbeSequence().ShouldBe(twin.ProbeSequence(), "a refused call must not use up an arrival number");
    }

    /// <summary>
    /// Codes the engine no longer raises, kept in the shipped enum so that hosts mapping them keep compiling. UnknownSkill:
    /// a transfer to a skill no agent holds follows the unassigned-skill policy instead (issue 17, part 2; seed 003's example
    /// of that policy is a transfer).
    /// </summary>
    private static readonly RoutingErrorCode[] Retired = [RoutingErrorCode.UnknownSkill];

    [Test]
    public void EveryErrorCode_HasAProvokingCase()
    {
        HashSet<RoutingErrorCode> provoked = [.. Cases().Select(c => ((CodeCase)c.Arguments[0]!).Code)];
        Enum.GetValues<RoutingErrorCode>().Where(code => !provoked.Contains(code) && !Retired.Contains(code)).ShouldBeEmpty();
        provoked.Intersect(Retired).ShouldBeEmpty("a retired code is raised again: take it off the retired list");
    }

    [Test]
    public void EveryErrorCode_HasAnExplicitNonZeroValue()
    {
        Enum.GetValues<RoutingErrorCode>().ShouldNotContain((RoutingErrorCode)0, "default(RoutingErrorCode) is not a code");
        Enum.GetValues<RoutingErrorCode>().Select(code => (int)code).ShouldBeUnique();
    }

    private static IEnumerable<TestCaseData> Cases()
    {
        AgentId a = new("a"), b = new("b"), c = new("c"), ghost = new("ghost");
        ConversationId assigned = new("assigned"), offered = new("offered"), waiting = new("waiting"), closed = new("closed"), unknown = new("ghost");
        SkillId sales = new("sales"), billing = new("billing");

        // Not found
        yield return Refusal("GetAgent", RoutingErrorCode.UnknownAgent, e => e.GetAgent(ghost));
        yield return Refusal("UpdateAgent", RoutingErrorCode.UnknownAgent, e => e.UpdateAgent(new AgentProfile(ghost) { Skills = [new AgentSkill(sales)] }));
        yield return Refusal("RemoveAgent", RoutingErrorCode.UnknownAgent, e => e.RemoveAgent(ghost));
        yield return Refusal("SetAgentState", RoutingErrorCode.UnknownAgent, e => e.SetAgentState(ghost, AgentState.Online));
        yield return Refusal("Assign", RoutingErrorCode.UnknownAgent, e => e.Assign(Chat("new", sales), ghost));
        yield return Refusal("Accept", RoutingErrorCode.UnknownAgent, e => e.Accept(offered, ghost));
        yield return Refusal("Decline", RoutingErrorCode.UnknownAgent, e => e.Decline(offered, ghost));
        yield return Refusal("ExplanationFor", RoutingErrorCode.UnknownAgent, e => e.Explain(Chat("new", sales)).For(ghost));
        yield return Refusal("GetConversation", RoutingErrorCode.UnknownConversation, e => e.GetConversation(unknown));
        yield return Refusal("Accept", RoutingErrorCode.UnknownConversation, e => e.Accept(unknown, b));
        yield return Refusal("Decline", RoutingErrorCode.UnknownConversation, e => e.Decline(unknown, b));
        yield return Refusal("ReturnToQueue", RoutingErrorCode.UnknownConversation, e => e.ReturnToQueue(unknown));
        yield return Refusal("Transfer", RoutingErrorCode.UnknownConversation, e => e.Transfer(unknown, sales));
        yield return Refusal("ReportMessage", RoutingErrorCode.UnknownConversation, e => e.ReportMessage(unknown, MessageAuthor.Consumer));
        yield return Refusal("Close", RoutingErrorCode.UnknownConversation, e => e.Close(unknown));
        yield return Refusal("ConfigureWorkload", RoutingErrorCode.UnknownAgentGroup, e => e.ConfigureWorkload(billing, Split("north", "west")));
        yield return Refusal("GetWorkloadReport", RoutingErrorCode.NoWorkloadDistribution, e => e.GetWorkloadReport(sales));
        yield return Refusal("GetWorkloadReportAfterRemoval", RoutingErrorCode.NoWorkloadDistribution, (w, _) => w.ConfigureWorkload(billing, null), e => e.GetWorkloadReport(billing));
        yield return Refusal("GetEngine", RoutingErrorCode.UnknownEngine, _ =>
        {
            var services = new ServiceCollection();
            services.AddRoutingEngine("tenant-a");
            using ServiceProvider provider = services.BuildServiceProvider();
            provider.GetRequiredService<IRoutingEngineProvider>().GetEngine("tenant-b");
        });

        // Already exists, or closed
        yield return Refusal("AddAgent", RoutingErrorCode.AgentAlreadyExists, e => e.AddAgent(new AgentProfile(a) { Skills = [new AgentSkill(sales)] }, AgentState.Online));
        // Issue 18: a repeat (the same request; a close of a closed conversation) is answered without effect, not refused.
        yield return Refusal("Submit", RoutingErrorCode.ConversationAlreadyExists, e => e.Submit(Chat("offered", billing)));
        yield return Refusal("Assign", RoutingErrorCode.ConversationAlreadyExists, e => e.Assign(Chat("assigned", billing), b));
        yield return Refusal("SubmitClosedId", RoutingErrorCode.ConversationClosed, e => e.Submit(Chat("closed", billing)));
        yield return Refusal("AssignClosedId", RoutingErrorCode.ConversationClosed, e => e.Assign(Chat("closed", sales), b));
        yield return Refusal("OperationIdOfAnotherCall", RoutingErrorCode.OperationIdReused, (w, _) => w.ReturnToQueue(assigned, new OperationId("op-1")), e => e.Transfer(assigned, sales, new OperationId("op-1")));
        yield return Refusal("Accept", RoutingErrorCode.ConversationClosed, e => e.Accept(closed, b));
        yield return Refusal("Decline", RoutingErrorCode.ConversationClosed, e => e.Decline(closed, b));
        yield return Refusal("ReturnToQueue", RoutingErrorCode.ConversationClosed, e => e.ReturnToQueue(closed));
        yield return Refusal("Transfer", RoutingErrorCode.ConversationClosed, e => e.Transfer(closed, sales));
        yield return Refusal("ReportMessage", RoutingErrorCode.ConversationClosed, e => e.ReportMessage(closed, MessageAuthor.Agent));

        // Offers
        yield return Refusal("AcceptOfferedToAnother", RoutingErrorCode.NotOffered, e => e.Accept(offered, a));
        yield return Refusal("DeclineWaiting", RoutingErrorCode.NotOffered, e => e.Decline(waiting, c));
        yield return Refusal("AcceptAfterTheAgentWentAway", RoutingErrorCode.OfferWithdrawn, (w, _) => w.SetAgentState(b, AgentState.Away), e => e.Accept(offered, b));
        yield return Refusal("DeclineAfterTheAgentWentAway", RoutingErrorCode.OfferWithdrawn, (w, _) => w.SetAgentState(b, AgentState.Away), e => e.Decline(offered, b));
        yield return Refusal("AcceptAfterTheLastStepTimedOut", RoutingErrorCode.OfferWithdrawn, (_, clock) => clock.Advance(RoutingDefaults.StepDelay), e => e.Accept(offered, b));
        yield return Refusal("AcceptAfterDecline", RoutingErrorCode.AlreadyDeclined, (w, _) => w.Decline(offered, b), e => e.Accept(offered, b));
        yield return Refusal("DeclineAfterAccept", RoutingErrorCode.AlreadyAccepted, (w, _) => w.Accept(offered, b), e => e.Decline(offered, b));

        // Assignment
        yield return Refusal("ReturnToQueue", RoutingErrorCode.NotAssigned, e => e.ReturnToQueue(waiting));
        yield return Refusal("Transfer", RoutingErrorCode.NotAssigned, e => e.Transfer(offered, sales));
        yield return Refusal("Assign", RoutingErrorCode.AgentNotOnline, e => e.Assign(Chat("new", new SkillId("support")), c));
        yield return Refusal("Assign", RoutingErrorCode.NoCapacity, e => e.Assign(Chat("new", sales), a));
        yield return Refusal("Assign", RoutingErrorCode.WrongMedia, e => e.Assign(new ConversationRequest(new ConversationId("new")) { Media = [MediaType.Voice] }, b));

        // The engine as a whole
        ImmutableArray<MediaCapacity> manyMedia = [.. Enumerable.Range(0, 64).Select(i => new MediaCapacity(new MediaType($"m{i}")))];
        yield return Refusal("AddAgent", RoutingErrorCode.TooManyMediaTypes, e => e.AddAgent(new AgentProfile(new AgentId("newcomer")) { Media = manyMedia }));
        yield return Refusal("UpdateAgent", RoutingErrorCode.TooManyMediaTypes, e => e.UpdateAgent(new AgentProfile(b) { Media = manyMedia }));
        yield return Refusal("RestoreState", RoutingErrorCode.EngineNotEmpty, e => StateKit.Restore(e, EmptyEngineDocument()));
        yield return Refusal("SaveState", RoutingErrorCode.CustomSplitterState, _ => WithCustomSplitter(engine => engine.SaveState(new MemoryStream())));
        yield return Refusal("RestoreState", RoutingErrorCode.CustomSplitterState, _ => WithCustomSplitter(engine => StateKit.Restore(engine, EmptyEngineDocument())));
        yield return Refusal("Replay", RoutingErrorCode.CommandOutOfOrder, e => e.Replay([CloseRecord(e.LastCommandSequence + 2, "nope")]));
        yield return Refusal("Replay", RoutingErrorCode.ReplayMismatch, e => e.Replay([CloseRecord(e.LastCommandSequence + 1, "nope")]));
        yield return Refusal("AttachJournal", RoutingErrorCode.JournalAlreadyAttached, (e, _) => e.AttachJournal(new NullJournal()), e => e.AttachJournal(new NullJournal()));
    }

    /// <summary>A journal record closing a conversation, as a host would read it back from its journal.</summary>
    private static RoutingCommand CloseRecord(long sequence, string conversation) =>
        RoutingCommand.Parse($"{{\"v\":1,\"seq\":{sequence},\"at\":\"2026-01-05T09:00:00+00:00\",\"kind\":\"Close\",\"conversation\":\"{conversation}\"}}");

    private sealed class NullJournal : IRoutingJournal
    {
        public void Append(RoutingCommand command)
        {
        }
    }

    private static TestCaseData Refusal(string name, RoutingErrorCode code, Action<IRoutingEngine> call) => Refusal(name, code, null, call);

    private static TestCaseData Refusal(string name, RoutingErrorCode code, Action<IRoutingEngine, FakeTimeProvider>? arrange, Action<IRoutingEngine> call) =>
        new TestCaseData(new CodeCase(code, arrange, call)).SetName($"{code}_{name}");

    private static ConversationRequest Chat(string id, SkillId skill) => new(new ConversationId(id)) { Skill = skill };

    private static WorkloadDistribution Split(string first, string second) =>
        WorkloadDistribution.Create([new AgentGroupShare(new AgentGroupId(first), 50), new AgentGroupShare(new AgentGroupId(second), 50)]);

    private static string EmptyEngineDocument()
    {
        using var empty = new EngineKit(logEvents: false);
        return StateKit.Save(empty.Engine);
    }

    /// <summary>Runs a call on an engine whose workload splitter is the host's own (only dependency injection builds one).</summary>
    private static void WithCustomSplitter(Action<IRoutingEngine> call)
    {
        var services = new ServiceCollection();
        services.AddRoutingEngine().UseWorkloadSplitter(_ => new StateSplitterTests.CountingSplitter(WorkloadSplitter.Create()));
        using ServiceProvider provider = services.BuildServiceProvider();
        call(provider.GetRequiredService<IRoutingEngine>());
    }
}
