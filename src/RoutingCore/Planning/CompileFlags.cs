namespace RoutingCore.Engine;

/// <summary>
/// A condition a planning loop is compiled for: a generic loop over <see cref="Yes"/> or <see cref="No"/> is compiled
/// once for each, and in each the checks of <see cref="IsSet"/> fold away (no branch, no unused column read).
/// </summary>
internal interface ICompileFlag
{
    static abstract bool IsSet { get; }
}

/// <summary>The condition holds.</summary>
internal readonly struct Yes : ICompileFlag
{
    public static bool IsSet => true;
}

/// <summary>The condition does not hold.</summary>
internal readonly struct No : ICompileFlag
{
    public static bool IsSet => false;
}
