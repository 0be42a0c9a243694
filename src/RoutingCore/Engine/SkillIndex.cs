namespace RoutingCore.Engine;

/// <summary>The agents holding one skill, with their proficiency, in roster order. Rebuilt when the roster changes.</summary>
internal sealed class SkillIndex
{
    public SkillIndex(SkillId skill)
    {
        Skill = skill;
    }

    public SkillId Skill { get; }

    public AgentRecord[] Members = [];

    public double[] Proficiency = [];

    public int Count;

    public void Add(AgentRecord agent, double proficiency)
    {
        if (Count == Members.Length)
        {
            int size = Math.Max(4, Count * 2);
            Array.Resize(ref Members, size);
            Array.Resize(ref Proficiency, size);
        }

        // Keep roster (slot) order so plans are deterministic and independent of the order skills were given.
        int position = Count;
        while (position > 0 && Members[position - 1].Order > agent.Order)
        {
            Members[position] = Members[position - 1];
            Proficiency[position] = Proficiency[position - 1];
            position--;
        }

        Members[position] = agent;
        Proficiency[position] = proficiency;
        Count++;
    }

    public void Remove(AgentRecord agent)
    {
        int index = Array.IndexOf(Members, agent, 0, Count);
        if (index < 0)
        {
            return;
        }

        Array.Copy(Members, index + 1, Members, index, Count - index - 1);
        Array.Copy(Proficiency, index + 1, Proficiency, index, Count - index - 1);
        Count--;
        Members[Count] = null!;
    }
}
