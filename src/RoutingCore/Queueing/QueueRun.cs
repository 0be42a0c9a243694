namespace RoutingCore.Engine;

/// <summary>
/// One run of a waiting queue: the conversations of one skill (or of any agent) that use the same media, kept sorted by
/// a comparer of their <see cref="WaitingConversation"/> views that does not change while they wait — the engine's
/// ordering when it does not depend on time, otherwise their sequence. The conversations sit in blocks of at most <see cref="MaxBlock"/> in a list, so
/// adding one, removing one and finding the first after a given one each take O(log n) comparisons and move at most a
/// block's worth of references. All conversations of a run have the same media, so they cost an agent the same.
/// </summary>
internal sealed class QueueRun
{
    /// <summary>A block splits in two above this many conversations.</summary>
    public const int MaxBlock = 256;

    /// <summary>A block this small after a removal is merged into a neighbour with room.</summary>
    private const int MinBlock = MaxBlock / 4;

    private readonly IComparer<WaitingConversation> _comparer;
    private readonly List<Block> _blocks = [];

    public QueueRun(SkillQueue owner, string mediaKey, ConversationRequest sample, IComparer<WaitingConversation> comparer)
    {
        Owner = owner;
        MediaKey = mediaKey;
        Sample = sample;
        _comparer = comparer;
    }

    /// <summary>The queue (of a skill, or of any agent) the run belongs to.</summary>
    public SkillQueue Owner { get; }

    /// <summary>The run's media, as <see cref="WaitingQueue.MediaKeyOf"/> names them.</summary>
    public string MediaKey { get; }

    /// <summary>A request of the run: its media are the run's (what a conversation of the run costs an agent).</summary>
    public ConversationRequest Sample { get; }

    public int Count { get; private set; }

    /// <summary>Changes with every addition and removal: a position read at another version must be found again.</summary>
    public int Version { get; private set; }

    public void Add(ConversationRecord conversation)
    {
        Version++;
        Count++;
        if (_blocks.Count == 0)
        {
            var first = new Block(4);
            first.Insert(0, conversation);
            _blocks.Add(first);
            return;
        }

        WaitingConversation key = conversation.Waiting!;
        int b = FindBlock(key, strictlyAfter: false);
        int index;
        if (b == _blocks.Count)
        {
            b--;
            index = _blocks[b].Count;
        }
        else
        {
            index = IndexIn(_blocks[b], key, strictlyAfter: false);
        }

        Block block = _blocks[b];
        block.Insert(index, conversation);
        if (block.Count > MaxBlock)
        {
            _blocks.Insert(b + 1, block.SplitOffUpperHalf());
        }
    }

    /// <summary>Removes a conversation of the run (found by the comparer, then by reference), before it stops waiting.</summary>
    public void Remove(ConversationRecord conversation)
    {
        WaitingConversation key = conversation.Waiting!;
        int b = FindBlock(key, strictlyAfter: false);
        Block? block = b < _blocks.Count ? _blocks[b] : null;
        int index = block is null ? -1 : IndexIn(block, key, strictlyAfter: false);
        if (block is null || !ReferenceEquals(block.Items[index], conversation))
        {
            throw new InvalidOperationException($"Conversation '{conversation.Request.Id}' is not in the run it is recorded in; its ordering key changed while it waited.");
        }

        Version++;
        Count--;
        block.RemoveAt(index);
        if (block.Count == 0)
        {
            _blocks.RemoveAt(b);
        }
        else if (block.Count < MinBlock)
        {
            MergeWithNeighbour(b);
        }
    }

    /// <summary>The position of the first conversation.</summary>
    public static RunPosition First => default;

    /// <summary>The position of the first conversation ordered after <paramref name="key"/> (whose conversation need not be in the run).</summary>
    public RunPosition After(WaitingConversation key)
    {
        int b = FindBlock(key, strictlyAfter: true);
        return b == _blocks.Count ? new RunPosition(b, 0) : new RunPosition(b, IndexIn(_blocks[b], key, strictlyAfter: true));
    }

    public bool TryGet(RunPosition position, out ConversationRecord conversation)
    {
        if (position.Block < _blocks.Count)
        {
            Block block = _blocks[position.Block];
            if (position.Index < block.Count)
            {
                conversation = block.Items[position.Index];
                return true;
            }
        }

        conversation = null!;
        return false;
    }

    public RunPosition Next(RunPosition position) =>
        position.Index + 1 < _blocks[position.Block].Count ? new RunPosition(position.Block, position.Index + 1) : new RunPosition(position.Block + 1, 0);

    /// <summary>Adds the run's conversations, in run order, to <paramref name="into"/>.</summary>
    public void CopyTo(List<ConversationRecord> into)
    {
        foreach (Block block in _blocks)
        {
            into.AddRange(new ArraySegment<ConversationRecord>(block.Items, 0, block.Count));
        }
    }

    /// <summary>
    /// The first block whose last conversation is at or after (<paramref name="strictlyAfter"/>: after) the key; the
    /// number of blocks when there is none. Binary search on the blocks' last conversations.
    /// </summary>
    private int FindBlock(WaitingConversation key, bool strictlyAfter)
    {
        int low = 0;
        int high = _blocks.Count - 1;
        int found = _blocks.Count;
        while (low <= high)
        {
            int middle = (low + high) >>> 1;
            int c = _comparer.Compare(key, _blocks[middle].Last.Waiting!);
            if (strictlyAfter ? c < 0 : c <= 0)
            {
                found = middle;
                high = middle - 1;
            }
            else
            {
                low = middle + 1;
            }
        }

        return found;
    }

    /// <summary>The first index in a block (found by <see cref="FindBlock"/>) at or after (or after) the key: the last one qualifies, so it is not compared.</summary>
    private int IndexIn(Block block, WaitingConversation key, bool strictlyAfter)
    {
        int low = 0;
        int high = block.Count - 2;
        int found = block.Count - 1;
        while (low <= high)
        {
            int middle = (low + high) >>> 1;
            int c = _comparer.Compare(key, block.Items[middle].Waiting!);
            if (strictlyAfter ? c < 0 : c <= 0)
            {
                found = middle;
                high = middle - 1;
            }
            else
            {
                low = middle + 1;
            }
        }

        return found;
    }

    private void MergeWithNeighbour(int b)
    {
        Block block = _blocks[b];
        if (b + 1 < _blocks.Count && _blocks[b + 1].Count + block.Count <= MaxBlock)
        {
            block.Append(_blocks[b + 1]);
            _blocks.RemoveAt(b + 1);
        }
        else if (b > 0 && _blocks[b - 1].Count + block.Count <= MaxBlock)
        {
            _blocks[b - 1].Append(block);
            _blocks.RemoveAt(b);
        }
    }

    private sealed class Block
    {
        public ConversationRecord[] Items;
        public int Count;

        public Block(int capacity)
        {
            Items = new ConversationRecord[capacity];
        }

        public ConversationRecord Last => Items[Count - 1];

        public void Insert(int index, ConversationRecord conversation)
        {
            if (Count == Items.Length)
            {
                Array.Resize(ref Items, Math.Min(Items.Length * 2, MaxBlock + 1));
            }

            Array.Copy(Items, index, Items, index + 1, Count - index);
            Items[index] = conversation;
            Count++;
        }

        public void RemoveAt(int index)
        {
            Count--;
            Array.Copy(Items, index + 1, Items, index, Count - index);
            Items[Count] = null!;
        }

        public void Append(Block other)
        {
            if (Count + other.Count > Items.Length)
            {
                Array.Resize(ref Items, MaxBlock + 1);
            }

            Array.Copy(other.Items, 0, Items, Count, other.Count);
            Count += other.Count;
        }

        public Block SplitOffUpperHalf()
        {
            int keep = Count / 2;
            var upper = new Block(MaxBlock + 1) { Count = Count - keep };
            Array.Copy(Items, keep, upper.Items, 0, upper.Count);
            Array.Clear(Items, keep, Count - keep);
            Count = keep;
            return upper;
        }
    }
}

/// <summary>Where a conversation sits in a <see cref="QueueRun"/>: valid while the run's version does not change.</summary>
internal readonly record struct RunPosition(int Block, int Index);
