namespace RoutingCore.Engine;

/// <summary>The façade's views for tests: internal state that the public API does not show.</summary>
internal sealed partial class DefaultRoutingEngine
{
    /// <summary>For tests: the first agent whose copy in a skill index differs from its record, or null when all agree.</summary>
    internal string? FindStaleIndexEntry()
    {
        using (EnterGate())
        {
            return _roster.FindStaleIndexEntry();
        }
    }

    /// <summary>For tests: how many names and tables the engine holds (what nothing may retain without bound).</summary>
    internal (int Skills, int SkillQueues, int Media, int Tags, int TagIdBound, int Groups) Retained()
    {
        using (EnterGate())
        {
            return (_context.Skills.Count, _queue.SkillQueueCount, _context.Media.Count, _context.Tags.Count, _context.Tags.IdBound, _context.GroupBits.Count);
        }
    }

    /// <summary>For tests: sees every command in the engine's order, before it is applied.</summary>
    internal Action<EngineCommand>? Journal
    {
        get => _commands.Journal;
        set => _commands.Journal = value;
    }
}
