namespace RoutingCore.Orleans;

/// <summary>Saves and restores an engine's snapshot (the engine's state document) as bytes.</summary>
internal static class EngineState
{
    public static byte[] Save(IRoutingEngine engine)
    {
        ArgumentNullException.ThrowIfNull(engine);
        return []; // TODO: engine.SaveState once the snapshot lands
    }

    public static void Restore(IRoutingEngine engine, byte[] document)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(document);
    }
}
