using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using Microsoft.Extensions.Time.Testing;
using RoutingCore.Tests.Lifecycle;

namespace RoutingCore.Tests.Reliability;

/// <summary>
/// An engine on a fake clock with something in every state: agents online (one full), away; conversations assigned, offered,
/// waiting, closed, and one waiting on a skill with a workload distribution. The event log is subscribed after the setup, so it
/// holds only what a test does.
/// </summary>
internal sealed class ReliabilityWorld : IDisposable
{
    public static readonly string[] Conversations = ["assigned", "offered", "waiting", "closed", "billing-1", "ghost"];
    public static readonly string[] WorkloadSkills = ["billing", "sales"];

    private readonly EngineKit _kit;

    public ReliabilityWorld()
    {
        var options = new RoutingOptions { AgentGroups = ["north", "south"] };
        var split = new WorkloadDistributionOptions();
        split.PrimaryGroups.Add(new AgentGroupShareOptions { Group = "north", Percentage = 50 });
        split.PrimaryGroups.Add(new AgentGroupShareOptions { Group = "south", Percentage = 50 });
        options.Skills["billing"] = new SkillOptions { Workload = split };
        _kit = new EngineKit(options: options, logEvents: false);

        Engine.AddAgent(new AgentProfile(new AgentId("a")) { Skills = [new SkillId("sales"), new SkillId("billing")], Groups = [new AgentGroupId("north")], MaxConcurrent = 1, Tags = ["en"] }, AgentState.Online);
        Engine.AddAgent(new AgentProfile(new AgentId("b")) { Skills = [new SkillId("sales")], Groups = [new AgentGroupId("south")], MaxConcurrent = 2 }, AgentState.Online);
        Engine.AddAgent(new AgentProfile(new AgentId("c")) { Skills = [new SkillId("support"), new SkillId("billing")], Groups = [new AgentGroupId("north")] }, AgentState.Away);

        Engine.Assign(TestEngine.Chat("assigned"), new AgentId("a")); // 'a' is now full
        Engine.Submit(TestEngine.Chat("offered"));        // offered to 'b'
        Engine.Submit(TestEngine.Chat("waiting", "support")); // 'c' is away
        Engine.Submit(TestEngine.Chat("closed"));
        Engine.Close(new ConversationId("closed"));
        Engine.Submit(TestEngine.Chat("billing-1", "billing")); // its group has nobody free
        Clock.Advance(TimeSpan.FromSeconds(1));
        _kit.AttachLog();
    }

    public IRoutingEngine Engine => _kit.Engine;

    public FakeTimeProvider Clock => _kit.Clock;

    public EventLog Log => _kit.Log;

    /// <summary>Everything observable about the world (see <see cref="StateText"/>).</summary>
    public string State() => StateText(Engine, Conversations, WorkloadSkills);

    /// <summary>
    /// Submits a probe conversation that waits and returns its arrival number: an operation that changed nothing leaves the
    /// engine's counters where a pristine world has them.
    /// </summary>
    public long ProbeSequence()
    {
        Engine.Submit(TestEngine.Chat("probe", "support"));
        return Engine.GetWaitingConversations(new SkillId("support")).Single(w => w.Id.Value == "probe").Sequence;
    }

    public void Dispose() => _kit.Dispose();

    /// <summary>
    /// A text rendering of every agent (state, load, reservations, offers, counters, profile), the waiting queue (ids, skills,
    /// SLA, queue time, arrival numbers), the given conversations (state, skill, agent, offers, step, exclusions, group) and the
    /// workload reports of the given skills.
    /// </summary>
    /// <param name="engine">The engine.</param>
    /// <param name="conversations">The conversations to describe.</param>
    /// <param name="workloadSkills">The skills whose workload reports to describe.</param>
    /// <param name="identities">Whether to include the identity of profile and request objects (false to compare two engines).</param>
    public static string StateText(IRoutingEngine engine, IEnumerable<string> conversations, IEnumerable<string> workloadSkills, bool identities = true)
    {
        var text = new StringBuilder();
        foreach (AgentSnapshot a in engine.GetAgents())
        {
            AgentProfile p = a.Profile;
            text.AppendLine(Invariant(
                $"agent {a.Id} {a.State} since {a.StateSince:O} load {a.Load:R}/{a.Limit:R} reserved {a.Reserved:R} offers {a.PendingOffers} declines {a.Declines} timeouts {a.Timeouts} conversations {a.Conversations} accepted {a.LastAcceptedAt:O} ") + Invariant(
                $"profile #{(identities ? RuntimeHelpers.GetHashCode(p) : 0)} skills [{string.Join(",", p.Skills.Select(s => Invariant($"{s.Skill}:{s.Proficiency}")))}] tags [{string.Join(",", p.Tags)}] groups [{string.Join(",", p.Groups)}] media [{string.Join(",", p.Media)}] max {p.MaxConcurrent}"));
        }

        foreach (WaitingConversation w in engine.GetWaitingConversations())
        {
            text.AppendLine(Invariant($"waiting {w.Id} skill {w.Skill} priority {w.Priority} sla {w.SlaDue:O} queued {w.QueuedAt:O} sequence {w.Sequence}"));
        }

        foreach (string id in conversations)
        {
            try
            {
                ConversationSnapshot c = engine.GetConversation(new ConversationId(id));
                text.AppendLine(Invariant(
                    $"conversation {c} step {c.Step} sla {c.SlaDue:O} excluded [{string.Join(",", c.Excluded)}] group {c.AgentGroup} request #{(identities ? RuntimeHelpers.GetHashCode(c.Request) : 0)}"));
            }
            catch (RoutingOperationException e) when (e.Code == RoutingErrorCode.UnknownConversation)
            {
                text.AppendLine($"conversation {id}: {e.Message}");
            }
        }

        foreach (string skill in workloadSkills)
        {
            try
            {
                WorkloadReport r = engine.GetWorkloadReport(new SkillId(skill));
                text.AppendLine(Invariant($"workload {skill} v{r.Version} primary {r.PrimaryTotal}/{r.PrimaryTotalSinceChange} cascaded {r.CascadedTotal}/{r.CascadedTotalSinceChange} ") +
                    string.Join(" ", r.Groups.Select(g => Invariant($"{g.Group}:{g.Role}:{g.TargetPrimaryPercentage}:{g.TargetSecondaryPercentage}:{g.PrimaryCount}:{g.CascadedCount}"))));
            }
            catch (RoutingOperationException e) when (e.Code == RoutingErrorCode.NoWorkloadDistribution)
            {
                text.AppendLine($"workload {skill}: {e.Message}");
            }
        }

        return text.ToString();
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}

/// <summary>Runs an action that must throw and returns what it threw.</summary>
internal static class Catch
{
    public static Exception From(Action action)
    {
        try
        {
            action();
        }
        catch (Exception e)
        {
            return e;
        }

        throw new AssertionException("Expected an exception, but the call returned normally.");
    }
}
