using System.Globalization;
using System.Text;
using Microsoft.Extensions.Time.Testing;
using RoutingCore.Tests.Lifecycle;

namespace RoutingCore.Tests.State;

/// <summary>One scenario of the equivalence runs: the options both engines share.</summary>
public sealed record StateScenario(string Strategy, string CapacityModel, bool Workload, bool ForcedPause, bool AutoClose)
{
    public override string ToString() =>
        $"{Strategy}/{CapacityModel}{(Workload ? "/workload" : "")}{(ForcedPause ? "/pause" : "")}{(AutoClose ? "/auto-close" : "")}";

    public void Configure(RoutingOptions options)
    {
        options.Strategy = Strategy;
        options.CapacityModel = CapacityModel;
        options.Steps = 3;
        options.StepDelay = TimeSpan.FromSeconds(10);
        options.AbsenceGracePeriod = TimeSpan.FromSeconds(20);
        options.ForcedPause.Enabled = ForcedPause;
        options.AutoCloseAfter = AutoClose ? TimeSpan.FromSeconds(40) : null;
        options.AgentGroups = ["g1", "g2", "g3"];
        options.Skills["support"] = new SkillOptions { StepDelay = TimeSpan.FromSeconds(7), Steps = 2 };
        if (Workload)
        {
            options.Skills["sales"] = new SkillOptions
            {
                Workload = new WorkloadDistributionOptions
                {
                    PrimaryGroups = [new() { Group = "g1", Percentage = 60 }, new() { Group = "g2", Percentage = 40 }],
                    SecondaryGroups = [new() { Group = "g3", Percentage = 100 }],
                    MaxWait = TimeSpan.FromSeconds(25),
                },
            };
        }
    }
}

/// <summary>Saving and restoring engines, and driving them with a seeded random stream of events.</summary>
internal static class StateKit
{
    public static string Save(IRoutingEngine engine)
    {
        using var stream = new MemoryStream();
        engine.SaveState(stream);
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    public static void Restore(IRoutingEngine engine, string document) => Restore(engine, Encoding.UTF8.GetBytes(document));

    public static void Restore(IRoutingEngine engine, byte[] document)
    {
        using var stream = new MemoryStream(document);
        engine.RestoreState(stream);
    }

    /// <summary>A new engine with the scenario's options on its own fake clock, set to <paramref name="at"/>.</summary>
    public static Center NewCenter(StateScenario scenario, DateTimeOffset? at = null)
    {
        var center = new Center(scenario.Configure);
        if (at is { } time)
        {
            center.Kit.AdvanceTo(time);
        }

        return center;
    }

    /// <summary>Renders an event with every field, for comparing two engines' streams.</summary>
    public static string Describe(RoutingEvent e) => string.Create(
        CultureInfo.InvariantCulture,
        $"{e.Timestamp:O} {e.Kind} c={e.Conversation} a={e.Agent} s={e.Skill} r={e.Reason} step={e.Step} {e.Detail}");
}

/// <summary>
/// Chooses random but seeded operations from the state of one engine (the reference) and applies each to one or more
/// engines, recording what every engine answered (including exceptions) so the runs can be compared.
/// </summary>
internal sealed class RandomDriver(int seed, StateScenario scenario)
{
    private static readonly string[] Skills = ["sales", "support"];
    private static readonly string[] Groups = ["g1", "g2", "g3"];
    private readonly Random _random = new(seed);
    private readonly List<string> _agents = [];
    private readonly List<string> _conversations = [];
    private int _nextAgent;
    private int _nextConversation;

    public List<string> Answers { get; } = [];

    /// <summary>Runs <paramref name="count"/> operations chosen from <paramref name="reference"/> on every center.</summary>
    public void Run(int count, Center reference, params Center[] centers)
    {
        for (int i = 0; i < count; i++)
        {
            Action<Center> operation = Next(reference);
            foreach (Center center in centers)
            {
                string answer;
                try
                {
                    operation(center);
                    answer = "ok";
                }
                catch (Exception ex) when (ex is ArgumentException or InvalidOperationException)
                {
                    answer = $"{ex.GetType().Name}: {ex.Message}";
                }

                Answers.Add($"{i}: {answer}");
            }
        }
    }

    private Action<Center> Next(Center reference)
    {
        int roll = _random.Next(100);
        if (_agents.Count < 3 || roll < 6)
        {
            return AddAgent();
        }

        if (roll < 30)
        {
            return Submit();
        }

        if (roll < 45)
        {
            double seconds = Math.Round(_random.NextDouble() * 15, 1);
            return c => c.Advance(seconds);
        }

        string? conversation = Pick(_conversations);
        ConversationSnapshot? snapshot = conversation is null ? null : TryGet(reference, conversation);
        if (roll < 58 && snapshot is { OfferedTo.Length: > 0 })
        {
            string agent = snapshot.OfferedTo[_random.Next(snapshot.OfferedTo.Length)].Value;
            return _random.Next(3) == 0
                ? c => c.Engine.Decline(new ConversationId(conversation!), new AgentId(agent))
                : c => c.Engine.Accept(new ConversationId(conversation!), new AgentId(agent));
        }

        if (roll < 64)
        {
            return conversation is null ? Submit() : c => c.Engine.Close(new ConversationId(conversation));
        }

        if (roll < 72 && conversation is not null)
        {
            MessageAuthor author = _random.Next(3) == 0 ? MessageAuthor.Agent : MessageAuthor.Consumer;
            return c => c.Engine.ReportMessage(new ConversationId(conversation), author);
        }

        if (roll < 80)
        {
            string agent = Pick(_agents)!;
            AgentState state = _random.Next(10) switch
            {
                < 5 => AgentState.Online,
                < 7 => AgentState.Paused,
                < 9 => AgentState.Away,
                _ => AgentState.Offline,
            };
            return c => c.Engine.SetAgentState(new AgentId(agent), state);
        }

        if (roll < 89 && snapshot is not { State: ConversationState.Assigned })
        {
            conversation = PickAssigned(reference) ?? conversation;
        }

        if (roll < 85 && conversation is not null)
        {
            string skill = Skills[_random.Next(Skills.Length)];
            return c => c.Engine.Transfer(new ConversationId(conversation), new SkillId(skill));
        }

        if (roll < 89 && conversation is not null)
        {
            return c => c.Engine.ReturnToQueue(new ConversationId(conversation));
        }

        if (roll < 92 && scenario.Workload)
        {
            double first = 10 * _random.Next(1, 10);
            return c => c.Engine.ConfigureWorkload(new SkillId("sales"), WorkloadDistribution.Create(
                [new AgentGroupShare(new AgentGroupId("g1"), first), new AgentGroupShare(new AgentGroupId("g2"), 100 - first)],
                [new AgentGroupShare(new AgentGroupId("g3"), 100)],
                TimeSpan.FromSeconds(20)));
        }

        if (roll < 95)
        {
            string agent = Pick(_agents)!;
            AgentProfile profile = Profile(agent);
            return c => c.Engine.UpdateAgent(profile);
        }

        if (roll < 97)
        {
            string agent = Pick(_agents)!;
            return c => c.Engine.RemoveAgent(new AgentId(agent));
        }

        return Submit();
    }

    private Action<Center> AddAgent()
    {
        string id = $"agent-{_nextAgent++}";
        _agents.Add(id);
        AgentProfile profile = Profile(id);
        AgentState state = _random.Next(4) == 0 ? AgentState.Offline : AgentState.Online;
        return c => c.Engine.AddAgent(profile, state);
    }

    private AgentProfile Profile(string id)
    {
        string[] skills = _random.Next(3) switch
        {
            0 => ["sales"],
            1 => ["support"],
            _ => ["sales", "support"],
        };
        return new AgentProfile(new AgentId(id))
        {
            Skills = [.. skills.Select(s => new AgentSkill(new SkillId(s), Math.Round(0.3 + (_random.NextDouble() * 0.7), 2)))],
            Groups = [new AgentGroupId(Groups[_random.Next(Groups.Length)])],
            MaxConcurrent = _random.Next(1, 4),
            Tags = _random.Next(4) == 0 ? ["vip"] : [],
            Media = _random.Next(4) == 0 ? [MediaType.Chat, MediaType.Voice] : [MediaType.Chat],
        };
    }

    private Action<Center> Submit()
    {
        string id = $"conv-{_nextConversation++}";
        _conversations.Add(id);
        string? skill = _random.Next(10) == 0 ? null : Skills[_random.Next(Skills.Length)];
        var request = new ConversationRequest(new ConversationId(id))
        {
            Skill = skill is null ? (SkillId?)null : new SkillId(skill),
            Priority = _random.Next(3),
            Consumer = _random.Next(2) == 0 ? new ConsumerId($"consumer-{_random.Next(8)}") : (ConsumerId?)null,
            RequiredTags = _random.Next(8) == 0 ? ["vip"] : [],
            Media = _random.Next(8) == 0 ? [MediaType.Voice] : [MediaType.Chat],
        };
        return c => c.Engine.Submit(request);
    }

    private string? PickAssigned(Center reference)
    {
        for (int attempt = 0; attempt < 8; attempt++)
        {
            string? candidate = Pick(_conversations);
            if (candidate is not null && TryGet(reference, candidate) is { State: ConversationState.Assigned })
            {
                return candidate;
            }
        }

        return null;
    }

    private string? Pick(List<string> items) => items.Count == 0 ? null : items[_random.Next(items.Count)];

    private static ConversationSnapshot? TryGet(Center center, string conversation)
    {
        try
        {
            return center.Engine.GetConversation(new ConversationId(conversation));
        }
        catch (RoutingOperationException e) when (e.Code == RoutingErrorCode.UnknownConversation)
        {
            return null;
        }
    }
}
