using System.Text.Json;
using RoutingCore.State;
using TimerKind = RoutingCore.State.StateTimerKind;

namespace RoutingCore.Engine;

/// <summary>
/// Writing the state document (docs/state-format.md): captured under the lock into immutable records, serialized outside
/// it by the source-generated <see cref="StateJsonContext"/>. Collections are written in a canonical order (roster order,
/// conversation sequence, timers by due time) so that equal states give equal documents.
/// </summary>
internal sealed partial class DefaultRoutingEngine
{
    /// <summary>The format version this engine writes and the newest it reads.</summary>
    internal const int StateFormatVersion = 1;

    public void SaveState(Stream destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        if (!destination.CanWrite)
        {
            throw new ArgumentException("The destination stream is not writable; pass a writable stream (for example a MemoryStream or a FileStream opened for writing).", nameof(destination));
        }

        StateDocument document;
        using (EnterGate())
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            document = CaptureState(RequireBuiltInSplitter("save"));
        }

        JsonSerializer.Serialize(destination, document, StateJsonContext.Default.StateDocument);
    }

    private Workload.QuotaWorkloadSplitter RequireBuiltInSplitter(string action) =>
        _splitter as Workload.QuotaWorkloadSplitter
            ?? throw new InvalidOperationException(
                $"The engine cannot {action} its state: its workload splitter ({_splitter.GetType().FullName}) is not the built-in one, and the state of a custom IWorkloadSplitter cannot be exported or imported. Use the built-in splitter (Workload.WorkloadSplitter) to save and restore state.");

    private StateDocument CaptureState(Workload.QuotaWorkloadSplitter splitter)
    {
        DateTimeOffset now = Now();
        var agents = new AgentDto[_roster.Count];
        for (int i = 0; i < agents.Length; i++)
        {
            agents[i] = CaptureAgent(_roster[i]);
        }

        ConversationRecord[] conversations = [.. _conversations.Values];
        Array.Sort(conversations, static (x, y) => x.Sequence.CompareTo(y.Sequence));
        var queues = new List<QueueDto>(_waitingBySkill.Count + 1) { CaptureQueue(null, _waitingAny) };
        foreach ((SkillId skill, List<ConversationRecord> queue) in _waitingBySkill)
        {
            queues.Add(CaptureQueue(skill, queue));
        }

        return new StateDocument
        {
            FormatVersion = StateFormatVersion,
            SavedAt = now,
            Counters = new StateCounters
            {
                NextAgentOrder = _nextOrder,
                NextConversationSequence = _nextSequence,
                NextToken = _nextToken,
                NextTimerSequence = _timerSequence,
            },
            Media = _media.ToArray(),
            Tags = _tags.ToArray(),
            Skills = [.. _skills.Keys.Select(s => s.Value)],
            Agents = agents,
            Conversations = [.. conversations.Select(CaptureConversation)],
            Queues = [.. queues],
            ConsumerHistory = _history.Export(),
            Workload = splitter.ExportState(),
            Timers = CaptureTimers(),
            RecentlyClosed = _closedOrder.Count == 0 ? null : new RecentlyClosedDto
            {
                Order = [.. _closedOrder.Select(id => id.Value)],
                Conversations = [.. _closed.Values.OrderBy(c => c.Id.Value, StringComparer.Ordinal).Select(c => new ClosedConversationDto
                {
                    Request = CaptureRequest(c.Request),
                    Skill = c.Skill?.Value,
                    SlaDue = c.SlaDue,
                    Excluded = c.Excluded.IsDefaultOrEmpty ? null : [.. c.Excluded.Select(a => a.Value)],
                    Group = c.AgentGroup?.Value,
                })],
            },
        };
    }

    private static AgentDto CaptureAgent(AgentRecord agent)
    {
        AgentProfile profile = agent.Profile;
        return new AgentDto
        {
            Profile = new ProfileDto
            {
                Id = profile.Id.Value,
                DisplayName = profile.DisplayName,
                Skills = [.. profile.Skills.Select(s => new AgentSkillDto { Skill = s.Skill.Value, Proficiency = s.Proficiency })],
                Tags = [.. profile.Tags],
                Groups = [.. profile.Groups.Select(g => g.Value)],
                Media = [.. profile.Media.Select(m => new MediaCapacityDto { Media = m.Media.Name, MaxSessions = m.MaxSessions })],
                MaxConcurrent = profile.MaxConcurrent,
            },
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

    private ConversationDto CaptureConversation(ConversationRecord conversation)
    {
        return new ConversationDto
        {
            Request = CaptureRequest(conversation.Request),
            State = conversation.State,
            Skill = conversation.Skill?.Value,
            Sequence = conversation.Sequence,
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
                ExclusiveSince = conversation.Exclusive == o ? o.ExclusiveSince : null,
            })],
            Plan = conversation.Plan is { } plan ? CapturePlan(plan) : null,
            Step = conversation.Step,
            StepToken = conversation.StepToken,
            Excluded = conversation.Excluded is { } excluded ? [.. excluded.Select(a => new AgentRefDto { Agent = a.Profile.Id.Value, Removed = !IsOnRoster(a) })] : null,
            PastOffers = conversation.PastOffers is { } past
                ? [.. past.Select(p => new PastOfferDto { Agent = p.Key.Profile.Id.Value, Removed = !IsOnRoster(p.Key), Code = p.Value })]
                : null,
            Group = conversation.Group?.Value,
            Target = conversation.Target?.Value,
            MaxWaitPassed = conversation.MaxWaitPassed,
            MaxWaitToken = conversation.MaxWaitToken,
            QueuedAt = conversation.Waiting?.QueuedAt,
            RetryToken = conversation.RetryToken,
        };
    }

    private static RequestDto CaptureRequest(ConversationRequest request) => new()
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

    private static QueueDto CaptureQueue(SkillId? skill, List<ConversationRecord> queue) => new()
    {
        Skill = skill?.Value,
        Conversations = [.. queue.Select(c => c.Request.Id.Value)],
    };

    private bool IsOnRoster(AgentRecord agent) => _agents.TryGetValue(agent.Profile.Id, out AgentRecord? current) && current == agent;

    private bool IsLive(ConversationRecord conversation) =>
        _conversations.TryGetValue(conversation.Request.Id, out ConversationRecord? current) && current == conversation;

    /// <summary>The pending timer items that can still do something, by due time then scheduling order.</summary>
    private TimerDto[] CaptureTimers()
    {
        var live = new List<(TimerItem Item, long Due, long Sequence)>(_timers.Count);
        foreach ((TimerItem item, (long Due, long Sequence) priority) in _timers.UnorderedItems)
        {
            if (TokenOf(item) == item.Token && item.Token != 0)
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
                Conversation = (item.Target as ConversationRecord)?.Request.Id.Value,
                Agent = (item.Target as AgentRecord)?.Profile.Id.Value,
                Token = item.Token,
                Due = new DateTimeOffset(due, TimeSpan.Zero),
                Sequence = sequence,
            };
        }

        return result;
    }

    /// <summary>The token a timer item must carry to still be current for its target; 0 when its target is gone.</summary>
    private long TokenOf(TimerItem item) => item.Target switch
    {
        ConversationRecord conversation when IsLive(conversation) => TokenOf(conversation, item.Kind),
        AgentRecord agent when IsOnRoster(agent) => item.Kind switch
        {
            TimerKind.Absence => agent.AbsenceToken,
            TimerKind.LoadChange => agent.ScheduledLoadCheck == DateTimeOffset.MaxValue ? 0 : agent.ScheduledLoadCheck.UtcTicks,
            _ => 0,
        },
        _ => 0,
    };

    private static long TokenOf(ConversationRecord conversation, TimerKind kind) => kind switch
    {
        TimerKind.Step => conversation.StepToken,
        TimerKind.Retry => conversation.RetryToken,
        TimerKind.MaxWait => conversation.MaxWaitToken,
        TimerKind.AutoClose => conversation.AutoCloseToken,
        _ => 0,
    };
}
