namespace Stevedore.LaunchPlan.Plan;

/// <summary>Consecutive calls of one stage (for a container-scoped stage, of one container).</summary>
/// <param name="Parallel">True when AWS makes these calls concurrently (the EC2 agent's task resources): the plan's
/// order is then only the order failures are reported in.</param>
public sealed record PlanPhase(PlanStage Stage, string? Container, bool Parallel, IReadOnlyList<PlannedCall> Calls);
