using System.Text.Json.Nodes;
using Stevedore.Cloud.Services;

namespace Stevedore.Cloud.Ecs;

/// <summary>
/// What turns a task ECS has just placed into a running (or stopped) task: the simulated agent. ECS itself only
/// validates, places and records; it hands each new task to the launcher and records the outcome.
/// </summary>
/// <remarks>
/// <para>
/// <b>When it is called.</b> <c>RunTask</c> and <c>StartTask</c> first commit every new task in
/// <c>PROVISIONING</c> (desired <c>RUNNING</c>), then call <see cref="Launch"/> once per task, in order, on the request's
/// thread, and record each outcome before answering. The response itself carries the tasks as first recorded
/// (<c>PROVISIONING</c>), as AWS answers before a task starts; <c>DescribeTasks</c> shows the outcome. A launcher that
/// throws leaves its task <c>PROVISIONING</c> and the exception escapes as an internal failure: translate every
/// expected failure into a <see cref="TaskLaunchOutcome"/> instead.
/// </para>
/// <para>
/// <b>What it must not do.</b> It must not write the task record itself (ECS applies the outcome in one transaction),
/// and it must not call ECS for the same task. Every AWS call it makes for the task (assume the execution role, pull,
/// fetch secrets, create log streams) goes through the endpoint pipeline with the session's credentials, as any client.
/// </para>
/// <para>
/// <b>Without a launcher</b> (none given to <see cref="EcsService"/>), tasks stay <c>PROVISIONING</c> until
/// <c>StopTask</c>.
/// </para>
/// </remarks>
public interface ITaskLauncher
{
    /// <summary>Launches one task and says how it ended up: <c>RUNNING</c>, or <c>STOPPED</c> with ECS's reason.</summary>
    TaskLaunchOutcome Launch(TaskLaunch launch);
}

/// <summary>Everything a launch needs, resolved by ECS at RunTask/StartTask time.</summary>
/// <param name="Task">The task record as <c>DescribeTasks</c> returns it (a copy: changes are ignored).</param>
/// <param name="TaskDefinition">The task definition revision as <c>DescribeTaskDefinition</c> returns it, with the
/// container definitions exactly as registered.</param>
/// <param name="Account">The task's account.</param>
/// <param name="Region">The task's region.</param>
/// <param name="TaskId">The 32-hex task id (the execution role session name).</param>
/// <param name="LaunchType"><c>FARGATE</c>, <c>EC2</c> or <c>EXTERNAL</c>.</param>
/// <param name="PlatformVersion">Fargate's platform version, resolved (<c>LATEST</c> → <c>1.4.0</c>); null otherwise.</param>
/// <param name="ExecutionRoleArn">The execution role for this task: <c>overrides.executionRoleArn</c>, else the task
/// definition's; null when neither names one.</param>
/// <param name="TaskRoleArn">The task role, likewise.</param>
/// <param name="ContainerInstance">EC2/EXTERNAL: the instance the task was placed on (its agent version, configuration
/// and instance role); null on Fargate.</param>
/// <param name="Network">awsvpc: the subnet, its VPC, the ENI's address and whether it has a public IP; null otherwise.</param>
/// <param name="Context">The RunTask/StartTask request's context (the caller, the store, the clock, the authorizer);
/// the launcher may read it, and must not authorize the task's own calls with it (they run as the execution role).</param>
public sealed record TaskLaunch(
    JsonObject Task,
    JsonObject TaskDefinition,
    string Account,
    string Region,
    string TaskId,
    string LaunchType,
    string? PlatformVersion,
    string? ExecutionRoleArn,
    string? TaskRoleArn,
    ContainerInstanceView? ContainerInstance,
    TaskNetwork? Network,
    OperationContext Context);

/// <summary>The awsvpc network a task's ENI is in.</summary>
public sealed record TaskNetwork(
    string SubnetId,
    string VpcId,
    string AvailabilityZone,
    string PrivateIpv4Address,
    string NetworkInterfaceId,
    bool AssignPublicIp,
    IReadOnlyList<string> SecurityGroups);

/// <summary>How a launch ended.</summary>
/// <param name="LastStatus"><c>RUNNING</c> or <c>STOPPED</c>.</param>
/// <param name="StopCode">When stopped: <c>TaskFailedToStart</c>, <c>EssentialContainerExited</c>, …</param>
/// <param name="StoppedReason">When stopped: the task's <c>stoppedReason</c>, in AWS's words.</param>
/// <param name="ContainerReasons">Container name → its <c>reason</c> (e.g. <c>CannotPullContainerError: …</c>); containers
/// not named have none.</param>
/// <param name="ContainerExitCodes">Container name → exit code, for containers that exited.</param>
/// <remarks><see cref="Record"/>: what the launcher keeps about the launch (the agent's trace), written by ECS in the
/// same transaction that records the outcome — one write, not two.</remarks>
public sealed record TaskLaunchOutcome(
    string LastStatus,
    string? StopCode = null,
    string? StoppedReason = null,
    IReadOnlyDictionary<string, string>? ContainerReasons = null,
    IReadOnlyDictionary<string, int>? ContainerExitCodes = null)
{
    public static TaskLaunchOutcome Running { get; } = new("RUNNING");

    /// <summary>Writes the launcher's own record of the launch, inside ECS's outcome transaction; null for none.</summary>
    public Action<Stevedore.Storage.IStoreTransaction>? Record { get; init; }

    public static TaskLaunchOutcome FailedToStart(string reason, IReadOnlyDictionary<string, string>? containerReasons = null) =>
        new("STOPPED", "TaskFailedToStart", reason, containerReasons);
}
