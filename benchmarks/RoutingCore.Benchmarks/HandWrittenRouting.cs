namespace RoutingCore.Benchmarks;

/// <summary>
/// The engine's roster copied out through the public API once (<see cref="IRoutingEngine.GetAgents"/> and the load
/// conversations), so the hand-written baseline and the memory-bound limit read the same data as the engine, not the
/// engine itself.
/// </summary>
internal sealed class CapturedRoster
{
    private CapturedRoster(
        AgentSnapshot[] agents,
        DateTimeOffset now,
        RoutingOptions options,
        Dictionary<ConsumerId, HashSet<AgentId>> servedBy)
    {
        Agents = agents;
        Now = now;
        Options = options;
        ServedBy = servedBy;
    }

    /// <summary>Every agent on the roster, in roster order.</summary>
    public AgentSnapshot[] Agents { get; }

    /// <summary>The engine's time (the benchmark clock stands still).</summary>
    public DateTimeOffset Now { get; }

    /// <summary>The options the engine was built with: strategy, steps, weights, default slots.</summary>
    public RoutingOptions Options { get; }

    /// <summary>Who served each consumer (the engine's consumer history, rebuilt from the assigned conversations).</summary>
    public Dictionary<ConsumerId, HashSet<AgentId>> ServedBy { get; }

    /// <summary>The fields of the target skill's holders, column by column, for the limit.</summary>
    public LimitColumns Columns { get; private set; } = new();

    /// <summary>The agents who served the request's consumer before (none without a consumer).</summary>
    public HashSet<AgentId> ServedBefore(ConversationRequest request) =>
        request.Consumer is { } consumer ? ServedBy.GetValueOrDefault(consumer) ?? [] : [];

    /// <summary>
    /// Copies the roster of an engine built by <see cref="BenchmarkRoster.Build"/>. Consumer affinity comes from the
    /// public API too: the load conversations (<see cref="BenchmarkRoster.LoadConversationPrefix"/>0..n−1, n = the sum of
    /// the agents' conversations) give each consumer's agents in the order they were assigned; the engine remembers
    /// the <see cref="RoutingDefaults.ConsumerHistoryDepth"/> most recent ones per consumer, and forgets whole consumers
    /// only beyond <see cref="RoutingDefaults.ConsumerHistoryCapacity"/> of them (checked here: the roster stays below).
    /// </summary>
    public static CapturedRoster Capture(IRoutingEngine engine, DateTimeOffset now, RoutingOptions options, ConversationRequest request)
    {
        AgentSnapshot[] agents = [.. engine.GetAgents()];
        foreach (AgentSnapshot agent in agents)
        {
            if (agent.Reserved != 0 || agent.PendingOffers != 0)
            {
                throw new InvalidOperationException($"Capture a roster at rest; {agent.Id} has pending offers.");
            }
        }

        int conversations = agents.Sum(a => a.Conversations);
        var history = new Dictionary<ConsumerId, List<AgentId>>();
        for (int n = 0; n < conversations; n++)
        {
            ConversationSnapshot conversation = engine.GetConversation(new ConversationId($"{BenchmarkRoster.LoadConversationPrefix}{n}"));
            if (conversation.Request.Consumer is not { } consumer || conversation.Agent is not { } agent)
            {
                throw new InvalidOperationException($"Load conversation {conversation} should be assigned and have a consumer.");
            }

            if (!history.TryGetValue(consumer, out List<AgentId>? served))
            {
                history.Add(consumer, served = []);
            }

            served.Remove(agent);
            served.Insert(0, agent); // most recent first
        }

        if (history.Count > RoutingDefaults.ConsumerHistoryCapacity)
        {
            throw new InvalidOperationException($"{history.Count} consumers: the engine forgets some, the capture cannot tell which.");
        }

        Dictionary<ConsumerId, HashSet<AgentId>> servedBy = history.ToDictionary(
            entry => entry.Key,
            entry => entry.Value.Take(RoutingDefaults.ConsumerHistoryDepth).ToHashSet());
        var roster = new CapturedRoster(agents, now, options, servedBy);
        roster.Columns = LimitColumns.From(roster, request);
        return roster;
    }

    /// <summary>The chat cost of a conversation for an agent under the max-concurrent model: 1 / its slots for the heaviest medium.</summary>
    public double CostFor(AgentSnapshot agent, ConversationRequest request) =>
        request.Media.Max(medium => 1.0 / (agent.Profile.Media.FirstOrDefault(m => m.Media == medium).MaxSessions
                                             ?? agent.Profile.MaxConcurrent
                                             ?? Options.MaxConcurrent.DefaultMaxConcurrent));
}

/// <summary>
/// The fields planning reads, for the agents holding one skill (the agents the engine walks through its skill index),
/// one array per field. <see cref="Sum"/> reads, for one strategy, each field it needs once and adds them up: no
/// filtering decisions, no scoring, no allocation. Nothing that makes a plan from these agents can read less, so its
/// time is the memory-bound floor.
/// </summary>
internal sealed class LimitColumns
{
    public int Count;
    public byte[] State = [];
    public ulong[] Media = [];
    public double[] Committed = [];
    public double[] Limit = [];
    public double[] Cost = [];
    public ulong[] Tags = [];
    public double[] Proficiency = [];
    public long[] IdleSince = [];
    public bool[] Served = [];

    public static LimitColumns From(CapturedRoster roster, ConversationRequest request)
    {
        SkillId skill = request.Skill ?? throw new ArgumentException("The benchmarks plan for a skill.", nameof(request));
        AgentSnapshot[] holders = [.. roster.Agents.Where(a => a.Profile.Skills.Any(s => s.Skill == skill))];
        Dictionary<string, int> tagIds = Intern(roster.Agents.SelectMany(a => a.Profile.Tags));
        Dictionary<string, int> mediaIds = Intern(roster.Agents.SelectMany(a => a.Profile.Media.Select(m => m.Media.Name)));
        HashSet<AgentId> served = roster.ServedBefore(request);
        int n = holders.Length;
        var columns = new LimitColumns
        {
            Count = n,
            State = new byte[n],
            Media = new ulong[n],
            Committed = new double[n],
            Limit = new double[n],
            Cost = new double[n],
            Tags = new ulong[n],
            Proficiency = new double[n],
            IdleSince = new long[n],
            Served = new bool[n],
        };
        for (int i = 0; i < n; i++)
        {
            AgentSnapshot agent = holders[i];
            columns.State[i] = (byte)agent.State;
            foreach (MediaCapacity medium in agent.Profile.Media)
            {
                columns.Media[i] |= 1UL << mediaIds[medium.Media.Name];
            }

            columns.Committed[i] = agent.Load + agent.Reserved;
            columns.Limit[i] = agent.Limit;
            columns.Cost[i] = roster.CostFor(agent, request);
            foreach (string tag in agent.Profile.Tags)
            {
                columns.Tags[i] |= 1UL << tagIds[tag];
            }

            columns.Proficiency[i] = agent.Profile.Skills.First(s => s.Skill == skill).EffectiveProficiency;
            columns.IdleSince[i] = (agent.LastAcceptedAt ?? agent.StateSince).UtcTicks;
            columns.Served[i] = served.Contains(agent.Id);
        }

        return columns;

        static Dictionary<string, int> Intern(IEnumerable<string> names)
        {
            var ids = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
            foreach (string name in names)
            {
                ids.TryAdd(name, ids.Count);
            }

            return ids.Count <= 64 ? ids : throw new InvalidOperationException("The limit keeps an agent's tags and media in 64-bit words.");
        }
    }

    /// <summary>
    /// Reads what planning needs for <paramref name="strategy"/>: the filter's fields for every strategy (state, media,
    /// committed load, limit, cost), plus the score's: tags and proficiency (skill-based, dynamic, custom-weighted),
    /// idle-since (round-robin, dynamic, custom-weighted), served-before (custom-weighted). Least-loaded needs nothing
    /// beyond the filter's load and limit; broadcast nothing at all.
    /// </summary>
    public double Sum(string strategy)
    {
        bool tags = strategy is RoutingStrategyNames.SkillBased or RoutingStrategyNames.Dynamic or RoutingStrategyNames.CustomWeighted;
        bool idle = strategy is RoutingStrategyNames.RoundRobin or RoutingStrategyNames.Dynamic or RoutingStrategyNames.CustomWeighted;
        bool affinity = strategy is RoutingStrategyNames.CustomWeighted;

        // One pass per field, over exactly Count elements (the arrays are that long): no bounds checks in the loops.
        ulong bits = SumOf(State) + SumOf(Media);
        double sum = SumOf(Committed) + SumOf(Limit) + SumOf(Cost);
        if (tags)
        {
            bits += SumOf(Tags);
            sum += SumOf(Proficiency);
        }

        if (idle)
        {
            bits += (ulong)SumOf(IdleSince);
        }

        if (affinity)
        {
            bits += SumOf(Served);
        }

        return sum + bits;
    }

    private static double SumOf(double[] values)
    {
        double sum = 0;
        foreach (double value in values)
        {
            sum += value;
        }

        return sum;
    }

    private static ulong SumOf(ulong[] values)
    {
        ulong sum = 0;
        foreach (ulong value in values)
        {
            sum += value;
        }

        return sum;
    }

    private static long SumOf(long[] values)
    {
        long sum = 0;
        foreach (long value in values)
        {
            sum += value;
        }

        return sum;
    }

    private static ulong SumOf(byte[] values)
    {
        ulong sum = 0;
        foreach (byte value in values)
        {
            sum += value;
        }

        return sum;
    }

    private static ulong SumOf(bool[] values)
    {
        ulong sum = 0;
        foreach (bool value in values)
        {
            sum += value ? 1UL : 0UL;
        }

        return sum;
    }
}

/// <summary>
/// What a developer writes by hand for the same strategies over the same data: LINQ over the whole roster (filter with
/// Where, score with Select, order the distinct scores with OrderByDescending, group into steps with GroupBy). Follows
/// the formulas documented on the strategies and on <see cref="IRoutingEngine.Plan"/>, for the max-concurrent
/// capacity model the benchmarks use.
/// </summary>
internal static class HandWrittenRouting
{
    private const double Tolerance = RoutingDefaults.ScoreTolerance;

    /// <summary>The plan: steps of agents (roster order within a step), highest scores first.</summary>
    public static PlannedAgent[][] Plan(CapturedRoster roster, ConversationRequest request)
    {
        List<PlannedAgent> scored = Score(roster, request);

        // Distinct scores, highest first (scores within the tolerance are one); each of the top (steps − 1) gets its own
        // step, all the rest share the last one.
        int ownSteps = roster.Options.Steps - 1;
        List<double> levels = scored
            .Select(agent => agent.Score)
            .OrderByDescending(score => score)
            .Aggregate(new List<double>(), (distinct, score) =>
            {
                if (distinct.Count == 0 || distinct[^1] - score > Tolerance)
                {
                    distinct.Add(score);
                }

                return distinct;
            });
        int own = Math.Min(ownSteps, levels.Count);

        return [.. scored
            .GroupBy(agent => StepOf(agent.Score))
            .OrderBy(step => step.Key)
            .Select(step => step.ToArray())];

        int StepOf(double score)
        {
            for (int level = 0; level < own; level++)
            {
                if (Math.Abs(score - levels[level]) <= Tolerance)
                {
                    return level;
                }
            }

            return own;
        }
    }

    /// <summary>The agent a plan offers first: the first, in roster order, of those with the best score.</summary>
    public static PlannedAgent? SelectBest(CapturedRoster roster, ConversationRequest request)
    {
        List<PlannedAgent> scored = Score(roster, request);
        if (scored.Count == 0)
        {
            return null;
        }

        double best = scored.Max(agent => agent.Score);
        return scored.First(agent => best - agent.Score <= Tolerance);
    }

    /// <summary>The eligible agents in roster order, each with its score (clamped to 0..1).</summary>
    private static List<PlannedAgent> Score(CapturedRoster roster, ConversationRequest request)
    {
        SkillId skill = request.Skill ?? throw new ArgumentException("The benchmarks plan for a skill.", nameof(request));
        DateTimeOffset now = roster.Now;
        string[] optional = [.. request.OptionalTags.Distinct(StringComparer.OrdinalIgnoreCase)];
        HashSet<AgentId> served = roster.ServedBefore(request);

        var candidates = roster.Agents
            .Where(agent => agent.State == AgentState.Online)
            .Where(agent => agent.Profile.Skills.Any(held => held.Skill == skill))
            .Where(agent => request.Media.All(medium => agent.Profile.Media.Any(handled => handled.Media == medium)))
            .Where(agent => request.RequiredTags.All(tag => agent.Profile.Tags.Contains(tag, StringComparer.OrdinalIgnoreCase)))
            .Where(agent => agent.Load + agent.Reserved + roster.CostFor(agent, request) <= agent.Limit + 1e-9)
            .Select(agent => new
            {
                agent.Id,
                Load = 1.0 - (agent.Limit > 0 ? Math.Clamp((agent.Load + agent.Reserved) / agent.Limit, 0, 1) : 1),
                IdleTicks = Math.Max(0, (now - (agent.LastAcceptedAt ?? agent.StateSince)).Ticks),
                Tags = (optional.Length == 0 ? 1.0 : (double)optional.Count(tag => agent.Profile.Tags.Contains(tag, StringComparer.OrdinalIgnoreCase)) / optional.Length)
                       * agent.Profile.Skills.First(held => held.Skill == skill).EffectiveProficiency,
                Affinity = served.Contains(agent.Id) ? 1.0 : 0.0,
            })
            .ToList();

        long maxIdle = candidates.Count == 0 ? 0 : candidates.Max(candidate => candidate.IdleTicks);
        ScoringWeightsOptions w = roster.Options.CustomWeights;
        double totalWeight = w.Load + w.Idle + w.Tags + w.Affinity;
        string strategy = roster.Options.Strategy;

        return [.. candidates.Select(candidate =>
        {
            double idle = maxIdle <= 0 ? 1.0 : (double)candidate.IdleTicks / maxIdle;
            double score = strategy switch
            {
                RoutingStrategyNames.Broadcast => 0,
                RoutingStrategyNames.SkillBased => candidate.Tags,
                RoutingStrategyNames.RoundRobin => idle,
                RoutingStrategyNames.LeastLoaded => candidate.Load,
                RoutingStrategyNames.Dynamic => (candidate.Tags + idle + candidate.Load) / 3,
                RoutingStrategyNames.CustomWeighted => totalWeight <= 0
                    ? 0
                    : ((w.Load * candidate.Load) + (w.Idle * idle) + (w.Tags * candidate.Tags) + (w.Affinity * candidate.Affinity)) / totalWeight,
                _ => throw new ArgumentException($"No hand-written version of strategy '{strategy}'.", nameof(request)),
            };
            return new PlannedAgent(candidate.Id, double.IsNaN(score) ? 0 : Math.Clamp(score, 0, 1));
        })];
    }
}
