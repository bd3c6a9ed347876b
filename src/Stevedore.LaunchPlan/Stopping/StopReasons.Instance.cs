using Stevedore.LaunchPlan.Plan;

namespace Stevedore.LaunchPlan.Stopping;

/// <summary>The EC2 (and External) agent's wording (reference sheet §3.1, §3.4; agent@8dfceca).</summary>
public static partial class StopReasons
{
    /// <summary>The ECS backend's task reason when an essential container stops (UNCONFIRMED for pull failures).</summary>
    public const string EssentialContainerExitedReason = "Essential container in task exited";

    private static TaskStop Instance(TaskLaunchPlan plan, PlannedCall call, CallFailure failure)
    {
        if (call.Stage == PlanStage.TaskResources)
        {
            // A task resource's error becomes the task's stoppedReason (SetTerminalReason), no prefix.
            return new TaskStop(AgentTerminalReason(InstanceResource(call, failure)), TaskStop.TaskFailedToStart);
        }

        var reason = call.Stage == PlanStage.ImagePull ? InstancePull(plan, call, failure) : InstanceLogger(call, failure);
        return new TaskStop(EssentialContainerExitedReason, TaskStop.EssentialContainerExited, call.Container, reason);
    }

    private static string InstanceResource(PlannedCall call, CallFailure failure) => (call.Feature, failure) switch
    {
        // agent/asm/asm.go
        (Feature.PrivateRegistryAuth, ServiceError e) => $"asm fetching secret from the service for {SecretId(call)}: {SdkErrorText.Render(call, e)}",
        (Feature.PrivateRegistryAuth, RegistryCredentialsInvalid r) => RegistryCredentialsText(r),
        (Feature.SecretsManagerSecrets, ServiceError { Code: "ResourceNotFoundException" } e) =>
            $"ResourceNotFoundException: The task can't retrieve the secret with ARN '{SecretId(call)}' from AWS Secrets Manager. Check whether the secret exists in the specified Region: {SdkErrorText.Render(call, e)}",
        (Feature.SecretsManagerSecrets, ServiceError e) => $"secret {SecretId(call)}: {SdkErrorText.Render(call, e)}: {SdkErrorText.Render(call, e)}",
        (Feature.SecretsManagerSecrets, JsonKeyMissing k) => $"retrieved secret from Secrets Manager did not contain json key {k.Key}",
        // agent/ssm/ssm.go, agent/taskresource/ssmsecret
        (Feature.SsmSecrets, ServiceError e) => $"fetching secret data from SSM Parameter Store in {call.Region}: {SdkErrorText.Render(call, e)}",
        (Feature.SsmSecrets, InvalidParameters p) => $"fetching secret data from SSM Parameter Store in {call.Region}: invalid parameters: {string.Join(",", p.Names)}",
        // agent/taskresource/envFiles/envfile.go, agent/taskresource/firelens/firelens_unix.go
        (Feature.EnvironmentFiles, ServiceError e) =>
            $"unable to download env file with key {Member(call, "Key")} from bucket {Member(call, "Bucket")}, error: {SdkErrorText.Render(call, e)}",
        (Feature.FirelensConfig, ServiceError e) =>
            $"unable to download firelens s3 config file: unable to download s3 config {Member(call, "Key")} from bucket {Member(call, "Bucket")}: {SdkErrorText.Render(call, e)}",
        _ => $"{call.Operation}: {failure}",
    };

    private static string InstancePull(TaskLaunchPlan plan, PlannedCall call, CallFailure failure)
    {
        if (call.Operation == "GetAuthorizationToken" && failure is ServiceError tokenError)
        {
            // agent/engine/docker_task_engine.go: the ECR token is the agent's own call.
            return $"CannotPullECRContainerError: {SdkErrorText.Render(call, tokenError)}";
        }

        var image = ImageOf(plan, call);
        var repository = $"{image.Host}/{image.Repository}";
        return failure switch
        {
            // agent/api/errormessages/error_messages.go: the daemon's text with the agent's advice prepended (’ is U+2019).
            ServiceError { Code: "AccessDeniedException" } denied =>
                $"CannotPullContainerError: The task can’t pull the image. Check that the role has the permissions to pull images from the registry. Error response from daemon: pull access denied for {repository}, repository does not exist or may require 'docker login': denied: {denied.Message}",
            ImageNotFound { RepositoryMissing: true } or ServiceError { Code: "RepositoryNotFoundException" } =>
                $"CannotPullContainerError: The task can’t pull the image. Check whether the image exists. Error response from daemon: pull access denied for {repository}, repository does not exist or may require 'docker login': denied: requested access to the resource is denied",
            // dockerd's text for a missing tag or digest in an existing ECR repository.
            ImageNotFound or ServiceError { Code: "ImageNotFoundException" } =>
                $"CannotPullContainerError: Error response from daemon: manifest for {image.Reference} not found: manifest unknown: Requested image not found",
            LayerDenied layer => $"CannotPullContainerError: Error response from daemon: {LayerText(image, layer)}",
            ServiceError other => $"CannotPullContainerError: Error response from daemon: {SdkErrorText.Short(other)}",
            _ => $"CannotPullContainerError: {failure}",
        };
    }

    private static string LayerText(Planning.EcrImageReference image, LayerDenied layer) =>
        $"unexpected status code https://{image.Host}/v2/{image.Repository}/blobs/{layer.Digest}: 403 Forbidden";

    // dockerd's awslogs driver fails the container start (reference sheet §3.4, "awslogs at start").
    private static string InstanceLogger(PlannedCall call, CallFailure failure) => failure switch
    {
        ServiceError e => $"CannotStartContainerError: Error response from daemon: failed to initialize logging driver: failed to create Cloudwatch {(call.Operation == "CreateLogGroup" ? "log group" : "log stream")}: {SdkErrorText.Short(e)}",
        _ => $"CannotStartContainerError: {failure}",
    };

    private static string Member(PlannedCall call, string name) => call.Request?[name]?.GetValue<string>() ?? "";
}
