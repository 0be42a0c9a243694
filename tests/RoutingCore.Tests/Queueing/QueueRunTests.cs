using RoutingCore.Engine;

namespace RoutingCore.Tests.Queueing;

/// <summary>
/// The sorted run of a waiting queue (an internal part): blocks of conversations kept in the comparer's order through
/// random additions and removals, positions found again after changes, and logarithmically many comparisons.
/// </summary>
public sealed class QueueRunTests
{
    [Test]
    public void AddAndRemove_ManyAtRandom_KeepTheRunInTheOrderOfAReferenceSet()
    {
        var random = new Random(7);
        var comparer = new CountingComparer();
        QueueRun run = NewRun(comparer);
        var reference = new SortedSet<ConversationRecord>(Comparer<ConversationRecord>.Create((x, y) => comparer.Compare(x.Waiting, y.Waiting)));
        var present = new List<ConversationRecord>();
        for (int step = 0; step < 30_000; step++)
        {
            if (present.Count == 0 || random.Next(3) > 0)
            {
                ConversationRecord added = Record(step, random.Next(4), random.Next(1_000));
                run.Add(added);
                reference.Add(added).ShouldBeTrue();
                present.Add(added);
            }
            else
            {
                int at = random.Next(present.Count);
                ConversationRecord removed = present[at];
                present[at] = present[^1];
                present.RemoveAt(present.Count - 1);
                run.Remove(removed);
                reference.Remove(removed).ShouldBeTrue();
            }

            if (step % 5_000 == 0)
            {
                Contents(run).SequenceEqual(reference).ShouldBeTrue($"after step {step}");
            }
        }

        run.Count.ShouldBe(reference.Count);
        Contents(run).SequenceEqual(reference).ShouldBeTrue();
    }

    [Test]
    public void After_AKeyInOrRemovedFromTheRun_IsTheFirstConversationOrderedAfterIt()
    {
        var random = new Random(11);
        var comparer = new CountingComparer();
        QueueRun run = NewRun(comparer);
        var all = new List<ConversationRecord>();
        for (int i = 0; i < 3_000; i++)
        {
            ConversationRecord record = Record(i, random.Next(3), random.Next(500));
            run.Add(record);
            all.Add(record);
        }

        foreach (ConversationRecord gone in all.Where((_, i) => i % 3 == 0))
        {
            run.Remove(gone);
        }

        List<ConversationRecord> ordered = Contents(run);
        foreach (ConversationRecord key in all.Where((_, i) => i % 7 == 0))
        {
            ConversationRecord? expected = ordered.FirstOrDefault(c => comparer.Compare(key.Waiting, c.Waiting) < 0);
            run.TryGet(run.After(key.Waiting!), out ConversationRecord found).ShouldBe(expected is not null);
            if (expected is not null)
            {
                found.ShouldBeSameAs(expected);
            }
        }
    }

    [Test]
    public void AddAndRemove_With100000Conversations_CompareLogarithmicallyOften()
    {
        const int Size = 100_000;
        var random = new Random(3);
        var comparer = new CountingComparer();
        QueueRun run = NewRun(comparer);
        ConversationRecord[] records = [.. Enumerable.Range(0, Size).Select(i => Record(i, random.Next(5), random.Next(10_000)))];
        foreach (ConversationRecord record in records)
        {
            run.Add(record);
        }

        int log = (int)Math.Ceiling(Math.Log2(Size));
        comparer.Calls.ShouldBeLessThanOrEqualTo((long)Size * (log + 2), "adding costs O(log n) comparisons each");
        comparer.Calls = 0;
        ConversationRecord middle = records[Size / 2];
        run.Remove(middle);
        comparer.Calls.ShouldBeLessThanOrEqualTo(log + 2);
        comparer.Calls = 0;
        run.After(middle.Waiting!);
        comparer.Calls.ShouldBeLessThanOrEqualTo(log + 2);
        run.Count.ShouldBe(Size - 1);
    }

    private static QueueRun NewRun(IComparer<WaitingConversation> comparer) =>
        new(new SkillQueue(null), "chat", new ConversationRequest(new ConversationId("sample")), comparer);

    private static ConversationRecord Record(int sequence, int priority, int slaSeconds)
    {
        var request = new ConversationRequest(new ConversationId($"c{sequence}")) { Priority = priority };
        DateTimeOffset sla = EngineKit.Start.AddSeconds(slaSeconds);
        return new ConversationRecord(request, null, sequence, sla)
        {
            Waiting = new WaitingConversation(request, null, sla, EngineKit.Start, sequence),
        };
    }

    private static List<ConversationRecord> Contents(QueueRun run)
    {
        var contents = new List<ConversationRecord>();
        run.CopyTo(contents);
        return contents;
    }

    private sealed class CountingComparer : IComparer<WaitingConversation>
    {
        public long Calls { get; set; }

        public int Compare(WaitingConversation? x, WaitingConversation? y)
        {
            Calls++;
            return WaitingQueueOrderings.PriorityThenSla.Compare(x!, y!, EngineKit.Start);
        }
    }
}
