namespace RoutingCore.Tests.Capacity;

/// <summary>The max-concurrent model, through the engine (seed 004, "Agent load").</summary>
public class MaxConcurrentCapacityTests
{
    private static AgentProfile SeedAgent(string id) => new(new AgentId(id))
    {
        Skills = [new SkillId("sales")],
        // Seed 004's table: chat 4 sessions (25% each), voice 1 (100%), video 1 (100%).
        Media = [new MediaCapacity(MediaType.Chat, 4), new MediaCapacity(MediaType.Voice, 1), new MediaCapacity(MediaType.Video, 1)],
    };

    [Test]
    public void Load_ThreeChatsOfFour_Is75Percent()
    {
        var (engine, _) = TestEngine.Create();
        engine.AddAgent(SeedAgent("a1"), AgentState.Online);
        TestEngine.Load(engine, "a1", 3);
        engine.GetAgent(new AgentId("a1")).Load.ShouldBe(0.75, 1e-12);
        engine.Plan(TestEngine.Chat("c")).HasAgents.ShouldBeTrue();
    }

    [Test]
    public void Plan_FourChatsOfFour_AgentIsFull()
    {
        var (engine, _) = TestEngine.Create();
        engine.AddAgent(SeedAgent("a1"), AgentState.Online);
        TestEngine.Load(engine, "a1", 4);
        engine.GetAgent(new AgentId("a1")).Load.ShouldBe(1.0, 1e-12);
        RoutingPlan plan = engine.Plan(TestEngine.Chat("c"));
        plan.HasAgents.ShouldBeFalse();
        plan.Exclusions.ShouldBe([new ExclusionCount(ExclusionReason.AtCapacity, 1)]);
    }

    [Test]
    public void Plan_OneVoiceCall_AgentIsFullForChat()
    {
        var (engine, _) = TestEngine.Create();
        engine.AddAgent(SeedAgent("a1"), AgentState.Online);
        TestEngine.Load(engine, "a1", 1, "sales", MediaType.Voice);
        engine.GetAgent(new AgentId("a1")).Load.ShouldBe(1.0, 1e-12);
        engine.Plan(TestEngine.Chat("c")).HasAgents.ShouldBeFalse();
    }

    [Test]
    public void Load_ChatPlusVoiceConversation_CostsHeaviestMediaNotTheSum()
    {
        var (engine, _) = TestEngine.Create();
        engine.AddAgent(SeedAgent("a1"), AgentState.Online);
        engine.Assign(new ConversationRequest(new ConversationId("mixed")) { Skill = new SkillId("sales"), Media = [MediaType.Chat, MediaType.Voice] }, new AgentId("a1"));
        engine.GetAgent(new AgentId("a1")).Load.ShouldBe(1.0, 1e-12); // 100%, not 125%
    }

    [Test]
    public void Plan_VoiceConversationOnAgentWithOneChat_DoesNotFit()
    {
        var (engine, _) = TestEngine.Create();
        engine.AddAgent(SeedAgent("a1"), AgentState.Online);
        TestEngine.Load(engine, "a1", 1);
        RoutingPlan plan = engine.Plan(new ConversationRequest(new ConversationId("call")) { Skill = new SkillId("sales"), Media = [MediaType.Voice] });
        plan.HasAgents.ShouldBeFalse(); // 25% + 100% > 100%
    }

    [Test]
    public void Load_AccountDefault_AppliesWhereNoMediumOrAgentMaximumIsSet()
    {
        var (engine, _) = TestEngine.Create(o => o.MaxConcurrent.DefaultMaxConcurrent = 2);
        engine.AddAgent(TestEngine.Agent("a1"), AgentState.Online);
        TestEngine.Load(engine, "a1", 1);
        engine.GetAgent(new AgentId("a1")).Load.ShouldBe(0.5, 1e-12);
        TestEngine.Load(engine, "a1", 1);
        engine.Plan(TestEngine.Chat("c")).HasAgents.ShouldBeFalse();
    }

    [Test]
    public void Load_PerAgentMaximum_OverridesAccountDefault()
    {
        var (engine, _) = TestEngine.Create(o => o.MaxConcurrent.DefaultMaxConcurrent = 2);
        engine.AddAgent(TestEngine.Agent("a1", max: 5), AgentState.Online);
        TestEngine.Load(engine, "a1", 4);
        engine.GetAgent(new AgentId("a1")).Load.ShouldBe(0.8, 1e-12);
        engine.Plan(TestEngine.Chat("c")).HasAgents.ShouldBeTrue();
    }

    [Test]
    public void Load_ChatIdleLongerThanTimeout_IsSubtracted()
    {
        var (engine, clock) = TestEngine.Create();
        engine.AddAgent(SeedAgent("a1"), AgentState.Online);
        List<ConversationId> chats = TestEngine.Load(engine, "a1", 4);
        engine.Plan(TestEngine.Chat("c")).HasAgents.ShouldBeFalse();

        clock.Advance(TimeSpan.FromSeconds(30));
        engine.ReportMessage(chats[0], MessageAuthor.Consumer); // this one stays active
        clock.Advance(TimeSpan.FromSeconds(30)); // the other three have been silent exactly the timeout (60 s)

        // Issue 17 changed this test, which counted them idle at exactly 60 s. 004_61c15d49d99ff3a7.txt: an idle chat "has
        // being idle (no messages being exchanged and no sharing tools being used) for more than the configurable time out
        // (default 60 seconds)".
        engine.GetAgent(new AgentId("a1")).Load.ShouldBe(1.0, 1e-12);
        engine.Plan(TestEngine.Chat("c")).HasAgents.ShouldBeFalse();

        clock.Advance(TimeSpan.FromTicks(1)); // now more than 60 s
        engine.GetAgent(new AgentId("a1")).Load.ShouldBe(0.25, 1e-12);
        engine.Plan(TestEngine.Chat("c")).HasAgents.ShouldBeTrue();

        engine.ReportMessage(chats[1], MessageAuthor.Agent); // activity makes it count again
        engine.GetAgent(new AgentId("a1")).Load.ShouldBe(0.5, 1e-12);
    }

    [Test]
    public void IdleChat_FreesCapacityForAWaitingConversation_OnlyOnceSilentForMoreThanTheTimeout()
    {
        // 004_61c15d49d99ff3a7.txt: an idle chat has been idle "for more than the configurable time out (default 60
        // seconds)", and the agent's load is calculated by "subtracting the load of all **idle chat** contacts".
        using var kit = new EngineKit(o => o.ForcedPause.Enabled = false);
        kit.Engine.AddAgent(SeedAgent("a1"), AgentState.Online);
        TestEngine.Load(kit.Engine, "a1", 4);
        ConversationId waiting = kit.Engine.Submit(TestEngine.Chat("waiting")).Id;
        kit.Engine.GetConversation(waiting).State.ShouldBe(ConversationState.Waiting);

        kit.Clock.Advance(TimeSpan.FromSeconds(60));
        kit.Engine.GetConversation(waiting).State.ShouldBe(ConversationState.Waiting, "silent exactly 60 s: not idle yet");

        kit.Clock.Advance(TimeSpan.FromTicks(1));
        kit.Engine.GetConversation(waiting).OfferedTo.ShouldBe([new AgentId("a1")]);
        kit.Log.Of(RoutingEventKind.Dispatched, "waiting").Single().Reason.ShouldBe(RoutingEventReason.ConversationInactive);
    }

    [Test]
    public void Load_IdleTimeoutZero_TurnsIdleDetectionOff()
    {
        var (engine, clock) = TestEngine.Create(o => o.MaxConcurrent.IdleChatTimeout = TimeSpan.Zero);
        engine.AddAgent(SeedAgent("a1"), AgentState.Online);
        TestEngine.Load(engine, "a1", 4);
        clock.Advance(TimeSpan.FromHours(1));
        engine.GetAgent(new AgentId("a1")).Load.ShouldBe(1.0, 1e-12);
    }

    [Test]
    public void Load_IdleVoiceConversation_IsNotAnIdleChat()
    {
        var (engine, clock) = TestEngine.Create();
        engine.AddAgent(SeedAgent("a1"), AgentState.Online);
        engine.Assign(new ConversationRequest(new ConversationId("mixed")) { Skill = new SkillId("sales"), Media = [MediaType.Chat, MediaType.Voice] }, new AgentId("a1"));
        clock.Advance(TimeSpan.FromMinutes(5));
        engine.GetAgent(new AgentId("a1")).Load.ShouldBe(1.0, 1e-12);
    }

    [Test]
    public void Close_FreesCapacity()
    {
        var (engine, _) = TestEngine.Create();
        engine.AddAgent(SeedAgent("a1"), AgentState.Online);
        List<ConversationId> chats = TestEngine.Load(engine, "a1", 4);
        engine.Close(chats[2]);
        engine.GetAgent(new AgentId("a1")).Load.ShouldBe(0.75, 1e-12);
        engine.Plan(TestEngine.Chat("c")).HasAgents.ShouldBeTrue();
    }

    [Test]
    public void Assign_AboveCapacity_IsRefusedAndChangesNothing()
    {
        var (engine, _) = TestEngine.Create();
        engine.AddAgent(SeedAgent("a1"), AgentState.Online);
        TestEngine.Load(engine, "a1", 4);
        var error = Should.Throw<RoutingOperationException>(() => engine.Assign(TestEngine.Chat("fifth"), new AgentId("a1")));
        error.Code.ShouldBe(RoutingErrorCode.NoCapacity);
        error.Message.ShouldContain("'a1'");
        error.Message.ShouldContain("at capacity");
        engine.GetAgent(new AgentId("a1")).Conversations.ShouldBe(4);
        Should.Throw<RoutingOperationException>(() => engine.Close(new ConversationId("fifth"))).Code.ShouldBe(RoutingErrorCode.UnknownConversation); // it was never accepted
    }
}
