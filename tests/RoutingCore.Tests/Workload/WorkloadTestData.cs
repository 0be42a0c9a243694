using CsCheck;

namespace RoutingCore.Tests.Workload;

/// <summary>Generators and helpers shared by the workload tests. Percentages are generated in hundredths ("units", summing to 10000) so the checks are exact integer arithmetic.</summary>
internal static class WorkloadTestData
{
    internal const int UnitsPerHundredPercent = 10_000;

    /// <summary>k groups (2..10), cut at random points; zero-width pieces give 0% groups.</summary>
    internal static readonly Gen<int[]> RandomSplit =
        Gen.Int[2, 10].SelectMany(k => Gen.Int[0, UnitsPerHundredPercent].Array[k - 1]).Select(cuts => FromCuts(cuts, UnitsPerHundredPercent));

    /// <summary>Equal splits with the remainder on the last group, e.g. 33.33/33.33/33.34 or 14.28×6/14.32.</summary>
    internal static readonly Gen<int[]> EqualSplit = Gen.Int[2, 10].Select(k =>
    {
        var units = new int[k];
        Array.Fill(units, UnitsPerHundredPercent / k);
        units[k - 1] += UnitsPerHundredPercent % k;
        return units;
    });

    /// <summary>Some groups with tiny shares (0.01%, 0.03%, 0.5% or 1%), the rest cut at random.</summary>
    internal static readonly Gen<int[]> TinySplit =
        Gen.Int[2, 10].SelectMany(k => Gen.Int[1, k - 1].SelectMany(tiny => Gen.OneOf(1, 3, 50, 100).SelectMany(size =>
            Gen.Int[0, UnitsPerHundredPercent - (tiny * size)].Array[k - tiny - 1].Select(cuts =>
            {
                var rest = FromCuts(cuts, UnitsPerHundredPercent - (tiny * size));
                var units = new int[k];
                Array.Fill(units, size, 0, tiny);
                rest.CopyTo(units, tiny);
                return units;
            }))));

    /// <summary>A mix of the three shapes, shuffled so tiny or odd groups appear anywhere in the list.</summary>
    internal static readonly Gen<int[]> AnySplit =
        Gen.Frequency((3, RandomSplit), (1, EqualSplit), (2, TinySplit)).SelectMany(units => Gen.Shuffle(units, units.Length));

    internal static int[] FromCuts(int[] cuts, int total)
    {
        var sorted = (int[])cuts.Clone();
        Array.Sort(sorted);
        var units = new int[sorted.Length + 1];
        int previous = 0;
        for (int i = 0; i < sorted.Length; i++)
        {
            units[i] = sorted[i] - previous;
            previous = sorted[i];
        }

        units[^1] = total - previous;
        return units;
    }

    internal static AgentGroupId Group(string prefix, int index) => new($"{prefix}{index}");

    internal static AgentGroupShare[] Shares(string prefix, int[] units) =>
        units.Select((u, i) => new AgentGroupShare(Group(prefix, i), u / 100.0)).ToArray();

    /// <summary>Throws unless |count_i − p_i·total| &lt; 1 for every group, with p_i = units_i / 10000 (exact integer test).</summary>
    internal static void AssertWithinOne(int[] units, long[] counts, long total, string context)
    {
        for (int i = 0; i < units.Length; i++)
        {
            long scaledDeviation = Math.Abs((counts[i] * UnitsPerHundredPercent) - ((long)units[i] * total));
            if (scaledDeviation >= UnitsPerHundredPercent)
            {
                throw new InvalidOperationException(
                    $"{context}: after {total} decisions group #{i} ({units[i] / 100.0}%) has {counts[i]}, target {units[i] * total / (double)UnitsPerHundredPercent}; " +
                    $"split [{string.Join(", ", units.Select(u => u / 100.0))}], counts [{string.Join(", ", counts)}].");
            }
        }
    }

    internal static string Print(int[] units) => "[" + string.Join(", ", units.Select(u => u / 100.0)) + "]";
}
