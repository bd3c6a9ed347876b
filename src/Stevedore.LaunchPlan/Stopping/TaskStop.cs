namespace Stevedore.LaunchPlan.Stopping;

/// <summary>
/// How a failed launch shows: the task's <c>stoppedReason</c> and <c>stopCode</c>, and the container's <c>reason</c>
/// when the failure belongs to one container. When ECS refuses the API call itself (registration, placement, the
/// role assumption), <see cref="ApiErrorCode"/> and <see cref="ApiErrorMessage"/> hold the error it answers.
/// </summary>
public sealed record TaskStop(string StoppedReason, string StopCode, string? Container = null, string? ContainerReason = null)
{
    public const string TaskFailedToStart = "TaskFailedToStart";
    public const string EssentialContainerExited = "EssentialContainerExited";

    public string? ApiErrorCode { get; init; }

    public string? ApiErrorMessage { get; init; }
}
