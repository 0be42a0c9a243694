using RoutingCore.Engine;
using RoutingCore.Tests.Lifecycle;

namespace RoutingCore.Tests.Engine;

/// <summary>
/// Planning reads copies of each agent's fields kept in its skills' indexes; after every kind of event the copies must
/// equal the agent's own state, or plans would be made on stale data.
/// </summary>
public sealed class IndexConsistencyTests
{
    [Test]
    public void IndexCopies_MatchTheAgents_AfterEveryEvent([Values(1, 2, 3, 4)] int seed)
    {
        using var center = new Center(o =>
        {
            o.Strategy = RoutingStrategyNames.LeastLoaded;
            o.CapacityModel = seed % 2 == 0 ? CapacityModelNames.Intensity : CapacityModelNames.MaxConcurrent;
            o.AutoCloseAfter = TimeSpan.FromMinutes(5);
        });
        var engine = (DefaultRoutingEngine)center.Engine;
        var random = new Random(seed);
        string[] skills = ["sales", "support", "billing"];
        for (int i = 0; i < 12; i++)
        {
            string first = skills[random.Next(3)];
            center.Agent($"a{i}", AgentState.Online, 1 + random.Next(4), first == "sales" ? ["sales", "support"] : [first]);
        }

        int submitted = 0;
        for (int step = 0; step < 1_500; step++)
        {
            try
            {
                Act(center, random, skills, ref submitted);
            }
            catch (Exception e) when (e is RoutingOperationException or ArgumentException)
            {
                // a random operation that made no sense: refused, changes nothing
            }

            engine.FindStaleIndexEntry().ShouldBeNull($"after step {step}");
        }
    }

    private static void Act(Center center, Random random, string[] skills, ref int submitted)
    {
        IRoutingEngine engine = center.Engine;
        string agent = $"a{random.Next(12)}";
        string conversation = $"c{random.Next(Math.Max(1, submitted))}";
        switch (random.Next(10))
        {
            case 0 or 1:
                center.Submit($"c{submitted++}", skills[random.Next(3)]);
                break;
            case 2 or 3:
                ConversationSnapshot offered = engine.GetConversation(new ConversationId(conversation));
                if (!offered.OfferedTo.IsEmpty)
                {
                    engine.Accept(new ConversationId(conversation), offered.OfferedTo[random.Next(offered.OfferedTo.Length)]);
                }

                break;
            case 4:
                engine.Decline(new ConversationId(conversation), new AgentId(agent));
                break;
            case 5:
                engine.Close(new ConversationId(conversation));
                break;
            case 6:
                engine.SetAgentState(new AgentId(agent), (AgentState)random.Next(5));
                break;
            case 7:
                engine.ReportMessage(new ConversationId(conversation), random.Next(2) == 0 ? MessageAuthor.Agent : MessageAuthor.Consumer);
                break;
            case 8:
                engine.UpdateAgent(new AgentProfile(new AgentId(agent)) { Skills = [new AgentSkill(new SkillId(skills[random.Next(3)]))], MaxConcurrent = 1 + random.Next(4), Tags = random.Next(2) == 0 ? ["es"] : [] });
                break;
            default:
                center.Advance(random.Next(90));
                break;
        }
    }
}
