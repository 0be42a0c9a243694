namespace RoutingCore;

/// <summary>One step of a distribution plan: agents offered the conversation together, a delay after the previous step.</summary>
/// <param name="Index">The step's position, from 0.</param>
/// <param name="OfferAfter">How long after the first step this step is offered (<see cref="Index"/> × the step delay).</param>
/// <param name="Agents">The agents offered in this step, in roster order (kept in chunks when there are many: see <see cref="StepAgents"/>).</param>
public readonly record struct RoutingStep(int Index, TimeSpan OfferAfter, StepAgents Agents);
