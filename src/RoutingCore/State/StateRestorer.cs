using System.Globalization;
using System.Text.Json;
using RoutingCore.State;

namespace RoutingCore.Engine;

/// <summary>
/// Restoring a state document: the whole document is parsed and checked into new records first (nothing of the engine is
/// touched; <see cref="StateReader"/>), then swapped in under the lock. Any problem refuses the document with a
/// <see cref="RoutingStateException"/> naming where it is and what would be valid.
/// </summary>
internal sealed class StateRestorer
{
    private readonly EngineContext _context;
    private readonly AgentRoster _roster;
    private readonly ConversationTable _conversations;
    private readonly WaitingQueue _queue;
    private readonly WorkloadRouter _workload;
    private readonly EngineTimers _timers;
    private readonly LoadTracker _load;
    private readonly FollowUps _followUps;
    private readonly EngineSettler _settler;

    public StateRestorer(EngineContext context, AgentRoster roster, ConversationTable conversations, WaitingQueue queue, WorkloadRouter workload, EngineTimers timers, LoadTracker load, FollowUps followUps, EngineSettler settler)
    {
        _context = context;
        _roster = roster;
        _conversations = conversations;
        _queue = queue;
        _workload = workload;
        _timers = timers;
        _load = load;
        _followUps = followUps;
        _settler = settler;
    }

    /// <summary>Reads, checks and swaps in a document (and its memories, when they were saved apart). Under the lock; the engine must be empty.</summary>
    public void Restore(Stream source, Stream? memories, WorkloadLedger ledger)
    {
        RequireEmpty();
        Restore(ReadAll(source), memories is null ? null : ReadAll(memories), ledger);
    }

    /// <summary>Checks and swaps in a document already read (an asynchronous restore reads it outside the lock). Under the lock.</summary>
    public void Restore(byte[] bytes, byte[]? memories, WorkloadLedger ledger)
    {
        RequireEmpty();
        StateDocument document = StateMemories.Join(Parse(bytes), memories);
        RestoredState restored = new StateReader(_roster, _load, _workload.DeclaredGroups, document).Read();
        RequireEmpty(); // reading the stream runs no engine code, but stay safe
        Commit(restored, ledger);
    }

    /// <summary>Reads a whole document with asynchronous reads (outside the lock).</summary>
    public static async Task<byte[]> ReadAllAsync(Stream source, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        await source.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
        return buffer.ToArray();
    }

    /// <summary>Refuses a restore into an engine that already has agents or conversations.</summary>
    public void RequireEmpty()
    {
        if (_context.Agents.Count > 0 || _context.Conversations.Count > 0)
        {
            throw Refusals.EngineNotEmpty(_context.Agents.Count, _context.Conversations.Count).ToException();
        }
    }

    private static byte[] ReadAll(Stream source)
    {
        using var buffer = new MemoryStream();
        source.CopyTo(buffer);
        return buffer.ToArray();
    }

    /// <summary>Checks the format version first (so a newer document is refused as such), then parses the whole document and refuses repeated properties.</summary>
    public static StateDocument Parse(byte[] bytes)
    {
        RequireUtf8(bytes);
        int version = ReadFormatVersion(bytes);
        if (version > StateWriter.FormatVersion)
        {
            throw new RoutingStateException("$.formatVersion", $"the document was written by format version {version}, and this engine reads up to format version {StateWriter.FormatVersion}. Restore it with a newer RoutingCore.");
        }

        if (version < StateWriter.OldestFormatVersion)
        {
            throw new RoutingStateException("$.formatVersion", $"format version {version} does not exist; this engine reads format versions {StateWriter.OldestFormatVersion} to {StateWriter.FormatVersion}.");
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

        StateDuplicates.Check(bytes);
        return document ?? throw new RoutingStateException("$", "the document is null; expected a JSON object written by SaveState.");
    }

    /// <summary>The document is UTF-8 throughout (the parser would let bad bytes through in a property it ignores).</summary>
    internal static void RequireUtf8(byte[] bytes)
    {
        if (System.Text.Unicode.Utf8.IsValid(bytes))
        {
            return;
        }

        int at = 0;
        while (System.Text.Rune.DecodeFromUtf8(bytes.AsSpan(at), out _, out int consumed) == System.Buffers.OperationStatus.Done)
        {
            at += consumed;
        }

        throw new RoutingStateException("$", string.Create(CultureInfo.InvariantCulture, $"the document is not valid UTF-8 (corrupt) at byte {at + 1}; a state document is UTF-8 JSON written by SaveState."));
    }

    internal static int ReadFormatVersion(byte[] bytes)
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
                        : throw new RoutingStateException("$.formatVersion", $"formatVersion is a JSON {reader.TokenType}; it must be an integer (this engine writes {StateWriter.FormatVersion}).");
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

        throw new RoutingStateException("$.formatVersion", $"the document has no formatVersion; a state document starts with \"formatVersion\": {StateWriter.FormatVersion}.");
    }

    /// <summary>
    /// Swaps the restored records in (nothing here can fail); withdraws the offers an agent cannot keep under this engine's
    /// configuration (none, when it is the configuration the document was saved under), then runs the timers whose due
    /// time has passed.
    /// </summary>
    private void Commit(RestoredState restored, WorkloadLedger ledger)
    {
        _context.Media = restored.Media;
        _context.Tags = restored.Tags;
        _context.GroupBits = restored.Groups;
        _context.History = restored.History;
        _context.Agents.Clear();
        _context.Roster.Clear();
        foreach (AgentRecord agent in restored.Roster)
        {
            _context.Agents.Add(agent.Profile.Id, agent);
            _context.Roster.Add(agent);
        }

        _context.Skills.Clear();
        foreach ((SkillId skill, SkillIndex index) in restored.Skills)
        {
            _context.Skills.Add(skill, index);
        }

        _roster.ReleaseUnheld();

        _context.Conversations.Clear();
        foreach (ConversationRecord conversation in restored.Conversations)
        {
            _context.Conversations.Add(conversation.Request.Id, conversation);
        }

        _conversations.ReplaceClosed(restored.Closed.Order, restored.Closed.Conversations);
        _context.Retries.RemovedAgents.ReplaceAll(restored.Retries.RemovedAgents);
        _context.Retries.Operations.ReplaceAll(restored.Retries.Operations);
        _queue.ReplaceAll(restored.WaitingAny, restored.WaitingBySkill, restored.WaitingCount, restored.SavedAt);
        ledger.ImportState(restored.Workload);
        _workload.RestoreMaxWaits(restored.Workload);
        _context.NextAgentOrder = restored.Counters.NextAgentOrder;
        _context.NextConversationSequence = restored.Counters.NextConversationSequence;
        _context.NextToken = restored.Counters.NextToken;
        _context.LastEventSequence = restored.Counters.LastEventSequence;
        _context.LastCommandSequence = restored.Counters.LastCommandSequence;
        if (restored.SavedAt > _context.HighWater)
        {
            _context.HighWater = restored.SavedAt;
        }

        _timers.ReplaceAll(restored.Timers, restored.NextTimerSequence);

        // As after UpdateAgent: offers whose agent can no longer serve or hold them (other capacity settings) are withdrawn.
        foreach (AgentRecord agent in restored.Roster)
        {
            if (agent.Offers.Count > 0)
            {
                _followUps.Crowded(agent);
            }
        }

        _settler.SettleCore(_context.HighWater);

        // The caller runs the timers due before now (the clock moved on, as after a failover) at once, in due order, after
        // replaying the journal's records if it has some; the rest are armed then.
    }
}

/// <summary>The restored records, complete and consistent, waiting to be swapped in.</summary>
internal sealed class RestoredState
{
    public required InternTable Media { get; init; }

    public required InternTable Tags { get; init; }

    /// <summary>The agent groups' planning bits, given in roster order.</summary>
    public required GroupBitTable Groups { get; init; }

    public required ConsumerHistory History { get; init; }

    public required List<AgentRecord> Roster { get; init; }

    public required List<KeyValuePair<SkillId, SkillIndex>> Skills { get; init; }

    public required List<ConversationRecord> Conversations { get; init; }

    public required List<ConversationRecord> WaitingAny { get; init; }

    public required List<KeyValuePair<SkillId, List<ConversationRecord>>> WaitingBySkill { get; init; }

    public required int WaitingCount { get; init; }

    public required List<KeyValuePair<SkillId, WorkloadSkillState>> Workload { get; init; }

    public required StateCounters Counters { get; init; }

    public required DateTimeOffset SavedAt { get; init; }

    public required List<(TimerItem Item, long Due, long Sequence)> Timers { get; init; }

    /// <summary>The scheduling order of the next timer: the document's counter, past any timer the reader added.</summary>
    public required long NextTimerSequence { get; init; }

    public required (List<ConversationId> Order, List<ConversationSnapshot> Conversations) Closed { get; init; }

    /// <summary>The removed agents and operation ids (the message ids are on the conversations' records already).</summary>
    public required RestoredRetries Retries { get; init; }
}
