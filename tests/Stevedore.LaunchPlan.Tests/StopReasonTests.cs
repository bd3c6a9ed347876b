using Stevedore.LaunchPlan.Plan;
using Stevedore.LaunchPlan.Stopping;
using static Stevedore.LaunchPlan.Tests.Fixtures;

namespace Stevedore.LaunchPlan.Tests;

/// <summary>Stop texts against the reference sheet §1.4 and §3.3–3.4, character for character.</summary>
public class StopReasonTests
{
    private const string RequestId = "0f6ad6c1-4c9e-4a5c-9a7b-1b6d8f7e2a11";

    private static string Denied(string action, string resource) =>
        $"User: {Session} is not authorized to perform: {action} on resource: {resource} because no identity-based policy allows the {action} action";

    private static TaskStop Stop(TaskLaunchPlan plan, Func<PlannedCall, bool> which, CallFailure failure) =>
        StopReasons.ForCall(plan, plan.Calls.First(which), failure)!;

    private static TaskStop DenyStop(TaskLaunchPlan plan, Func<PlannedCall, bool> which)
    {
        var call = plan.Calls.First(which);
        return StopReasons.ForCall(plan, call, ServiceError.AccessDenied(call, Denied(call.Action, call.Resource!), RequestId))!;
    }

    [Fact]
    public void Fargate_ecr_token_denied()
    {
        var stop = DenyStop(PlanOf(Definition(), Fargate()), c => c.Operation == "GetAuthorizationToken");
        Assert.Equal(
            $"ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed: unable to retrieve ecr registry auth: service call has been retried 1 time(s): operation error ECR: GetAuthorizationToken, https response error StatusCode: 400, RequestID: {RequestId}, api error AccessDeniedException: User: arn:aws:sts::111122223333:assumed-role/ecsTaskExecutionRole/668f97696c2f47f7ab6582a0b87413eb is not authorized to perform: ecr:GetAuthorizationToken on resource: * because no identity-based policy allows the ecr:GetAuthorizationToken action",
            stop.StoppedReason);
        Assert.Equal("TaskFailedToStart", stop.StopCode);
        Assert.Null(stop.ContainerReason);
    }

    [Fact]
    public void Fargate_secrets_manager_denied_and_json_key_missing()
    {
        const string Arn = "arn:aws:secretsmanager:us-east-1:111122223333:secret:db-AbCdEf";
        var plan = PlanOf(Definition($$"""
            "secrets": [{"name": "P", "valueFrom": "{{Arn}}:password::"}]
            """), Fargate());
        Assert.Equal(
            $"ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed: unable to retrieve secret from asm: service call has been retried 1 time(s): failed to fetch secret {Arn} from secrets manager: operation error Secrets Manager: GetSecretValue, https response error StatusCode: 400, RequestID: {RequestId}, api error AccessDeniedException: User: {Session} is not authorized to perform: secretsmanager:GetSecretValue on resource: {Arn} because no identity-based policy allows the secretsmanager:GetSecretValue action",
            DenyStop(plan, c => c.Service == "secretsmanager").StoppedReason);
        Assert.Equal(
            "ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed: unable to retrieve secret from asm: service call has been retried 1 time(s): retrieved secret from Secrets Manager did not contain json key password",
            Stop(plan, c => c.Service == "secretsmanager", new JsonKeyMissing("password")).StoppedReason);
    }

    [Fact]
    public void Fargate_ssm_denied_and_missing()
    {
        var plan = PlanOf(Definition("""
            "secrets": [{"name": "P", "valueFrom": "PLMSecretParameter"}]
            """), Fargate());
        Assert.Equal(
            $"ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed: unable to retrieve secrets from ssm: service call has been retried 1 time(s): operation error SSM: GetParameters, https response error StatusCode: 400, RequestID: {RequestId}, api error AccessDeniedException: User: {Session} is not authorized to perform: ssm:GetParameters on resource: arn:aws:ssm:us-east-1:111122223333:parameter/PLMSecretParameter because no identity-based policy allows the ssm:GetParameters action",
            DenyStop(plan, c => c.Service == "ssm").StoppedReason);
        Assert.Equal(
            "ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed: unable to retrieve secrets from ssm: service call has been retried 1 time(s): invalid ssm parameters: PLMSecretParameter",
            Stop(plan, c => c.Service == "ssm", new InvalidParameters(["PLMSecretParameter"])).StoppedReason);
    }

    [Fact]
    public void Fargate_registry_credentials_secret()
    {
        var plan = PlanOf(Definition("""
            "repositoryCredentials": {"credentialsParameter": "dockerhub"}
            """, image: "registry.example.com/a"), Fargate());
        var call = plan.Calls.Single();
        var stop = StopReasons.ForCall(plan, call, new ServiceError("ResourceNotFoundException", "Secrets Manager can't find the specified secret.", 400, RequestId))!;
        Assert.Equal(
            $"ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed: unable to get registry auth from asm: service call has been retried 1 time(s): asm fetching secret from the service for dockerhub: operation error Secrets Manager: GetSecretValue, https response error StatusCode: 400, RequestID: {RequestId}, api error ResourceNotFoundException: Secrets Manager can't find the specified secret.",
            stop.StoppedReason);
    }

    [Fact]
    public void Fargate_env_file_head_object_forbidden()
    {
        var plan = PlanOf(Definition("""
            "environmentFiles": [{"value": "arn:aws:s3:::cfg/app.env", "type": "s3"}]
            """), Fargate());
        Assert.Equal(
            "ResourceInitializationError: failed to download env files: service call has been retried 1 time(s): operation error S3: HeadObject, https response error StatusCode: 403, api error Forbidden: Forbidden.",
            Stop(plan, c => c.Operation == "HeadObject", ServiceError.AccessDenied(plan.Calls.First(c => c.Operation == "HeadObject"), "ignored")).StoppedReason);
    }

    [Fact]
    public void Fargate_pull_texts()
    {
        var plan = PlanOf(Definition(), Fargate());
        var manifest = DenyStop(plan, c => c.Operation == "BatchGetImage");
        Assert.Equal(
            "CannotPullContainerError: pull image manifest has been retried 1 time(s): failed to resolve ref 111122223333.dkr.ecr.us-east-1.amazonaws.com/web:1.2: pulling from host 111122223333.dkr.ecr.us-east-1.amazonaws.com failed with status code [manifests 1.2]: 403 Forbidden",
            manifest.StoppedReason);
        Assert.Equal("app", manifest.Container);
        Assert.Equal(manifest.StoppedReason, manifest.ContainerReason);
        Assert.Equal(
            "CannotPullContainerError: pull image manifest has been retried 1 time(s): failed to resolve ref 111122223333.dkr.ecr.us-east-1.amazonaws.com/web:1.2: 111122223333.dkr.ecr.us-east-1.amazonaws.com/web:1.2: not found",
            Stop(plan, c => c.Operation == "BatchGetImage", new ImageNotFound()).StoppedReason);
        Assert.Equal(
            "CannotPullContainerError: ref pull has been retried 1 time(s): failed to copy: httpReaderSeeker: failed open: unexpected status code https://111122223333.dkr.ecr.us-east-1.amazonaws.com/v2/web/blobs/sha256:abcd: 403 Forbidden",
            Stop(plan, c => c.Operation == "GetDownloadUrlForLayer", new LayerDenied("sha256:abcd")).StoppedReason);
    }

    [Fact]
    public void Fargate_logger_texts()
    {
        var plan = PlanOf(Definition("""
            "logConfiguration": {"logDriver": "awslogs", "options": {"awslogs-group": "/ecs/web", "awslogs-stream-prefix": "ecs", "awslogs-create-group": "true"}}
            """), Fargate());
        var stream = $"arn:aws:logs:us-east-1:111122223333:log-group:/ecs/web:log-stream:ecs/app/{TaskId}";
        Assert.Equal(
            $"ResourceInitializationError: failed to validate logger args: create stream has been retried 1 times: failed to create Cloudwatch log stream: operation error CloudWatch Logs: CreateLogStream, https response error StatusCode: 400, RequestID: {RequestId}, api error AccessDeniedException: User: {Session} is not authorized to perform: logs:CreateLogStream on resource: {stream} because no identity-based policy allows the logs:CreateLogStream action : exit status 1",
            DenyStop(plan, c => c.Operation == "CreateLogStream").StoppedReason);
        Assert.Equal(
            $"ResourceInitializationError: failed to validate logger args: create stream has been retried 1 times: failed to create Cloudwatch log group: operation error CloudWatch Logs: CreateLogGroup, https response error StatusCode: 400, RequestID: {RequestId}, api error AccessDeniedException: User: {Session} is not authorized to perform: logs:CreateLogGroup on resource: arn:aws:logs:us-east-1:111122223333:log-group:/ecs/web:log-stream: because no identity-based policy allows the logs:CreateLogGroup action : exit status 1",
            DenyStop(plan, c => c.Operation == "CreateLogGroup").StoppedReason);
        Assert.Equal(
            $"ResourceInitializationError: failed to validate logger args: create stream has been retried 1 times: failed to create Cloudwatch log stream: operation error CloudWatch Logs: CreateLogStream, https response error StatusCode: 400, RequestID: {RequestId}, api error ResourceNotFoundException: The specified log group does not exist. : exit status 1",
            Stop(plan, c => c.Operation == "CreateLogStream", new ServiceError("ResourceNotFoundException", "The specified log group does not exist.", 400, RequestId)).StoppedReason);
        Assert.Null(StopReasons.ForCall(plan, plan.Calls.Single(c => c.Operation == "PutLogEvents"), new ServiceError("AccessDeniedException", "x")));
    }

    [Fact]
    public void Ec2_resource_texts_are_title_cased_without_prefix()
    {
        var plan = PlanOf(Definition("""
            "secrets": [{"name": "P", "valueFrom": "p"}, {"name": "S", "valueFrom": "arn:aws:secretsmanager:us-west-2:111122223333:secret:s-AbCdEf"}],
            "repositoryCredentials": {"credentialsParameter": "hub"},
            "environmentFiles": [{"value": "arn:aws:s3:::cfg/app.env", "type": "s3"}]
            """, image: "busybox"), Ec2());
        var ssm = Stop(plan, c => c.Service == "ssm", new InvalidParameters(["p", "q"]));
        Assert.Equal("Fetching secret data from SSM Parameter Store in us-east-1: invalid parameters: p,q", ssm.StoppedReason);
        Assert.Equal("TaskFailedToStart", ssm.StopCode);
        Assert.Null(ssm.Container);

        var missing = new ServiceError("ResourceNotFoundException", "Secrets Manager can't find the specified secret.", 400, RequestId);
        Assert.Equal(
            $"ResourceNotFoundException: The task can't retrieve the secret with ARN 'arn:aws:secretsmanager:us-west-2:111122223333:secret:s-AbCdEf' from AWS Secrets Manager. Check whether the secret exists in the specified Region: operation error Secrets Manager: GetSecretValue, https response error StatusCode: 400, RequestID: {RequestId}, api error ResourceNotFoundException: Secrets Manager can't find the specified secret.",
            Stop(plan, c => c.Feature == Feature.SecretsManagerSecrets, missing).StoppedReason);
        Assert.Equal("Retrieved secret from Secrets Manager did not contain json key k",
            Stop(plan, c => c.Feature == Feature.SecretsManagerSecrets, new JsonKeyMissing("k")).StoppedReason);
        Assert.Equal("Asm fetching authorization data: unable to unmarshal secret value, invalid schema",
            Stop(plan, c => c.Feature == Feature.PrivateRegistryAuth, new RegistryCredentialsInvalid(RegistryCredentialsProblem.InvalidSchema)).StoppedReason);
        Assert.StartsWith("Unable to download env file with key app.env from bucket cfg, error: operation error S3: GetObject, https response error StatusCode: 403, ",
            DenyStop(plan, c => c.Operation == "GetObject").StoppedReason, StringComparison.Ordinal);
        Assert.Null(StopReasons.ForCall(plan, plan.Calls.First(c => c.Operation == "HeadBucket"), new ServiceError("Forbidden", "Forbidden", 403)));
    }

    [Fact]
    public void Ec2_container_texts()
    {
        var plan = PlanOf(Definition("""
            "logConfiguration": {"logDriver": "awslogs", "options": {"awslogs-group": "/ecs/web", "awslogs-stream-prefix": "ecs"}}
            """), Ec2());
        var pull = DenyStop(plan, c => c.Operation == "BatchGetImage");
        Assert.Equal(
            $"CannotPullContainerError: The task can’t pull the image. Check that the role has the permissions to pull images from the registry. Error response from daemon: pull access denied for 111122223333.dkr.ecr.us-east-1.amazonaws.com/web, repository does not exist or may require 'docker login': denied: User: {Session} is not authorized to perform: ecr:BatchGetImage on resource: arn:aws:ecr:us-east-1:111122223333:repository/web because no identity-based policy allows the ecr:BatchGetImage action",
            pull.ContainerReason);
        Assert.Equal("app", pull.Container);
        Assert.Equal("EssentialContainerExited", pull.StopCode);
        Assert.Equal(
            "CannotPullContainerError: The task can’t pull the image. Check whether the image exists. Error response from daemon: pull access denied for 111122223333.dkr.ecr.us-east-1.amazonaws.com/web, repository does not exist or may require 'docker login': denied: requested access to the resource is denied",
            Stop(plan, c => c.Operation == "BatchGetImage", new ImageNotFound(RepositoryMissing: true)).ContainerReason);
        Assert.StartsWith($"CannotPullECRContainerError: operation error ECR: GetAuthorizationToken, https response error StatusCode: 400, RequestID: {RequestId}, api error AccessDeniedException: User: {Session}",
            DenyStop(plan, c => c.Operation == "GetAuthorizationToken").ContainerReason, StringComparison.Ordinal);
        Assert.Equal(
            "CannotStartContainerError: Error response from daemon: failed to initialize logging driver: failed to create Cloudwatch log stream: ResourceNotFoundException: The specified log group does not exist.",
            Stop(plan, c => c.Operation == "CreateLogStream", new ServiceError("ResourceNotFoundException", "The specified log group does not exist.")).ContainerReason);
    }

    [Fact]
    public void Role_assumption_failure()
    {
        var stop = StopReasons.ForRoleAssumption("arn:aws:iam::444282218245:role/CruddurTaskRole");
        const string Text = "ECS was unable to assume the role 'arn:aws:iam::444282218245:role/CruddurTaskRole' that was provided for this task. Please verify that the role being passed has the proper trust relationship and permissions and that your IAM user has permissions to pass this role.";
        Assert.Equal(Text, stop.StoppedReason);
        Assert.Equal("ClientException", stop.ApiErrorCode);
        Assert.Equal(Text, stop.ApiErrorMessage);
    }

    [Fact]
    public void Findings_become_api_errors_or_launch_stops()
    {
        var registration = PlanOf("""{"requiresCompatibilities": ["FARGATE"], "containerDefinitions": [{"name": "a", "image": "busybox", "secrets": [{"name": "A", "valueFrom": "a"}]}]}""", Fargate());
        var api = StopReasons.ForFinding(registration, registration.Findings.First(f => f.Stage == FindingStage.Registration))!;
        Assert.Equal("ClientException", api.ApiErrorCode);
        Assert.Equal("When you are specifying container secrets, you must also specify a value for 'executionRoleArn'.", api.ApiErrorMessage);

        var ec2 = PlanOf("""{"containerDefinitions": [{"name": "a", "image": "busybox", "repositoryCredentials": {"credentialsParameter": "hub"}}]}""", Ec2());
        Assert.Equal("Asm resource: unable to find execution role credentials", StopReasons.ForFinding(ec2, ec2.Findings.Single())!.StoppedReason);
    }

    [Fact]
    public void Terminal_reason_collapses_whitespace_and_title_cases_the_first_word()
    {
        Assert.Equal("Ssm secret resource: a b", StopReasons.AgentTerminalReason("ssm secret\n resource:\ta   b"));
    }
}
