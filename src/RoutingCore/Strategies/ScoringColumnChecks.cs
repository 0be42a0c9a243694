using System.Globalization;

namespace RoutingCore.Strategies;

/// <summary>The checks of columns given to <see cref="ScoringColumns"/>'s public constructor: one value per agent, each in range.</summary>
internal static class ScoringColumnChecks
{
    /// <summary>One value per agent, each in 0..1.</summary>
    public static void Share(ReadOnlySpan<double> column, int agents, string name)
    {
        Length(column.Length, agents, name);
        for (int i = 0; i < column.Length; i++)
        {
            if (!(column[i] >= 0 && column[i] <= 1))
            {
                throw new ArgumentOutOfRangeException(name, column[i], Text($"{name}[{i}] is {column[i]}; it must be from 0 to 1."));
            }
        }
    }

    /// <summary>One value per agent, each 0 or more (and finite).</summary>
    public static void AtLeastZero(ReadOnlySpan<double> column, int agents, string name)
    {
        Length(column.Length, agents, name);
        for (int i = 0; i < column.Length; i++)
        {
            if (!(column[i] >= 0 && double.IsFinite(column[i])))
            {
                throw new ArgumentOutOfRangeException(name, column[i], Text($"{name}[{i}] is {column[i]}; it must be a finite number, 0 or more."));
            }
        }
    }

    /// <summary>One count per agent, each 0 or more.</summary>
    public static void AtLeastZero(ReadOnlySpan<int> column, int agents, string name)
    {
        Length(column.Length, agents, name);
        for (int i = 0; i < column.Length; i++)
        {
            if (column[i] < 0)
            {
                throw new ArgumentOutOfRangeException(name, column[i], Text($"{name}[{i}] is {column[i]}; it must be 0 or more."));
            }
        }
    }

    private static void Length(int length, int agents, string name)
    {
        if (length != agents)
        {
            throw new ArgumentException(Text($"{name} holds {length} values for {agents} agents; every column needs one value per agent."), name);
        }
    }

    private static string Text(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
