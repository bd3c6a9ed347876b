using Stevedore.LaunchPlan.Plan;
using Stevedore.LaunchPlan.Planning;

namespace Stevedore.LaunchPlan.Stopping;

/// <summary>Fargate's wording (reference sheet §3.3; observed texts, the Fargate agent being closed source).</summary>
public static partial class StopReasons
{
    private const string Retrieval = "ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed: ";

    // Access denied and not found are not retried: "retried 1 time(s)" (reference sheet §3.3).
    private const string Once = "service call has been retried 1 time(s): ";

    private static TaskStop Fargate(TaskLaunchPlan plan, PlannedCall call, CallFailure failure)
    {
        var (text, containerScoped) = call.Stage switch
        {
            PlanStage.ExecutionResourceRetrieval => (Retrieval + FargateRetrieval(call, failure), false),
            PlanStage.EnvironmentFiles => ($"ResourceInitializationError: failed to download env files: {Once}{FargateEnvFile(call, failure)}", false),
            PlanStage.ImagePull => (FargatePull(plan, call, failure), true),
            _ => (FargateLogger(call, failure), true),
        };
        return new TaskStop(text, TaskStop.TaskFailedToStart, call.Container, containerScoped ? text : null);
    }

    private static string FargateRetrieval(PlannedCall call, CallFailure failure) => (call.Feature, failure) switch
    {
        (Feature.EcrImage, ServiceError e) => $"unable to retrieve ecr registry auth: {Once}{SdkErrorText.Render(call, e)}",
        (Feature.PrivateRegistryAuth, ServiceError e) =>
            $"unable to get registry auth from asm: {Once}asm fetching secret from the service for {SecretId(call)}: {SdkErrorText.Render(call, e)}",
        (Feature.PrivateRegistryAuth, RegistryCredentialsInvalid r) => $"unable to get registry auth from asm: {Once}{RegistryCredentialsText(r)}",
        (Feature.SecretsManagerSecrets, ServiceError e) =>
            $"unable to retrieve secret from asm: {Once}failed to fetch secret {SecretId(call)} from secrets manager: {SdkErrorText.Render(call, e)}",
        (Feature.SecretsManagerSecrets, JsonKeyMissing k) => $"unable to retrieve secret from asm: {Once}retrieved secret from Secrets Manager did not contain json key {k.Key}",
        (Feature.SsmSecrets, ServiceError e) => $"unable to retrieve secrets from ssm: {Once}{SdkErrorText.Render(call, e)}",
        (Feature.SsmSecrets, InvalidParameters p) => $"unable to retrieve secrets from ssm: {Once}invalid ssm parameters: {string.Join(",", p.Names)}",
        _ => $"{call.Operation}: {failure}",
    };

    private static string FargateEnvFile(PlannedCall call, CallFailure failure) => failure switch
    {
        // The observed HeadObject text ends with a period (reference sheet §3.3, "env file object denied/missing").
        ServiceError e => WithPeriod(SdkErrorText.Render(call, e)),
        _ => failure.ToString(),
    };

    private static string FargatePull(TaskLaunchPlan plan, PlannedCall call, CallFailure failure)
    {
        var image = ImageOf(plan, call);
        return failure switch
        {
            ImageNotFound or ServiceError { Code: "RepositoryNotFoundException" or "ImageNotFoundException" } => $"CannotPullContainerError: pull image manifest has been retried 1 time(s): failed to resolve ref {image.Reference}: {image.Reference}: not found",
            LayerDenied layer =>
                $"CannotPullContainerError: ref pull has been retried 1 time(s): failed to copy: httpReaderSeeker: failed open: unexpected status code https://{image.Host}/v2/{image.Repository}/blobs/{layer.Digest}: 403 Forbidden",
            _ => $"CannotPullContainerError: pull image manifest has been retried 1 time(s): failed to resolve ref {image.Reference}: pulling from host {image.Host} failed with status code [manifests {image.ManifestReference}]: 403 Forbidden",
        };
    }

    private static string FargateLogger(PlannedCall call, CallFailure failure)
    {
        var what = call.Operation == "CreateLogGroup" ? "log group" : "log stream";
        var inner = failure is ServiceError e ? SdkErrorText.Render(call, e) : failure.ToString();
        // "retried 1 times" (no "(s)") and " : exit status 1" are as observed (reference sheet §3.3).
        return $"ResourceInitializationError: failed to validate logger args: create stream has been retried 1 times: failed to create Cloudwatch {what}: {inner} : exit status 1";
    }

    private static string WithPeriod(string text) => text.EndsWith('.') ? text : text + ".";

    private static string SecretId(PlannedCall call) => call.Request?["SecretId"]?.GetValue<string>() ?? call.Resource ?? "";

    /// <summary>The ECR image a pull call is for (its container's).</summary>
    private static EcrImageReference ImageOf(TaskLaunchPlan plan, PlannedCall call) =>
        plan.TaskDefinition.Containers.Where(c => c.Name == call.Container).Select(c => EcrImageReference.TryParse(c.Image.Value)).FirstOrDefault()
        ?? throw new ArgumentException("the call is not an Amazon ECR pull of one of the plan's containers", nameof(call));

    private static string RegistryCredentialsText(RegistryCredentialsInvalid invalid) => invalid.Problem switch
    {
        // agent/asm/asm.go (reference sheet §3.4)
        RegistryCredentialsProblem.EmptyResponse => "asm fetching authorization data: empty response",
        RegistryCredentialsProblem.EmptySecretValue => "asm fetching authorization data: empty secrets value",
        RegistryCredentialsProblem.InvalidSchema => "asm fetching authorization data: unable to unmarshal secret value, invalid schema",
        RegistryCredentialsProblem.EmptyUsername => "asm fetching username: AuthorizationData is malformed, empty field",
        _ => "asm fetching password: AuthorizationData is malformed, empty field",
    };
}
