using System.Text.Json.Nodes;
using Stevedore.Server.Tests.Infrastructure;

namespace Stevedore.Server.Tests.Launch;

/// <summary>A server and the Fargate scenarios of <c>feature_launch_scenarios.py</c> run once against it.</summary>
public sealed class FeatureLaunchScenarioFixture : IAsyncLifetime
{
    public StevedoreFixture Stevedore { get; } = new();

    public JsonObject Results { get; private set; } = [];

    public async Task InitializeAsync()
    {
        await Stevedore.InitializeAsync();
        Results = ScenarioScript.Run(Stevedore, "feature_launch_scenarios.py");
    }

    public Task DisposeAsync() => Stevedore.DisposeAsync();
}

/// <summary>
/// The seed's remaining Fargate use cases end to end: repositoryCredentials under the AWS managed and a customer KMS
/// key, a cross-account ECR image, awslogs-create-group, a permissions boundary, confused-deputy trust conditions and
/// StopTask — each RUNNING, or STOPPED with ECS's exact text (request ids aside).
/// </summary>
public sealed class FeatureLaunchScenarioTests(FeatureLaunchScenarioFixture world) : IClassFixture<FeatureLaunchScenarioFixture>
{
    private const string Account = "000000000000";
    private const string Other = "111111111111";
    private const string Retrieval = "ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed: ";
    private const string Logger = "ResourceInitializationError: failed to validate logger args: create stream has been retried 1 times: ";

    private JsonNode Scenario(string name) => world.Results[name] ?? throw new InvalidOperationException($"no scenario {name}");

    private string Session(string role, string scenario) => $"arn:aws:sts::{Account}:assumed-role/{role}/{Scenario(scenario)["taskId"]}";

    private string Secret(string name) => world.Results["_secrets"]![name]!.GetValue<string>();

    [Fact]
    public void RepositoryCredentials_under_the_AWS_managed_key_need_GetSecretValue_only()
    {
        ScenarioScript.Running(Scenario("registry_managed"));
        var secret = Secret("managed");
        Assert.Equal(Retrieval + $"unable to get registry auth from asm: service call has been retried 1 time(s): asm fetching secret from the service for {secret}: "
            + "operation error Secrets Manager: GetSecretValue, https response error StatusCode: 400, RequestID: ID, api error AccessDeniedException: "
            + $"User: {Session("feat-no-secret", "registry_managed_no_secret")} is not authorized to perform: secretsmanager:GetSecretValue on resource: {secret} "
            + "because no identity-based policy allows the secretsmanager:GetSecretValue action",
            ScenarioScript.StoppedReason(Scenario("registry_managed_no_secret")));
    }

    [Fact]
    public void RepositoryCredentials_under_a_customer_key_need_kms_Decrypt()
    {
        ScenarioScript.Running(Scenario("registry_cmk"));
        Assert.Equal(Retrieval + $"unable to get registry auth from asm: service call has been retried 1 time(s): asm fetching secret from the service for {Secret("cmk")}: "
            + "operation error Secrets Manager: GetSecretValue, https response error StatusCode: 400, RequestID: ID, api error AccessDeniedException: Access to KMS is not allowed",
            ScenarioScript.StoppedReason(Scenario("registry_cmk_no_kms")));
    }

    [Fact]
    public void RepositoryCredentials_without_a_username_stop_with_the_agents_shape_check()
    {
        // agent/asm/asm.go: the secret's JSON must carry username and password.
        Assert.Equal(Retrieval + "unable to get registry auth from asm: service call has been retried 1 time(s): asm fetching username: AuthorizationData is malformed, empty field",
            ScenarioScript.StoppedReason(Scenario("registry_bad_shape")));
    }

    [Fact]
    public void A_cross_account_image_needs_the_repository_policy_and_the_roles_BatchGetImage()
    {
        ScenarioScript.Running(Scenario("cross_account"));
        foreach (var (scenario, repository) in new[] { ("cross_account_no_policy", "private"), ("cross_account_no_batch", "shared") })
        {
            var host = $"{Other}.dkr.ecr.us-east-1.amazonaws.com";
            var expected = $"CannotPullContainerError: pull image manifest has been retried 1 time(s): failed to resolve ref {host}/{repository}:1: pulling from host {host} "
                + "failed with status code [manifests 1]: 403 Forbidden";
            Assert.Equal(expected, ScenarioScript.StoppedReason(Scenario(scenario)));
            Assert.Equal(expected, Scenario(scenario)["containerReason"]!.GetValue<string>());
        }
    }

    [Fact]
    public void Awslogs_create_group_creates_the_missing_group_with_CreateLogGroup()
    {
        ScenarioScript.Running(Scenario("create_group"));
        var groups = world.Results["_groups"]!.AsArray().Select(g => g!.GetValue<string>()).ToList();
        Assert.Contains("/ecs/created", groups);
        Assert.DoesNotContain("/ecs/not-created", groups);

        Assert.Equal(Logger + "failed to create Cloudwatch log group: operation error CloudWatch Logs: CreateLogGroup, https response error StatusCode: 400, RequestID: ID, "
            + $"api error AccessDeniedException: User: {Session("feat-no-create-group", "create_group_denied")} is not authorized to perform: logs:CreateLogGroup "
            + $"on resource: arn:aws:logs:us-east-1:{Account}:log-group:/ecs/not-created:log-stream: because no identity-based policy allows the logs:CreateLogGroup action : exit status 1",
            ScenarioScript.StoppedReason(Scenario("create_group_denied")));
    }

    [Fact]
    public void A_missing_group_without_create_group_stops_the_logger_setup()
    {
        var expected = Logger + "failed to create Cloudwatch log stream: operation error CloudWatch Logs: CreateLogStream, https response error StatusCode: 400, "
            + "RequestID: ID, api error ResourceNotFoundException: The specified log group does not exist. : exit status 1";
        Assert.Equal(expected, ScenarioScript.StoppedReason(Scenario("missing_group")));
        Assert.Equal(expected, ScenarioScript.Masked(Scenario("missing_group")["containerReason"]!.GetValue<string>()));
    }

    [Fact]
    public void A_permissions_boundary_without_the_action_denies_it_with_the_boundary_wording()
    {
        // https://docs.aws.amazon.com/IAM/latest/UserGuide/troubleshoot_access-denied.html (implicit deny in a permissions boundary)
        var secret = Secret("managed");
        Assert.Equal(Retrieval + $"unable to retrieve secret from asm: service call has been retried 1 time(s): failed to fetch secret {secret} from secrets manager: "
            + "operation error Secrets Manager: GetSecretValue, https response error StatusCode: 400, RequestID: ID, api error AccessDeniedException: "
            + $"User: {Session("feat-boundary", "boundary")} is not authorized to perform: secretsmanager:GetSecretValue on resource: {secret} "
            + "because no permissions boundary allows the secretsmanager:GetSecretValue action",
            ScenarioScript.StoppedReason(Scenario("boundary")));
    }

    [Theory]
    [InlineData("source_account_wrong", "feat-source-account-wrong")]
    [InlineData("source_arn_wrong", "feat-source-arn-wrong")]
    public void A_confused_deputy_condition_that_does_not_match_stops_the_task(string scenario, string role)
    {
        Assert.Equal($"ECS was unable to assume the role 'arn:aws:iam::{Account}:role/{role}' that was provided for this task. Please verify that the role "
            + "being passed has the proper trust relationship and permissions and that your IAM user has permissions to pass this role.",
            ScenarioScript.StoppedReason(Scenario(scenario)));
    }

    [Fact]
    public void The_recommended_confused_deputy_conditions_let_ECS_assume_the_role()
    {
        ScenarioScript.Running(Scenario("source_arn_right"));
    }

    [Fact]
    public void StopTask_stops_a_running_task_with_UserInitiated_and_the_reason_given()
    {
        ScenarioScript.Running(Scenario("stop_task"));
        var stopped = world.Results["_stopped"]!;
        Assert.Equal("STOPPED", stopped["lastStatus"]!.GetValue<string>());
        Assert.Equal("STOPPED", stopped["desiredStatus"]!.GetValue<string>());
        Assert.Equal("UserInitiated", stopped["stopCode"]!.GetValue<string>());
        Assert.Equal("Stopped by the end-to-end test", stopped["stoppedReason"]!.GetValue<string>());
        Assert.Equal(["STOPPED"], stopped["containers"]!.AsArray().Select(c => c!.GetValue<string>()));

        // The CLI's waiter returns at once.
        world.Stevedore.Aws("ecs", "wait", "tasks-stopped", "--cluster", "features", "--tasks", Scenario("stop_task")["taskArn"]!.GetValue<string>()).Succeeded();
    }
}
