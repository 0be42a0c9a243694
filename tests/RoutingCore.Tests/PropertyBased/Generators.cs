using System.Collections.Immutable;
using System.Globalization;
using CsCheck;

namespace RoutingCore.Tests.PropertyBased;

/// <summary>One agent of a generated roster.</summary>
internal sealed record AgentSpec(AgentProfile Profile, AgentState State)
{
    public override string ToString()
    {
        AgentProfile p = Profile;
        return string.Create(CultureInfo.InvariantCulture,
            $"{p.Id} {State} skills [{string.Join(",", p.Skills.Select(s => s.Proficiency is { } q ? $"{s.Skill}:{q}" : s.Skill.Value))}] tags [{string.Join(",", p.Tags)}] groups [{string.Join(",", p.Groups)}] media [{string.Join(",", p.Media.Select(m => m.MaxSessions is { } x ? $"{m.Media}:{x}" : m.Media.Name))}] max {p.MaxConcurrent}");
    }
}

/// <summary>A generated configuration: the options it builds, and a one-line description.</summary>
internal sealed record ConfigSpec(string Strategy, string CapacityModel, int Steps, int StepDelaySeconds, bool ForcedPause, int IgnoredThreshold,
    string? DefaultSkill, string? FallbackSkill, UnassignedSkillPolicy Policy, int[] Primary, int[] Secondary, int? MaxWaitSeconds,
    int IdleChatSeconds, double Overbook, int GraceSeconds, int? AutoCloseSeconds, double[] Weights, string? SkillStrategy)
{
    public RoutingOptions Build()
    {
        var options = new RoutingOptions
        {
            Strategy = Strategy,
            CapacityModel = CapacityModel,
            Steps = Steps,
            StepDelay = TimeSpan.FromSeconds(StepDelaySeconds),
            DefaultSkill = DefaultSkill,
            FallbackSkill = FallbackSkill,
            UnassignedSkillPolicy = Policy,
            AbsenceGracePeriod = TimeSpan.FromSeconds(GraceSeconds),
            AutoCloseAfter = AutoCloseSeconds is { } close ? TimeSpan.FromSeconds(close) : null,
            AgentGroups = [.. Universe.Groups],
            WorkloadCatchUpLimit = CatchUpLimit,
        };
        options.ForcedPause.Enabled = ForcedPause;
        options.ForcedPause.IgnoredOffersThreshold = IgnoredThreshold;
        options.MaxConcurrent.IdleChatTimeout = TimeSpan.FromSeconds(IdleChatSeconds);
        options.Intensity.OverbookAllowance = Overbook;
        options.Intensity.TimeToInactive = TimeSpan.FromSeconds(90);
        options.CustomWeights = new ScoringWeightsOptions { Load = Weights[0], Idle = Weights[1], Tags = Weights[2], Affinity = Weights[3] };
        options.ResponseSla.ByConversationType[ConversationTypes.FirstTime] = TimeSpan.FromSeconds(30);
        foreach (string skill in Universe.Skills)
        {
            options.Skills[skill] = new SkillOptions();
        }

        options.Skills[Universe.Skills[1]].Strategy = SkillStrategy;
        options.Skills[Universe.DistributedSkill].Workload = Distribution(Primary, Secondary, MaxWaitSeconds).ToOptions();
        return options;
    }

    /// <summary>
    /// The catch-up limit of the split (0, 1, 2 or the default 10), derived from a value already generated rather than generated
    /// itself, so that pinned seeds replay the scenarios they were found with.
    /// </summary>
    public int CatchUpLimit => (StepDelaySeconds % 4) switch { 0 => 0, 1 => 1, 2 => 2, _ => 10 };

    public static WorkloadDistribution Distribution(int[] primary, int[] secondary, int? maxWaitSeconds) => WorkloadDistribution.Create(
        primary.Select((p, i) => new AgentGroupShare(new AgentGroupId(Universe.Groups[i]), p)),
        secondary.Length == 0 ? null : [new AgentGroupShare(new AgentGroupId(Universe.Groups[2]), 100)],
        maxWaitSeconds is { } wait ? TimeSpan.FromSeconds(wait) : null);

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Strategy}/{CapacityModel} steps {Steps} delay {StepDelaySeconds}s pause {ForcedPause}:{IgnoredThreshold} default {DefaultSkill} fallback {FallbackSkill} {Policy} split [{string.Join(",", Primary)}]/[{string.Join(",", Secondary)}] wait {MaxWaitSeconds} catch-up {CatchUpLimit} idle {IdleChatSeconds}s overbook {Overbook} grace {GraceSeconds}s autoclose {AutoCloseSeconds} weights [{string.Join(",", Weights)}] s1 {SkillStrategy}");
}

/// <summary>What a generated event does; the numbers pick its targets among what exists when it runs.</summary>
internal enum OpKind
{
    Submit,
    Accept,
    Decline,
    Close,
    ReturnToQueue,
    Transfer,
    Message,
    SetState,
    Advance,
    ChangeSplit,
    Assign,
    RemoveAgent,
    ReAddAgent,
}

/// <summary>One generated event.</summary>
internal readonly record struct Op(OpKind Kind, int A, int B, int C)
{
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Kind}({A},{B},{C})");
}

/// <summary>A generated roster, configuration and event sequence.</summary>
internal sealed record Scenario(ConfigSpec Config, AgentSpec[] Agents, Op[] Ops)
{
    public override string ToString() =>
        $"config: {Config}{Environment.NewLine}agents:{Environment.NewLine}  {string.Join(Environment.NewLine + "  ", Agents.Select(a => a.ToString()))}{Environment.NewLine}ops: {string.Join(" ", Ops)}";
}

/// <summary>The names generated rosters and requests draw from.</summary>
internal static class Universe
{
    public static readonly string[] Skills = ["s0", "s1", "s2", "s3"];
    public static readonly string DistributedSkill = "s0";
    public static readonly string[] Tags = ["t0", "t1", "t2", "t3"];
    public static readonly string[] Groups = ["g0", "g1", "g2"];
    public static readonly MediaType[] Media = [MediaType.Chat, MediaType.Voice, MediaType.Video];
    public static readonly string[] Strategies =
    [
        RoutingStrategyNames.Broadcast, RoutingStrategyNames.SkillBased, RoutingStrategyNames.RoundRobin,
        RoutingStrategyNames.LeastLoaded, RoutingStrategyNames.Dynamic, RoutingStrategyNames.CustomWeighted,
    ];

    public static readonly AgentState[] States = [AgentState.Online, AgentState.Away, AgentState.BackSoon, AgentState.Paused, AgentState.Offline];

    public static ImmutableArray<string> TagsOf(int mask) => [.. Tags.Where((_, i) => (mask & (1 << i)) != 0)];

    /// <summary>A request drawn from three generated numbers: its skill, then media and tags, then priority, type, consumer and age.</summary>
    public static ConversationRequest Request(ConversationId id, int skill, int b, int c, DateTimeOffset now) => new(id)
    {
        Skill = skill switch
        {
            < 4 => new SkillId(Skills[skill]),
            4 => (SkillId?)null,
            _ => new SkillId("s9"),
        },
        Media = (b & 3) switch
        {
            0 => [MediaType.Chat],
            1 => [MediaType.Chat, MediaType.Voice],
            2 => [MediaType.Voice],
            _ => [MediaType.Video],
        },
        RequiredTags = ((b >> 2) & 3) switch
        {
            0 => [],
            1 => ["t0"],
            2 => ["T1"],
            _ => ["t0", "t2"],
        },
        OptionalTags = TagsOf((b >> 4) & 15),
        Priority = c % 3,
        ConversationType = (c / 3) % 3 == 0 ? ConversationTypes.FirstTime : null,
        Consumer = (c / 9) % 5 < 4 ? new ConsumerId($"c{(c / 9) % 5}") : (ConsumerId?)null,
        CreatedAt = (c / 45) % 3 == 0 ? now - TimeSpan.FromSeconds(20) : null,
    };

    /// <summary>The requests a run plans between operations to compare engines: one per skill, and one for any agent.</summary>
    public static ConversationRequest[] Probes() =>
    [
            .. Skills.Select(s => new ConversationRequest(new ConversationId($"probe-{s}")) { Skill = new SkillId(s), OptionalTags = ["t0", "t1"], Consumer = new ConsumerId("c0") }),
            new ConversationRequest(new ConversationId("probe-any")) { OptionalTags = ["t2"], Media = [MediaType.Chat, MediaType.Voice] },
    ];
}

/// <summary>CsCheck generators of rosters, configurations and event sequences.</summary>
internal static class Generators
{
    /// <summary>A proficiency: none (full), or a quarter step from 0 to 1.</summary>
    public static readonly Gen<double?> Proficiency = Gen.Frequency((2, Gen.Const((double?)null)), (3, Gen.Int[0, 4].Select(q => (double?)(q / 4.0))));

    /// <summary>An agent: 1..3 skills with proficiencies, 0..3 tags, 0..2 groups, chat and maybe voice and video with their own maximums, a per-agent maximum and a state.</summary>
    public static readonly Gen<Func<int, AgentSpec>> Agent =
        Gen.Select(
            Gen.Int[1, 15], // skill mask (nonzero)
            Proficiency.Array[4],
            Gen.Int[0, 15], // tag mask
            Gen.Int[0, 5], // groups
            Gen.Int[0, 3], // extra media mask (voice, video)
            Gen.Int[0, 3].Array[3], // per-media maximum (0: none)
            Gen.Frequency((2, Gen.Const((int?)null)), (3, Gen.Int[1, 4].Select(m => (int?)m))),
            Gen.Frequency((6, Gen.Const(AgentState.Online)), (1, Gen.OneOf(AgentState.Away, AgentState.BackSoon, AgentState.Paused, AgentState.Offline))))
        .Select((skills, proficiency, tags, groups, media, maxima, max, state) => (Func<int, AgentSpec>)(index =>
        {
            var profile = new AgentProfile(new AgentId($"a{index}"))
            {
                Skills = [.. Universe.Skills.Select((s, i) => (s, i)).Where(x => (skills & (1 << x.i)) != 0).Select(x => new AgentSkill(new SkillId(x.s), proficiency[x.i]))],
                Tags = Universe.TagsOf(tags),
                Groups = groups switch
                {
                    0 => [],
                    1 => [new AgentGroupId("g0")],
                    2 => [new AgentGroupId("g1")],
                    3 => [new AgentGroupId("g2")],
                    4 => [new AgentGroupId("g0"), new AgentGroupId("g2")],
                    _ => [new AgentGroupId("g1"), new AgentGroupId("g2")],
                },
                Media = [.. Universe.Media.Select((m, i) => (m, i)).Where(x => x.i == 0 || (media & (1 << (x.i - 1))) != 0)
                    .Select(x => new MediaCapacity(x.m, maxima[x.i] == 0 ? null : maxima[x.i]))],
                MaxConcurrent = max,
            };
            return new AgentSpec(profile, state);
        }));

    /// <summary>2..7 agents named a0, a1, ...</summary>
    public static readonly Gen<AgentSpec[]> Roster = Agent.Array[2, 7].Select(makers => makers.Select((make, i) => make(i)).ToArray());

    /// <summary>A primary split over g0 and g1 (tens of percent, so 0 and 100 occur), sometimes over g0, g1 and g2.</summary>
    public static readonly Gen<int[]> PrimarySplit = Gen.Frequency(
        (3, Gen.Int[0, 10].Select(t => new[] { t * 10, 100 - (t * 10) })),
        (1, Gen.Int[0, 5].Select(Gen.Int[0, 5], (a, b) => new[] { a * 10, b * 10, 100 - (a * 10) - (b * 10) })));

    /// <summary>Every setting the issue lists: six strategies, both capacity models, steps and delays, forced pause, default and fallback skills, a workload split.</summary>
    public static readonly Gen<ConfigSpec> Config = Gen.Select(
        Gen.Select(
            Gen.OneOf(Universe.Strategies),
            Gen.OneOf(CapacityModelNames.MaxConcurrent, CapacityModelNames.Intensity),
            Gen.Int[1, 4],
            Gen.Int[5, 20],
            Gen.Bool,
            Gen.Int[1, 2],
            Gen.OneOf<string?>(null, null, "s1", "s3"),
            Gen.OneOf<string?>(null, "s2", "s1")),
            Gen.Select(
                Gen.OneOf(UnassignedSkillPolicy.Unassigned, UnassignedSkillPolicy.KeepOnSkill, UnassignedSkillPolicy.Fallback),
                PrimarySplit,
                Gen.Bool,
                Gen.OneOf<int?>(null, null, 30),
                Gen.OneOf(0, 60),
                Gen.OneOf(0.0, 0.0, 0.5),
                Gen.OneOf(0, 30, 60),
                Gen.OneOf<int?>(null, null, 120)),
            Gen.Select(Gen.Int[0, 4].Select(q => q / 4.0).Array[4], Gen.OneOf<string?>([null, .. Universe.Strategies])),
            (a, b, c) =>
            {
                int[] primary = b.Item2;
                bool secondary = b.Item3 && primary.Length == 2; // g2 is secondary only when it is not primary
                string? fallback = a.Item8 == a.Item7 ? null : a.Item8;
                return new ConfigSpec(a.Item1, a.Item2, a.Item3, a.Item4, a.Item5, a.Item6, a.Item7, fallback, b.Item1, primary,
                    secondary ? [100] : [], b.Item4, b.Item5, b.Item6, b.Item7, b.Item8, c.Item1, c.Item2);
            });

    /// <summary>One event, weighted towards what keeps conversations moving.</summary>
    public static readonly Gen<Op> Operation = Gen.Frequency(
        (20, Gen.Select(Gen.Int[0, 5], Gen.Int[0, 255], Gen.Int[0, 1023], (a, b, c) => new Op(OpKind.Submit, a, b, c))),
        (22, Gen.Select(Gen.Int[0, 99], Gen.Int[0, 99], (a, b) => new Op(OpKind.Accept, a, b, 0))),
        (6, Gen.Select(Gen.Int[0, 99], Gen.Int[0, 99], (a, b) => new Op(OpKind.Decline, a, b, 0))),
        (8, Gen.Int[0, 99].Select(a => new Op(OpKind.Close, a, 0, 0))),
        (4, Gen.Int[0, 99].Select(a => new Op(OpKind.ReturnToQueue, a, 0, 0))),
        (4, Gen.Select(Gen.Int[0, 99], Gen.Int[0, 3], (a, b) => new Op(OpKind.Transfer, a, b, 0))),
        (10, Gen.Select(Gen.Int[0, 99], Gen.Int[0, 1], (a, b) => new Op(OpKind.Message, a, b, 0))),
        (8, Gen.Select(Gen.Int[0, 99], Gen.Int[0, 9], (a, b) => new Op(OpKind.SetState, a, b, 0))),
        (12, Gen.OneOf(1, 5, 13, 30, 61, 95, 250).Select(a => new Op(OpKind.Advance, a, 0, 0))),
        (2, PrimarySplit.Select(p => new Op(OpKind.ChangeSplit, p[0], p.Length == 3 ? p[1] : -1, 0))),
        (3, Gen.Select(Gen.Int[0, 99], Gen.Int[0, 5], Gen.Int[0, 255], (a, b, c) => new Op(OpKind.Assign, a, b, c))),
        (2, Gen.Int[0, 99].Select(a => new Op(OpKind.RemoveAgent, a, 0, 0))),
        (2, Gen.Select(Gen.Int[0, 99], Gen.Int[0, 9], (a, b) => new Op(OpKind.ReAddAgent, a, b, 0))));

    /// <summary>A roster, a configuration and 10..<paramref name="maxOps"/> events.</summary>
    public static Gen<Scenario> Scenarios(int maxOps) =>
        Gen.Select(Config, Roster, Operation.Array[10, maxOps], (c, r, o) => new Scenario(c, r, o));
}
