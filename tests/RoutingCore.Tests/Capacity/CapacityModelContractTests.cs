using System.Collections.Immutable;
using RoutingCore.DependencyInjection;

namespace RoutingCore.Tests.Capacity;

/// <summary>
/// What every capacity model must do, whatever its formula, as <see cref="ICapacityModel"/> states it: a finite limit above
/// zero; a finite cost above zero for every medium the agent handles, which is the load the conversation puts on the agent
/// when it is assigned; finite loads from zero; an agent's load is the sum of its conversations' loads; an engine that admits
/// a conversation only while its cost fits never loads an agent past the limit; the same inputs give the same answers; and
/// a load that changes by itself is announced, in the future, no later than it changes.
/// </summary>
public abstract class CapacityModelContractTests
{
    private const double Tolerance = 1e-9;
    private static readonly DateTimeOffset T0 = EngineKit.Start;

    /// <summary>The model's name, as <see cref="RoutingOptions.CapacityModel"/> names it.</summary>
    protected abstract string ModelName { get; }

    /// <summary>Models besides the built-in ones that the engine is given (a user's own model).</summary>
    protected virtual ICapacityModel[] ExtraModels => [];

    /// <summary>Valid agents: account-default slots, one slot, a few slots, medium-specific maxima, several media.</summary>
    private static readonly AgentProfile[] Profiles =
    [
        Agent("default"),
        Agent("one-slot", maxConcurrent: 1),
        Agent("three-slots", maxConcurrent: 3),
        Agent("chat-and-voice", maxConcurrent: 4, new MediaCapacity(MediaType.Chat, 3), new MediaCapacity(MediaType.Voice, 1)),
        Agent("voice-and-video", maxConcurrent: 2, MediaType.Voice, MediaType.Video),
        Agent("every-medium", maxConcurrent: null, new MediaCapacity(MediaType.Chat, 6), MediaType.Voice, new MediaCapacity(MediaType.Video, 1)),
    ];

    /// <summary>The defaults, non-default settings of every kind, and idle-chat detection turned off.</summary>
    private static readonly RoutingOptions[] OptionSets =
    [
        new RoutingOptions(),
        Options(o =>
        {
            o.MaxConcurrent.DefaultMaxConcurrent = 2;
            o.MaxConcurrent.IdleChatTimeout = TimeSpan.FromSeconds(20);
            o.Intensity.ActiveWeight = 2;
            o.Intensity.InactiveWeight = 0.5;
            o.Intensity.TimeToInactive = TimeSpan.FromSeconds(30);
            o.Intensity.OverbookAllowance = 0.25;
        }),
        Options(o => o.MaxConcurrent.IdleChatTimeout = TimeSpan.Zero),
    ];

    /// <summary>Times after <see cref="T0"/> at which a model is asked, from the assignment to hours later.</summary>
    private static readonly TimeSpan[] Moments =
    [
        TimeSpan.Zero, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(45), TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(3),
        TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(45), TimeSpan.FromHours(2),
    ];

    /// <summary>The model an engine with these options gets, made the way the engine makes it (a built-in one from the options).</summary>
    private ICapacityModel Model(RoutingOptions options)
    {
        var named = new RoutingOptions { CapacityModel = ModelName, MaxConcurrent = options.MaxConcurrent, Intensity = options.Intensity };
        return new CapacityModelCatalog(ExtraModels, [], services: null).For("contract", named);
    }

    /// <summary>A model for each option set, in the order of <see cref="OptionSets"/>.</summary>
    private ICapacityModel[] Models() => [.. OptionSets.Select(Model)];

    [Test]
    public void GetLimit_AnyValidProfile_IsFiniteAndAboveZero()
    {
        ICapacityModel[] models = Models();
        foreach (AgentProfile agent in Profiles)
        {
            for (int settings = 0; settings < models.Length; settings++)
            {
                double limit = models[settings].GetLimit(agent);
                double.IsFinite(limit).ShouldBeTrue($"{agent.Id} settings #{settings}: {limit}");
                limit.ShouldBeGreaterThan(0, $"{agent.Id} settings #{settings}");
            }
        }
    }

    [Test]
    public void GetConversationCost_EachHandledMedium_IsFiniteAndNotNegative()
    {
        ICapacityModel[] models = Models();
        foreach (AgentProfile agent in Profiles)
        {
            for (int settings = 0; settings < models.Length; settings++)
            {
                foreach (MediaType[] media in MediaSets(agent))
                {
                    double cost = models[settings].GetConversationCost(agent, media);
                    double.IsFinite(cost).ShouldBeTrue($"{agent.Id} [{string.Join(",", media)}] settings #{settings}: {cost}");
                    cost.ShouldBeGreaterThanOrEqualTo(0, $"{agent.Id} [{string.Join(",", media)}] settings #{settings}"); // ICapacityModel: "The cost, from 0."
                }
            }
        }
    }

    [Test]
    public void GetConversationLoad_AnyConversationAndTime_IsFiniteAndAtLeastZero()
    {
        ICapacityModel[] models = Models();
        foreach ((AgentProfile agent, int settings, AssignedConversation conversation, DateTimeOffset now) in Cases())
        {
            double load = models[settings].GetConversationLoad(agent, conversation, now);
            double.IsFinite(load).ShouldBeTrue($"{Describe(agent, settings, conversation, now)}: {load}");
            load.ShouldBeGreaterThanOrEqualTo(0, Describe(agent, settings, conversation, now));
        }
    }

    [Test]
    public void GetConversationLoad_JustAssigned_EqualsItsCost()
    {
        ICapacityModel[] models = Models();
        foreach (AgentProfile agent in Profiles)
        {
            for (int settings = 0; settings < models.Length; settings++)
            {
                foreach (MediaType[] media in MediaSets(agent))
                {
                    var conversation = new AssignedConversation(new ConversationId("c"), [.. media], T0, null, null);
                    models[settings].GetConversationLoad(agent, conversation, T0)
                        .ShouldBe(models[settings].GetConversationCost(agent, media), Tolerance, Describe(agent, settings, conversation, T0));
                }
            }
        }
    }

    [Test]
    public void GetNextLoadChange_AnyConversationAndTime_IsNullOrAfterNow()
    {
        ICapacityModel[] models = Models();
        foreach ((AgentProfile agent, int settings, AssignedConversation conversation, DateTimeOffset now) in Cases())
        {
            if (models[settings].GetNextLoadChange(agent, conversation, now) is { } next)
            {
                next.ShouldBeGreaterThan(now, Describe(agent, settings, conversation, now));
            }
        }
    }

    [Test]
    public void GetNextLoadChange_LoadChangesLaterByItself_IsAnnouncedNoLaterThanTheChange()
    {
        ICapacityModel[] models = Models();
        foreach ((AgentProfile agent, int settings, AssignedConversation conversation, DateTimeOffset now) in Cases())
        {
            ICapacityModel model = models[settings];
            string where = Describe(agent, settings, conversation, now);
            double load = model.GetConversationLoad(agent, conversation, now);
            DateTimeOffset? next = model.GetNextLoadChange(agent, conversation, now);
            foreach (TimeSpan later in Moments.Where(m => m > TimeSpan.Zero))
            {
                DateTimeOffset then = now + later;
                if (Math.Abs(model.GetConversationLoad(agent, conversation, then) - load) > Tolerance)
                {
                    next.ShouldNotBeNull($"{where}: the load changes by {then:O} unannounced");
                    next.Value.ShouldBeLessThanOrEqualTo(then, $"{where}: the load changes by {then:O}, announced for {next:O}");
                }
            }
        }
    }

    [Test]
    public void AllMethods_SameInputsAndTime_GiveTheSameAnswers()
    {
        ICapacityModel[] firsts = Models();
        ICapacityModel[] seconds = Models();
        foreach ((AgentProfile agent, int settings, AssignedConversation conversation, DateTimeOffset now) in Cases())
        {
            ICapacityModel first = firsts[settings];
            ICapacityModel second = seconds[settings];
            string where = Describe(agent, settings, conversation, now);
            first.GetLimit(agent).ShouldBe(second.GetLimit(agent), where);
            first.GetConversationCost(agent, conversation.Media.AsSpan()).ShouldBe(first.GetConversationCost(agent, conversation.Media.AsSpan()), where);
            first.GetConversationLoad(agent, conversation, now).ShouldBe(first.GetConversationLoad(agent, conversation, now), where);
            first.GetConversationLoad(agent, conversation, now).ShouldBe(second.GetConversationLoad(agent, conversation, now), where);
            first.GetNextLoadChange(agent, conversation, now).ShouldBe(first.GetNextLoadChange(agent, conversation, now), where);
            first.GetNextLoadChange(agent, conversation, now).ShouldBe(second.GetNextLoadChange(agent, conversation, now), where);
        }
    }

    [Test]
    public void AgentLoad_AssignedConversationsOverTime_IsTheSumOfTheirLoads()
    {
        using var kit = NewKit();
        ICapacityModel model = Model(kit.Options);
        AgentProfile agent = Agent("wide", maxConcurrent: 8, MediaType.Chat, new MediaCapacity(MediaType.Voice, 4));
        kit.Engine.AddAgent(agent, AgentState.Online);
        var assigned = new Dictionary<string, AssignedConversation>();

        void Assign(string id, params MediaType[] media)
        {
            kit.Engine.Assign(new ConversationRequest(new ConversationId(id)) { Skill = new SkillId("sales"), Media = [.. media] }, agent.Id);
            assigned[id] = new AssignedConversation(new ConversationId(id), [.. media], kit.Clock.GetUtcNow(), null, null);
        }

        void Message(string id, MessageAuthor author)
        {
            kit.Engine.ReportMessage(new ConversationId(id), author);
            DateTimeOffset now = kit.Clock.GetUtcNow();
            assigned[id] = author == MessageAuthor.Agent ? assigned[id] with { LastAgentMessageAt = now } : assigned[id] with { LastConsumerMessageAt = now };
        }

        void LoadShouldBeTheSum(string when)
        {
            DateTimeOffset now = kit.Clock.GetUtcNow();
            double sum = assigned.Values.Sum(c => model.GetConversationLoad(agent, c, now));
            kit.Engine.GetAgent(agent.Id).Load.ShouldBe(sum, Tolerance, when);
        }

        Assign("chat-1", MediaType.Chat);
        LoadShouldBeTheSum("after the first assignment");
        kit.Clock.Advance(TimeSpan.FromSeconds(10));
        Assign("chat-voice", MediaType.Chat, MediaType.Voice);
        kit.Clock.Advance(TimeSpan.FromSeconds(5));
        Message("chat-1", MessageAuthor.Agent);
        kit.Clock.Advance(TimeSpan.FromSeconds(20));
        Assign("chat-2", MediaType.Chat);
        Message("chat-voice", MessageAuthor.Consumer);
        LoadShouldBeTheSum("after three assignments and two messages");
        foreach (TimeSpan step in Moments.Where(m => m > TimeSpan.Zero))
        {
            kit.Clock.Advance(step);
            LoadShouldBeTheSum($"{kit.Elapsed} after the start");
        }

        Message("chat-2", MessageAuthor.Consumer);
        LoadShouldBeTheSum("after the consumer wrote again");
    }

    [Test]
    public void Submit_AcceptedUntilTheAgentIsRefused_LoadStaysWithinTheLimit()
    {
        foreach ((AgentProfile agent, MediaType[] media) in FillCases())
        {
            (AgentSnapshot full, _, int accepted) = Fill(agent, media);
            accepted.ShouldBeGreaterThan(0, $"{agent.Id} [{string.Join(",", media)}]: an idle agent took nothing");
            full.Load.ShouldBeLessThanOrEqualTo(full.Limit + Tolerance, $"{agent.Id} [{string.Join(",", media)}] after {accepted} conversations");
        }
    }

    [Test]
    public void Submit_AgentRefused_OnlyOnceTheNextCostNoLongerFits()
    {
        foreach ((AgentProfile agent, MediaType[] media) in FillCases())
        {
            (AgentSnapshot full, double cost, int accepted) = Fill(agent, media);
            (full.Load + cost).ShouldBeGreaterThan(full.Limit - Tolerance, $"{agent.Id} [{string.Join(",", media)}] refused after {accepted} conversations with room left");
        }
    }

    [Test]
    public void Engine_SameOperationsAndClock_GiveTheSameLoadsAndLimits()
    {
        static string[] Run(CapacityModelContractTests test)
        {
            using var kit = test.NewKit();
            var seen = new List<string>();
            foreach (AgentProfile agent in Profiles)
            {
                kit.Engine.AddAgent(agent, AgentState.Online);
            }

            for (int i = 0; i < 12; i++)
            {
                AgentProfile agent = Profiles[i % Profiles.Length];
                var request = new ConversationRequest(new ConversationId($"c{i}")) { Skill = new SkillId("sales"), Media = [agent.Media[i % agent.Media.Length].Media] };
                ConversationSnapshot offered = kit.Engine.Submit(request);
                if (offered.OfferedTo.Length > 0)
                {
                    kit.Engine.Accept(request.Id, offered.OfferedTo[0]);
                }

                kit.Clock.Advance(TimeSpan.FromSeconds(17 * (i + 1)));
                seen.AddRange(kit.Engine.GetAgents().Select(a => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{a.Id} {a.Load:R}/{a.Limit:R}")));
            }

            return [.. seen];
        }

        Run(this).ShouldBe(Run(this));
    }

    private EngineKit NewKit() => new(o => o.CapacityModel = ModelName, capacityModels: ExtraModels, logEvents: false);

    /// <summary>
    /// Adds <paramref name="agent"/> alone and submits conversations with <paramref name="media"/>, accepting each offer,
    /// until one is not offered to it. Returns the agent then, the model's cost of one more, and how many it accepted.
    /// </summary>
    private (AgentSnapshot Full, double Cost, int Accepted) Fill(AgentProfile agent, MediaType[] media)
    {
        using var kit = NewKit();
        kit.Engine.AddAgent(agent, AgentState.Online);
        int accepted = 0;
        while (accepted < 100)
        {
            var request = new ConversationRequest(new ConversationId($"c{accepted}")) { Skill = new SkillId("sales"), Media = [.. media] };
            if (!kit.Engine.Submit(request).OfferedTo.Contains(agent.Id))
            {
                break;
            }

            kit.Engine.Accept(request.Id, agent.Id);
            accepted++;
        }

        accepted.ShouldBeLessThan(100, $"{agent.Id} [{string.Join(",", media)}] was never refused");
        double cost = Model(kit.Options).GetConversationCost(agent, media);
        return (kit.Engine.GetAgent(agent.Id), cost, accepted);
    }

    private static IEnumerable<(AgentProfile Agent, MediaType[] Media)> FillCases() =>
        Profiles.SelectMany(agent => MediaSets(agent).Select(media => (agent, media)));

    /// <summary>Every medium the agent handles alone, and all of them together.</summary>
    private static IEnumerable<MediaType[]> MediaSets(AgentProfile agent)
    {
        MediaType[] handled = [.. agent.Media.Select(m => m.Media)];
        foreach (MediaType medium in handled)
        {
            yield return [medium];
        }

        if (handled.Length > 1)
        {
            yield return handled;
        }
    }

    /// <summary>
    /// Every profile, settings (an index in <see cref="OptionSets"/>) and media set, with conversations nobody wrote in, the
    /// agent wrote last, the consumer wrote last, and both wrote, asked about at every moment from their last activity on.
    /// </summary>
    private static IEnumerable<(AgentProfile Agent, int Settings, AssignedConversation Conversation, DateTimeOffset Now)> Cases()
    {
        foreach (AgentProfile agent in Profiles)
        {
            for (int settings = 0; settings < OptionSets.Length; settings++)
            {
                foreach (MediaType[] media in MediaSets(agent))
                {
                    ImmutableArray<MediaType> mediaArray = [.. media];
                    AssignedConversation[] conversations =
                    [
                        new(new ConversationId("silent"), mediaArray, T0, null, null),
                        new(new ConversationId("agent-wrote"), mediaArray, T0, null, T0.AddSeconds(10)),
                        new(new ConversationId("consumer-wrote"), mediaArray, T0, T0.AddSeconds(10), null),
                        new(new ConversationId("agent-wrote-last"), mediaArray, T0, T0.AddSeconds(10), T0.AddSeconds(20)),
                        new(new ConversationId("consumer-wrote-last"), mediaArray, T0, T0.AddSeconds(30), T0.AddSeconds(10)),
                    ];
                    foreach (AssignedConversation conversation in conversations)
                    {
                        foreach (TimeSpan moment in Moments)
                        {
                            DateTimeOffset now = conversation.LastActivityAt + moment;
                            yield return (agent, settings, conversation, now);
                        }
                    }
                }
            }
        }
    }

    private static string Describe(AgentProfile agent, int settings, in AssignedConversation conversation, DateTimeOffset now) =>
        $"{agent.Id} settings #{settings} {conversation.Id} [{string.Join(",", conversation.Media)}] at +{now - T0}";

    private static AgentProfile Agent(string id, int? maxConcurrent = null, params MediaCapacity[] media) => new(new AgentId(id))
    {
        Skills = [new AgentSkill(new SkillId("sales"))],
        MaxConcurrent = maxConcurrent,
        Media = media.Length == 0 ? [MediaType.Chat] : [.. media],
    };

    private static RoutingOptions Options(Action<RoutingOptions> configure)
    {
        var options = new RoutingOptions();
        configure(options);
        return options;
    }
}

public sealed class MaxConcurrentCapacityModelContractTests : CapacityModelContractTests
{
    protected override string ModelName => CapacityModelNames.MaxConcurrent;
}

public sealed class IntensityCapacityModelContractTests : CapacityModelContractTests
{
    protected override string ModelName => CapacityModelNames.Intensity;
}

public sealed class UserCapacityModelContractTests : CapacityModelContractTests
{
    protected override string ModelName => MediaWeightedCapacityModel.ModelName;

    protected override ICapacityModel[] ExtraModels => [new MediaWeightedCapacityModel()];
}

/// <summary>
/// A capacity model a user could register: a conversation weighs its heaviest medium (chat a quarter of the agent, voice a
/// half, video all of it) and half that once it has been assigned for half an hour.
/// </summary>
internal sealed class MediaWeightedCapacityModel : ICapacityModel
{
    public const string ModelName = "media-weighted";

    private static readonly TimeSpan Settled = TimeSpan.FromMinutes(30);

    public string Name => ModelName;

    public double GetLimit(AgentProfile agent) => 1.0;

    public double GetConversationCost(AgentProfile agent, ReadOnlySpan<MediaType> media)
    {
        double heaviest = 0;
        foreach (MediaType medium in media)
        {
            heaviest = Math.Max(heaviest, medium == MediaType.Video ? 1.0 : medium == MediaType.Voice ? 0.5 : 0.25);
        }

        return heaviest;
    }

    public double GetConversationLoad(AgentProfile agent, in AssignedConversation conversation, DateTimeOffset now)
    {
        double cost = GetConversationCost(agent, conversation.Media.AsSpan());
        return now - conversation.AssignedAt >= Settled ? cost / 2 : cost;
    }

    public DateTimeOffset? GetNextLoadChange(AgentProfile agent, in AssignedConversation conversation, DateTimeOffset now)
    {
        DateTimeOffset settles = conversation.AssignedAt + Settled;
        return settles > now ? settles : null;
    }
}
