namespace RoutingCore;

/// <summary>
/// What a plan's steps hold (<see cref="StepAgents"/> are ranges of it, step after step): per planned agent, in the order
/// it was planned in, its position among the ids planned over and its score (its step follows from the score and the
/// plan's levels: <see cref="Distribution.StepPlanner.StepOf"/>), in chunks of
/// <see cref="StepAgents.ChunkLength"/> so that no array reaches the large-object heap. The ids are a skill index's,
/// shared while the index keeps them unchanged (it copies them before its next change), or the plan's own; making a plan
/// thus copies its columns in bulk and stores no reference per agent. Which agents each step holds, step after step, is
/// worked out the first time a step is read (once, whichever thread reads first).
/// </summary>
internal sealed class PlanStorage
{
    private const int ChunkShift = 12;
    private const int ChunkMask = StepAgents.ChunkLength - 1;

    /// <summary>The ids, when shared with a skill index (else <see cref="_idChunks"/>).</summary>
    private readonly AgentId[]? _ids;
    private readonly AgentId[][]? _idChunks;

    /// <summary>Per planned agent, its id's position; null when the agents are the ids in order.</summary>
    private readonly int[][]? _positions;
    private readonly double[][] _scores;

    /// <summary>The score levels of the steps (see <see cref="Distribution.StepPlanner"/>); null with a single step.</summary>
    private readonly double[]? _levels;

    /// <summary>How many agents each step holds.</summary>
    private readonly int[] _sizes;

    /// <summary>The planned agents step after step (their indexes in planning order), once a step was read.</summary>
    private int[][]? _byStep;

    private PlanStorage(AgentId[]? ids, AgentId[][]? idChunks, int[][]? positions, double[][] scores, double[]? levels, int[] sizes)
    {
        _ids = ids;
        _idChunks = idChunks;
        _positions = positions;
        _scores = scores;
        _levels = levels;
        _sizes = sizes;
    }

    /// <summary>The planned agent at <paramref name="index"/> of the steps laid end to end.</summary>
    public PlannedAgent At(int index)
    {
        int agent = _levels is null ? index : ByStep(index);
        int chunk = agent >> ChunkShift;
        int within = agent & ChunkMask;
        int position = _positions is null ? agent : _positions[chunk][within];
        AgentId id = _ids is not null ? _ids[position] : _idChunks![position >> ChunkShift][position & ChunkMask];
        return new PlannedAgent(id, _scores[chunk][within]);
    }

    /// <summary>A storage of its own for these agents, in this order, as one step (a host rebuilding a plan).</summary>
    public static PlanStorage FromAgents(ReadOnlySpan<PlannedAgent> agents)
    {
        AgentId[][] ids = Chunks<AgentId>(agents.Length);
        double[][] scores = Chunks<double>(agents.Length);
        for (int i = 0; i < agents.Length; i++)
        {
            ids[i >> ChunkShift][i & ChunkMask] = agents[i].Agent;
            scores[i >> ChunkShift][i & ChunkMask] = agents[i].Score;
        }

        return new PlanStorage(null, ids, null, scores, null, [agents.Length]);
    }

    /// <summary>
    /// A storage for planned agents over <paramref name="ids"/>: agent <c>i</c> is id <c>slots[i]</c> with score
    /// <c>scores[i]</c> (clamped), in the step its score gives among <paramref name="levels"/>; step <c>s</c> holds
    /// <c>sizes[s]</c> of them. The ids are shared when
    /// <paramref name="shared"/> is given (a skill index's, which copies them before changing them), else copied.
    /// </summary>
    public static PlanStorage Create(ReadOnlySpan<AgentId> ids, AgentId[]? shared, ReadOnlySpan<int> slots, ReadOnlySpan<double> scores, ReadOnlySpan<double> levels, ReadOnlySpan<int> sizes)
    {
        // Slots 0..n-1 (every agent of the ids planned, as when a whole team is free): the positions go without saying.
        int[][]? positions = slots.IsEmpty || slots[^1] == slots.Length - 1 ? null : CopyInChunks(slots);
        double[][] planScores = CopyInChunks(scores);
        double[]? steps = sizes.Length > 1 ? levels.ToArray() : null;
        return shared is not null
            ? new PlanStorage(shared, null, positions, planScores, steps, sizes.ToArray())
            : new PlanStorage(null, CopyInChunks(ids), positions, planScores, steps, sizes.ToArray());
    }

    /// <summary>Arrays of <see cref="StepAgents.ChunkLength"/> elements (the last one shorter) holding <paramref name="count"/> in all.</summary>
    public static T[][] Chunks<T>(int count)
    {
        var chunks = new T[(count + StepAgents.ChunkLength - 1) >> ChunkShift][];
        for (int c = 0; c < chunks.Length; c++)
        {
            // Every element is written before it is read: no need to clear them first (references are cleared anyway).
            chunks[c] = GC.AllocateUninitializedArray<T>(Math.Min(StepAgents.ChunkLength, count - (c << ChunkShift)));
        }

        return chunks;
    }

    private static T[][] CopyInChunks<T>(ReadOnlySpan<T> values)
    {
        T[][] chunks = Chunks<T>(values.Length);
        for (int c = 0; c < chunks.Length; c++)
        {
            values.Slice(c << ChunkShift, chunks[c].Length).CopyTo(chunks[c]);
        }

        return chunks;
    }

    /// <summary>The planning-order index of the agent at <paramref name="index"/> of the steps laid end to end.</summary>
    private int ByStep(int index)
    {
        int[][] byStep = Volatile.Read(ref _byStep) ?? Publish(SortByStep());
        return byStep[index >> ChunkShift][index & ChunkMask];
    }

    private int[][] Publish(int[][] sorted) => Interlocked.CompareExchange(ref _byStep, sorted, null) ?? sorted;

    /// <summary>Each step's agents, step after step, in planning order within a step: one pass over the agents.</summary>
    private int[][] SortByStep()
    {
        int count = 0;
        foreach (double[] chunk in _scores)
        {
            count += chunk.Length;
        }

        int[][] sorted = Chunks<int>(count);
        int[] next = new int[_sizes.Length];
        for (int s = 1; s < next.Length; s++)
        {
            next[s] = next[s - 1] + _sizes[s - 1];
        }

        int agent = 0;
        foreach (double[] chunk in _scores)
        {
            foreach (double score in chunk)
            {
                int at = next[Distribution.StepPlanner.StepOf(score, _levels)]++;
                sorted[at >> ChunkShift][at & ChunkMask] = agent++;
            }
        }

        return sorted;
    }
}
