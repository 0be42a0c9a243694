using RoutingCore.Engine;

namespace RoutingCore.Tests.Agents;

/// <summary>
/// The tables that give names their bits (internal parts): a name is held while an agent holds it and released after,
/// its id or bit taken by the next new name; a group keeps its bit (or its lack of one) while anyone holds it; ids left
/// sparse are compacted in order; the document's order is the order names were met.
/// </summary>
public sealed class NameTablesTests
{
    [Test]
    public void Release_OfTheLastHolder_FreesTheIdForTheNextNewName()
    {
        var table = new InternTable("tag", int.MaxValue);
        table.Acquire("a").ShouldBe(0);
        table.Acquire("b").ShouldBe(1);
        table.Acquire("c").ShouldBe(2);
        table.Acquire("B").ShouldBe(1); // a second holder; names compare case-insensitively

        table.Release("b");
        table.TryGet("b", out _).ShouldBeTrue("one holder is left");
        table.Release("b");

        table.TryGet("b", out _).ShouldBeFalse();
        table.Count.ShouldBe(2);
        table.Acquire("d").ShouldBe(1);
        table.ToArray().ShouldBe(["a", "c", "d"]);
    }

    [Test]
    public void ToArray_OfANameReleasedAndMetAgain_ListsItWhereItWasMetAgain()
    {
        var table = new InternTable("tag", int.MaxValue);
        table.Acquire("a");
        table.Acquire("b");
        table.Acquire("c");
        table.Release("a");
        table.Acquire("a");

        table.ToArray().ShouldBe(["b", "c", "a"]);
    }

    [Test]
    public void Compact_AfterMostNamesWereReleased_RenumbersTheRestInOrder()
    {
        var table = new InternTable("tag", int.MaxValue);
        for (int i = 0; i < 300; i++)
        {
            table.Acquire($"t{i}");
        }

        for (int i = 0; i < 299; i++)
        {
            if (i % 100 != 0)
            {
                table.Release($"t{i}");
            }
        }

        table.Count.ShouldBe(4);
        table.IdBound.ShouldBe(300);
        table.IsSparse.ShouldBeTrue();

        table.Compact();

        table.IdBound.ShouldBe(4);
        table.IsSparse.ShouldBeFalse();
        string[] ids = [.. Enumerable.Range(0, 4).Select(table.NameOf)];
        ids.ShouldBe(["t0", "t100", "t200", "t299"]);
        table.Acquire("new").ShouldBe(4);
    }

    [Test]
    public void GetOrAdd_AtTheCapacityOfLiveNames_Refuses_ButAReleasedNameMakesRoom()
    {
        var table = new InternTable("media type", 2);
        table.Acquire("chat");
        table.Acquire("voice");
        Should.Throw<InvalidOperationException>(() => table.Acquire("video"));

        table.Release("voice");

        table.Acquire("video").ShouldBe(1);
    }

    [Test]
    public void GroupBits_OfAGroupNobodyHoldsAnyMore_AreFreedForTheNextNewGroup()
    {
        var table = new GroupBitTable();
        table.Acquire(new AgentGroupId("g0"), out int first).ShouldBeTrue();
        table.Acquire(new AgentGroupId("g1"), out int second).ShouldBeTrue();
        (first, second).ShouldBe((0, 1));

        table.Release(new AgentGroupId("g0"));

        table.TryGetMask(new AgentGroupId("g0"), out _).ShouldBeFalse();
        table.Acquire(new AgentGroupId("g2"), out int reused).ShouldBeTrue();
        reused.ShouldBe(0);
        table.Count.ShouldBe(2);
    }

    [Test]
    public void GroupBits_OfAGroupThatCameWhenBitsRanOut_StayAbsentWhileItIsHeld()
    {
        var table = new GroupBitTable();
        for (int i = 0; i < 64; i++)
        {
            table.Acquire(new AgentGroupId($"g{i}"), out _).ShouldBeTrue();
        }

        var late = new AgentGroupId("late");
        table.Acquire(late, out _).ShouldBeFalse();
        table.Release(new AgentGroupId("g5"));

        // Another agent holding the late group: it must not get a bit the first holder's mask lacks.
        table.Acquire(late, out _).ShouldBeFalse();
        table.TryGetMask(late, out _).ShouldBeFalse();
        table.Acquire(new AgentGroupId("new"), out int bit).ShouldBeTrue();
        bit.ShouldBe(5);
    }

    [Test]
    public void SkillTable_OfASkillDroppedAndIndexedAgain_ListsItLast()
    {
        var table = new SkillTable();
        table.GetOrAdd(new SkillId("a"));
        SkillIndex b = table.GetOrAdd(new SkillId("b"));
        table.GetOrAdd(new SkillId("c"));

        table.DropIfEmpty(b);
        table.GetOrAdd(new SkillId("b"));

        table.Keys.Select(s => s.Value).ShouldBe(["a", "c", "b"]);
    }
}
