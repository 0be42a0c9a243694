using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;
using RoutingCore.State;
using TimerKind = RoutingCore.State.StateTimerKind;

namespace RoutingCore.Engine;

/// <summary>
/// Reading the state document: the whole document is parsed and checked into new records first (nothing of the engine
/// is touched), then swapped in under the lock. Any problem refuses the document with a <see cref="RoutingStateException"/>
/// naming where it is and what would be valid.
/// </summary>
internal sealed partial class DefaultRoutingEngine
{
    public void RestoreState(Stream source)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (!source.CanRead)
        {
            throw new ArgumentException("The source stream is not readable; pass a readable stream holding a document written by SaveState.", nameof(source));
        }

        using (EnterGate())
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            Workload.QuotaWorkloadSplitter splitter = RequireBuiltInSplitter("restore");
            RequireEmpty();
            byte[] bytes = ReadAll(source);
            StateDocument document = ParseState(bytes);
            RestoredState restored = new StateReader(this, document).Read();
            RequireEmpty(); // reading the stream runs no engine code, but stay safe
            Commit(restored, splitter);
        }

        DeliverEvents();
    }

    private void RequireEmpty()
    {
        if (_agents.Count > 0 || _conversations.Count > 0)
        {
            throw new InvalidOperationException(
                $"State can only be restored into an engine with no agents and no conversations; this one has {_agents.Count} agent(s) and {_conversations.Count} open conversation(s). Restore into a newly created engine.");
        }
    }

    private static byte[] ReadAll(Stream source)
    {
        using var buffer = new MemoryStream();
        source.CopyTo(buffer);
        return buffer.ToArray();
    }

    /// <summary>Checks the format version first (so a newer document is refused as such), then parses the whole document.</summary>
    internal static StateDocument ParseState(byte[] bytes)
    {
        int version = ReadFormatVersion(bytes);
        if (version > StateFormatVersion)
        {
            throw new RoutingStateException("$.formatVersion", $"the document was written by format version {version}, and this engine reads up to format version {StateFormatVersion}. Restore it with a newer RoutingCore.");
        }

        if (version < 1)
        {
            throw new RoutingStateException("$.formatVersion", $"format version {version} does not exist; versions start at 1.");
        }

        StateDocument? document;
        try
        {
            document = JsonSerializer.Deserialize(bytes, StateJsonContext.Default.StateDocument);
        }
        catch (JsonException ex)
        {
            throw new RoutingStateException(ex.Path ?? "$", $"the document is not a valid state document: {ex.Message}", ex);
        }

        return document ?? throw new RoutingStateException("$", "the document is null; expected a JSON object written by SaveState.");
    }

    private static int ReadFormatVersion(byte[] bytes)
    {
        try
        {
            var reader = new Utf8JsonReader(bytes);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                throw new RoutingStateException("$", "the document is not a JSON object; expected an object written by SaveState, starting with '{'.");
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                bool isVersion = reader.ValueTextEquals("formatVersion"u8);
                reader.Read();
                if (isVersion)
                {
                    return reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out int version)
                        ? version
                        : throw new RoutingStateException("$.formatVersion", $"formatVersion is a JSON {reader.TokenType}; it must be an integer (this engine writes {StateFormatVersion}).");
                }

                reader.Skip();
            }
        }
        catch (JsonException ex)
        {
            throw new RoutingStateException(
                "$",
                string.Create(CultureInfo.InvariantCulture, $"the document is not valid JSON (corrupt or truncated) at line {ex.LineNumber + 1}, byte {ex.BytePositionInLine + 1}: {ex.Message}"),
                ex);
        }

        throw new RoutingStateException("$.formatVersion", $"the document has no formatVersion; a state document starts with \"formatVersion\": {StateFormatVersion}.");
    }

    /// <summary>Swaps the restored records in (nothing here can fail), then runs the timers whose due time has passed.</summary>
    private void Commit(RestoredState restored, Workload.QuotaWorkloadSplitter splitter)
    {
        _media = restored.Media;
        _tags = restored.Tags;
        _history = restored.History;
        _agents.Clear();
        _roster.Clear();
        foreach (AgentRecord agent in restored.Roster)
        {
            _agents.Add(agent.Profile.Id, agent);
            _roster.Add(agent);
        }

        _skills.Clear();
        foreach ((SkillId skill, SkillIndex index) in restored.Skills)
        {
            _skills.Add(skill, index);
        }

        _conversations.Clear();
        foreach (ConversationRecord conversation in restored.Conversations)
        {
            _conversations.Add(conversation.Request.Id, conversation);
        }

        _closed.Clear();
        _closedOrder.Clear();
        foreach (ConversationId closed in restored.Closed.Order)
        {
            _closedOrder.Enqueue(closed);
        }

        foreach (ConversationSnapshot closed in restored.Closed.Conversations)
        {
            _closed.Add(closed.Id, closed);
        }
        _waitingAny.Clear();
        _waitingAny.AddRange(restored.WaitingAny);
        _waitingBySkill.Clear();
        foreach ((SkillId skill, List<ConversationRecord> queue) in restored.WaitingBySkill)
        {
            _waitingBySkill.Add(skill, queue);
        }

        _waitingCount = restored.WaitingCount;
        splitter.ImportState(restored.Workload);
        _maxWait.Clear();
        foreach ((SkillId skill, Workload.WorkloadSkillState state) in restored.Workload)
        {
            if (state.Distribution.MaxWait is { } wait)
            {
                _maxWait[skill] = wait;
            }
        }

        _nextOrder = restored.Counters.NextAgentOrder;
        _nextSequence = restored.Counters.NextConversationSequence;
        _nextToken = restored.Counters.NextToken;
        _timerSequence = restored.Counters.NextTimerSequence;
        if (restored.SavedAt > _highWater)
        {
            _highWater = restored.SavedAt;
        }

        _timers.Clear();
        foreach ((TimerItem item, long due, long sequence) in restored.Timers)
        {
            _timers.Enqueue(item, (due, sequence));
        }

        // Timers due before now (the clock moved on, as after a failover) run at once, in due order; the rest are armed.
        _armedDue = long.MaxValue;
        RunDueTimers();
    }

    /// <summary>The restored records, complete and consistent, waiting to be swapped in.</summary>
    private sealed class RestoredState
    {
        public required InternTable Media { get; init; }

        public required InternTable Tags { get; init; }

        public required ConsumerHistory History { get; init; }

        public required List<AgentRecord> Roster { get; init; }

        public required List<KeyValuePair<SkillId, SkillIndex>> Skills { get; init; }

        public required List<ConversationRecord> Conversations { get; init; }

        public required List<ConversationRecord> WaitingAny { get; init; }

        public required List<KeyValuePair<SkillId, List<ConversationRecord>>> WaitingBySkill { get; init; }

        public required int WaitingCount { get; init; }

        public required List<KeyValuePair<SkillId, Workload.WorkloadSkillState>> Workload { get; init; }

        public required StateCounters Counters { get; init; }

        public required DateTimeOffset SavedAt { get; init; }

        public required List<(TimerItem Item, long Due, long Sequence)> Timers { get; init; }

        public required (List<ConversationId> Order, List<ConversationSnapshot> Conversations) Closed { get; init; }
    }
}
