using RoutingCore.Tests.Lifecycle;
using RoutingCore.Tests.State;

namespace RoutingCore.Tests.Errors;

/// <summary>
/// <see cref="IRoutingEngine.TryAccept"/> and <see cref="IRoutingEngine.TryDecline"/>: the races that are normal in a contact
/// center come back as a <see cref="RoutingResult"/> that changed nothing; only malformed arguments throw; and
/// <see cref="IRoutingEngine.Accept"/> and <see cref="IRoutingEngine.Decline"/> throw exactly the refusal the Try forms return.
/// </summary>
public sealed class TryAnswerTests
{
    private static readonly ConversationId C1 = new("c1");
    private static readonly AgentId A = new("a");
    private static readonly AgentId B = new("b");

    /// <summary>Agents a and b online; c1 offered to both in one step; one step, ten seconds.</summary>
    private static Center OfferedToBoth()
    {
        var center = new Center(o =>
        {
            o.Steps = 1;
            o.StepDelay = TimeSpan.FromSeconds(10);
            o.ForcedPause.Enabled = false;
        });
        center.Agent("a").Agent("b");
        center.Submit("c1");
        center.OfferedTo("c1").ShouldBe(["a", "b"]);
        return center;
    }

    [Test]
    public void TryAccept_PendingOffer_SucceedsAndAssigns()
    {
        using Center center = OfferedToBoth();

        RoutingResult result = center.Engine.TryAccept(C1, B);

        result.ShouldBe(RoutingResult.Success);
        result.Succeeded.ShouldBeTrue();
        result.Error.ShouldBeNull();
        result.Message.ShouldBeNull("no message is built for a success");
        center.Engine.GetConversation(C1).Agent.ShouldBe(B);
        center.Log.AgentsOf(RoutingEventKind.Accepted, "c1").ShouldBe(["b"]);
    }

    [Test]
    public void TryAccept_AnotherAgentAcceptedFirst_ReturnsOfferWithdrawn_AndChangesNothing()
    {
        using Center center = OfferedToBoth();
        center.Engine.TryAccept(C1, A).Succeeded.ShouldBeTrue();

        RoutingResult late = Refused(center, e => e.TryAccept(C1, B));

        late.Error.ShouldBe(RoutingErrorCode.OfferWithdrawn);
        late.Message.ShouldNotBeNull().ShouldContain("'b'");
        center.Engine.GetConversation(C1).Agent.ShouldBe(A);
    }

    [Test]
    public void TryAccept_AfterTheOfferTimedOut_ReturnsOfferWithdrawn()
    {
        using Center center = OfferedToBoth();
        center.Advance(10); // the only step passed unanswered: the offers are withdrawn and c1 waits
        center.State("c1").ShouldBe(ConversationState.Waiting);

        Refused(center, e => e.TryAccept(C1, A)).Error.ShouldBe(RoutingErrorCode.OfferWithdrawn);
        Refused(center, e => e.TryDecline(C1, B)).Error.ShouldBe(RoutingErrorCode.OfferWithdrawn);
    }

    [Test]
    public void TryAccept_AfterDeclining_ReturnsAlreadyDeclined_AndARepeatedTryDeclineSucceeds()
    {
        using Center center = OfferedToBoth();
        center.Engine.TryDecline(C1, A).ShouldBe(RoutingResult.Success);

        Refused(center, e => e.TryAccept(C1, A)).Error.ShouldBe(RoutingErrorCode.AlreadyDeclined);
        center.Engine.TryDecline(C1, A).ShouldBe(RoutingResult.Success, "issue 18: a repeated decline answers as the first did (it was AlreadyDeclined)");
        center.Engine.TryAccept(C1, B).Succeeded.ShouldBeTrue("the other offer still stands");
    }

    [Test]
    public void TryAccept_Twice_Succeeds_AndTryDeclineAfterIt_ReturnsAlreadyAccepted()
    {
        using Center center = OfferedToBoth();
        center.Engine.TryAccept(C1, A).Succeeded.ShouldBeTrue();

        center.Engine.TryAccept(C1, A).ShouldBe(RoutingResult.Success, "issue 18: an accept by the agent who holds the conversation succeeds (it was AlreadyAccepted)");
        Refused(center, e => e.TryDecline(C1, A)).Error.ShouldBe(RoutingErrorCode.AlreadyAccepted);
    }

    [Test]
    public void TryAccept_UnknownConversation_ReturnsUnknownConversation()
    {
        using Center center = OfferedToBoth();

        Refused(center, e => e.TryAccept(new ConversationId("ghost"), A)).Error.ShouldBe(RoutingErrorCode.UnknownConversation);
        Refused(center, e => e.TryDecline(new ConversationId("ghost"), A)).Error.ShouldBe(RoutingErrorCode.UnknownConversation);
    }

    [Test]
    public void TryAccept_ClosedConversation_ReturnsConversationClosed()
    {
        using Center center = OfferedToBoth();
        center.Engine.Close(C1);

        RoutingResult closed = Refused(center, e => e.TryAccept(C1, A));

        closed.Error.ShouldBe(RoutingErrorCode.ConversationClosed);
        closed.Message.ShouldNotBeNull().ShouldContain("'c1'");
        Refused(center, e => e.TryDecline(C1, B)).Error.ShouldBe(RoutingErrorCode.ConversationClosed);
    }

    [Test]
    public void TryAccept_UnknownAgent_ReturnsUnknownAgent()
    {
        using Center center = OfferedToBoth();

        Refused(center, e => e.TryAccept(C1, new AgentId("ghost"))).Error.ShouldBe(RoutingErrorCode.UnknownAgent);
        Refused(center, e => e.TryDecline(C1, new AgentId("ghost"))).Error.ShouldBe(RoutingErrorCode.UnknownAgent);
    }

    [Test]
    public void TryDecline_PendingOffer_Succeeds_AndNeverOffered_ReturnsNotOffered()
    {
        using Center center = OfferedToBoth();
        center.Agent("late");

        Refused(center, e => e.TryDecline(C1, new AgentId("late"))).Error.ShouldBe(RoutingErrorCode.NotOffered);
        center.Engine.TryDecline(C1, A).ShouldBe(RoutingResult.Success);
        center.OfferedTo("c1").ShouldBe(["b"]);
        center.Engine.GetAgent(A).Declines.ShouldBe(1);
    }

    [Test]
    public void TryAcceptAndTryDecline_MalformedArguments_StillThrowArgumentException()
    {
        using Center center = OfferedToBoth();

        Should.Throw<ArgumentException>(() => center.Engine.TryAccept(default, A)).ParamName.ShouldBe("conversation");
        Should.Throw<ArgumentException>(() => center.Engine.TryAccept(C1, default)).ParamName.ShouldBe("agent");
        Should.Throw<ArgumentException>(() => center.Engine.TryDecline(default, A)).ParamName.ShouldBe("conversation");
        Should.Throw<ArgumentException>(() => center.Engine.TryDecline(C1, default)).ParamName.ShouldBe("agent");
        center.OfferedTo("c1").ShouldBe(["a", "b"]);
    }

    [Test]
    public void AcceptAndDecline_ThrowTheRefusalTheTryFormsReturn()
    {
        using Center center = OfferedToBoth();
        center.Engine.Accept(C1, A);
        (Action<IRoutingEngine> Throwing, Func<IRoutingEngine, RoutingResult> Returning)[] pairs =
        [
            (e => e.Accept(C1, B), e => e.TryAccept(C1, B)),
            (e => e.Decline(C1, A), e => e.TryDecline(C1, A)),
            (e => e.Accept(new ConversationId("ghost"), A), e => e.TryAccept(new ConversationId("ghost"), A)),
            (e => e.Decline(C1, new AgentId("ghost")), e => e.TryDecline(C1, new AgentId("ghost"))),
        ];

        foreach ((Action<IRoutingEngine> throwing, Func<IRoutingEngine, RoutingResult> returning) in pairs)
        {
            RoutingResult result = returning(center.Engine);
            RoutingOperationException thrown = Should.Throw<RoutingOperationException>(() => throwing(center.Engine));
            thrown.Code.ShouldBe(result.Error.ShouldNotBeNull());
            thrown.Message.ShouldBe(result.Message);
        }
    }

    [Test]
    public void RoutingResult_Failure_CarriesTheCode_AndThrowIfFailedThrowsIt()
    {
        RoutingResult refused = RoutingResult.Failure(RoutingErrorCode.OfferWithdrawn, "Agent 'b' cannot accept conversation 'c1'.");

        refused.Succeeded.ShouldBeFalse();
        refused.ToString().ShouldBe("OfferWithdrawn: Agent 'b' cannot accept conversation 'c1'.");
        Should.Throw<RoutingOperationException>(refused.ThrowIfFailed).Code.ShouldBe(RoutingErrorCode.OfferWithdrawn);
        RoutingResult.Success.ThrowIfFailed();
        default(RoutingResult).ShouldBe(RoutingResult.Success);
        RoutingResult.Success.ToString().ShouldBe("Succeeded");
        Should.Throw<ArgumentOutOfRangeException>(() => RoutingResult.Failure(default, "no code")).ParamName.ShouldBe("error");
        Should.Throw<ArgumentNullException>(() => RoutingResult.Failure(RoutingErrorCode.NotOffered, null!)).ParamName.ShouldBe("message");
    }

    /// <summary>Runs a Try form that must be refused: returns its result, after checking that nothing changed and nothing was published.</summary>
    private static RoutingResult Refused(Center center, Func<IRoutingEngine, RoutingResult> call)
    {
        string before = StateKit.Save(center.Engine);
        int events = center.Log.Events.Count;

        RoutingResult result = call(center.Engine);

        result.Succeeded.ShouldBeFalse();
        result.Error.ShouldNotBeNull();
        result.Message.ShouldNotBeNullOrWhiteSpace();
        StateKit.Save(center.Engine).ShouldBe(before);
        center.Log.Events.Count.ShouldBe(events);
        return result;
    }
}
