using Stevedore.LaunchPlan.Context;
using Stevedore.LaunchPlan.Input;

namespace Stevedore.LaunchPlan.Plan;

/// <summary>
/// Everything a task launch needs from its execution role (and, on EC2, the instance role): the role assumption, then
/// the calls in AWS's order and grouping, and the findings known without calling anything. Built by
/// <see cref="Planning.LaunchPlanner"/>; executed by the agent, evaluated by the advisor.
/// </summary>
public sealed record TaskLaunchPlan(
    TaskDefinition TaskDefinition,
    LaunchContext Context,
    string? ExecutionRoleArn,
    Version? PlatformVersion,
    Version? AgentVersion,
    RoleAssumption? Assumption,
    IReadOnlyList<PlanPhase> Phases,
    IReadOnlyList<PlanFinding> Findings)
{
    /// <summary>The main calls in order (side calls are under each call's <see cref="PlannedCall.SideCalls"/>).</summary>
    public IEnumerable<PlannedCall> Calls => Phases.SelectMany(p => p.Calls);

    /// <summary>Every call including side calls, each side call right after its parent.</summary>
    public IEnumerable<PlannedCall> AllCalls => Calls.SelectMany(c => c.SideCalls.Prepend(c));

    /// <summary>False when a finding alone stops the task (registration, placement or launch error).</summary>
    public bool CanStart => !Findings.Any(f => f.Severity == FindingSeverity.Error);

    public LaunchType LaunchType => Context.LaunchType;
}
