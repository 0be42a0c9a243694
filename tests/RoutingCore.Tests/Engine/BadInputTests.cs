using Microsoft.Extensions.Options;

namespace RoutingCore.Tests.Engine;

/// <summary>Bad input gets an error naming the value and what is valid, and changes nothing.</summary>
public class BadInputTests
{
    [TestCase(null)]
    [TestCase("")]
    [TestCase("   ")]
    [TestCase("tab\there")]
    public void Id_NullEmptyWhiteSpaceOrControlCharacters_IsRejected(string? value)
    {
        var error = Should.Throw<ArgumentException>(() => new AgentId(value!));
        error.ParamName.ShouldBe("value");
        error.Message.ShouldContain("AgentId");
    }

    [Test]
    public void Id_TooLong_IsRejectedWithItsLength()
    {
        var error = Should.Throw<ArgumentException>(() => new ConversationId(new string('x', 300)));
        error.Message.ShouldContain("300 characters");
        error.Message.ShouldContain("at most 256");
    }

    [Test]
    public void Id_Unicode_IsAccepted()
    {
        new AgentId("agent-ü-日本-😀").Value.ShouldBe("agent-ü-日本-😀");
    }

    [Test]
    public void AddAgent_Duplicate_IsRejectedAndKeepsTheFirst()
    {
        var (engine, _) = TestEngine.Create();
        engine.AddAgent(TestEngine.Agent("a", "sales"), AgentState.Online);
        var error = Should.Throw<RoutingOperationException>(() => engine.AddAgent(TestEngine.Agent("a", "support")));
        error.Code.ShouldBe(RoutingErrorCode.AgentAlreadyExists);
        error.Message.ShouldBe("Agent 'a' is already on the roster with another profile: different skills (['support'] given, ['sales'] known). A repeated AddAgent with the same profile is answered as the first; use UpdateAgent to change its profile, or give the new agent another id.");
        engine.GetAgent(new AgentId("a")).Profile.Skills.Single().Skill.ShouldBe(new SkillId("sales"));
        engine.GetAgent(new AgentId("a")).State.ShouldBe(AgentState.Online);
    }

    [Test]
    public void AddAgent_DefaultId_IsRejected()
    {
        var (engine, _) = TestEngine.Create();
        Should.Throw<ArgumentException>(() => engine.AddAgent(new AgentProfile(default))).Message.ShouldContain("agent id is empty");
        engine.GetAgents().ShouldBeEmpty();
    }

    [Test]
    public void AddAgent_Null_IsRejected()
    {
        var (engine, _) = TestEngine.Create();
        Should.Throw<ArgumentNullException>(() => engine.AddAgent(null!)).ParamName.ShouldBe("profile");
    }

    [Test]
    public void AddAgent_InvalidLimitsAndProficiency_ReportsEveryProblemTogether()
    {
        var (engine, _) = TestEngine.Create();
        var profile = new AgentProfile(new AgentId("bad"))
        {
            Skills = [new AgentSkill(new SkillId("sales"), double.NaN), new AgentSkill(new SkillId("support"), 1.5), new SkillId("sales")],
            Media = [new MediaCapacity(MediaType.Chat, 0), new MediaCapacity(MediaType.Chat, 2)],
            MaxConcurrent = -1,
            Tags = ["ok", ""],
        };
        var error = Should.Throw<ArgumentException>(() => engine.AddAgent(profile, AgentState.Online));
        error.Message.ShouldContain("proficiency NaN in skill 'sales'");
        error.Message.ShouldContain("proficiency 1.5 in skill 'support'");
        error.Message.ShouldContain("lists skill 'sales' twice");
        error.Message.ShouldContain("MaxSessions 0 for media 'chat'");
        error.Message.ShouldContain("lists media 'chat' twice");
        error.Message.ShouldContain("MaxConcurrent -1; it must be at least 1");
        error.Message.ShouldContain("empty or white-space tag");
        engine.GetAgents().ShouldBeEmpty();
    }

    [Test]
    public void AddAgent_NoMedia_IsRejected()
    {
        var (engine, _) = TestEngine.Create();
        Should.Throw<ArgumentException>(() => engine.AddAgent(new AgentProfile(new AgentId("a")) { Media = [] })).Message.ShouldContain("handles no media");
    }

    [Test]
    public void SetAgentState_UndefinedState_IsRejectedAndStateKept()
    {
        var (engine, _) = TestEngine.Create();
        engine.AddAgent(TestEngine.Agent("a"), AgentState.Online);
        var error = Should.Throw<ArgumentOutOfRangeException>(() => engine.SetAgentState(new AgentId("a"), (AgentState)42));
        error.ParamName.ShouldBe("state");
        error.Message.ShouldContain("Agent state 42 is not defined");
        engine.GetAgent(new AgentId("a")).State.ShouldBe(AgentState.Online);
    }

    [Test]
    public void UnknownAgent_EveryOperation_NamesTheAgent()
    {
        var (engine, _) = TestEngine.Create();
        var ghost = new AgentId("ghost");
        Unknown(() => engine.SetAgentState(ghost, AgentState.Online)).Message.ShouldContain("Agent 'ghost' is not on the roster");
        Unknown(() => engine.RemoveAgent(ghost)).Message.ShouldContain("'ghost'");
        Unknown(() => engine.GetAgent(ghost)).Message.ShouldContain("'ghost'");
        Unknown(() => engine.UpdateAgent(TestEngine.Agent("ghost"))).Message.ShouldContain("'ghost'");
        Unknown(() => engine.Assign(TestEngine.Chat("c"), ghost)).Message.ShouldContain("'ghost'");
        Should.Throw<ArgumentException>(() => engine.SetAgentState(default, AgentState.Online)).Message.ShouldContain("agent id is empty");

        static RoutingOperationException Unknown(Action call)
        {
            RoutingOperationException error = Should.Throw<RoutingOperationException>(call);
            error.Code.ShouldBe(RoutingErrorCode.UnknownAgent);
            return error;
        }
    }

    [Test]
    public void Plan_InvalidRequest_ReportsEveryProblem()
    {
        var (engine, _) = TestEngine.Create();
        var request = new ConversationRequest(new ConversationId("c")) { Media = [], RequiredTags = ["ok", "bad\u0001tag"], OptionalTags = [null!] };
        var error = Should.Throw<ArgumentException>(() => engine.Plan(request));
        error.ParamName.ShouldBe("conversation");
        error.Message.ShouldContain("uses no media");
        error.Message.ShouldContain("required tag 'bad\\u0001tag' with a control character");
        error.Message.ShouldContain("null, empty or white-space optional tag");
        Should.Throw<ArgumentNullException>(() => engine.Plan(null!));
        Should.Throw<ArgumentException>(() => engine.Plan(new ConversationRequest(default))).Message.ShouldContain("conversation id is empty");
    }

    [Test]
    public void ReportMessage_UnknownConversationOrFutureTime_IsRejected()
    {
        var (engine, clock) = TestEngine.Create();
        engine.AddAgent(TestEngine.Agent("a"), AgentState.Online);
        engine.Assign(TestEngine.Chat("c"), new AgentId("a"));
        RoutingOperationException nope = Should.Throw<RoutingOperationException>(() => engine.ReportMessage(new ConversationId("nope"), MessageAuthor.Consumer));
        nope.Code.ShouldBe(RoutingErrorCode.UnknownConversation);
        nope.Message.ShouldContain("Conversation 'nope' is not known");
        Should.Throw<ArgumentOutOfRangeException>(() => engine.ReportMessage(new ConversationId("c"), MessageAuthor.Consumer, clock.GetUtcNow().AddSeconds(1))).ParamName.ShouldBe("at");
        Should.Throw<ArgumentOutOfRangeException>(() => engine.ReportMessage(new ConversationId("c"), MessageAuthor.Consumer, clock.GetUtcNow().AddSeconds(-1))).Message.ShouldContain("before conversation 'c' was assigned");
        Should.Throw<ArgumentOutOfRangeException>(() => engine.ReportMessage(new ConversationId("c"), (MessageAuthor)9)).ParamName.ShouldBe("author");
    }

    [Test]
    public void Close_Twice_TheSecondIsARepeatWithoutEffect()
    {
        // Issue 18 ("Lose nothing, apply nothing twice"): "`Close` of a closed conversation returns without effect" (it was
        // refused with ConversationClosed before). Closing a conversation the engine never knew is still refused.
        var (engine, _) = TestEngine.Create();
        engine.AddAgent(TestEngine.Agent("a"), AgentState.Online);
        engine.Assign(TestEngine.Chat("c"), new AgentId("a"));
        engine.Close(new ConversationId("c"));
        long sequence = engine.LastCommandSequence;
        engine.Close(new ConversationId("c"));
        engine.LastCommandSequence.ShouldBe(sequence);
        engine.GetConversation(new ConversationId("c")).State.ShouldBe(ConversationState.Closed);
        engine.GetAgent(new AgentId("a")).Conversations.ShouldBe(0);
        Should.Throw<RoutingOperationException>(() => engine.Close(new ConversationId("never"))).Code.ShouldBe(RoutingErrorCode.UnknownConversation);
    }

    [Test]
    public void Assign_DuplicateConversation_IsRejected()
    {
        var (engine, _) = TestEngine.Create();
        engine.AddAgent(TestEngine.Agent("a"), AgentState.Online);
        engine.AddAgent(TestEngine.Agent("b"), AgentState.Online);
        engine.Assign(TestEngine.Chat("c"), new AgentId("a"));

        // Issue 18: the same request to the agent who holds it is a repeat (tests/RoutingCore.Tests/Retries); to another agent it is not.
        RoutingOperationException duplicate = Should.Throw<RoutingOperationException>(() => engine.Assign(TestEngine.Chat("c"), new AgentId("b")));
        duplicate.Code.ShouldBe(RoutingErrorCode.ConversationAlreadyExists);
        duplicate.Message.ShouldContain("'c' is already known");
        duplicate.Message.ShouldContain("it is Assigned to agent 'a', not assigned to agent 'b'");
        engine.GetAgent(new AgentId("a")).Conversations.ShouldBe(1);
        engine.GetAgent(new AgentId("b")).Conversations.ShouldBe(0);
    }

    [Test]
    public void Assign_AwayAgentOrWrongMedia_IsRejected()
    {
        var (engine, _) = TestEngine.Create();
        engine.AddAgent(TestEngine.Agent("away"), AgentState.Away);
        engine.AddAgent(TestEngine.Agent("chat"), AgentState.Online);
        RoutingOperationException away = Should.Throw<RoutingOperationException>(() => engine.Assign(TestEngine.Chat("c"), new AgentId("away")));
        away.Code.ShouldBe(RoutingErrorCode.AgentNotOnline);
        away.Message.ShouldContain("Agent 'away' is Away");
        RoutingOperationException voice = Should.Throw<RoutingOperationException>(() => engine.Assign(new ConversationRequest(new ConversationId("v")) { Media = [MediaType.Voice] }, new AgentId("chat")));
        voice.Code.ShouldBe(RoutingErrorCode.WrongMedia);
        voice.Message.ShouldContain("does not handle media 'voice'");
    }

    [Test]
    public void RemoveAgent_HoldingConversations_RoutesThemAgain()
    {
        var (engine, _) = TestEngine.Create();
        engine.AddAgent(TestEngine.Agent("a"), AgentState.Online);
        engine.Assign(TestEngine.Chat("c1"), new AgentId("a"));
        engine.RemoveAgent(new AgentId("a"));
        Should.Throw<RoutingOperationException>(() => engine.GetAgent(new AgentId("a"))).Code.ShouldBe(RoutingErrorCode.UnknownAgent);
        engine.GetConversation(new ConversationId("c1")).State.ShouldBe(ConversationState.Waiting);
        engine.GetWaitingConversations().Select(w => w.Id.Value).ShouldBe(["c1"]);
    }

    [Test]
    public void Options_EveryBadValue_IsReportedTogether()
    {
        var options = new RoutingOptions
        {
            Strategy = "fastest",
            Steps = 0,
            StepDelay = TimeSpan.Zero,
            CapacityModel = "magic",
        };
        options.MaxConcurrent.DefaultMaxConcurrent = -2;
        options.MaxConcurrent.IdleChatTimeout = TimeSpan.FromSeconds(-1);
        options.Intensity.ActiveWeight = double.NaN;
        options.Intensity.InactiveWeight = -0.5;
        options.Intensity.TimeToInactive = TimeSpan.Zero;
        options.Intensity.OverbookAllowance = double.PositiveInfinity;
        options.CustomWeights.Load = 1.5;
        options.CustomWeights.Idle = double.NaN;
        options.CustomWeights.Tags = -0.1;
        options.Skills["sales"] = new SkillOptions { Strategy = "nope", Steps = -1, StepDelay = TimeSpan.FromSeconds(-3) };
        options.Skills[""] = new SkillOptions();

        var error = Should.Throw<OptionsValidationException>(() => RoutingEngine.Create(options));
        string[] expected =
        [
            "RoutingOptions.Strategy is 'fastest', which is not a known strategy; use one of: broadcast, custom-weighted, dynamic, least-loaded, round-robin, skill-based",
            "RoutingOptions.CapacityModel is 'magic', which is not a known capacity model; use one of: intensity, max-concurrent",
            "RoutingOptions.Steps is 0; it must be at least 1.",
            "RoutingOptions.StepDelay is 00:00:00; it must be greater than zero.",
            "RoutingOptions.MaxConcurrent.DefaultMaxConcurrent is -2; it must be at least 1.",
            "RoutingOptions.MaxConcurrent.IdleChatTimeout is -00:00:01; it must not be negative",
            "RoutingOptions.Intensity.ActiveWeight is NaN",
            "RoutingOptions.Intensity.InactiveWeight is -0.5",
            "RoutingOptions.Intensity.TimeToInactive is 00:00:00",
            "RoutingOptions.Intensity.OverbookAllowance is Infinity",
            "RoutingOptions.CustomWeights.Load is 1.5; a weight must be between 0 (ignored) and 1 (full weight).",
            "RoutingOptions.CustomWeights.Idle is NaN",
            "RoutingOptions.CustomWeights.Tags is -0.1",
            "RoutingOptions.Skills['sales'].Strategy is 'nope'",
            "RoutingOptions.Skills['sales'].Steps is -1",
            "RoutingOptions.Skills['sales'].StepDelay is -00:00:03",
            "RoutingOptions.Skills['']: the skill id must be non-empty",
        ];
        foreach (string message in expected)
        {
            error.Failures.ShouldContain(f => f.StartsWith(message, StringComparison.Ordinal), $"missing: {message}");
        }

        error.Failures.Count().ShouldBe(expected.Length);
    }

    [Test]
    public void Options_StrategyNames_AreCaseInsensitive()
    {
        var engine = RoutingEngine.Create(new RoutingOptions { Strategy = "Least-Loaded", CapacityModel = "INTENSITY" });
        engine.AddAgent(TestEngine.Agent("a"), AgentState.Online);
        engine.Plan(TestEngine.Chat("c")).Strategy.ShouldBe(RoutingStrategyNames.LeastLoaded);
    }
}
