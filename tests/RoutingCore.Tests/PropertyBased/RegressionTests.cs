using CsCheck;

namespace RoutingCore.Tests.PropertyBased;

/// <summary>
/// Counterexamples the properties found (shrunk by CsCheck), kept as plain tests with their concrete values, named after what
/// went wrong.
/// </summary>
public sealed class RegressionTests
{
    /// <summary>
    /// Found by <see cref="LifecyclePropertyTests"/> (custom-weighted, one step): a plan of one step lists every agent in roster
    /// order, and <see cref="RoutingPlan.First"/> returned the first of them (score 0.575) while SelectBest returned the best
    /// (0.8). First is documented as "the best agent"; it now is.
    /// </summary>
    [Test]
    public void PlanFirst_OneStepWithDifferentScores_IsTheBestAgentLikeSelectBest()
    {
        var (engine, _) = TestEngine.Create(o => { o.Steps = 1; o.Strategy = RoutingStrategyNames.LeastLoaded; o.MaxConcurrent.IdleChatTimeout = TimeSpan.Zero; });
        engine.AddAgent(TestEngine.Agent("a0", max: 2), AgentState.Online);
        engine.AddAgent(TestEngine.Agent("a1", max: 2), AgentState.Online);
        TestEngine.Load(engine, "a0", 1);

        RoutingPlan plan = engine.Plan(TestEngine.Chat("c"));

        TestEngine.StepAgents(plan).ShouldBe([["a0", "a1"]]);
        plan.First.ShouldBe(new PlannedAgent(new AgentId("a1"), 1.0));
        engine.SelectBest(TestEngine.Chat("c")).ShouldBe(plan.First);
    }

    [Test]
    public void PlanFirst_TiesWithinTheFirstStep_IsTheEarliestOnTheRoster()
    {
        var (engine, _) = TestEngine.Create(o => { o.Steps = 1; o.Strategy = RoutingStrategyNames.LeastLoaded; o.MaxConcurrent.IdleChatTimeout = TimeSpan.Zero; });
        engine.AddAgent(TestEngine.Agent("a0", max: 2), AgentState.Online);
        engine.AddAgent(TestEngine.Agent("a1", max: 2), AgentState.Online);
        engine.AddAgent(TestEngine.Agent("a2", max: 2), AgentState.Online);
        TestEngine.Load(engine, "a0", 1);

        RoutingPlan plan = engine.Plan(TestEngine.Chat("c"));

        plan.First.ShouldBe(new PlannedAgent(new AgentId("a1"), 1.0));
        engine.SelectBest(TestEngine.Chat("c")).ShouldBe(plan.First);
    }

    /// <summary>
    /// Found while checking that <see cref="LifecyclePropertyTests"/> catches seeded engine bugs: the property's model missed a
    /// primary turn, because a conversation assigned directly on a distributed skill is never routed, so it is given its primary
    /// group (and spends the group's turn) only when it first leaves its agent. Pinned here with the concrete values.
    /// </summary>
    [Test]
    public void DistributedSkill_ConversationAssignedDirectly_TakesItsPrimaryTurnWhenItFirstLeavesItsAgent()
    {
        var (engine, _) = TestEngine.Create(o =>
        {
            o.AgentGroups = ["g0", "g1"];
            o.Skills["s0"] = new SkillOptions { Workload = RoutingCore.WorkloadDistribution.Create([new(new AgentGroupId("g0"), 50), new(new AgentGroupId("g1"), 50)]).ToOptions() };
        });
        engine.AddAgent(new AgentProfile(new AgentId("a0")) { Skills = [new AgentSkill(new SkillId("s0"))], Groups = [new AgentGroupId("g0")] }, AgentState.Online);
        engine.AddAgent(new AgentProfile(new AgentId("a1")) { Skills = [new AgentSkill(new SkillId("s0"))], Groups = [new AgentGroupId("g1")] }, AgentState.Online);
        engine.Assign(TestEngine.Chat("direct", "s0"), new AgentId("a0"));
        engine.GetConversation(new ConversationId("direct")).AgentGroup.ShouldBeNull();

        engine.ReturnToQueue(new ConversationId("direct"));
        ConversationSnapshot returned = engine.GetConversation(new ConversationId("direct"));
        ConversationSnapshot next = engine.Submit(TestEngine.Chat("next", "s0"));

        returned.AgentGroup.ShouldBe(new AgentGroupId("g0"));
        returned.State.ShouldBe(ConversationState.Waiting, "a0 handed it back and g0 has nobody else; without secondary groups it waits for g0");
        next.AgentGroup.ShouldBe(new AgentGroupId("g1"), "the first turn went to g0, so the second goes to g1");
    }

    /// <summary>
    /// <see cref="LifecyclePropertyTests"/> failed once with this seed: "workload split: every group could take its traffic, yet
    /// group g2 took 2 of 2 at 50%" (split 30/20/50). The checker was wrong, not the engine: it followed turns by conversation id,
    /// and c5 had two turns — g2's, which g2 took, and after a transfer back to the distributed skill g0's, still waiting since g0
    /// has nobody online — so with c11's turn (g2, taken) the ids given turns ({c5, c11}) equalled the ids accepted, and the
    /// checker demanded an exact taken split although g0 had not taken its turn. The turns (g2, g0, g2) were exact, as the rule
    /// requires; the checker now follows each turn on its own (<see cref="ModelRunner"/>'s split model). Replays the seed.
    /// </summary>
    [Test]
    public void LifecycleProperty_Seed49a3pXH1v5c1_ConversationTransferredBackToTheDistributedSkill_EveryInvariantHolds() =>
        ReplayLifecycleSeed("49a3pXH1v5c1");

    /// <summary>
    /// Seed 0_BnXXlNZan1 failed the same split check in a CI run before the checker was fixed ("after Accept(59,42,0)
    /// (operation 9): every group could take its traffic, yet group g0 took 2 of 2 at 50%"): under a 50/50 split a
    /// conversation transferred back to the distributed skill was given a second turn that its group had not taken. The
    /// engine's turns were exact; the checker follows each turn on its own since. Replays the seed.
    /// </summary>
    [Test]
    public void LifecycleProperty_Seed0BnXXlNZan1_SecondTurnOfATransferredConversation_EveryInvariantHolds() =>
        ReplayLifecycleSeed("0_BnXXlNZan1");

    /// <summary>
    /// Issue 17 reported that this seed made the property fail every time: "every group could take its traffic, yet group g0
    /// took 2 of 2 at 50%". Replayed before the catch-up change, on main's engine: it passes with main's checker and fails,
    /// with exactly that message after Accept(14,98,0), only with the checker as it was before it followed each turn on its
    /// own — the checker was wrong, not the engine. Under 50/50, c1 is given g0's turn and taken by a3 (g0); a3 transfers it
    /// to s0, its own skill, and it is given a second turn, g1's, and waits (g1's agent cannot take it); c3 is given g0's turn
    /// and taken by a3. The turns g0, g1, g0 are exact; counting turns by conversation id, the old checker saw every id with a
    /// turn accepted and demanded an exact taken split while g1's turn was still waiting. Replays the seed under the new rule.
    /// </summary>
    [Test]
    public void LifecycleProperty_Seed8N1kT6eqGZK1_ConversationTransferredToItsOwnSkill_EveryInvariantHolds() =>
        ReplayLifecycleSeed("8N1kT6eqGZK1");

    /// <summary>
    /// Seed 8N1kT6eqGZK1's finding through the public API: a turn still waiting for its group is neither taken nor owed, so
    /// the taken split (g0 2 of 2) is not held to exactness, and the regular turns go on exactly (g0, g1, g0, then g1).
    /// </summary>
    [Test]
    public void DistributedSkill_TransferredToItsOwnSkill_ItsNewTurnWaits_TakenIsNotExactYet_TheTurnsAre()
    {
        var (engine, _) = TestEngine.Create(o =>
        {
            o.AgentGroups = ["g0", "g1"];
            o.Skills["s0"] = new SkillOptions { Workload = WorkloadDistribution.Create([new(new AgentGroupId("g0"), 50), new(new AgentGroupId("g1"), 50)]).ToOptions() };
        });
        engine.AddAgent(new AgentProfile(new AgentId("a3")) { Skills = [new AgentSkill(new SkillId("s0"))], Groups = [new AgentGroupId("g0")] }, AgentState.Online);
        engine.AddAgent(new AgentProfile(new AgentId("a5")) { Skills = [new AgentSkill(new SkillId("s0"))], Groups = [new AgentGroupId("g1")] }, AgentState.Away);

        engine.Submit(TestEngine.Chat("c1", "s0")).AgentGroup.ShouldBe(new AgentGroupId("g0"));
        engine.Accept(new ConversationId("c1"), new AgentId("a3"));
        engine.Transfer(new ConversationId("c1"), new SkillId("s0"));
        engine.Submit(TestEngine.Chat("c3", "s0")).AgentGroup.ShouldBe(new AgentGroupId("g0"));
        engine.Accept(new ConversationId("c3"), new AgentId("a3"));

        ConversationSnapshot waiting = engine.GetConversation(new ConversationId("c1"));
        waiting.AgentGroup.ShouldBe(new AgentGroupId("g1"));
        waiting.State.ShouldBe(ConversationState.Waiting);
        WorkloadReport report = engine.GetWorkloadReport(new SkillId("s0"));
        report.Find(new AgentGroupId("g0"))!.PrimaryCountSinceChange.ShouldBe(2);
        report.Find(new AgentGroupId("g1"))!.PrimaryCountSinceChange.ShouldBe(0);
        report.Find(new AgentGroupId("g1"))!.PrimaryOwed.ShouldBe(0, "its turn is waiting, not forfeited");
        engine.Submit(TestEngine.Chat("c4", "s0")).AgentGroup.ShouldBe(new AgentGroupId("g1"), "after the turns g0, g1, g0, the fourth is g1's");
    }

    /// <summary>
    /// The seed's finding with its concrete values, whatever the generator later makes of the seed: under 30/20/50, c0 is given
    /// g2's turn and taken by g2, transferred back to s0 and given g0's turn (g0 has nobody, so it waits); c1, assigned directly,
    /// is transferred to s0, given g2's turn and taken by g2. g2 took 2 of 2 while g0's turn is not taken: no exactness is due,
    /// and it was checked only after c0's first acceptance.
    /// </summary>
    [Test]
    public void LifecycleProperty_SecondTurnOfATransferredConversationNotTaken_TakenSplitIsNotHeldToExactness()
    {
        var config = new ConfigSpec(RoutingStrategyNames.Broadcast, CapacityModelNames.MaxConcurrent, Steps: 1, StepDelaySeconds: 5, ForcedPause: false,
            IgnoredThreshold: 1, DefaultSkill: null, FallbackSkill: null, UnassignedSkillPolicy.Unassigned, Primary: [30, 20, 50], Secondary: [],
            MaxWaitSeconds: null, IdleChatSeconds: 0, Overbook: 0, GraceSeconds: 0, AutoCloseSeconds: null, Weights: [0.25, 0.25, 0.25, 0.25], SkillStrategy: null);
        AgentSpec[] agents =
        [
            new(new AgentProfile(new AgentId("a0")) { Skills = [new AgentSkill(new SkillId("s0"))], Groups = [new AgentGroupId("g2")] }, AgentState.Online),
            new(new AgentProfile(new AgentId("a1")) { Skills = [new AgentSkill(new SkillId("s0"))] }, AgentState.Online),
        ];
        Op[] ops =
        [
            new(OpKind.Submit, 0, 0, 1), // c0 on s0: g2's turn, offered to a0
            new(OpKind.Accept, 0, 1, 0), // a0 (g2) takes it
            new(OpKind.Transfer, 1, 0, 0), // back to s0: g0's turn; g0 has nobody, so it waits
            new(OpKind.Assign, 1, 0, 0), // c1 assigned to a1 directly: no turn
            new(OpKind.Transfer, 1, 0, 0), // c1 to s0: g2's turn, offered to a0
            new(OpKind.Accept, 1, 1, 0), // a0 (g2) takes it: g2 took 2 of 2, g0's turn is still waiting
        ];
        using var runner = new ModelRunner(new Scenario(config, agents, ops));

        runner.Run();

        runner.SplitExactChecks.ShouldBe(1, "exactness is due only after c0's first acceptance, when the one turn given was taken");
    }

    /// <summary>
    /// The seed's scenario through the public API: the engine spends a turn whether or not its group takes the conversation, so
    /// the turns stay exact (g2, g0, g2, then g1 under 30/20/50) while g2 has taken 2 of 2 and g0's turn waits for an agent.
    /// </summary>
    [Test]
    public void DistributedSkill_ConversationTransferredBackToItsSkill_TakesANewTurnThatCountsWhileItWaits()
    {
        var (engine, _) = TestEngine.Create(o =>
        {
            o.AgentGroups = ["g0", "g1", "g2"];
            o.Skills["s0"] = new SkillOptions
            {
                Workload = WorkloadDistribution.Create([new(new AgentGroupId("g0"), 30), new(new AgentGroupId("g1"), 20), new(new AgentGroupId("g2"), 50)]).ToOptions(),
            };
        });
        engine.AddAgent(new AgentProfile(new AgentId("a0")) { Skills = [new AgentSkill(new SkillId("s0"))], Groups = [new AgentGroupId("g2")] }, AgentState.Online);
        engine.AddAgent(new AgentProfile(new AgentId("a1")) { Skills = [new AgentSkill(new SkillId("s0"))] }, AgentState.Online);

        engine.Submit(TestEngine.Chat("c0", "s0")).AgentGroup.ShouldBe(new AgentGroupId("g2"));
        engine.Accept(new ConversationId("c0"), new AgentId("a0"));
        engine.Transfer(new ConversationId("c0"), new SkillId("s0"));
        engine.Assign(TestEngine.Chat("c1", "s0"), new AgentId("a1"));
        engine.Transfer(new ConversationId("c1"), new SkillId("s0"));
        engine.Accept(new ConversationId("c1"), new AgentId("a0"));

        ConversationSnapshot waiting = engine.GetConversation(new ConversationId("c0"));
        waiting.AgentGroup.ShouldBe(new AgentGroupId("g0"), "back on s0, c0 was given a new turn: g0's");
        waiting.State.ShouldBe(ConversationState.Waiting, "g0 has nobody, and s0 has no secondary groups");
        engine.GetConversation(new ConversationId("c1")).AgentGroup.ShouldBe(new AgentGroupId("g2"));
        WorkloadReport report = engine.GetWorkloadReport(new SkillId("s0"));
        report.PrimaryTotalSinceChange.ShouldBe(2);
        report.Find(new AgentGroupId("g2"))!.PrimaryCountSinceChange.ShouldBe(2, "g2 took both conversations it was given");
        report.Find(new AgentGroupId("g0"))!.PrimaryCountSinceChange.ShouldBe(0, "g0's turn is spent but not taken");
        engine.Submit(TestEngine.Chat("c2", "s0")).AgentGroup.ShouldBe(new AgentGroupId("g1"), "after the turns g2, g0, g2, the fourth is g1's");
    }

    /// <summary>Replays one scenario of <see cref="LifecyclePropertyTests"/> from its seed, every invariant checked after every event.</summary>
    private static void ReplayLifecycleSeed(string seed)
    {
        var totals = new RunTotals();
        Generators.Scenarios(LifecyclePropertyTests.MaxOps).Sample(
            scenario =>
            {
                using var runner = new ModelRunner(scenario);
                runner.Run(totals);
            },
            seed: seed,
            iter: 1,
            threads: 1,
            print: s => s.ToString());

        totals.Scenarios.ShouldBe(1);
    }
}
