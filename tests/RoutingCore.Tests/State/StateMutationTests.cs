using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using CsCheck;
using RoutingCore.Tests.PropertyBased.Shared;

namespace RoutingCore.Tests.State;

/// <summary>
/// Damaged state documents (<see cref="StateMutations"/>) taken from random runs: each is either refused with a
/// <see cref="RoutingStateException"/> that leaves the engine as it was (empty, and able to restore the undamaged document
/// afterwards), or restored into an engine whose invariants hold, whose later calls raise only documented exceptions, and
/// whose own document restores again.
/// </summary>
/// <remarks>For a larger run set <c>ROUTINGCORE_STATE_SCALE</c> to a multiplier.</remarks>
public sealed class StateMutationTests
{
    internal const int Documents = 150;

    internal const int MutationsPerDocument = 24;

    [Test]
    public void RestoreState_DamagedDocuments_AreRefusedCleanlyOrRestoreIntoAWorkingEngine()
    {
        var outcomes = new ConcurrentDictionary<string, (int Refused, int Accepted)>();
        long documents = 0;
        Gen.Select(TripGenerators.SingleThread(60), Gen.Int).Sample(
            (scenario, seed) =>
            {
                var totals = new TripTotals();
                string original;
                RoutingOptions options;
                DateTimeOffset at;
                using (var world = new TripWorld(scenario, totals))
                {
                    world.Run([.. scenario.Threads[0].Where(s => s.Kind != TripKind.Save)], concurrent: false);
                    original = StateKit.Save(world.Engine);
                    options = world.Options;
                    at = world.Clock.GetUtcNow();
                }

                Interlocked.Increment(ref documents);
                var random = new Random(seed);
                for (int m = 0; m < MutationsPerDocument; m++)
                {
                    string kind = StateMutations.Kinds[m % StateMutations.Kinds.Length];
                    byte[] damaged = StateMutations.Apply(original, kind, random);
                    bool refused = Check(options, original, damaged, at, random);
                    outcomes.AddOrUpdate(kind, refused ? (1, 0) : (0, 1), (_, o) => refused ? (o.Refused + 1, o.Accepted) : (o.Refused, o.Accepted + 1));
                }
            },
            iter: Documents * StateRoundTripPropertyTests.Scale,
            print: t => t.ToString());

        TestContext.Out.WriteLine($"StateMutationTests: {documents} documents, {outcomes.Values.Sum(o => o.Refused + o.Accepted)} damaged copies: "
            + string.Join(", ", outcomes.OrderBy(o => o.Key, StringComparer.Ordinal).Select(o => $"{o.Key} {o.Value.Refused} refused / {o.Value.Accepted} restored")));
        outcomes.Keys.Order(StringComparer.Ordinal).ShouldBe(StateMutations.Kinds.Order(StringComparer.Ordinal));
        outcomes.Values.Sum(o => o.Refused).ShouldBeGreaterThan(0);
        outcomes.Values.Sum(o => o.Accepted).ShouldBeGreaterThan(0);
    }

    /// <summary>Restores a damaged document into a new engine and checks the outcome; returns whether it was refused.</summary>
    private static bool Check(RoutingOptions options, string original, byte[] damaged, DateTimeOffset at, Random random)
    {
        using var target = new EngineKit(options: options, logEvents: false);
        target.AdvanceTo(at);
        string empty = StateKit.Save(target.Engine);
        string shown = Encoding.UTF8.GetString(damaged);
        try
        {
            StateKit.Restore(target.Engine, damaged);
        }
        catch (RoutingStateException e)
        {
            e.Path.ShouldStartWith("$");
            e.Message.ShouldStartWith("The routing state document was refused at ");
            target.Engine.GetAgents().ShouldBeEmpty();
            target.Engine.GetWaitingConversations().ShouldBeEmpty();
            StateKit.Save(target.Engine).ShouldBe(empty, "a refused document changed the engine");
            StateKit.Restore(target.Engine, original);
            StateKit.Save(target.Engine).ShouldBe(original, "after a refusal the engine no longer restores the undamaged document");
            return true;
        }
        catch (Exception e)
        {
            throw new AssertionException($"restoring a damaged document threw {e.GetType().Name} instead of RoutingStateException: {e.Message}{Environment.NewLine}{shown}", e);
        }

        string restored = StateKit.Save(target.Engine);
        ConversationId[] ids = [.. StateRoundTripCheck.IdsIn(restored).Union(StateRoundTripCheck.IdsIn(original))];
        var checker = new InvariantChecker(options);
        checker.CheckWithoutHistory(target.Engine, ids);
        checker.CheckScores(target.Engine, new ConversationRequest(new ConversationId("probe")) { Skill = new SkillId("s0") });
        checker.Violations.ShouldBeEmpty($"a damaged document was restored into an engine that breaks invariants:{Environment.NewLine}{shown}");
        LaterCalls(target, ids, random, shown);
        string again = StateKit.Save(target.Engine);
        using EngineKit copy = StateRoundTripCheck.Restore(options, again, target.Clock.GetUtcNow());
        StateKit.Save(copy.Engine).ShouldBe(again, $"the engine restored from a damaged document saved a document that does not restore alike:{Environment.NewLine}{shown}");
        return false;
    }

    /// <summary>A few submits, accepts, declines, returns, closes and clock advances: only documented exceptions.</summary>
    private static void LaterCalls(EngineKit kit, ConversationId[] ids, Random random, string shown)
    {
        IRoutingEngine engine = kit.Engine;
        for (int i = 0; i < 10; i++)
        {
            ConversationId id = ids.Length > 0 && random.Next(4) > 0 ? ids[random.Next(ids.Length)] : new ConversationId(string.Create(CultureInfo.InvariantCulture, $"later-{i}"));
            int call = random.Next(7);
            try
            {
                switch (call)
                {
                    case 0:
                        engine.Submit(new ConversationRequest(new ConversationId(string.Create(CultureInfo.InvariantCulture, $"later-{i}"))) { Skill = new SkillId($"s{random.Next(4)}") });
                        break;
                    case 1:
                    case 2:
                        ConversationSnapshot view = engine.GetConversation(id);
                        if (view.OfferedTo.Length > 0)
                        {
                            AgentId agent = view.OfferedTo[random.Next(view.OfferedTo.Length)];
                            if (call == 1)
                            {
                                engine.Accept(id, agent);
                            }
                            else
                            {
                                engine.Decline(id, agent);
                            }
                        }

                        break;
                    case 3:
                        engine.Close(id);
                        break;
                    case 4:
                        engine.ReturnToQueue(id);
                        break;
                    case 5:
                        engine.ReportMessage(id, MessageAuthor.Consumer);
                        break;
                    default:
                        kit.Clock.Advance(TimeSpan.FromSeconds(random.Next(1, 200)));
                        break;
                }
            }
            catch (RoutingOperationException)
            {
            }
            catch (ArgumentException e) when (e.GetType() == typeof(ArgumentException))
            {
            }
            catch (Exception e)
            {
                throw new AssertionException($"after restoring a damaged document, call {call} on {id} threw {e.GetType().Name}: {e}{Environment.NewLine}{shown}", e);
            }
        }
    }
}
