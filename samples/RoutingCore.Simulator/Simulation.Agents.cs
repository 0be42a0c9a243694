namespace RoutingCore.Simulator;

/// <summary>Agents: the roster by group, shifts that follow the daily curve, breaks, forced pauses and the end of the shift.</summary>
internal sealed partial class Simulation
{
    /// <summary>One agent as the simulation drives it; the engine state it asks for follows from its flags.</summary>
    private sealed class SimAgent
    {
        public required int Index { get; init; }
        public required AgentId Id { get; init; }
        public required int Group { get; init; }
        public bool OnShift { get; set; }
        public bool OnBreak { get; set; }
        public bool ForcedPaused { get; set; }
        public bool Ending { get; set; }
        public int Assigned { get; set; }
        public AgentState EngineState { get; set; } = AgentState.Offline;

        public AgentState Desired =>
            !OnShift ? AgentState.Offline
            : Ending ? (Assigned == 0 ? AgentState.Offline : AgentState.Paused)
            : ForcedPaused ? AgentState.Paused
            : OnBreak ? AgentState.BackSoon
            : AgentState.Online;
    }

    /// <summary>Adds every agent (offline) and schedules its shift: log in, breaks, end of shift.</summary>
    private void AddRoster()
    {
        var random = new Random(Derive(_scenario.Seed, 4));
        int[] counts = SplitAgents();
        AgentGroupId pacingGroup = new(PacingGroup);
        for (int g = 0; g < counts.Length; g++)
        {
            int[] shiftStarts = PlanShifts(counts[g]);
            for (int n = 0; n < counts[g]; n++)
            {
                var agent = new SimAgent { Index = _agents.Count, Id = new AgentId($"{_groupNames[g]}-{n + 1:0000}"), Group = g };
                _agents.Add(agent);
                _agentIndex.Add(agent.Id, agent.Index);
                var profile = new AgentProfile(agent.Id)
                {
                    Skills = [new AgentSkill(_skill, Math.Round(0.6 + (0.4 * random.NextDouble()), 2))],
                    Tags = random.NextDouble() < 0.35 ? ["en", "es"] : ["en"],
                    Groups = [new AgentGroupId(_groupNames[g]), pacingGroup],
                    MaxConcurrent = _scenario.Routing.SlotsPerAgent,
                };
                long start = StartTiming();
                _engine.AddAgent(profile, AgentState.Offline);
                StopTiming("AddAgent", start);
                ScheduleShift(agent, shiftStarts[n], random);
            }
        }

        _result.Occupancy.AddRange(_groupNames.Select((name, g) => new GroupOccupancy(name, _samples.Length) { Agents = counts[g] }));
    }

    /// <summary>Splits the roster over the groups by their agent shares (largest remainder, so the counts add up).</summary>
    private int[] SplitAgents()
    {
        double total = _scenario.Groups.Sum(g => g.AgentShare);
        double[] exact = [.. _scenario.Groups.Select(g => _scenario.Agents * g.AgentShare / total)];
        int[] counts = [.. exact.Select(x => (int)Math.Floor(x))];
        int left = _scenario.Agents - counts.Sum();
        int[] byRemainder = [.. Enumerable.Range(0, exact.Length).OrderByDescending(i => exact[i] - counts[i]).ThenBy(i => i)];
        for (int i = 0; i < left; i++)
        {
            counts[byRemainder[i % byRemainder.Length]]++;
        }

        return counts;
    }

    /// <summary>
    /// Chooses each agent's shift start (a whole hour) so that staffing follows the daily curve: each agent in turn takes the
    /// start that covers the most hours still short of their share of the day's agent-hours.
    /// </summary>
    private int[] PlanShifts(int agents)
    {
        int hours = (int)Math.Round(_scenario.AgentBehavior.ShiftHours);
        double[] curve = _scenario.HourlyCurve;
        double total = curve.Sum();
        var need = new double[24];
        for (int h = 0; h < 24; h++)
        {
            need[h] = curve[h] / total * agents * hours;
        }

        int opens = Array.FindIndex(curve, w => w > 0);
        opens = opens < 0 || opens + hours > 24 ? 24 : opens;
        var starts = new int[agents];
        for (int a = 0; a < agents; a++)
        {
            int best = 0;
            double bestGain = double.NegativeInfinity;
            for (int s = 0; s + hours <= 24; s++)
            {
                if (curve[s] <= 0 && opens < 24)
                {
                    continue; // shifts start when the center has traffic
                }

                double gain = 0;
                for (int h = s; h < s + hours; h++)
                {
                    gain += need[h];
                }

                if (gain > bestGain + 1e-9)
                {
                    bestGain = gain;
                    best = s;
                }
            }

            starts[a] = best;
            for (int h = best; h < best + hours; h++)
            {
                need[h] -= 1;
            }
        }

        return starts;
    }

    private void ScheduleShift(SimAgent agent, int startHour, Random random)
    {
        AgentScenario behavior = _scenario.AgentBehavior;
        long shift = Ticks(behavior.ShiftHours * 3600);
        long login = DayStart.UtcTicks + (startHour * TimeSpan.TicksPerHour) + Ticks((random.NextDouble() * 15 - 5) * 60);
        login = Math.Max(DayStart.UtcTicks, login);
        Schedule(login, new SimEvent(EventKind.Login, agent.Index));
        for (int b = 0; b < behavior.BreaksPerShift; b++)
        {
            long at = login + (shift * (b + 1) / (behavior.BreaksPerShift + 1)) + Ticks((random.NextDouble() * 40 - 20) * 60);
            long length = Ticks(behavior.BreakMinutes * 60 * (0.8 + (0.5 * random.NextDouble())));
            if (length > 0)
            {
                Schedule(at, new SimEvent(EventKind.BreakStart, agent.Index));
                Schedule(at + length, new SimEvent(EventKind.BreakEnd, agent.Index));
            }
        }

        Schedule(login + shift, new SimEvent(EventKind.ShiftEnd, agent.Index));
    }

    private void EndShift(SimAgent agent)
    {
        agent.Ending = true;
        Sync(agent);
        Schedule(Now + Ticks(_scenario.AgentBehavior.WindDownMinutes * 60), new SimEvent(EventKind.Logout, agent.Index));
    }

    /// <summary>Logs the agent out even if conversations remain: the engine hands them to others after its grace period.</summary>
    private void LogOut(SimAgent agent)
    {
        if (agent.OnShift)
        {
            agent.OnShift = false;
            _loggedIn--;
            Sync(agent);
        }
    }

    private void OnForcedPause(SimAgent agent)
    {
        _result.ForcedPauses++;
        agent.ForcedPaused = true;
        agent.EngineState = AgentState.Paused;
        Schedule(Now + Ticks(5 + Exponential(_agentRandom, _scenario.AgentBehavior.MeanPauseRecoverySeconds)), new SimEvent(EventKind.Recover, agent.Index));
    }

    /// <summary>Tells the engine the agent's state when it differs from what the agent's flags call for.</summary>
    private void Sync(SimAgent agent)
    {
        AgentState desired = agent.Desired;
        if (agent.Ending && desired == AgentState.Offline && agent.OnShift)
        {
            agent.OnShift = false; // the shift's last conversation is done
            _loggedIn--;
        }

        if (desired == agent.EngineState)
        {
            return;
        }

        agent.EngineState = desired;
        long start = StartTiming();
        _engine.SetAgentState(agent.Id, desired);
        StopTiming("SetAgentState", start);
    }
}
