using System.Text;
using Stevedore.LaunchPlan.Context;
using Stevedore.LaunchPlan.Plan;

namespace Stevedore.LaunchPlan.Stopping;

/// <summary>
/// Turns a failed planned call, or a static finding, into what ECS shows: Fargate's and the EC2 agent's wording
/// (reference sheet §3.1–3.4). Pure.
/// </summary>
public static partial class StopReasons
{
    /// <summary>The stop for <paramref name="call"/> failing with <paramref name="failure"/>, or null when such a failure
    /// does not stop the task (<see cref="PlannedCall.StopsTaskOnFailure"/>).</summary>
    public static TaskStop? ForCall(TaskLaunchPlan plan, PlannedCall call, CallFailure failure)
    {
        if (!call.StopsTaskOnFailure)
        {
            return null;
        }

        return plan.LaunchType == LaunchType.Fargate ? Fargate(plan, call, failure) : Instance(plan, call, failure);
    }

    /// <summary>ECS could not assume the execution role (reference sheet §1.4): RunTask's <c>ClientException</c> text,
    /// also used as the stopped task's reason.</summary>
    public static TaskStop ForRoleAssumption(string roleArn)
    {
        var text = $"ECS was unable to assume the role '{roleArn}' that was provided for this task. Please verify that the role being passed has the proper trust relationship and permissions and that your IAM user has permissions to pass this role.";
        return new TaskStop(text, TaskStop.TaskFailedToStart) { ApiErrorCode = "ClientException", ApiErrorMessage = text };
    }

    /// <summary>The stop for a static finding of severity Error: registration and placement findings are API errors
    /// (<c>ClientException</c>); launch findings are the task's stoppedReason in the launch type's wording.</summary>
    public static TaskStop? ForFinding(TaskLaunchPlan plan, PlanFinding finding)
    {
        if (finding.Severity != FindingSeverity.Error)
        {
            return null;
        }

        var text = finding.EcsMessage ?? finding.Message;
        if (finding.Stage is FindingStage.Registration or FindingStage.Placement)
        {
            return new TaskStop(text, TaskStop.TaskFailedToStart) { ApiErrorCode = "ClientException", ApiErrorMessage = text };
        }

        return plan.LaunchType == LaunchType.Fargate
            ? new TaskStop($"ResourceInitializationError: {text}", TaskStop.TaskFailedToStart)
            : new TaskStop(AgentTerminalReason(text), TaskStop.TaskFailedToStart);
    }

    /// <summary>The EC2 agent's <c>Task.SetTerminalReason</c>: whitespace runs collapsed to one space, the first word
    /// title-cased (<c>ssm …</c> → <c>Ssm …</c>).</summary>
    // agent/api/task/task.go SetTerminalReason (reference sheet §3.1)
    public static string AgentTerminalReason(string raw)
    {
        var collapsed = new StringBuilder(raw.Length);
        var space = false;
        foreach (var c in raw.Trim())
        {
            if (char.IsWhiteSpace(c))
            {
                space = true;
                continue;
            }

            if (space)
            {
                collapsed.Append(' ');
                space = false;
            }

            collapsed.Append(c);
        }

        if (collapsed.Length > 0)
        {
            collapsed[0] = char.ToUpperInvariant(collapsed[0]);
        }

        return collapsed.ToString();
    }
}
