using RoutingCore.State;

namespace RoutingCore.Engine;

/// <summary>
/// Writing the state document (docs/state-format.md): the engine's state captured under the lock into immutable records,
/// serialized outside it by the source-generated <see cref="StateJsonContext"/>. Collections are written in a canonical
/// order (roster order, conversation sequence, timers by due time) so that equal states give equal documents.
/// </summary>
internal sealed class StateWriter
{
    /// <summary>The format version this engine writes and the newest it reads.</summary>
    public const int FormatVersion = 2;

    /// <summary>The oldest format version this engine reads.</summary>
    public const int OldestFormatVersion = 1;

    private readonly EngineContext _context;
    private readonly ConversationTable _conversations;
    private readonly WaitingQueue _queue;
    private readonly EngineTimers _timers;
    private readonly TimerDispatch _timerDispatch;

    public StateWriter(EngineContext context, ConversationTable conversations, WaitingQueue queue, EngineTimers timers, TimerDispatch timerDispatch)
    {
        _context = context;
        _conversations = conversations;
        _queue = queue;
        _timers = timers;
        _timerDispatch = timerDispatch;
    }

    /// <summary>
    /// Captures the state at the engine's time (<see cref="EngineContext.HighWater"/>), after the caller ran the timers due
    /// by then. The clock is not read again: another thread may have moved it past a due time whose timer waits for the lock.
    /// </summary>
    public StateDocument Capture(WorkloadLedger ledger)
    {
        DateTimeOffset now = _context.HighWater;
        Dictionary<AgentId, int> positions = StateColumns.Positions(_context.Roster);
        var agents = new AgentDto[_context.Roster.Count];
        for (int i = 0; i < agents.Length; i++)
        {
            agents[i] = CaptureAgent(_context.Roster[i]);
        }

        ConversationRecord[] conversations = [.. _context.Conversations.Values];
        Array.Sort(conversations, static (x, y) => x.Sequence.CompareTo(y.Sequence));
        var queues = new List<QueueDto>(_queue.SkillQueueCount + 1);
        foreach ((SkillId? skill, ConversationRecord[] waiting) in _queue.ForDocument())
        {
            queues.Add(CaptureQueue(skill, waiting));
        }

        return new StateDocument
        {
            FormatVersion = FormatVersion,
            SavedAt = now,
            Counters = new StateCounters
            {
                NextAgentOrder = _context.NextAgentOrder,
                NextConversationSequence = _context.NextConversationSequence,
                NextToken = _context.NextToken,
                NextTimerSequence = _timers.NextSequence,
                LastEventSequence = _context.LastEventSequence,
                LastCommandSequence = _context.LastCommandSequence,
            },
            Media = _context.Media.ToArray(),
            Tags = _context.Tags.ToArray(),
            Skills = [.. _context.Skills.Keys.Select(s => s.Value)],
            Agents = agents,
            Conversations = [.. conversations.Select(c => CaptureConversation(c, ledger, positions))],
            Queues = [.. queues],
            History = StateColumns.CaptureHistory(_context.History),
            Workload = ledger.ExportState(),
            Timers = CaptureTimers(),
            Retries = StateRetries.Capture(_context.Retries, conversations),
            Closed = StateColumns.CaptureClosed(_conversations),
        };
    }

    private static AgentDto CaptureAgent(AgentRecord agent)
    {
        AgentProfile profile = agent.Profile;
        return new AgentDto
        {
            Profile = CaptureProfile(profile),
            Order = agent.Order,
            State = agent.State,
            StateSince = agent.StateSince,
            LastAcceptedAt = agent.LastAcceptedAt,
            Load = agent.Load,
            NextLoadChangeAt = agent.NextLoadChangeTicks == long.MaxValue ? null : new DateTimeOffset(agent.NextLoadChangeTicks, TimeSpan.Zero),
            Reserved = agent.Reserved,
            Declines = agent.Declines,
            Timeouts = agent.Timeouts,
            ConsecutiveIgnored = agent.ConsecutiveIgnored,
            AbsenceToken = agent.AbsenceToken,
            LoadCheckAt = agent.ScheduledLoadCheck == DateTimeOffset.MaxValue ? null : agent.ScheduledLoadCheck,
            Conversations = [.. agent.Conversations.Select(c => c.Request.Id.Value)],
            Offers = [.. agent.Offers.Select(o => o.Conversation.Request.Id.Value)],
        };
    }

    private ConversationDto CaptureConversation(ConversationRecord conversation, WorkloadLedger ledger, Dictionary<AgentId, int> positions)
    {
        return new ConversationDto
        {
            Request = CaptureRequest(conversation.Request),
            State = conversation.State,
            Skill = conversation.Skill?.Value,
            Sequence = conversation.Sequence,
            OpenedAt = conversation.OpenedAt,
            SlaDue = conversation.SlaDue,
            Agent = conversation.Agent?.Profile.Id.Value,
            AssignedAt = conversation.AssignedAt == default ? null : conversation.AssignedAt,
            LastConsumerMessageAt = conversation.LastConsumerMessageAt,
            LastAgentMessageAt = conversation.LastAgentMessageAt,
            AutoCloseToken = conversation.AutoCloseToken,
            Offers = [.. conversation.Offers.Select(o => new OfferDto
            {
                Agent = o.Agent.Profile.Id.Value,
                Step = o.Step,
                OfferedAt = o.OfferedAt,
                Cost = o.Cost,
                TimedOut = o.TimedOut,
                ExclusiveSince = conversation.Exclusive == o ? o.OfferedAt : null, // an offer is exclusive from the moment it is made
            })],
            Plan = conversation.Plan is { } plan ? CapturePlan(plan) : null,
            Step = conversation.Step,
            StepToken = conversation.StepToken,
            Excluded = conversation.Excluded is { } excluded ? [.. excluded.Select(a => new AgentRefDto { Agent = a.Value, Removed = !_context.Agents.ContainsKey(a) })] : null,
            Past = StateColumns.CapturePast(conversation.PastOffers, positions),
            Group = conversation.Group?.Value,
            Target = conversation.Target?.Value,
            MaxWaitPassed = conversation.MaxWaitPassed,
            OpenTurn = conversation.OpenTurn is { } split && conversation.Skill is { } skill && ledger.IsCurrent(skill, split),
            MaxWaitToken = conversation.MaxWaitToken,
            QueuedAt = conversation.Waiting?.QueuedAt,
            RetryToken = conversation.RetryToken,
        };
    }

    /// <summary>A profile as the document (and a command record) writes it.</summary>
    internal static ProfileDto CaptureProfile(AgentProfile profile) => new()
    {
        Id = profile.Id.Value,
        DisplayName = profile.DisplayName,
        Skills = [.. profile.Skills.Select(s => new AgentSkillDto { Skill = s.Skill.Value, Proficiency = s.Proficiency })],
        Tags = [.. profile.Tags],
        Groups = [.. profile.Groups.Select(g => g.Value)],
        Media = [.. profile.Media.Select(m => new MediaCapacityDto { Media = m.Media.Name, MaxSessions = m.MaxSessions })],
        MaxConcurrent = profile.MaxConcurrent,
    };

    /// <summary>A request as the document (and a command record) writes it.</summary>
    internal static RequestDto CaptureRequest(ConversationRequest request) => new()
    {
        Id = request.Id.Value,
        Skill = request.Skill?.Value,
        Media = [.. request.Media.Select(m => m.Name)],
        RequiredTags = request.RequiredTags.IsDefaultOrEmpty ? null : [.. request.RequiredTags],
        OptionalTags = request.OptionalTags.IsDefaultOrEmpty ? null : [.. request.OptionalTags],
        Priority = request.Priority,
        Consumer = request.Consumer?.Value,
        CreatedAt = request.CreatedAt,
        Attributes = request.Attributes.IsEmpty ? null : request.Attributes.OrderBy(a => a.Key, StringComparer.Ordinal).ToDictionary(a => a.Key, a => a.Value, StringComparer.Ordinal),
        ConversationType = request.ConversationType,
    };

    private static PlanDto CapturePlan(RoutingPlan plan) => new()
    {
        Strategy = plan.Strategy,
        Skill = plan.Skill?.Value,
        StepDelay = plan.StepDelay,
        PlannedAt = plan.PlannedAt,
        Steps = [.. plan.Steps.Select(s => new PlanStepDto
        {
            OfferAfter = s.OfferAfter,
            Agents = [.. s.Agents.Select(a => new PlannedAgentDto { Agent = a.Agent.Value, Score = a.Score })],
        })],
        Exclusions = plan.Exclusions.IsDefaultOrEmpty ? null : [.. plan.Exclusions.Select(e => new ExclusionDto { Reason = e.Reason, Agents = e.Agents })],
    };

    private static QueueDto CaptureQueue(SkillId? skill, ConversationRecord[] queue) => new()
    {
        Skill = skill?.Value,
        Conversations = [.. queue.Select(c => c.Request.Id.Value)],
    };

    /// <summary>The pending timer items that can still do something, by due time then scheduling order.</summary>
    private TimerDto[] CaptureTimers()
    {
        var live = new List<(TimerItem Item, long Due, long Sequence)>(_timers.Count);
        foreach ((TimerItem item, (long Due, long Sequence) priority) in _timers.Pending)
        {
            if (_timerDispatch.IsCurrent(item))
            {
                live.Add((item, priority.Due, priority.Sequence));
            }
        }

        live.Sort(static (x, y) => x.Due != y.Due ? x.Due.CompareTo(y.Due) : x.Sequence.CompareTo(y.Sequence));
        var result = new TimerDto[live.Count];
        for (int i = 0; i < result.Length; i++)
        {
            (TimerItem item, long due, long sequence) = live[i];
            result[i] = new TimerDto
            {
                Kind = item.Kind,
                Conversation = item.TargetsAgent ? null : item.Conversation.Value,
                Agent = item.TargetsAgent ? item.Agent.Value : null,
                Token = item.Token,
                Due = new DateTimeOffset(due, TimeSpan.Zero),
                Sequence = sequence,
            };
        }

        return result;
    }
}
