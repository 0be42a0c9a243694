using System.Collections.Immutable;
using Microsoft.Extensions.Options;
using RoutingCore.Tests.Lifecycle;

namespace RoutingCore.Tests.Reliability;

/// <summary>A call that must be rejected: what it throws, the parameter it names and what its message must say.</summary>
/// <param name="Call">The call.</param>
/// <param name="Exception">The exact exception type.</param>
/// <param name="Param">The expected <see cref="ArgumentException.ParamName"/>; null when the exception is not an argument exception.</param>
/// <param name="Message">Fragments the message must contain (ordinal).</param>
/// <param name="Code">For a <see cref="RoutingOperationException"/>, its code.</param>
public sealed record BadCall(Action<IRoutingEngine> Call, Type Exception, string? Param, string[] Message, RoutingErrorCode? Code = null);

/// <summary>A call to a static entry point (ids, Erlang formulas, workload distributions) that must be rejected.</summary>
public sealed record BadStaticCall(Action Call, Type Exception, string? Param, string[] Message);

/// <summary>
/// Every public entry point, tried with null, empty, white-space, huge and unusual strings, non-finite and negative numbers,
/// extreme durations and undefined enum values: each is rejected with the documented exception, a message naming the argument
/// or the value and what is valid, the parameter name, and no change at all (engine state, counters and events).
/// </summary>
/// <remarks>
/// Ids: any printable text of 1 to 256 UTF-16 code units is valid, Unicode letters, marks, emoji (with joiners and variation
/// selectors) and inner spaces included. Invalid: null; empty; only white space or invisible format characters (U+200B zero-width
/// space, U+FEFF...); longer than 256; control characters (\0, \t, \n, U+007F, U+0085...); unpaired surrogates (ill-formed
/// UTF-16 that cannot be encoded, so two different ids would print the same). Tags and skill/group names in options follow the
/// same rules.
/// </remarks>
public sealed class BadInputEverywhereTests
{
    private static readonly DateTimeOffset EngineNow = TestEngine.Start.AddSeconds(1);
    private static readonly string Huge = new('h', 100_000);

    // ---------------------------------------------------------------- engine members

    [TestCaseSource(nameof(EngineCalls))]
    public void EngineMember_BadInput_IsRejectedClearly_AndChangesNothing(BadCall bad)
    {
        using var world = new ReliabilityWorld();
        string before = world.State();
        int events = world.Log.Events.Count;

        Exception error = Catch.From(() => bad.Call(world.Engine));

        AssertRejection(error, bad.Exception, bad.Param, bad.Message);
        if (bad.Code is { } code)
        {
            ((RoutingOperationException)error).Code.ShouldBe(code);
        }

        world.State().ShouldBe(before);
        world.Log.Events.ShouldBeEmpty($"no event after a rejected call; had {events} before");
        using var pristine = new ReliabilityWorld();
        world.ProbeSequence().ShouldBe(pristine.ProbeSequence(), "a rejected call must not use up an arrival number");
    }

    private static IEnumerable<TestCaseData> EngineCalls()
    {
        // AddAgent / UpdateAgent
        yield return Engine("AddAgent_Null", e => e.AddAgent(null!), typeof(ArgumentNullException), "profile", "profile");
        yield return Engine("UpdateAgent_Null", e => e.UpdateAgent(null!), typeof(ArgumentNullException), "profile", "profile");
        foreach ((string name, Func<AgentId, AgentProfile> profile, string[] message) in BadProfiles())
        {
            yield return Engine($"AddAgent_{name}", e => e.AddAgent(profile(new AgentId("newcomer")), AgentState.Online), typeof(ArgumentException), "profile", ["Invalid agent profile", .. message]);
            yield return Engine($"UpdateAgent_{name}", e => e.UpdateAgent(profile(new AgentId("b"))), typeof(ArgumentException), "profile", ["Invalid agent profile", .. message]);
        }

        yield return Engine("AddAgent_DefaultId", e => e.AddAgent(new AgentProfile(default)), typeof(ArgumentException), "profile", "the agent id is empty (default(AgentId))", "new AgentId(");
        yield return Engine("UpdateAgent_DefaultId", e => e.UpdateAgent(new AgentProfile(default)), typeof(ArgumentException), "profile", "the agent id is empty (default(AgentId))");
        yield return Engine("AddAgent_AlreadyOnRoster", e => e.AddAgent(TestEngine.Agent("a", "support")), typeof(RoutingOperationException), null, RoutingErrorCode.AgentAlreadyExists, "Agent 'a' is already on the roster", "use UpdateAgent");
        yield return Engine("UpdateAgent_NotOnRoster", e => e.UpdateAgent(TestEngine.Agent("ghost")), typeof(RoutingOperationException), null, RoutingErrorCode.UnknownAgent, "Agent 'ghost' is not on the roster", "add it with AddAgent");
        foreach (int state in new[] { -1, 5, int.MaxValue, int.MinValue })
        {
            yield return Engine($"AddAgent_State{state}", e => e.AddAgent(TestEngine.Agent("newcomer"), (AgentState)state), typeof(ArgumentOutOfRangeException), "state", $"Agent state {state} is not defined", "Offline, Online, Away, BackSoon, Paused");
            yield return Engine($"SetAgentState_State{state}", e => e.SetAgentState(new AgentId("a"), (AgentState)state), typeof(ArgumentOutOfRangeException), "state", $"Agent state {state} is not defined", "Offline, Online, Away, BackSoon, Paused");
        }

        ImmutableArray<MediaCapacity> manyMedia = [.. Enumerable.Range(0, 64).Select(i => new MediaCapacity(new MediaType($"m{i}")))];
        yield return Engine("AddAgent_TooManyMediaTypes", e => e.AddAgent(new AgentProfile(new AgentId("newcomer")) { Media = manyMedia }), typeof(RoutingOperationException), null, RoutingErrorCode.TooManyMediaTypes, "Agent 'newcomer' would bring the engine above 64 distinct media types", "reuse existing media names");
        yield return Engine("UpdateAgent_TooManyMediaTypes", e => e.UpdateAgent(new AgentProfile(new AgentId("b")) { Media = manyMedia }), typeof(RoutingOperationException), null, RoutingErrorCode.TooManyMediaTypes, "Agent 'b' would bring the engine above 64 distinct media types");

        // Agent ids
        yield return Engine("RemoveAgent_DefaultId", e => e.RemoveAgent(default), typeof(ArgumentException), "agent", "The agent id is empty (default)", "non-empty string");
        yield return Engine("RemoveAgent_Unknown", e => e.RemoveAgent(new AgentId("ghost")), typeof(RoutingOperationException), null, RoutingErrorCode.UnknownAgent, "Agent 'ghost' is not on the roster");
        yield return Engine("SetAgentState_DefaultId", e => e.SetAgentState(default, AgentState.Online), typeof(ArgumentException), "agent", "The agent id is empty (default)");
        yield return Engine("SetAgentState_Unknown", e => e.SetAgentState(new AgentId("ghost"), AgentState.Online), typeof(RoutingOperationException), null, RoutingErrorCode.UnknownAgent, "Agent 'ghost' is not on the roster");
        yield return Engine("SetAgentState_DefaultIdAndBadState", e => e.SetAgentState(default, (AgentState)9), typeof(ArgumentException), "agent", "The agent id is empty (default)");
        yield return Engine("GetAgent_DefaultId", e => e.GetAgent(default), typeof(ArgumentException), "agent", "The agent id is empty (default)");
        yield return Engine("GetAgent_Unknown", e => e.GetAgent(new AgentId("ghost")), typeof(RoutingOperationException), null, RoutingErrorCode.UnknownAgent, "Agent 'ghost' is not on the roster");

        // Requests: Plan, SelectBest, Explain, Submit, Assign
        (string Name, Action<IRoutingEngine, ConversationRequest> Call)[] takers =
        [
            ("Plan", (e, r) => e.Plan(r)),
            ("SelectBest", (e, r) => e.SelectBest(r)),
            ("Explain", (e, r) => e.Explain(r)),
            ("Submit", (e, r) => e.Submit(r)),
            ("Assign", (e, r) => e.Assign(r, new AgentId("b"))),
        ];
        foreach ((string taker, Action<IRoutingEngine, ConversationRequest> call) in takers)
        {
            yield return Engine($"{taker}_Null", e => call(e, null!), typeof(ArgumentNullException), "conversation", "conversation");
            foreach ((string name, ConversationRequest request, string[] message) in BadRequests())
            {
                yield return Engine($"{taker}_{name}", e => call(e, request), typeof(ArgumentException), "conversation", ["Invalid conversation request", .. message]);
            }
        }

        foreach (string known in new[] { "assigned", "offered", "waiting", "billing-1" })
        {
            // Issue 18: the same request under a known id is a repeat, answered without effect; another request is refused.
            yield return Engine($"Submit_AlreadyKnown_{known}", e => e.Submit(TestEngine.Chat(known, "another")), typeof(RoutingOperationException), null, RoutingErrorCode.ConversationAlreadyExists, $"Conversation '{known}' is already known to the engine", "used once until it is closed", "different skill ('another' given, ");
            yield return Engine($"Assign_AlreadyKnown_{known}", e => e.Assign(TestEngine.Chat(known), new AgentId("b")), typeof(RoutingOperationException), null, RoutingErrorCode.ConversationAlreadyExists, $"Conversation '{known}' is already known to the engine");
        }

        yield return Engine("Assign_DefaultAgent", e => e.Assign(TestEngine.Chat("new"), default), typeof(ArgumentException), "agent", "The agent id is empty (default)");
        yield return Engine("Assign_UnknownAgent", e => e.Assign(TestEngine.Chat("new"), new AgentId("ghost")), typeof(RoutingOperationException), null, RoutingErrorCode.UnknownAgent, "Agent 'ghost' is not on the roster");
        yield return Engine("Assign_AgentAway", e => e.Assign(TestEngine.Chat("new", "support"), new AgentId("c")), typeof(RoutingOperationException), null, RoutingErrorCode.AgentNotOnline, "Agent 'c' is Away", "only online agents");
        yield return Engine("Assign_AgentFull", e => e.Assign(TestEngine.Chat("new"), new AgentId("a")), typeof(RoutingOperationException), null, RoutingErrorCode.NoCapacity, "Agent 'a' has no capacity for conversation 'new'", "would exceed the limit");
        yield return Engine("Assign_WrongMedia", e => e.Assign(new ConversationRequest(new ConversationId("new")) { Media = [MediaType.Voice] }, new AgentId("b")), typeof(RoutingOperationException), null, RoutingErrorCode.WrongMedia, "Agent 'b' does not handle media 'voice'");

        // Conversation ids: Accept, Decline, ReturnToQueue, Transfer, ReportMessage, Close, GetConversation
        (string Name, Action<IRoutingEngine, ConversationId> Call)[] byId =
        [
            ("Accept", (e, c) => e.Accept(c, new AgentId("b"))),
            ("Decline", (e, c) => e.Decline(c, new AgentId("b"))),
            ("ReturnToQueue", (e, c) => e.ReturnToQueue(c)),
            ("Transfer", (e, c) => e.Transfer(c, new SkillId("support"))),
            ("ReportMessage", (e, c) => e.ReportMessage(c, MessageAuthor.Consumer)),
            ("Close", (e, c) => e.Close(c)),
            ("GetConversation", (e, c) => e.GetConversation(c)),
        ];
        foreach ((string name, Action<IRoutingEngine, ConversationId> call) in byId)
        {
            yield return Engine($"{name}_DefaultConversation", e => call(e, default), typeof(ArgumentException), "conversation", "The conversation id is empty (default)", "non-empty string");
            yield return Engine($"{name}_UnknownConversation", e => call(e, new ConversationId("ghost")), typeof(RoutingOperationException), null, RoutingErrorCode.UnknownConversation, "Conversation 'ghost' is not known to the engine", "submit it (Submit) or assign it (Assign) first");
            if (name is not ("GetConversation" or "Close")) // issue 18: closing a closed conversation is a repeat, without effect
            {
                yield return Engine($"{name}_ClosedConversation", e => call(e, new ConversationId("closed")), typeof(RoutingOperationException), null, RoutingErrorCode.ConversationClosed, "Conversation 'closed' is already closed");
            }
        }

        yield return Engine("ReturnToQueue_DefaultOperation", e => e.ReturnToQueue(new ConversationId("assigned"), default(OperationId)), typeof(ArgumentException), "operation", "The operation id is empty (default)", "non-empty string");
        yield return Engine("Transfer_DefaultOperation", e => e.Transfer(new ConversationId("assigned"), new SkillId("support"), default(OperationId)), typeof(ArgumentException), "operation", "The operation id is empty (default)", "non-empty string");
        yield return Engine("ReportMessage_DefaultMessage", e => e.ReportMessage(new ConversationId("assigned"), MessageAuthor.Consumer, null, default(MessageId)), typeof(ArgumentException), "message", "The message id is empty (default)", "non-empty string");
        yield return Engine("Accept_DefaultAgent", e => e.Accept(new ConversationId("offered"), default), typeof(ArgumentException), "agent", "The agent id is empty (default)");
        yield return Engine("Accept_UnknownAgent", e => e.Accept(new ConversationId("offered"), new AgentId("ghost")), typeof(RoutingOperationException), null, RoutingErrorCode.UnknownAgent, "Agent 'ghost' is not on the roster");
        yield return Engine("Accept_NeverOfferedWaiting", e => e.Accept(new ConversationId("waiting"), new AgentId("c")), typeof(RoutingOperationException), null, RoutingErrorCode.NotOffered, "Agent 'c' cannot accept conversation 'waiting': it was never offered it (it is Waiting)", "only an agent holding a pending offer");
        yield return Engine("Accept_NeverOfferedAssigned", e => e.Accept(new ConversationId("assigned"), new AgentId("b")), typeof(RoutingOperationException), null, RoutingErrorCode.NotOffered, "Agent 'b' cannot accept conversation 'assigned'");
        yield return Engine("Accept_OfferedToAnother", e => e.Accept(new ConversationId("offered"), new AgentId("a")), typeof(RoutingOperationException), null, RoutingErrorCode.NotOffered, "Agent 'a' cannot accept conversation 'offered': it was never offered it (it is offered to b)");
        yield return Engine("Decline_DefaultAgent", e => e.Decline(new ConversationId("offered"), default), typeof(ArgumentException), "agent", "The agent id is empty (default)");
        yield return Engine("Decline_UnknownAgent", e => e.Decline(new ConversationId("offered"), new AgentId("ghost")), typeof(RoutingOperationException), null, RoutingErrorCode.UnknownAgent, "Agent 'ghost' is not on the roster");
        yield return Engine("Decline_NeverOffered", e => e.Decline(new ConversationId("offered"), new AgentId("a")), typeof(RoutingOperationException), null, RoutingErrorCode.NotOffered, "Agent 'a' cannot decline conversation 'offered'");
        yield return Engine("ReturnToQueue_Offered", e => e.ReturnToQueue(new ConversationId("offered")), typeof(RoutingOperationException), null, RoutingErrorCode.NotAssigned, "Conversation 'offered' is Offered, not assigned");
        yield return Engine("ReturnToQueue_Waiting", e => e.ReturnToQueue(new ConversationId("waiting")), typeof(RoutingOperationException), null, RoutingErrorCode.NotAssigned, "Conversation 'waiting' is Waiting, not assigned");
        yield return Engine("Transfer_DefaultSkill", e => e.Transfer(new ConversationId("assigned"), default), typeof(ArgumentException), "skill", "The skill id is empty (default)");
        yield return Engine("Transfer_NotAssigned", e => e.Transfer(new ConversationId("waiting"), new SkillId("sales")), typeof(RoutingOperationException), null, RoutingErrorCode.NotAssigned, "Conversation 'waiting' is Waiting, not assigned");
        foreach (int author in new[] { -1, 2, int.MaxValue })
        {
            yield return Engine($"ReportMessage_Author{author}", e => e.ReportMessage(new ConversationId("assigned"), (MessageAuthor)author), typeof(ArgumentOutOfRangeException), "author", $"Message author {author} is not defined", "MessageAuthor.Consumer or MessageAuthor.Agent");
        }

        yield return Engine("ReportMessage_AtMaxValue", e => e.ReportMessage(new ConversationId("assigned"), MessageAuthor.Consumer, DateTimeOffset.MaxValue), typeof(ArgumentOutOfRangeException), "at", "must not be in the future", "now is 2026-01-05T09:00:01");
        yield return Engine("ReportMessage_AtOneTickAhead", e => e.ReportMessage(new ConversationId("offered"), MessageAuthor.Agent, EngineNow.AddTicks(1)), typeof(ArgumentOutOfRangeException), "at", "must not be in the future");
        yield return Engine("ReportMessage_AtMinValueWhenAssigned", e => e.ReportMessage(new ConversationId("assigned"), MessageAuthor.Consumer, DateTimeOffset.MinValue), typeof(ArgumentOutOfRangeException), "at", "must not be before conversation 'assigned' was assigned (2026-01-05T09:00:00");

        // Queries, pacing, workload, observers
        yield return Engine("GetWaitingConversations_DefaultSkill", e => e.GetWaitingConversations(default(SkillId)), typeof(ArgumentException), "skill", "The skill id is empty (default)", "null for every waiting conversation");
        PacingStatistics statistics = ValidStatistics;
        yield return Engine("GetPacingSnapshot_DefaultGroup", e => e.GetPacingSnapshot(default, statistics), typeof(ArgumentException), "group", "The agent group id is empty (default)");
        yield return Engine("GetPacingSnapshot_NullStatistics", e => e.GetPacingSnapshot(new AgentGroupId("north"), null!), typeof(ArgumentNullException), "statistics", "statistics");
        yield return Engine("Pace_DefaultGroup", e => e.Pace(default, statistics), typeof(ArgumentException), "group", "The agent group id is empty (default)");
        yield return Engine("Pace_NullStatistics", e => e.Pace(new AgentGroupId("north"), null!), typeof(ArgumentNullException), "statistics", "statistics");
        WorkloadDistribution toWest = WorkloadDistribution.Create([new(new AgentGroupId("north"), 50), new(new AgentGroupId("west"), 50)]);
        WorkloadDistribution valid = WorkloadDistribution.Create([new(new AgentGroupId("north"), 30), new(new AgentGroupId("south"), 70)]);
        yield return Engine("ConfigureWorkload_DefaultSkill", e => e.ConfigureWorkload(default, valid), typeof(ArgumentException), "skill", "The skill id is empty (default)");
        yield return Engine("ConfigureWorkload_DefaultSkillRemoval", e => e.ConfigureWorkload(default, null), typeof(ArgumentException), "skill", "The skill id is empty (default)");
        yield return Engine("ConfigureWorkload_UnknownGroup", e => e.ConfigureWorkload(new SkillId("billing"), toWest), typeof(RoutingOperationException), null, RoutingErrorCode.UnknownAgentGroup, "The workload distribution of skill 'billing' names unknown agent group(s) 'west'", "held by agents on the roster: north, south");
        yield return Engine("GetWorkloadReport_DefaultSkill", e => e.GetWorkloadReport(default), typeof(ArgumentException), "skill", "The skill id is empty (default)");
        yield return Engine("GetWorkloadReport_NoDistribution", e => e.GetWorkloadReport(new SkillId("sales")), typeof(RoutingOperationException), null, RoutingErrorCode.NoWorkloadDistribution, "Skill 'sales' has no workload distribution", "ConfigureWorkload");
        yield return Engine("Subscribe_Null", e => e.Subscribe(null!), typeof(ArgumentNullException), "observer", "observer");
    }

    /// <summary>Profiles that break one rule each; the id is the caller's.</summary>
    private static IEnumerable<(string Name, Func<AgentId, AgentProfile> Profile, string[] Message)> BadProfiles()
    {
        const string Range = "proficiency must be between 0 and 1";
        yield return ("DefaultSkillArray", id => new AgentProfile(id) { Skills = default }, ["uninitialized (default) ImmutableArray", "use [] for none"]);
        yield return ("DefaultTagArray", id => new AgentProfile(id) { Tags = default }, ["uninitialized (default) ImmutableArray"]);
        yield return ("DefaultGroupArray", id => new AgentProfile(id) { Groups = default }, ["uninitialized (default) ImmutableArray"]);
        yield return ("DefaultMediaArray", id => new AgentProfile(id) { Media = default }, ["uninitialized (default) ImmutableArray"]);
        yield return ("EmptySkillId", id => new AgentProfile(id) { Skills = [new AgentSkill(default)] }, ["has an empty skill id (Skills[0] is default(SkillId))", "new SkillId("]);
        yield return ("SkillTwice", id => new AgentProfile(id) { Skills = [new SkillId("sales"), new AgentSkill(new SkillId("sales"), 0.5)] }, ["lists skill 'sales' twice (Skills[0] and Skills[1])", "list each skill once"]);
        yield return ("ProficiencyNaN", id => new AgentProfile(id) { Skills = [new AgentSkill(new SkillId("sales"), double.NaN)] }, ["has proficiency NaN in skill 'sales' (Skills[0])", Range]);
        yield return ("ProficiencyPositiveInfinity", id => new AgentProfile(id) { Skills = [new AgentSkill(new SkillId("sales"), double.PositiveInfinity)] }, ["proficiency Infinity in skill 'sales'", Range]);
        yield return ("ProficiencyNegativeInfinity", id => new AgentProfile(id) { Skills = [new AgentSkill(new SkillId("sales"), double.NegativeInfinity)] }, ["proficiency -Infinity in skill 'sales'", Range]);
        yield return ("ProficiencyNegative", id => new AgentProfile(id) { Skills = [new AgentSkill(new SkillId("sales"), -0.01)] }, ["proficiency -0.01 in skill 'sales'", Range]);
        yield return ("ProficiencyAboveOne", id => new AgentProfile(id) { Skills = [new AgentSkill(new SkillId("sales"), 1.0000001)] }, ["proficiency 1.0000001 in skill 'sales'", Range]);
        yield return ("NullTag", id => new AgentProfile(id) { Tags = [null!] }, ["null, empty or white-space tag (Tags[0] is null)", "non-empty text"]);
        yield return ("EmptyTag", id => new AgentProfile(id) { Tags = [""] }, ["null, empty or white-space tag (Tags[0] is '')"]);
        yield return ("WhiteSpaceTag", id => new AgentProfile(id) { Tags = ["\u00A0\u3000"] }, ["null, empty or white-space tag (Tags[0] is '\\u00a0\\u3000')"]);
        yield return ("SecondTagTabNewLine", id => new AgentProfile(id) { Tags = ["en", "\t\n"] }, ["null, empty or white-space tag (Tags[1] is '\\u0009\\u000a')", "non-empty text"]);
        yield return ("InvisibleTag", id => new AgentProfile(id) { Tags = ["\u200B"] }, ["tag '\\u200b' (Tags[0]), which is invisible"]);
        yield return ("HugeTag", id => new AgentProfile(id) { Tags = [Huge] }, ["has a tag of 100000 characters (Tags[0] starts 'hhhhhhhhhhhhhhhh')", "at most 256"]);
        yield return ("NulTag", id => new AgentProfile(id) { Tags = ["en\0"] }, ["tag 'en\\u0000' with a control character (Tags[0])", "printable characters only"]);
        yield return ("LoneSurrogateTag", id => new AgentProfile(id) { Tags = ["x\uD800y"] }, ["tag 'x\\ud800y' with an unpaired surrogate (Tags[0])", "well-formed"]);
        yield return ("PaddedTag", id => new AgentProfile(id) { Tags = [" vip"] }, ["tag ' vip' (Tags[0]), which starts or ends with white space; trim it"]);
        yield return ("SecondTagTrailingNoBreakSpace", id => new AgentProfile(id) { Tags = ["en", "vip\u00A0"] }, ["tag 'vip\\u00a0' (Tags[1]), which starts or ends with white space; trim it"]);
        yield return ("TagEndingInZeroWidthSpace", id => new AgentProfile(id) { Tags = ["vip\u200B"] }, ["tag 'vip\\u200b' (Tags[0]), which starts or ends with white space or an invisible format character; trim it"]);
        yield return ("TagEndingInTab", id => new AgentProfile(id) { Tags = ["vip\t"] }, ["tag 'vip\\u0009' with a control character (Tags[0])"]);
        yield return ("EmptyGroupId", id => new AgentProfile(id) { Groups = [default] }, ["has an empty agent group id (Groups[0] is default(AgentGroupId))", "new AgentGroupId("]);
        yield return ("GroupTwice", id => new AgentProfile(id) { Groups = [new AgentGroupId("north"), new AgentGroupId("north")] }, ["lists agent group 'north' twice (Groups[0] and Groups[1])", "list each group once"]);
        yield return ("NoMedia", id => new AgentProfile(id) { Media = [] }, ["handles no media", "MediaType.Chat"]);
        yield return ("LoneSurrogateDisplayName", id => new AgentProfile(id) { DisplayName = "Ann\uD800" }, ["has a display name with an unpaired surrogate U+D800 at index 3 (DisplayName is 'Ann\\ud800')", "use well-formed Unicode text (or null for none)"]);
        yield return ("LoneLowSurrogateDisplayName", id => new AgentProfile(id) { DisplayName = "\uDC00Bob" }, ["has a display name with an unpaired surrogate U+DC00 at index 0 (DisplayName is '\\udc00Bob')"]);
        yield return ("EmptyMediaType", id => new AgentProfile(id) { Media = [default(MediaType)] }, ["has an empty media type (Media[0] is default(MediaType))", "new MediaType("]);
        yield return ("MediaTwice", id => new AgentProfile(id) { Media = [MediaType.Chat, new MediaType("CHAT")] }, ["lists media 'chat' twice (Media[0] and Media[1])", "list each medium once"]);
        yield return ("MaxSessionsZero", id => new AgentProfile(id) { Media = [new MediaCapacity(MediaType.Chat, 0)] }, ["MaxSessions 0 for media 'chat' (Media[0])", "at least 1"]);
        yield return ("MaxSessionsMinValue", id => new AgentProfile(id) { Media = [new MediaCapacity(MediaType.Chat, int.MinValue)] }, ["MaxSessions -2147483648 for media 'chat'", "at least 1"]);
        yield return ("MaxConcurrentZero", id => new AgentProfile(id) { MaxConcurrent = 0 }, ["MaxConcurrent 0", "at least 1 (or null for the account default)"]);
        yield return ("MaxConcurrentMinValue", id => new AgentProfile(id) { MaxConcurrent = int.MinValue }, ["MaxConcurrent -2147483648", "at least 1"]);
    }

    /// <summary>Requests that break one rule each (id "new", unknown to the world).</summary>
    private static IEnumerable<(string Name, ConversationRequest Request, string[] Message)> BadRequests()
    {
        yield return ("DefaultId", new ConversationRequest(default), ["the conversation id is empty (default(ConversationId))", "new ConversationId("]);
        yield return ("EmptySkill", new ConversationRequest(new ConversationId("new")) { Skill = default(SkillId) }, ["conversation 'new' has an empty skill id", "use null to let skill selection choose"]);
        yield return ("EmptyConsumer", new ConversationRequest(new ConversationId("new")) { Consumer = default(ConsumerId) }, ["empty consumer id", "use null when the consumer is unknown"]);
        yield return ("NoMedia", new ConversationRequest(new ConversationId("new")) { Media = [] }, ["uses no media", "MediaType.Chat"]);
        yield return ("DefaultMediaArray", new ConversationRequest(new ConversationId("new")) { Media = default }, ["uninitialized (default) ImmutableArray", "use []"]);
        yield return ("EmptyMediaType", new ConversationRequest(new ConversationId("new")) { Media = [default(MediaType)] }, ["has an empty media type (Media[0] is default(MediaType))"]);
        yield return ("SecondMediaTypeEmpty", new ConversationRequest(new ConversationId("new")) { Media = [MediaType.Chat, default(MediaType)] }, ["has an empty media type (Media[1] is default(MediaType))", "new MediaType("]);
        yield return ("DefaultRequiredTags", new ConversationRequest(new ConversationId("new")) { RequiredTags = default }, ["uninitialized (default) ImmutableArray"]);
        yield return ("DefaultOptionalTags", new ConversationRequest(new ConversationId("new")) { OptionalTags = default }, ["uninitialized (default) ImmutableArray"]);
        yield return ("NullRequiredTag", new ConversationRequest(new ConversationId("new")) { RequiredTags = [null!] }, ["null, empty or white-space required tag (RequiredTags[0] is null)"]);
        yield return ("WhiteSpaceOptionalTag", new ConversationRequest(new ConversationId("new")) { OptionalTags = ["\t \n"] }, ["null, empty or white-space optional tag (OptionalTags[0] is '\\u0009 \\u000a')"]);
        yield return ("HugeRequiredTag", new ConversationRequest(new ConversationId("new")) { RequiredTags = [Huge] }, ["required tag of 100000 characters (RequiredTags[0] starts 'hhhhhhhhhhhhhhhh')", "at most 256"]);
        yield return ("NulRequiredTag", new ConversationRequest(new ConversationId("new")) { RequiredTags = ["\0"] }, ["required tag '\\u0000' with a control character (RequiredTags[0])"]);
        yield return ("LoneSurrogateOptionalTag", new ConversationRequest(new ConversationId("new")) { OptionalTags = ["\uDC00"] }, ["optional tag '\\udc00' with an unpaired surrogate (OptionalTags[0])"]);
        yield return ("InvisibleOptionalTag", new ConversationRequest(new ConversationId("new")) { OptionalTags = ["\uFEFF"] }, ["optional tag '\\ufeff' (OptionalTags[0]), which is invisible"]);
        yield return ("PaddedRequiredTag", new ConversationRequest(new ConversationId("new")) { RequiredTags = ["es "] }, ["required tag 'es ' (RequiredTags[0]), which starts or ends with white space; trim it"]);
        yield return ("OptionalTagStartingWithZeroWidthSpace", new ConversationRequest(new ConversationId("new")) { OptionalTags = ["vip", "\u200Bgold"] }, ["optional tag '\\u200bgold' (OptionalTags[1]), which starts or ends with white space or an invisible format character; trim it"]);
        yield return ("RequiredTagEndingInTab", new ConversationRequest(new ConversationId("new")) { RequiredTags = ["es\t"] }, ["required tag 'es\\u0009' with a control character (RequiredTags[0])"]);
        yield return ("NullAttributes", new ConversationRequest(new ConversationId("new")) { Attributes = null! }, ["has null Attributes", "ImmutableDictionary<string, string>.Empty"]);
        yield return ("EmptyConversationType", new ConversationRequest(new ConversationId("new")) { ConversationType = "" }, ["has an empty conversation type (ConversationType is '')", "use null for the default SLA"]);
        yield return ("WhiteSpaceConversationType", new ConversationRequest(new ConversationId("new")) { ConversationType = " \t" }, ["has an empty conversation type (ConversationType is ' \\u0009')"]);
        yield return ("SecondRequiredTagBlank", new ConversationRequest(new ConversationId("new")) { RequiredTags = ["en", " "] }, ["null, empty or white-space required tag (RequiredTags[1] is ' ')"]);
        yield return ("LoneSurrogateConversationType", new ConversationRequest(new ConversationId("new")) { ConversationType = "urgent\uDC00" }, ["has a conversation type with an unpaired surrogate U+DC00 at index 6 (ConversationType is 'urgent\\udc00')", "or null for the default SLA"]);
        yield return ("LoneSurrogateAttributeKey", new ConversationRequest(new ConversationId("new")) { Attributes = ImmutableDictionary<string, string>.Empty.Add("ctype", "vip").Add("k\uD800", "1") }, ["has an attribute key with an unpaired surrogate U+D800 at index 1 (the Attributes key is 'k\\ud800')", "attribute keys and values must be well-formed Unicode text"]);
        yield return ("LoneSurrogateAttributeValue", new ConversationRequest(new ConversationId("new")) { Attributes = ImmutableDictionary<string, string>.Empty.Add("ctype", "vip\uDBFF") }, ["has an attribute value with an unpaired surrogate U+DBFF at index 3 (Attributes['ctype'] is 'vip\\udbff')", "well-formed Unicode text"]);
        yield return ("CreatedAtMaxValue", new ConversationRequest(new ConversationId("new")) { CreatedAt = DateTimeOffset.MaxValue }, ["CreatedAt 9999-12-31T23:59:59.9999999+00:00", "at most 9990-"]);
    }

    private static TestCaseData Engine(string name, Action<IRoutingEngine> call, Type exception, string? param, params string[] message) =>
        new TestCaseData(new BadCall(call, exception, param, message)).SetName($"Engine_{name}");

    private static TestCaseData Engine(string name, Action<IRoutingEngine> call, Type exception, string? param, RoutingErrorCode code, params string[] message) =>
        new TestCaseData(new BadCall(call, exception, param, message, code)).SetName($"Engine_{name}");

    // ---------------------------------------------------------------- pacing statistics

    private static readonly PacingStatistics ValidStatistics = new()
    {
        AcceptanceRate = 0.5,
        AcceptDelay = TimeSpan.FromSeconds(10),
        AverageHandleTime = TimeSpan.FromMinutes(5),
        AveragePatience = TimeSpan.FromMinutes(1),
        ReactiveArrivalsPerSecond = 0.01,
    };

    [TestCaseSource(nameof(BadStatistics))]
    public void Pace_InvalidStatistics_GiveNoInvitationsNamingTheField_AndChangeNothing(PacingStatistics statistics, string field)
    {
        using var world = new ReliabilityWorld();
        world.Engine.SetAgentState(new AgentId("c"), AgentState.Online); // someone ready in 'north'
        string before = world.State();
        world.Log.Events.Count.ShouldBeGreaterThan(0);
        int events = world.Log.Events.Count;

        PacingDecision decision = world.Engine.Pace(new AgentGroupId("north"), statistics);
        PacingSnapshot snapshot = world.Engine.GetPacingSnapshot(new AgentGroupId("north"), statistics);

        decision.Invitations.ShouldBe(0);
        decision.Reason.ShouldBe(PacingReason.InvalidInput);
        decision.Message.ShouldNotBeNull().ShouldContain(field);
        snapshot.AcceptanceRate.ShouldBe(statistics.AcceptanceRate);
        snapshot.AverageHandleTime.ShouldBe(statistics.AverageHandleTime);
        snapshot.ReactiveArrivalsPerSecond.ShouldBe(statistics.ReactiveArrivalsPerSecond);
        world.State().ShouldBe(before);
        world.Log.Events.Count.ShouldBe(events);
    }

    private static IEnumerable<TestCaseData> BadStatistics()
    {
        PacingStatistics s = ValidStatistics;
        TestCaseData Case(string name, PacingStatistics statistics, string field) => new TestCaseData(statistics, field).SetName($"Pace_{name}");
        yield return Case("AcceptanceRateNaN", s with { AcceptanceRate = double.NaN }, "AcceptanceRate must be within [0, 1] (got NaN)");
        yield return Case("AcceptanceRateNegative", s with { AcceptanceRate = -0.1 }, "AcceptanceRate must be within [0, 1] (got -0.1)");
        yield return Case("AcceptanceRateAboveOne", s with { AcceptanceRate = 1.5 }, "AcceptanceRate must be within [0, 1] (got 1.5)");
        yield return Case("AcceptanceRateInfinity", s with { AcceptanceRate = double.PositiveInfinity }, "AcceptanceRate must be within [0, 1] (got Infinity)");
        yield return Case("AcceptDelayNegative", s with { AcceptDelay = TimeSpan.FromTicks(-1) }, "AcceptDelay must be zero or longer");
        yield return Case("AcceptDelayMinValue", s with { AcceptDelay = TimeSpan.MinValue }, "AcceptDelay must be zero or longer (got -10675199.02:48:05.4775808)");
        yield return Case("AverageHandleTimeZero", s with { AverageHandleTime = TimeSpan.Zero }, "AverageHandleTime must be longer than zero (got 00:00:00)");
        yield return Case("AverageHandleTimeMinValue", s with { AverageHandleTime = TimeSpan.MinValue }, "AverageHandleTime must be longer than zero");
        yield return Case("AveragePatienceZero", s with { AveragePatience = TimeSpan.Zero }, "AveragePatience must be longer than zero");
        yield return Case("AveragePatienceNegative", s with { AveragePatience = TimeSpan.FromSeconds(-1) }, "AveragePatience must be longer than zero (got -00:00:01)");
        yield return Case("ReactiveNaN", s with { ReactiveArrivalsPerSecond = double.NaN }, "ReactiveArrivalsPerSecond must be a finite number >= 0 (got NaN)");
        yield return Case("ReactiveInfinity", s with { ReactiveArrivalsPerSecond = double.PositiveInfinity }, "ReactiveArrivalsPerSecond must be a finite number >= 0 (got Infinity)");
        yield return Case("ReactiveNegativeInfinity", s with { ReactiveArrivalsPerSecond = double.NegativeInfinity }, "ReactiveArrivalsPerSecond must be a finite number >= 0 (got -Infinity)");
        yield return Case("ReactiveNegative", s with { ReactiveArrivalsPerSecond = -1 }, "ReactiveArrivalsPerSecond must be a finite number >= 0 (got -1)");
        yield return Case("PendingAgeNegative", s with { PendingInvitationAges = [TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(-1)] }, "PendingInvitationAges[1] must be zero or longer (got -00:00:01)");
        yield return Case("PendingAgeMinValue", s with { PendingInvitationAges = [TimeSpan.MinValue] }, "PendingInvitationAges[0] must be zero or longer");
    }

    [Test]
    public void PacingCalculator_NullSnapshot_IsRejected()
    {
        IPacingCalculator calculator = PacingCalculatorFactory.Create();
        Catch.From(() => calculator.Calculate(null!, EngineNow)).ShouldBeOfType<ArgumentNullException>().ParamName.ShouldBe("snapshot");
    }

    [TestCaseSource(nameof(ExtremeStatistics))]
    public void Pace_ExtremeButValidStatistics_GiveAFiniteDecision(PacingStatistics statistics, PacingReason? reason)
    {
        using var world = new ReliabilityWorld();
        world.Engine.SetAgentState(new AgentId("c"), AgentState.Online);
        PacingDecision decision = world.Engine.Pace(new AgentGroupId("north"), statistics);
        decision.Invitations.ShouldBeInRange(0, PacingDefaults.MaxInvitationsPerInterval);
        double.IsFinite(decision.PredictedAbandonment).ShouldBeTrue(decision.ToString());
        decision.PredictedAbandonment.ShouldBeInRange(0, 1);
        decision.PredictedOccupancy.ShouldBeInRange(0, 1);
        if (reason is { } expected)
        {
            decision.Reason.ShouldBe(expected);
        }
    }

    private static IEnumerable<TestCaseData> ExtremeStatistics()
    {
        PacingStatistics s = ValidStatistics;
        TestCaseData Case(string name, PacingStatistics statistics, PacingReason? reason = null) => new TestCaseData(statistics, reason).SetName($"Pace_Extreme_{name}");
        yield return Case("AverageHandleTimeMaxValue", s with { AverageHandleTime = TimeSpan.MaxValue });
        yield return Case("AveragePatienceMaxValue", s with { AveragePatience = TimeSpan.MaxValue });
        yield return Case("AcceptDelayMaxValue", s with { AcceptDelay = TimeSpan.MaxValue, PendingInvitationAges = [TimeSpan.Zero, TimeSpan.MaxValue] });
        yield return Case("AcceptanceRateZero", s with { AcceptanceRate = 0 });
        yield return Case("ReactiveDoubleMaxValue", s with { ReactiveArrivalsPerSecond = double.MaxValue });
        yield return Case("ReactiveEpsilon", s with { ReactiveArrivalsPerSecond = double.Epsilon });
        yield return Case("MeasuredAtMinValue", s with { MeasuredAt = DateTimeOffset.MinValue }, PacingReason.StaleStatistics);
        yield return Case("ManyPendingInvitations", s with { PendingInvitationAges = [.. Enumerable.Repeat(TimeSpan.Zero, 100_000)] });
    }

    // ---------------------------------------------------------------- ids

    private static readonly (string Kind, string Param, Func<string, object> Create)[] IdTypes =
    [
        ("AgentId", "value", s => new AgentId(s)),
        ("ConversationId", "value", s => new ConversationId(s)),
        ("SkillId", "value", s => new SkillId(s)),
        ("AgentGroupId", "value", s => new AgentGroupId(s)),
        ("ConsumerId", "value", s => new ConsumerId(s)),
        ("OperationId", "value", s => new OperationId(s)),
        ("MessageId", "value", s => new MessageId(s)),
        ("media type", "name", s => new MediaType(s)),
    ];

    [TestCaseSource(nameof(BadIds))]
    public void Id_InvalidString_IsRejectedNamingTheKindTheValueAndTheRule(Func<string, object> create, string? value, Type exception, string param, string[] message)
    {
        Exception error = Catch.From(() => create(value!));
        AssertRejection(error, exception, param, message);
    }

    private static IEnumerable<TestCaseData> BadIds()
    {
        const string Blank = "must not be empty, white space or invisible";
        (string Name, string? Value, Type Exception, string[] Message)[] values =
        [
            ("Null", null, typeof(ArgumentNullException), ["must not be null", "at most 256 characters"]),
            ("Empty", "", typeof(ArgumentException), [Blank, "(got '')", "at most 256 printable characters"]),
            ("Space", " ", typeof(ArgumentException), [Blank, "(got ' ')"]),
            ("TabsAndNewLines", "\t\r\n", typeof(ArgumentException), [Blank, "(got '\\u0009\\u000d\\u000a')"]),
            ("NoBreakAndIdeographicSpace", "\u00A0\u3000", typeof(ArgumentException), [Blank]),
            ("ZeroWidthSpace", "\u200B", typeof(ArgumentException), [Blank, "(got '\\u200b')"]),
            ("ByteOrderMarkAndJoiner", "\uFEFF\u200D ", typeof(ArgumentException), [Blank, "(got '\\ufeff\\u200d ')"]),
            ("TooLong257", new string('x', 257), typeof(ArgumentException), ["at most 256 characters long (got 257 characters starting 'xxxxxxxxxxxxxxxx')"]),
            ("Huge", Huge, typeof(ArgumentException), ["at most 256 characters long (got 100000 characters"]),
            ("HugeStartingWithControl", "\0" + Huge, typeof(ArgumentException), ["(got 100001 characters starting '\\u0000hhhhhhhhhhhhhhh')"]),
            ("HugeOfEmoji", string.Concat(Enumerable.Repeat("😀", 200)), typeof(ArgumentException), ["(got 400 characters starting '😀😀😀😀😀😀😀😀')"]),
            ("Nul", "\0", typeof(ArgumentException), ["must not contain control characters (got '\\u0000')", "printable characters only"]),
            ("NulInside", "a\0b", typeof(ArgumentException), ["(got 'a\\u0000b')"]),
            ("Bell", "bell\u0007", typeof(ArgumentException), ["(got 'bell\\u0007')"]),
            ("Delete", "del\u007F", typeof(ArgumentException), ["(got 'del\\u007f')"]),
            ("NextLine", "nel\u0085", typeof(ArgumentException), ["(got 'nel\\u0085')"]),
            ("LineBreak", "line\nbreak", typeof(ArgumentException), ["(got 'line\\u000abreak')"]),
            ("LoneHighSurrogate", "\uD800", typeof(ArgumentException), ["must not contain unpaired surrogates (got '\\ud800')", "well-formed"]),
            ("LoneLowSurrogateInside", "x\uDFFFy", typeof(ArgumentException), ["(got 'x\\udfffy')"]),
            ("HighSurrogateAtEnd", "agent\uDBFF", typeof(ArgumentException), ["(got 'agent\\udbff')"]),
            ("ReversedPair", "\uDE00\uD83D", typeof(ArgumentException), ["(got '\\ude00\\ud83d')"]),
            ("LeadingSpace", " alice", typeof(ArgumentException), ["must not start or end with white space (got ' alice'); trim it"]),
            ("TrailingSpace", "alice ", typeof(ArgumentException), ["must not start or end with white space (got 'alice '); trim it"]),
            ("SpacesAtBothEnds", "  alice  ", typeof(ArgumentException), ["must not start or end with white space (got '  alice  '); trim it"]),
            ("TrailingSpaceOfInnerSpaced", "north west ", typeof(ArgumentException), ["must not start or end with white space (got 'north west '); trim it"]),
            ("LeadingTab", "\talice", typeof(ArgumentException), ["must not contain control characters (got '\\u0009alice')", "printable characters only"]),
            ("TrailingTab", "alice\t", typeof(ArgumentException), ["must not contain control characters (got 'alice\\u0009')"]),
            ("TrailingNoBreakSpace", "alice\u00A0", typeof(ArgumentException), ["must not start or end with white space (got 'alice\\u00a0'); trim it"]),
            ("LeadingIdeographicSpace", "\u3000alice", typeof(ArgumentException), ["must not start or end with white space (got '\\u3000alice'); trim it"]),
            ("LeadingZeroWidthSpace", "\u200Balice", typeof(ArgumentException), ["must not start or end with white space or an invisible format character (got '\\u200balice'); trim it"]),
            ("TrailingZeroWidthSpace", "alice\u200B", typeof(ArgumentException), ["must not start or end with white space or an invisible format character (got 'alice\\u200b'); trim it"]),
            ("TrailingByteOrderMark", "alice\uFEFF", typeof(ArgumentException), ["must not start or end with white space or an invisible format character (got 'alice\\ufeff')"]),
            ("SpaceAndZeroWidthSpaceAround", "\u200B alice ", typeof(ArgumentException), ["must not start or end with white space or an invisible format character (got '\\u200b alice ')"]),
            ("PaddedEmoji", "😀 ", typeof(ArgumentException), ["must not start or end with white space (got '😀 '); trim it"]),
            ("PaddedAndOneTooLong", " " + new string('x', 256), typeof(ArgumentException), ["must not start or end with white space (got a text of 257 characters starting ' xxxxxxxxxxxxxxx'); trim it"]),
            ("HugePadding", new string(' ', 100_000) + "alice", typeof(ArgumentException), ["must not start or end with white space (got a text of 100005 characters starting '                '); trim it"]),
            ("PaddedWithNulInside", " a\0b", typeof(ArgumentException), ["must not contain control characters (got ' a\\u0000b')"]),
        ];
        foreach ((string kind, string param, Func<string, object> create) in IdTypes)
        {
            foreach ((string name, string? value, Type exception, string[] message) in values)
            {
                string article = kind is "AgentId" or "AgentGroupId" or "OperationId" ? "An" : "A";
                string prefix = exception == typeof(ArgumentNullException) ? $"{article} {kind} must not be null" : $"{article} {kind} must";
                yield return new TestCaseData(create, value, exception, param, new[] { prefix }.Concat(message).ToArray())
                    .SetName($"Id_{kind.Replace(" ", "", StringComparison.Ordinal)}_{name}");
            }
        }
    }

    [TestCaseSource(nameof(GoodIds))]
    public void Id_PrintableUnicode_IsAcceptedAndKeptAsGiven(Func<string, object> create, string value)
    {
        object id = create(value);
        string shown = id.ToString()!;
        shown.ShouldBe(id is MediaType ? value.ToLowerInvariant() : value);
    }

    private static IEnumerable<TestCaseData> GoodIds()
    {
        (string Name, string Value)[] values =
        [
            ("Latin1", "Ünïcødé"),
            ("Japanese", "日本語"),
            ("Arabic", "مرحبا"),
            ("Emoji", "😀"),
            ("FamilyZwjSequence", "👩‍👩‍👧‍👦"),
            ("FlagWithVariationSelector", "🏳️‍🌈"),
            ("CombiningMark", "e\u0301"),
            ("InnerSpace", "first agent"),
            ("ZeroWidthSpaceInside", "a\u200Bb"),
            ("NoBreakSpaceInside", "north\u00A0west"),
            ("SeveralInnerSpaces", "a  b c"),
            ("Exactly256", new string('x', 256)),
            ("Exactly256OfEmoji", string.Concat(Enumerable.Repeat("😀", 128))),
        ];
        foreach ((string kind, _, Func<string, object> create) in IdTypes)
        {
            foreach ((string name, string value) in values)
            {
                yield return new TestCaseData(create, value).SetName($"Id_{kind.Replace(" ", "", StringComparison.Ordinal)}_Accepts_{name}");
            }
        }
    }

    [Test]
    public void Id_NamedFactoriesAndConversions_RejectLikeTheConstructor()
    {
        Catch.From(() => AgentId.From(null!)).ShouldBeOfType<ArgumentNullException>().ParamName.ShouldBe("value");
        Catch.From(() => _ = (ConversationId)"\0").ShouldBeOfType<ArgumentException>().Message.ShouldContain("A ConversationId must not contain control characters");
        Catch.From(() => SkillId.From("\uD800")).ShouldBeOfType<ArgumentException>().Message.ShouldContain("unpaired surrogates");
        Catch.From(() => AgentGroupId.From(" ")).ShouldBeOfType<ArgumentException>().ParamName.ShouldBe("value");
        Catch.From(() => _ = (ConsumerId)Huge).ShouldBeOfType<ArgumentException>().Message.ShouldContain("100000 characters");
        Catch.From(() => MediaCapacity.FromMediaType(new MediaType("\u200B"))).ShouldBeOfType<ArgumentException>().ParamName.ShouldBe("name");
    }

    [Test]
    public void UnicodeIds_WorkThroughTheWholeLifecycle()
    {
        using var center = new Center();
        var agent = new AgentId("агент-😀");
        center.Engine.AddAgent(new AgentProfile(agent)
        {
            Skills = [new SkillId("技能")],
            Groups = [new AgentGroupId("グループ")],
            Tags = ["español", "👍"],
            Media = [new MediaType("Vidéo-📹")],
        }, AgentState.Online);
        var request = new ConversationRequest(new ConversationId("会話-👩‍👩‍👧‍👦"))
        {
            Skill = new SkillId("技能"),
            Media = [new MediaType("VIDÉO-📹")],
            RequiredTags = ["ESPAÑOL"],
            Consumer = new ConsumerId("👤 consumer"),
        };

        center.Engine.Submit(request).OfferedTo.ShouldBe([agent]);
        center.Engine.Accept(request.Id, agent);

        center.Engine.GetAgent(agent).Conversations.ShouldBe(1);
        center.Get("会話-👩‍👩‍👧‍👦").Agent.ShouldBe(agent);
        center.Log.Events.ShouldAllBe(e => e.Conversation == request.Id);
        center.Engine.GetPacingSnapshot(new AgentGroupId("グループ"), ValidStatistics).ChatsInService.ShouldBe(1);
    }

    // ---------------------------------------------------------------- options

    [TestCaseSource(nameof(BadOptions))]
    public void Create_BadOption_IsReportedOnceNamingTheOptionTheValueAndTheRule(Action<RoutingOptions> configure, string[] message)
    {
        var options = new RoutingOptions();
        configure(options);

        var error = Catch.From(() => RoutingEngine.Create(options, new Microsoft.Extensions.Time.Testing.FakeTimeProvider(TestEngine.Start))).ShouldBeOfType<OptionsValidationException>();

        error.Failures.Count().ShouldBe(1, string.Join(Environment.NewLine, error.Failures));
        foreach (string fragment in message)
        {
            error.Message.ShouldContain(fragment, Case.Sensitive);
        }
    }

    private static IEnumerable<TestCaseData> BadOptions()
    {
        const string TenYears = "at most 3650.00:00:00 (10 years)";
        TestCaseData Case(string name, Action<RoutingOptions> configure, params string[] message) => new TestCaseData(configure, message).SetName($"Options_{name}");
        static WorkloadDistributionOptions Split(double north, double south, TimeSpan? maxWait = null)
        {
            var split = new WorkloadDistributionOptions { MaxWait = maxWait };
            split.PrimaryGroups.Add(new AgentGroupShareOptions { Group = "north", Percentage = north });
            split.PrimaryGroups.Add(new AgentGroupShareOptions { Group = "south", Percentage = south });
            return split;
        }

        yield return Case("StrategyNull", o => o.Strategy = null!, "RoutingOptions.Strategy is null, which is not a known strategy", "use one of: broadcast");
        yield return Case("StrategyEmpty", o => o.Strategy = "", "RoutingOptions.Strategy is ''");
        yield return Case("StrategyNul", o => o.Strategy = "broadcast\0", "RoutingOptions.Strategy is 'broadcast\\u0000'", "not a known strategy");
        yield return Case("StrategyHuge", o => o.Strategy = Huge, "RoutingOptions.Strategy is a text of 100000 characters starting 'hhhhhhhhhhhhhhhh', which is not a known strategy");
        yield return Case("CapacityModelNull", o => o.CapacityModel = null!, "RoutingOptions.CapacityModel is null", "use one of: intensity, max-concurrent");
        yield return Case("StepsMinValue", o => o.Steps = int.MinValue, "RoutingOptions.Steps is -2147483648; it must be at least 1.");
        yield return Case("StepDelayMinValue", o => o.StepDelay = TimeSpan.MinValue, "RoutingOptions.StepDelay is -10675199.02:48:05.4775808; it must be greater than zero.");
        yield return Case("StepDelayMaxValue", o => o.StepDelay = TimeSpan.MaxValue, "RoutingOptions.StepDelay is 10675199.02:48:05.4775807", TenYears);
        yield return Case("MaxConcurrentNull", o => o.MaxConcurrent = null!, "RoutingOptions.MaxConcurrent must not be null.");
        yield return Case("DefaultMaxConcurrentMinValue", o => o.MaxConcurrent.DefaultMaxConcurrent = int.MinValue, "DefaultMaxConcurrent is -2147483648; it must be at least 1.");
        yield return Case("IdleChatTimeoutMinValue", o => o.MaxConcurrent.IdleChatTimeout = TimeSpan.MinValue, "IdleChatTimeout is -10675199.02:48:05.4775808; it must not be negative");
        yield return Case("IdleChatTimeoutMaxValue", o => o.MaxConcurrent.IdleChatTimeout = TimeSpan.MaxValue, "IdleChatTimeout is 10675199.02:48:05.4775807", TenYears, "zero turns idle detection off");
        yield return Case("IntensityNull", o => o.Intensity = null!, "RoutingOptions.Intensity must not be null.");
        yield return Case("ActiveWeightPositiveInfinity", o => o.Intensity.ActiveWeight = double.PositiveInfinity, "ActiveWeight is Infinity; it must be a finite number greater than 0.");
        yield return Case("ActiveWeightZero", o => { o.Intensity.ActiveWeight = 0; o.Intensity.InactiveWeight = 0; }, "ActiveWeight is 0; it must be a finite number greater than 0.");
        yield return Case("InactiveWeightNaN", o => o.Intensity.InactiveWeight = double.NaN, "InactiveWeight is NaN; it must be a finite number from 0 up to ActiveWeight (1).");
        yield return Case("InactiveWeightAboveActive", o => o.Intensity.InactiveWeight = 2, "InactiveWeight is 2; it must be a finite number from 0 up to ActiveWeight (1).");
        yield return Case("TimeToInactiveMinValue", o => o.Intensity.TimeToInactive = TimeSpan.MinValue, "TimeToInactive is -10675199.02:48:05.4775808; it must be greater than zero.");
        yield return Case("TimeToInactiveMaxValue", o => o.Intensity.TimeToInactive = TimeSpan.MaxValue, "TimeToInactive is 10675199.02:48:05.4775807", TenYears);
        yield return Case("OverbookNegativeInfinity", o => o.Intensity.OverbookAllowance = double.NegativeInfinity, "OverbookAllowance is -Infinity; it must be a finite number from 0.");
        yield return Case("CustomWeightsNull", o => o.CustomWeights = null!, "RoutingOptions.CustomWeights must not be null.");
        yield return Case("CustomWeightNegativeInfinity", o => o.CustomWeights.Affinity = double.NegativeInfinity, "CustomWeights.Affinity is -Infinity; a weight must be between 0 (ignored) and 1 (full weight).");
        yield return Case("CustomWeightPositiveInfinity", o => o.CustomWeights.Load = double.PositiveInfinity, "CustomWeights.Load is Infinity");
        yield return Case("SkillRulesNull", o => o.SkillRules = null!, "RoutingOptions.SkillRules must not be null; use an empty list for no rules.");
        yield return Case("SkillRuleNull", o => o.SkillRules.Add(null!), "RoutingOptions.SkillRules[0] must not be null.");
        yield return Case("SkillRuleSkillNul", o => o.SkillRules.Add(new SkillRuleOptions { Skill = "v\0ip", Attributes = { ["ctype"] = "vip" } }), "RoutingOptions.SkillRules[0].Skill is 'v\\u0000ip'", "non-empty printable text of at most 256 characters");
        yield return Case("SkillRuleSkillHuge", o => o.SkillRules.Add(new SkillRuleOptions { Skill = Huge, Attributes = { ["ctype"] = "vip" } }), "RoutingOptions.SkillRules[0].Skill is a text of 100000 characters", "at most 256 characters");
        yield return Case("SkillRuleSkillLoneSurrogate", o => o.SkillRules.Add(new SkillRuleOptions { Skill = "vip\uD800", Attributes = { ["ctype"] = "vip" } }), "RoutingOptions.SkillRules[0].Skill is 'vip\\ud800'");
        yield return Case("SkillRuleAttributesNull", o => o.SkillRules.Add(new SkillRuleOptions { Skill = "vip", Attributes = null! }), "RoutingOptions.SkillRules[0].Attributes is empty");
        yield return Case("SkillRuleAttributeValueNull", o => o.SkillRules.Add(new SkillRuleOptions { Skill = "vip", Attributes = { ["ctype"] = null! } }), "RoutingOptions.SkillRules[0].Attributes has key 'ctype' with value ''", "values non-null");
        yield return Case("DefaultSkillWhiteSpace", o => o.DefaultSkill = "\u3000", "RoutingOptions.DefaultSkill is '\\u3000'", "non-empty printable text");
        yield return Case("DefaultSkillInvisible", o => o.DefaultSkill = "\u200B", "RoutingOptions.DefaultSkill is '\\u200b'");
        yield return Case("FallbackSkillControl", o => o.FallbackSkill = "\u0001", "RoutingOptions.FallbackSkill is '\\u0001'");
        yield return Case("DefaultSkillPadded", o => o.DefaultSkill = " sales", "RoutingOptions.DefaultSkill is ' sales'; a skill id must not start or end with white space; trim it.");
        yield return Case("FallbackSkillEndingInZeroWidthSpace", o => o.FallbackSkill = "support\u200B", "RoutingOptions.FallbackSkill is 'support\\u200b'; a skill id must not start or end with white space or an invisible format character; trim it.");
        yield return Case("SkillRuleSkillPadded", o => o.SkillRules.Add(new SkillRuleOptions { Skill = "vip\u00A0", Attributes = { ["ctype"] = "vip" } }), "RoutingOptions.SkillRules[0].Skill is 'vip\\u00a0'; a skill id must not start or end with white space; trim it.");
        yield return Case("UnassignedSkillPolicyNegative", o => o.UnassignedSkillPolicy = (UnassignedSkillPolicy)(-1), "RoutingOptions.UnassignedSkillPolicy is -1; use Unassigned, KeepOnSkill or Fallback.");
        yield return Case("ForcedPauseNull", o => o.ForcedPause = null!, "RoutingOptions.ForcedPause must not be null.");
        yield return Case("IgnoredOffersThresholdMinValue", o => o.ForcedPause.IgnoredOffersThreshold = int.MinValue, "IgnoredOffersThreshold is -2147483648; it must be at least 1");
        yield return Case("ResponseSlaNull", o => o.ResponseSla = null!, "RoutingOptions.ResponseSla must not be null.");
        yield return Case("ResponseSlaDefaultMinValue", o => o.ResponseSla.Default = TimeSpan.MinValue, "RoutingOptions.ResponseSla.Default is -10675199.02:48:05.4775808; it must be greater than zero.");
        yield return Case("ResponseSlaDefaultMaxValue", o => o.ResponseSla.Default = TimeSpan.MaxValue, "RoutingOptions.ResponseSla.Default is 10675199.02:48:05.4775807", TenYears);
        yield return Case("ResponseSlaByTypeNull", o => o.ResponseSla.ByConversationType = null!, "ByConversationType must not be null");
        yield return Case("ResponseSlaByTypeEmptyKey", o => o.ResponseSla.ByConversationType[" "] = TimeSpan.FromMinutes(1), "ByConversationType has an empty conversation type");
        yield return Case("ResponseSlaByTypeMaxValue", o => o.ResponseSla.ByConversationType["urgent"] = TimeSpan.MaxValue, "ByConversationType['urgent'] is 10675199.02:48:05.4775807", TenYears);
        yield return Case("ResponseSlaByTypeDifferingInCase", o => o.ResponseSla.ByConversationType = new(StringComparer.Ordinal) { ["urgent"] = TimeSpan.FromMinutes(1), ["Urgent"] = TimeSpan.FromMinutes(2) },
            "ByConversationType has conversation types 'urgent' and 'Urgent'", "compared ignoring case");
        yield return Case("AbsenceGracePeriodMinValue", o => o.AbsenceGracePeriod = TimeSpan.MinValue, "AbsenceGracePeriod is -10675199.02:48:05.4775808; it must not be negative");
        yield return Case("AbsenceGracePeriodMaxValue", o => o.AbsenceGracePeriod = TimeSpan.MaxValue, "AbsenceGracePeriod is 10675199.02:48:05.4775807", TenYears);
        yield return Case("AutoCloseAfterMinValue", o => o.AutoCloseAfter = TimeSpan.MinValue, "AutoCloseAfter is -10675199.02:48:05.4775808; it must be greater than zero (null turns auto-close off).");
        yield return Case("AutoCloseAfterMaxValue", o => o.AutoCloseAfter = TimeSpan.MaxValue, "AutoCloseAfter is 10675199.02:48:05.4775807", TenYears, "null turns auto-close off");
        yield return Case("AgentGroupsNull", o => o.AgentGroups = null!, "RoutingOptions.AgentGroups must not be null; use an empty list for none.");
        yield return Case("AgentGroupNull", o => o.AgentGroups.Add(null!), "RoutingOptions.AgentGroups[0] is null", "non-empty printable text of at most 256 characters");
        yield return Case("AgentGroupEmpty", o => o.AgentGroups.AddRange(["north", ""]), "RoutingOptions.AgentGroups[1] is ''");
        yield return Case("AgentGroupNul", o => o.AgentGroups.Add("n\0rth"), "RoutingOptions.AgentGroups[0] is 'n\\u0000rth'");
        yield return Case("AgentGroupHuge", o => o.AgentGroups.Add(Huge), "RoutingOptions.AgentGroups[0] is a text of 100000 characters");
        yield return Case("AgentGroupPadded", o => o.AgentGroups.AddRange(["north", "south "]), "RoutingOptions.AgentGroups[1] is 'south '; an agent group id must not start or end with white space; trim it.");
        yield return Case("AgentGroupStartingWithByteOrderMark", o => o.AgentGroups.Add("\uFEFFnorth"), "RoutingOptions.AgentGroups[0] is '\\ufeffnorth'; an agent group id must not start or end with white space or an invisible format character; trim it.");
        yield return Case("PacingNull", o => o.Pacing = null!, "RoutingOptions.Pacing must not be null.");
        yield return Case("PacingIntervalMinValue", o => o.Pacing.Interval = TimeSpan.MinValue, "RoutingOptions.Pacing.Interval must be longer than zero (got -10675199.02:48:05.4775808).");
        yield return Case("PacingTargetUndefined", o => o.Pacing.Target = (PacingTarget)9, "RoutingOptions.Pacing.Target must be AbandonmentRate or BusyFactor (got 9).");
        yield return Case("PacingAbandonmentRateNaN", o => o.Pacing.AbandonmentRate = double.NaN, "RoutingOptions.Pacing.AbandonmentRate must be strictly between 0 and 1 (got NaN).");
        yield return Case("PacingBusyFactorInfinity", o => o.Pacing.BusyFactor = double.PositiveInfinity, "RoutingOptions.Pacing.BusyFactor must be strictly between 0 and 1 (got Infinity).");
        yield return Case("SkillsNull", o => o.Skills = null!, "RoutingOptions.Skills must not be null.");
        yield return Case("SkillKeyEmpty", o => o.Skills[""] = new SkillOptions(), "RoutingOptions.Skills['']: the skill id must be non-empty printable text of at most 256 characters.");
        yield return Case("SkillKeyNul", o => o.Skills["\0"] = new SkillOptions(), "RoutingOptions.Skills['\\u0000']: the skill id must be non-empty printable text");
        yield return Case("SkillKeyLoneSurrogate", o => o.Skills["\uDC00sales"] = new SkillOptions(), "RoutingOptions.Skills['\\udc00sales']: the skill id must be non-empty printable text");
        yield return Case("SkillKeyHuge", o => o.Skills[Huge] = new SkillOptions(), "RoutingOptions.Skills[a text of 100000 characters starting 'hhhhhhhhhhhhhhhh']: the skill id must be");
        yield return Case("SkillKeyPadded", o => o.Skills[" sales "] = new SkillOptions(), "RoutingOptions.Skills[' sales ']: the skill id must not start or end with white space; trim it.");
        yield return Case("SkillNull", o => o.Skills["sales"] = null!, "RoutingOptions.Skills['sales'] must not be null.");
        yield return Case("SkillStrategyEmpty", o => o.Skills["sales"] = new SkillOptions { Strategy = "" }, "RoutingOptions.Skills['sales'].Strategy is ''");
        yield return Case("SkillStepsZero", o => o.Skills["sales"] = new SkillOptions { Steps = 0 }, "RoutingOptions.Skills['sales'].Steps is 0; it must be at least 1.");
        yield return Case("SkillStepDelayMinValue", o => o.Skills["sales"] = new SkillOptions { StepDelay = TimeSpan.MinValue }, "RoutingOptions.Skills['sales'].StepDelay is -10675199.02:48:05.4775808");
        yield return Case("SkillStepDelayMaxValue", o => o.Skills["sales"] = new SkillOptions { StepDelay = TimeSpan.MaxValue }, "RoutingOptions.Skills['sales'].StepDelay is 10675199.02:48:05.4775807", TenYears);
        yield return Case("SkillCustomWeightNaN", o => o.Skills["sales"] = new SkillOptions { CustomWeights = new ScoringWeightsOptions { Idle = double.NaN } }, "RoutingOptions.Skills['sales'].CustomWeights.Idle is NaN");
        yield return Case("SkillFallbackItself", o => o.Skills["sales"] = new SkillOptions { FallbackSkill = "sales" }, "RoutingOptions.Skills['sales'].FallbackSkill is 'sales', the skill itself");
        yield return Case("SkillFallbackWhiteSpace", o => o.Skills["sales"] = new SkillOptions { FallbackSkill = "\t" }, "RoutingOptions.Skills['sales'].FallbackSkill is '\\u0009'");
        yield return Case("SkillFallbackPadded", o => o.Skills["sales"] = new SkillOptions { FallbackSkill = "\u3000support" }, "RoutingOptions.Skills['sales'].FallbackSkill is '\\u3000support'; a skill id must not start or end with white space; trim it.");
        yield return Case("WorkloadGroupPadded", o =>
            {
                o.AgentGroups.AddRange(["north", "south", "east"]);
                o.Skills["sales"] = new SkillOptions { Workload = Split(20, 40) };
                o.Skills["sales"].Workload!.PrimaryGroups[0].Group = " north";
                o.Skills["sales"].Workload!.PrimaryGroups.Add(new AgentGroupShareOptions { Group = "east", Percentage = 40 });
            },
            "entry #1 of the primary groups has agent group ' north', which is not a valid agent group id; an id must not start or end with white space, so trim it.");
        yield return Case("WorkloadUnknownGroup", o => { o.AgentGroups.Add("north"); o.Skills["sales"] = new SkillOptions { Workload = Split(50, 50) }; },
            "Workload distribution of skill 'sales': agent group 'south' in the primary groups is not a known agent group; known groups are 'north'.");
        yield return Case("WorkloadPercentageNaN", o => { o.AgentGroups.AddRange(["north", "south"]); o.Skills["sales"] = new SkillOptions { Workload = Split(double.NaN, 100) }; },
            "agent group 'north' in the primary groups has percentage NaN; percentages must be finite numbers between 0 and 100");
        yield return Case("WorkloadMaxWaitMinValue", o => { o.AgentGroups.AddRange(["north", "south"]); o.Skills["sales"] = new SkillOptions { Workload = Split(50, 50, TimeSpan.MinValue) }; },
            "skill 'sales': MaxWait is -10675199.02:48:05.4775808; it must be positive");
        yield return Case("WorkloadMaxWaitMaxValue", o => { o.AgentGroups.AddRange(["north", "south"]); o.Skills["sales"] = new SkillOptions { Workload = Split(50, 50, TimeSpan.MaxValue) }; },
            "skill 'sales': MaxWait is 10675199.02:48:05.4775807", TenYears);
    }

    [Test]
    public void Create_NullOptionsAndClock_UseTheDefaults()
    {
        using IRoutingEngine engine = RoutingEngine.Create(null, null, null, null, null);
        engine.AddAgent(TestEngine.Agent("a"), AgentState.Online);
        engine.Plan(TestEngine.Chat("c")).HasAgents.ShouldBeTrue();
    }

    [TestCaseSource(nameof(BadExtensions))]
    public void Create_BadStrategyOrCapacityModel_IsRejectedNamingTheArgument(BadStaticCall bad)
        => AssertRejection(Catch.From(bad.Call), bad.Exception, bad.Param, bad.Message);

    private static IEnumerable<TestCaseData> BadExtensions()
    {
        TestCaseData Case(string name, Action call, string param, params string[] message) =>
            new TestCaseData(new BadStaticCall(call, typeof(ArgumentException), param, message)).SetName($"Create_{name}");
        yield return Case("NullStrategy", () => RoutingEngine.Create(strategies: [null!]), "strategies", "strategies contains a null strategy");
        yield return Case("NullCapacityModel", () => RoutingEngine.Create(capacityModels: [null!]), "capacityModels", "capacityModels contains a null capacity model");
        yield return Case("UnnamedStrategy", () => RoutingEngine.Create(strategies: [new NamedStrategy(" ")]), "strategies", "has an empty name", "unique, non-empty name");
        yield return Case("StrategyNamedLikeABuiltIn", () => RoutingEngine.Create(strategies: [new NamedStrategy("BROADCAST")]), "strategies", "are named 'broadcast'", "must be unique (case-insensitive)");
    }

    private sealed class NamedStrategy(string name) : IRoutingStrategy
    {
        public string Name => name;

        public void Score(in ScoringContext context, in ScoringColumns candidates, Span<double> scores) => scores[..candidates.Count].Clear();
    }

    // ---------------------------------------------------------------- workload distributions and splitters

    [TestCaseSource(nameof(BadDistributions))]
    public void WorkloadDistributionCreate_BadInput_IsRejectedNamingTheArgumentAndTheRule(BadStaticCall bad)
        => AssertRejection(Catch.From(bad.Call), bad.Exception, bad.Param, bad.Message);

    private static IEnumerable<TestCaseData> BadDistributions()
    {
        AgentGroupShare n50 = new(new AgentGroupId("north"), 50), s50 = new(new AgentGroupId("south"), 50);
        TestCaseData Case(string name, Action call, Type exception, string param, params string[] message) =>
            new TestCaseData(new BadStaticCall(call, exception, param, message)).SetName($"Distribution_{name}");
        AgentGroupShare North(double p) => new(new AgentGroupId("north"), p);
        yield return Case("PrimaryNull", () => WorkloadDistribution.Create(null!), typeof(ArgumentNullException), "primary", "primary");
        yield return Case("PrimaryEmpty", () => WorkloadDistribution.Create([]), typeof(ArgumentException), "primary", "no agent group is configured", "at least two agent groups");
        foreach ((string name, double p, string shown) in new[] { ("NaN", double.NaN, "NaN"), ("PositiveInfinity", double.PositiveInfinity, "Infinity"), ("NegativeInfinity", double.NegativeInfinity, "-Infinity") })
        {
            yield return Case($"Percentage{name}", () => WorkloadDistribution.Create([North(p), s50]), typeof(ArgumentException), "primary", $"agent group 'north' in the primary groups has percentage {shown}; percentages must be finite numbers between 0 and 100");
        }

        yield return Case("PercentageNegative", () => WorkloadDistribution.Create([North(-50), new(new AgentGroupId("south"), 150)]), typeof(ArgumentException), "primary", "agent group 'north' in the primary groups has percentage -50; percentages must be between 0 and 100");
        yield return Case("SumNot100", () => WorkloadDistribution.Create([North(50), new(new AgentGroupId("south"), 49.98)]), typeof(ArgumentException), "primary", "sum to 99.98; they must sum to 100 (within 0.01)");
        yield return Case("DefaultGroup", () => WorkloadDistribution.Create([new(default, 50), s50]), typeof(ArgumentException), "primary", "entry #1 of the primary groups has agent group ''", "not a valid agent group id");
        yield return Case("GroupTwice", () => WorkloadDistribution.Create([n50, n50]), typeof(ArgumentException), "primary", "agent group 'north' is listed more than once in the primary groups");
        yield return Case("SecondarySumNot100", () => WorkloadDistribution.Create([n50, s50], [new(new AgentGroupId("east"), 99)]), typeof(ArgumentException), "secondary", "the percentages of the secondary groups ('east' 99) sum to 99");
        yield return Case("SecondaryNaN", () => WorkloadDistribution.Create([n50, s50], [new(new AgentGroupId("east"), double.NaN)]), typeof(ArgumentException), "secondary", "agent group 'east' in the secondary groups has percentage NaN");
        yield return Case("SecondaryRepeatsPrimary", () => WorkloadDistribution.Create([n50, s50], [new(new AgentGroupId("north"), 100)]), typeof(ArgumentException), "secondary", "agent group 'north' is listed in both the primary and the secondary groups");
        yield return Case("MaxWaitZero", () => WorkloadDistribution.Create([n50, s50], null, TimeSpan.Zero), typeof(ArgumentException), "maxWait", "MaxWait is 00:00:00; it must be positive");
        yield return Case("MaxWaitMinValue", () => WorkloadDistribution.Create([n50, s50], null, TimeSpan.MinValue), typeof(ArgumentException), "maxWait", "MaxWait is -10675199.02:48:05.4775808; it must be positive");
        yield return Case("MaxWaitMaxValue", () => WorkloadDistribution.Create([n50, s50], null, TimeSpan.MaxValue), typeof(ArgumentException), "maxWait", "MaxWait is 10675199.02:48:05.4775807", "at most 3650.00:00:00 (10 years)");
        yield return Case("FromOptionsNull", () => WorkloadDistribution.FromOptions(new SkillId("sales"), null!), typeof(ArgumentNullException), "options", "options");
    }

    // The engine's workload ledger (the built-in splitter's decisions over the engine's counts) is internal, so each call
    // comes as a Delegate: an Action<WorkloadLedger>.
    [TestCaseSource(nameof(BadSplitterCalls))]
    public void WorkloadSplitter_BadInput_IsRejectedClearly_AndChangesNothing(Delegate call, Type exception, string param, string[] message)
    {
        var splitter = new WorkloadLedger(WorkloadSplitter.Create());
        splitter.Configure(new SkillId("sales"), WorkloadDistribution.Create(
            [new(new AgentGroupId("north"), 60), new(new AgentGroupId("south"), 40)], [new(new AgentGroupId("east"), 100)]));
        splitter.RecordTaken(new SkillId("sales"), splitter.TakePrimaryTurn(new SkillId("sales")), cascaded: false, turnTaken: true);
        string before = Describe(splitter);

        AssertRejection(Catch.From(() => ((Action<WorkloadLedger>)call)(splitter)), exception, param, message);

        Describe(splitter).ShouldBe(before);
        splitter.IsConfigured(new SkillId("sales")).ShouldBeTrue();
        splitter.IsConfigured(default).ShouldBeFalse();
        splitter.Remove(default).ShouldBeFalse();
        splitter.Remove(new SkillId("unknown")).ShouldBeFalse();

        static string Describe(WorkloadLedger s)
        {
            WorkloadReport r = s.GetReport(new SkillId("sales"));
            var ranked = new AgentGroupId[4];
            int count = s.RankSecondaries(new SkillId("sales"), ranked);
            return $"{s.ChoosePrimary(new SkillId("sales"))} {r.Version} {r.PrimaryTotal} {r.CascadedTotal} {string.Join(" ", r.Groups.Select(g => $"{g.Group}:{g.PrimaryCount}:{g.CascadedCount}:{g.PrimaryCountSinceChange}"))} {string.Join(",", ranked[..count])}";
        }
    }

    private static IEnumerable<TestCaseData> BadSplitterCalls()
    {
        WorkloadDistribution valid = WorkloadDistribution.Create([new(new AgentGroupId("north"), 50), new(new AgentGroupId("south"), 50)]);
        TestCaseData Case(string name, Action<WorkloadLedger> call, Type exception, string param, params string[] message) =>
            new TestCaseData(call, exception, param, message).SetName($"Splitter_{name}");
        const string Empty = "The skill id is the default (empty) value";
        yield return Case("ConfigureNull", s => s.Configure(new SkillId("sales"), null!), typeof(ArgumentNullException), "distribution", "distribution");
        yield return Case("ConfigureDefaultSkill", s => s.Configure(default, valid), typeof(ArgumentException), "skill", Empty);
        yield return Case("ChoosePrimaryDefaultSkill", s => s.ChoosePrimary(default), typeof(ArgumentException), "skill", Empty);
        yield return Case("ChoosePrimaryUnknownSkill", s => s.ChoosePrimary(new SkillId("support")), typeof(ArgumentException), "skill", "Skill 'support' has no workload distribution", "call Configure for it first");
        yield return Case("TakePrimaryTurnDefaultSkill", s => s.TakePrimaryTurn(default), typeof(ArgumentException), "skill", Empty);
        yield return Case("TakePrimaryTurnUnknownSkill", s => s.TakePrimaryTurn(new SkillId("support")), typeof(ArgumentException), "skill", "Skill 'support' has no workload distribution");
        yield return Case("RankSecondariesDefaultSkill", s => s.RankSecondaries(default, new AgentGroupId[2]), typeof(ArgumentException), "skill", Empty);
        yield return Case("RankSecondariesUnknownSkill", s => s.RankSecondaries(new SkillId("support"), new AgentGroupId[2]), typeof(ArgumentException), "skill", "Skill 'support' has no workload distribution");
        yield return Case("GetReportDefaultSkill", s => s.GetReport(default), typeof(ArgumentException), "skill", Empty);
        yield return Case("GetReportUnknownSkill", s => s.GetReport(new SkillId("support")), typeof(ArgumentException), "skill", "Skill 'support' has no workload distribution");
        yield return Case("RecordTakenDefaultSkill", s => s.RecordTaken(default, new AgentGroupId("north"), false), typeof(ArgumentException), "skill", Empty);
        yield return Case("RecordTakenUnknownSkill", s => s.RecordTaken(new SkillId("support"), new AgentGroupId("north"), false), typeof(ArgumentException), "skill", "Skill 'support' has no workload distribution");
        yield return Case("RecordTakenDefaultGroup", s => s.RecordTaken(new SkillId("sales"), default, false), typeof(ArgumentException), "group", "The agent group id is the default (empty) value");
        yield return Case("RecordTakenUnknownGroup", s => s.RecordTaken(new SkillId("sales"), new AgentGroupId("west"), false), typeof(ArgumentException), "group", "Agent group 'west' is not a primary group of skill 'sales'; the primary groups are 'north', 'south'.");
        yield return Case("RecordTakenSecondaryAsPrimary", s => s.RecordTaken(new SkillId("sales"), new AgentGroupId("east"), false), typeof(ArgumentException), "group", "Agent group 'east' is not a primary group of skill 'sales' (it is a secondary group; record it with cascaded: true)");
        yield return Case("RecordTakenPrimaryAsSecondary", s => s.RecordTaken(new SkillId("sales"), new AgentGroupId("north"), true, turnTaken: true), typeof(ArgumentException), "group", "Agent group 'north' is not a secondary group of skill 'sales' (it is a primary group; record it with cascaded: false)");
    }

    // ---------------------------------------------------------------- queueing formulas

    [TestCaseSource(nameof(BadFormulaArguments))]
    public void QueueingFormula_BadArgument_IsRejectedNamingTheArgumentTheValueAndTheRange(BadStaticCall bad)
    {
        Exception error = Catch.From(bad.Call);
        AssertRejection(error, bad.Exception, bad.Param, bad.Message);
        ((ArgumentOutOfRangeException)error).ActualValue.ShouldNotBeNull();
    }

    private static IEnumerable<TestCaseData> BadFormulaArguments()
    {
        TimeSpan aht = TimeSpan.FromMinutes(3), within = TimeSpan.FromSeconds(20), patience = TimeSpan.FromMinutes(1);
        TestCaseData Case(string name, Action call, string param, params string[] message) =>
            new TestCaseData(new BadStaticCall(call, typeof(ArgumentOutOfRangeException), param, message)).SetName($"Formula_{name}");
        (string Name, double Value, string Shown)[] badLoads =
            [("NaN", double.NaN, "NaN"), ("PositiveInfinity", double.PositiveInfinity, "Infinity"), ("NegativeInfinity", double.NegativeInfinity, "-Infinity"), ("Negative", -1, "-1"), ("NegativeEpsilon", -double.Epsilon, "-5E-324")];
        foreach ((string name, double value, string shown) in badLoads)
        {
            string message = $"must be a finite number >= 0 (got {shown})";
            yield return Case($"ErlangB_Load{name}", () => ErlangB.Blocking(5, value), "offeredLoad", "offeredLoad " + message);
            yield return Case($"ErlangC_ProbabilityOfWaiting_Load{name}", () => ErlangC.ProbabilityOfWaiting(5, value), "offeredLoad", "offeredLoad " + message);
            yield return Case($"ErlangC_ServiceLevel_Load{name}", () => ErlangC.ServiceLevel(5, value, aht, within), "offeredLoad", "offeredLoad " + message);
            yield return Case($"ErlangC_AverageSpeedOfAnswer_Load{name}", () => ErlangC.AverageSpeedOfAnswer(5, value, aht), "offeredLoad", "offeredLoad " + message);
            yield return Case($"ErlangC_RequiredAgents_Load{name}", () => ErlangC.RequiredAgents(value, aht, within, 0.8), "offeredLoad", "offeredLoad " + message);
            yield return Case($"ErlangA_Arrivals{name}", () => ErlangA.Evaluate(5, value, aht, patience, within), "arrivalsPerSecond", "arrivalsPerSecond " + message);
        }

        foreach (int servers in new[] { -1, int.MinValue })
        {
            yield return Case($"ErlangB_Servers{servers}", () => ErlangB.Blocking(servers, 1), "servers", $"servers must be at least 0 (got {servers})");
            yield return Case($"ErlangA_Agents{servers}", () => ErlangA.Evaluate(servers, 1, aht, patience, within), "agents", $"agents must be at least 0 (got {servers})");
        }

        foreach (int agents in new[] { 0, -1, int.MinValue })
        {
            yield return Case($"ErlangC_ProbabilityOfWaiting_Agents{agents}", () => ErlangC.ProbabilityOfWaiting(agents, 1), "agents", $"agents must be at least 1 (got {agents})");
            yield return Case($"ErlangC_ServiceLevel_Agents{agents}", () => ErlangC.ServiceLevel(agents, 1, aht, within), "agents", $"agents must be at least 1 (got {agents})");
            yield return Case($"ErlangC_AverageSpeedOfAnswer_Agents{agents}", () => ErlangC.AverageSpeedOfAnswer(agents, 1, aht), "agents", $"agents must be at least 1 (got {agents})");
        }

        foreach ((string name, TimeSpan value) in new[] { ("Zero", TimeSpan.Zero), ("MinValue", TimeSpan.MinValue), ("MinusOneTick", TimeSpan.FromTicks(-1)) })
        {
            string message = $"must be longer than zero (got {value})";
            yield return Case($"ErlangC_ServiceLevel_Aht{name}", () => ErlangC.ServiceLevel(5, 1, value, within), "averageHandleTime", "averageHandleTime " + message);
            yield return Case($"ErlangC_AverageSpeedOfAnswer_Aht{name}", () => ErlangC.AverageSpeedOfAnswer(5, 1, value), "averageHandleTime", "averageHandleTime " + message);
            yield return Case($"ErlangC_RequiredAgents_Aht{name}", () => ErlangC.RequiredAgents(1, value, within, 0.8), "averageHandleTime", "averageHandleTime " + message);
            yield return Case($"ErlangA_Aht{name}", () => ErlangA.Evaluate(5, 1, value, patience, within), "averageHandleTime", "averageHandleTime " + message);
            yield return Case($"ErlangA_Patience{name}", () => ErlangA.Evaluate(5, 1, aht, value, within), "averagePatience", "averagePatience " + message);
        }

        foreach ((string name, TimeSpan value) in new[] { ("MinValue", TimeSpan.MinValue), ("MinusOneTick", TimeSpan.FromTicks(-1)) })
        {
            string message = $"answerWithin must be zero or longer (got {value})";
            yield return Case($"ErlangC_ServiceLevel_AnswerWithin{name}", () => ErlangC.ServiceLevel(5, 1, aht, value), "answerWithin", message);
            yield return Case($"ErlangC_RequiredAgents_AnswerWithin{name}", () => ErlangC.RequiredAgents(1, aht, value, 0.8), "answerWithin", message);
            yield return Case($"ErlangA_AnswerWithin{name}", () => ErlangA.Evaluate(5, 1, aht, patience, value), "answerWithin", message);
        }

        foreach ((string name, double value, string shown) in new[] { ("Zero", 0.0, "0"), ("One", 1.0, "1"), ("NaN", double.NaN, "NaN"), ("NegativeInfinity", double.NegativeInfinity, "-Infinity"), ("AboveOne", 1.5, "1.5") })
        {
            yield return Case($"ErlangC_RequiredAgents_Target{name}", () => ErlangC.RequiredAgents(1, aht, within, value), "targetServiceLevel", $"targetServiceLevel must be strictly between 0 and 1 (got {shown})");
        }

        yield return Case("ErlangC_RequiredAgents_LoadTooLarge", () => ErlangC.RequiredAgents(1e8 + 1, aht, within, 0.8), "offeredLoad", "offeredLoad must be at most 100000000 Erlangs (got 100000001)");
        yield return Case("ErlangA_EndlessPatienceInOverload", () => ErlangA.Evaluate(1, 2, TimeSpan.FromSeconds(1), TimeSpan.MaxValue, within), "averagePatience", "is too long for this load", "Use a shorter patience or Erlang C");
    }

    [Test]
    public void QueueingFormulas_ExtremeButValidArguments_GiveResultsInRange()
    {
        ErlangB.Blocking(0, 0).ShouldBe(1);
        ErlangB.Blocking(1_000_000, double.Epsilon).ShouldBe(0);
        ErlangB.Blocking(10, double.MaxValue).ShouldBeInRange(0.0, 1.0);
        ErlangC.ProbabilityOfWaiting(1, double.MaxValue).ShouldBe(1);
        ErlangC.ServiceLevel(10, 5, TimeSpan.MaxValue, TimeSpan.MaxValue).ShouldBeInRange(0.0, 1.0);
        ErlangC.ServiceLevel(10, 5, TimeSpan.FromTicks(1), TimeSpan.Zero).ShouldBeInRange(0.0, 1.0);
        ErlangC.AverageSpeedOfAnswer(1, 0.999999, TimeSpan.MaxValue).ShouldBe(TimeSpan.MaxValue);
        ErlangC.AverageSpeedOfAnswer(int.MaxValue, 1, TimeSpan.FromMinutes(3)).ShouldBe(TimeSpan.Zero);
        ErlangC.RequiredAgents(0, TimeSpan.FromMinutes(3), TimeSpan.MaxValue, 0.999).ShouldBe(0);
        ErlangC.RequiredAgents(10, TimeSpan.MaxValue, TimeSpan.Zero, double.Epsilon).ShouldBeGreaterThan(10);
        foreach (ErlangAResult result in new[]
        {
            ErlangA.Evaluate(0, 1, TimeSpan.FromMinutes(3), TimeSpan.FromMinutes(1), TimeSpan.Zero),
            ErlangA.Evaluate(10, 1, TimeSpan.FromSeconds(1), TimeSpan.MaxValue, TimeSpan.MaxValue),
            ErlangA.Evaluate(10, 1, TimeSpan.MaxValue, TimeSpan.FromMinutes(1), TimeSpan.FromSeconds(20)),
            ErlangA.Evaluate(int.MaxValue, 1, TimeSpan.FromMinutes(3), TimeSpan.FromMinutes(1), TimeSpan.FromSeconds(20)),
            ErlangA.Evaluate(10, double.Epsilon, TimeSpan.FromMinutes(3), TimeSpan.FromTicks(1), TimeSpan.FromSeconds(20)),
        })
        {
            result.ProbabilityOfWaiting.ShouldBeInRange(0.0, 1.0, result.ToString());
            result.ProbabilityOfAbandonment.ShouldBeInRange(0.0, 1.0, result.ToString());
            result.ServiceLevel.ShouldBeInRange(0.0, 1.0, result.ToString());
            result.Occupancy.ShouldBeInRange(0.0, 1.0, result.ToString());
            result.AverageSpeedOfAnswer.ShouldBeGreaterThanOrEqualTo(TimeSpan.Zero);
        }
    }

    // ---------------------------------------------------------------- shared checks

    private static void AssertRejection(Exception error, Type expected, string? param, IEnumerable<string> message)
    {
        error.GetType().ShouldBe(expected, $"{error.GetType().Name}: {error.Message}");
        if (error is ArgumentException argument)
        {
            argument.ParamName.ShouldBe(param, error.Message);
        }
        else
        {
            param.ShouldBeNull();
        }

        foreach (string fragment in message)
        {
            error.Message.ShouldContain(fragment, Case.Sensitive);
        }
    }
}
