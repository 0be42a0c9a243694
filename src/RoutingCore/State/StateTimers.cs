using System.Globalization;
using RoutingCore.State;
using static RoutingCore.Engine.StateChecks;

namespace RoutingCore.Engine;

/// <summary>Reading a state document's pending timers: each names a live target holding its token, and every target that waits on a timer has one.</summary>
internal static class StateTimers
{
    public static List<(TimerItem Item, long Due, long Sequence)> Read(TimerDto[] timers, StateCounters counters, List<AgentRecord> roster, DocumentIndex index, DateTimeOffset savedAt)
    {
        var result = new List<(TimerItem Item, long Due, long Sequence)>(timers.Length);
        var sequences = new HashSet<long>();
        var stepTimers = new HashSet<ConversationRecord>();
        var loadChecks = new HashSet<AgentRecord>();
        for (int i = 0; i < timers.Length; i++)
        {
            string path = $"$.timers[{i}]";
            TimerDto dto = Required(timers[i], path);
            Defined(dto.Kind, path + ".kind");
            if (dto.Sequence < 0 || dto.Sequence >= counters.NextTimerSequence || !sequences.Add(dto.Sequence))
            {
                throw Refuse(path + ".sequence", Invariant($"timer sequence {dto.Sequence} is negative, repeated or not below counters.nextTimerSequence ({counters.NextTimerSequence}); each timer has its own."));
            }

            EngineTimerKind kind = dto.Kind;
            DueTime(dto.Due, savedAt, path + ".due");
            TimerItem item;
            long expected;
            if (kind is EngineTimerKind.Absence or EngineTimerKind.LoadChange || (kind > EngineTimerKind.Retry && dto.Agent is not null))
            {
                AgentRecord agent = index.RosterAgent(dto.Agent, path + ".agent");
                item = TimerItem.For(kind, agent, dto.Token);
                if (kind == EngineTimerKind.LoadChange)
                {
                    loadChecks.Add(agent);
                }

                if (kind > EngineTimerKind.Retry)
                {
                    agent.Tokens[(int)kind] = dto.Token; // kinds after format 1's six keep their token in the timer alone
                }

                expected = TimerDispatch.AgentToken(agent, kind);
            }
            else
            {
                ConversationRecord conversation = index.Conversation(dto.Conversation, path + ".conversation");
                item = TimerItem.For(kind, conversation, dto.Token);
                if (kind > EngineTimerKind.Retry)
                {
                    conversation.Tokens[(int)kind] = dto.Token; // kinds after format 1's six keep their token in the timer alone
                }

                expected = TimerDispatch.ConversationToken(conversation, kind);
                if (kind == EngineTimerKind.Step)
                {
                    stepTimers.Add(conversation);
                }
            }

            if (dto.Token == 0 || dto.Token != expected)
            {
                throw Refuse(path + ".token", Invariant($"the {dto.Kind} timer of {dto.Agent ?? dto.Conversation} has token {dto.Token}, but its target expects {expected}; a timer carries its target's current token."));
            }

            if (kind == EngineTimerKind.LoadChange ? dto.Token != dto.Due.UtcTicks : dto.Token > counters.NextToken)
            {
                throw Refuse(path + ".token", Invariant($"the {dto.Kind} timer has token {dto.Token}; a LoadChange timer's token is its due time in UTC ticks ({dto.Due.UtcTicks}), any other timer's is at most counters.nextToken ({counters.NextToken})."));
            }

            result.Add((item, dto.Due.UtcTicks, dto.Sequence));
        }

        foreach (ConversationRecord conversation in index.Conversations.Values)
        {
            if (conversation.State == ConversationState.Offered && !stepTimers.Contains(conversation))
            {
                throw Refuse($"$.conversations[{index.Positions[conversation.Request.Id]}]", $"conversation '{conversation.Request.Id}' is Offered but no Step timer is pending for it; an offered conversation waits for its step timer.");
            }
        }

        for (int i = 0; i < roster.Count; i++)
        {
            if (roster[i].ScheduledLoadCheck != DateTimeOffset.MaxValue && !loadChecks.Contains(roster[i]))
            {
                throw Refuse($"$.agents[{i}].loadCheckAt", Invariant($"agent '{roster[i].Profile.Id}' has a load check at {roster[i].ScheduledLoadCheck:O}, but no LoadChange timer is pending for it; loadCheckAt is the due time of the agent's pending LoadChange timer."));
            }
        }

        return result;
    }
}
