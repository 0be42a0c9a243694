using System.Collections.Immutable;
using System.Globalization;

namespace RoutingCore.Tests.Retries;

/// <summary>
/// A state-changing member of <see cref="IRoutingEngine"/> to repeat: <see cref="Prepare"/> sets up an engine for the call
/// and returns the call with every argument fixed (so that a repeat is exactly the same call), which returns its answer
/// in words (<see cref="RetryCases.Done"/> for the void members).
/// </summary>
/// <param name="Member">The member (the test's name).</param>
/// <param name="Prepare">Sets up the engine and returns the call.</param>
public sealed record RetryCase(string Member, Func<IRoutingEngine, Func<IRoutingEngine, string>> Prepare)
{
    public override string ToString() => Member;
}

/// <summary>
/// One case per state-changing member of <see cref="IRoutingEngine"/> (issue 18: "For every state-changing member, a test
/// repeats the call after success, and after a reply the caller never saw: nothing changes and the answer is the same").
/// ReturnToQueue and Transfer repeat with an operation id, ReportMessage with a message id: their arguments alone cannot
/// tell a repeat from a new call.
/// </summary>
internal static class RetryCases
{
    /// <summary>The answer of a member that returns nothing, when it returned normally.</summary>
    public const string Done = "done";

    private static readonly ConversationId C1 = new("c1");
    private static readonly AgentId Ann = new("ann");

    /// <summary>The engine every case runs on: the default options, and two declared agent groups.</summary>
    public static EngineKit NewKit(Microsoft.Extensions.Time.Testing.FakeTimeProvider? clock = null) =>
        new(o => o.AgentGroups = ["north", "south"], clock: clock);

    public static IEnumerable<TestCaseData> All() => Cases().Select(c => new TestCaseData(c).SetArgDisplayNames(c.Member));

    /// <summary>A conversation's snapshot in words: everything a caller of Submit sees.</summary>
    public static string Describe(ConversationSnapshot s) => string.Create(
        CultureInfo.InvariantCulture,
        $"{s.Id} {s.State} skill {s.Skill} agent {s.Agent} offered [{string.Join(",", s.OfferedTo)}] step {s.Step} sla {s.SlaDue:O} excluded [{string.Join(",", s.Excluded)}] group {s.AgentGroup} exclusive {s.Exclusive} priority {s.Request.Priority}");

    public static string Describe(RoutingResult result) => result.Succeeded ? "success" : $"{result.Error}: {result.Message}";

    private static IEnumerable<RetryCase> Cases()
    {
        yield return new("AddAgent", _ => e => Void(() => e.AddAgent(TestEngine.Agent("ann"), AgentState.Online)));
        yield return new("UpdateAgent", e =>
        {
            e.AddAgent(TestEngine.Agent("ann"), AgentState.Online);
            return e => Void(() => e.UpdateAgent(TestEngine.Agent("ann", tags: "vip")));
        });
        yield return new("RemoveAgent", e =>
        {
            e.AddAgent(TestEngine.Agent("ann"), AgentState.Online);
            e.AddAgent(TestEngine.Agent("bob"), AgentState.Online);
            e.Assign(TestEngine.Chat("c1"), Ann);
            return e => Void(() => e.RemoveAgent(Ann));
        });
        yield return new("SetAgentState", e =>
        {
            e.AddAgent(TestEngine.Agent("ann"), AgentState.Offline);
            e.Submit(TestEngine.Chat("c1"));
            return e => Void(() => e.SetAgentState(Ann, AgentState.Online));
        });
        yield return new("Submit", e =>
        {
            e.AddAgent(TestEngine.Agent("ann"), AgentState.Online);
            return e => Describe(e.Submit(TestEngine.Chat("c1")));
        });
        yield return new("Assign", e =>
        {
            e.AddAgent(TestEngine.Agent("ann"), AgentState.Online);
            return e => Void(() => e.Assign(TestEngine.Chat("c1"), Ann));
        });
        yield return new("Accept", e => AnswerAnOffer(e, (e, agent) => Void(() => e.Accept(C1, agent))));
        yield return new("TryAccept", e => AnswerAnOffer(e, (e, agent) => Describe(e.TryAccept(C1, agent))));
        yield return new("Decline", e => AnswerAnOffer(e, (e, agent) => Void(() => e.Decline(C1, agent))));
        yield return new("TryDecline", e => AnswerAnOffer(e, (e, agent) => Describe(e.TryDecline(C1, agent))));
        yield return new("ReturnToQueue", e =>
        {
            AssignToAnn(e);
            return e => Void(() => e.ReturnToQueue(C1, new OperationId("return-1")));
        });
        yield return new("Transfer", e =>
        {
            AssignToAnn(e);
            return e => Void(() => e.Transfer(C1, new SkillId("support"), new OperationId("transfer-1")));
        });
        yield return new("ReportMessage", e =>
        {
            AssignToAnn(e);
            return e => Void(() => e.ReportMessage(C1, MessageAuthor.Consumer, null, new MessageId("message-1")));
        });
        yield return new("Close", e =>
        {
            AssignToAnn(e);
            return e => Void(() => e.Close(C1));
        });
        yield return new("ConfigureWorkload", e =>
        {
            e.AddAgent(TestEngine.Agent("ann"), AgentState.Online);
            WorkloadDistribution split = WorkloadDistribution.Create([new(new AgentGroupId("north"), 60), new(new AgentGroupId("south"), 40)]);
            return e => Void(() => e.ConfigureWorkload(new SkillId("sales"), split));
        });
    }

    /// <summary>Ann and Bob (sales) online, c1 submitted: the call answers the first offer.</summary>
    private static Func<IRoutingEngine, string> AnswerAnOffer(IRoutingEngine engine, Func<IRoutingEngine, AgentId, string> answer)
    {
        engine.AddAgent(TestEngine.Agent("ann"), AgentState.Online);
        engine.AddAgent(TestEngine.Agent("bob"), AgentState.Online);
        ImmutableArray<AgentId> offered = engine.Submit(TestEngine.Chat("c1")).OfferedTo;
        AgentId agent = offered[0];
        return e => answer(e, agent);
    }

    /// <summary>Ann (sales) with c1, Bob (support) online.</summary>
    private static void AssignToAnn(IRoutingEngine engine)
    {
        engine.AddAgent(TestEngine.Agent("ann"), AgentState.Online);
        engine.AddAgent(TestEngine.Agent("bob", "support"), AgentState.Online);
        engine.Assign(TestEngine.Chat("c1"), Ann);
    }

    private static string Void(Action call)
    {
        call();
        return Done;
    }
}
