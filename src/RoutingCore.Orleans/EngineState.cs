namespace RoutingCore.Orleans;

/// <summary>Saves and restores an engine's snapshot (<see cref="IRoutingEngine.SaveState(Stream)"/>) as bytes.</summary>
internal static class EngineState
{
    public static byte[] Save(IRoutingEngine engine)
    {
        using var buffer = new MemoryStream();
        engine.SaveState(buffer);
        return buffer.ToArray();
    }

    public static void Restore(IRoutingEngine engine, byte[] document)
    {
        using var source = new MemoryStream(document, writable: false);
        engine.RestoreState(source);
    }
}
