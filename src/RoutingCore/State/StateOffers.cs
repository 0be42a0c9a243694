using System.Collections.Immutable;
using RoutingCore.State;
using static RoutingCore.Engine.StateChecks;

namespace RoutingCore.Engine;

/// <summary>
/// Reading the routing part of an open conversation in a state document: its pending offers, the plan they come from, the
/// agents it excludes and its past offers. Agents in exclusions and past offers are identified by id (an agent removed and
/// added again with the same id is the same person); documents written before that rule may list an id twice (a removed
/// agent and a later one), and the entries are merged.
/// </summary>
internal static class StateOffers
{
    /// <summary>Reads the offers and plan of an Offered conversation (and refuses them on any other).</summary>
    /// <param name="record">The conversation, read so far.</param>
    /// <param name="dto">Its document entry.</param>
    /// <param name="path">Its JSON path.</param>
    /// <param name="rosterAgent">Finds an agent on the document's roster, refusing an unknown one.</param>
    /// <param name="load">Costs each offer under the capacity model.</param>
    /// <param name="savedAt">The document's time.</param>
    public static void Read(ConversationRecord record, ConversationDto dto, string path, Func<string?, string, AgentRecord> rosterAgent, LoadTracker load, DateTimeOffset savedAt)
    {
        OfferDto[] offers = Required(dto.Offers, path + ".offers");
        if (dto.State != ConversationState.Offered)
        {
            if (offers.Length > 0 || dto.Plan is not null)
            {
                throw Refuse(path + ".offers", $"conversation '{record.Request.Id}' is {dto.State} but has offers or a plan; only an Offered conversation has them.");
            }

            return;
        }

        PlanDto planDto = dto.Plan ?? throw Refuse(path + ".plan", $"conversation '{record.Request.Id}' is Offered but has no plan; an offered conversation carries the plan its steps come from.");
        record.Plan = ReadPlan(record.Request.Id, planDto, path + ".plan", savedAt);
        if (dto.Step < 0 || dto.Step >= record.Plan.Steps.Length)
        {
            throw Refuse(path + ".step", Invariant($"conversation '{record.Request.Id}' is at step {dto.Step}, but its plan has {record.Plan.Steps.Length} step(s); the step is between 0 and {record.Plan.Steps.Length - 1}."));
        }

        if (offers.Length == 0)
        {
            throw Refuse(path + ".offers", $"conversation '{record.Request.Id}' is Offered but has no pending offer; an offered conversation is offered to at least one agent.");
        }

        for (int i = 0; i < offers.Length; i++)
        {
            string at = $"{path}.offers[{i}]";
            OfferDto offerDto = Required(offers[i], at);
            AgentRecord agent = rosterAgent(offerDto.Agent, at + ".agent");
            if (record.FindOffer(agent) is not null)
            {
                throw Refuse(at + ".agent", $"conversation '{record.Request.Id}' is offered to agent '{offerDto.Agent}' twice; an agent holds at most one offer of a conversation.");
            }

            if (offerDto.Step < 0 || offerDto.Step > dto.Step)
            {
                throw Refuse(at + ".step", Invariant($"the offer to agent '{offerDto.Agent}' is of step {offerDto.Step}; offers are of steps 0 to the conversation's step ({dto.Step})."));
            }

            Amount(offerDto.Cost, at + ".cost");
            EngineTime(offerDto.OfferedAt, savedAt, at + ".offeredAt");

            // The cost is derived: what the conversation costs the agent under the capacity model (the document's figure is not trusted).
            var offer = new Offer(record, agent, offerDto.Step, offerDto.OfferedAt, load.CostOf(agent.Profile, record.Request)) { TimedOut = offerDto.TimedOut };
            if (offerDto.ExclusiveSince is { } since)
            {
                if (offers.Length != 1)
                {
                    throw Refuse(at + ".exclusiveSince", Invariant($"the offer to agent '{offerDto.Agent}' is marked exclusive, but the conversation has {offers.Length} pending offers; only a conversation's only pending offer is exclusive."));
                }

                EngineTime(since, savedAt, at + ".exclusiveSince");
                if (since < offerDto.OfferedAt)
                {
                    throw Refuse(at + ".exclusiveSince", Invariant($"the offer to agent '{offerDto.Agent}' is exclusive since {since:O}, before it was made ({offerDto.OfferedAt:O}); an offer becomes exclusive when or after it is made."));
                }
            }

            record.Offers.Add(offer);
        }

        // Derived, like a reservation: the only pending offer of a plan that holds its agent alone. The mark is read for
        // compatibility and not trusted: engines before issue 17 marked every conversation's only pending offer, also when
        // others were eligible in its plan (that offer restores as not exclusive).
        record.Exclusive = OfferBook.ExclusiveOf(record);
    }

    private static RoutingPlan ReadPlan(ConversationId conversation, PlanDto dto, string path, DateTimeOffset savedAt)
    {
        Duration(dto.StepDelay, path + ".stepDelay");
        EngineTime(dto.PlannedAt, savedAt, path + ".plannedAt");
        PlanStepDto[] stepDtos = Required(dto.Steps, path + ".steps");
        var steps = new RoutingStep[stepDtos.Length];
        int count = 0;
        for (int s = 0; s < steps.Length; s++)
        {
            string at = $"{path}.steps[{s}]";
            PlanStepDto step = Required(stepDtos[s], at);
            NotNegative(step.OfferAfter, at + ".offerAfter");
            PlannedAgentDto[] agents = Required(step.Agents, at + ".agents");
            var planned = new PlannedAgent[agents.Length];
            for (int a = 0; a < planned.Length; a++)
            {
                PlannedAgentDto agent = Required(agents[a], $"{at}.agents[{a}]");
                Amount(agent.Score, $"{at}.agents[{a}].score");
                planned[a] = new PlannedAgent(Id(agent.Agent, $"{at}.agents[{a}].agent", static v => new AgentId(v)), agent.Score);
            }

            count += planned.Length;
            steps[s] = new RoutingStep(s, step.OfferAfter, StepAgents.Create(planned));
        }

        var exclusions = ImmutableArray.CreateBuilder<ExclusionCount>();
        ExclusionDto[] exclusionDtos = dto.Exclusions ?? [];
        for (int i = 0; i < exclusionDtos.Length; i++)
        {
            ExclusionDto exclusion = Required(exclusionDtos[i], $"{path}.exclusions[{i}]");
            Defined(exclusion.Reason, $"{path}.exclusions[{i}].reason");
            NotNegative(exclusion.Agents, $"{path}.exclusions[{i}].agents");
            exclusions.Add(new ExclusionCount(exclusion.Reason, exclusion.Agents));
        }

        SkillId? skill = OptionalId(dto.Skill, path + ".skill", static v => new SkillId(v));
        return new RoutingPlan(conversation, skill, Required(dto.Strategy, path + ".strategy"), dto.StepDelay, dto.PlannedAt, ImmutableArray.Create(steps), count, exclusions.ToImmutable());
    }

    /// <summary>
    /// The agents a conversation excludes, by id. An entry not marked removed names an agent on the roster, once; entries
    /// marked removed name an agent that left (or, in older documents, an earlier agent with the id of one on the roster).
    /// </summary>
    public static HashSet<AgentId> ReadExcluded(AgentRefDto[] excluded, Dictionary<AgentId, AgentRecord> roster, string path)
    {
        var result = new HashSet<AgentId>();
        var listedOnRoster = new HashSet<AgentId>();
        for (int i = 0; i < excluded.Length; i++)
        {
            AgentRefDto entry = Required(excluded[i], $"{path}[{i}]");
            result.Add(ListedAgent(entry.Agent, entry.Removed, roster, listedOnRoster, $"{path}[{i}]"));
        }

        return result;
    }

    /// <summary>
    /// A conversation's past offers by agent id. Entries for the same id (older documents) merge: a decline outlasts a
    /// withdrawal, as in a running engine, where a declined agent is never offered the conversation again.
    /// </summary>
    public static PastOfferLog ReadPastOffers(PastOfferDto[] past, Dictionary<AgentId, AgentRecord> roster, HashSet<AgentId>? excluded, string path)
    {
        var result = new PastOfferLog();
        var listedOnRoster = new HashSet<AgentId>();
        for (int i = 0; i < past.Length; i++)
        {
            string at = $"{path}[{i}]";
            PastOfferDto entry = Required(past[i], at);
            Defined(entry.Code, at + ".code");
            if (entry.Code is not (RoutingErrorCode.AlreadyDeclined or RoutingErrorCode.OfferWithdrawn))
            {
                throw Refuse(at + ".code", $"past offer code '{entry.Code}' is not one a past offer has; valid codes are AlreadyDeclined and OfferWithdrawn.");
            }

            AgentId agent = ListedAgent(entry.Agent, entry.Removed, roster, listedOnRoster, at);
            if (entry.Code == RoutingErrorCode.AlreadyDeclined && excluded?.Contains(agent) != true)
            {
                throw Refuse(at + ".code", $"agent '{agent}' declined the conversation but is not in its excluded list; an agent that declined is excluded from it.");
            }

            result.Record(agent, entry.Code);
        }

        return result;
    }

    private static AgentId ListedAgent(string? id, bool removed, Dictionary<AgentId, AgentRecord> roster, HashSet<AgentId> listedOnRoster, string path)
    {
        AgentId agent = Id(id, path + ".agent", static v => new AgentId(v));
        if (removed)
        {
            return agent;
        }

        if (!roster.ContainsKey(agent))
        {
            throw Refuse(path + ".agent", $"agent '{agent}' is not on the document's roster ($.agents); an entry for an agent that left the roster is marked \"removed\": true.");
        }

        if (!listedOnRoster.Add(agent))
        {
            throw Refuse(path, $"agent '{agent}' is listed twice; list each agent once.");
        }

        return agent;
    }
}
