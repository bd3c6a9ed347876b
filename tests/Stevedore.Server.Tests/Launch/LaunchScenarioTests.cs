using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Stevedore.Server.Tests.Infrastructure;

namespace Stevedore.Server.Tests.Launch;

/// <summary>A server and the launch scenarios of <c>launch_scenarios.py</c> run once against it (boto3, the real endpoint).</summary>
public sealed class LaunchScenarioFixture : IAsyncLifetime
{
    public StevedoreFixture Stevedore { get; } = new();

    public JsonObject Results { get; private set; } = [];

    public async Task InitializeAsync()
    {
        await Stevedore.InitializeAsync();
        var stdout = Stevedore.Python(File.ReadAllText(Script())).Succeeded().Stdout;
        Results = JsonNode.Parse(stdout)!.AsObject();
    }

    public Task DisposeAsync() => Stevedore.DisposeAsync();

    private static string Script([CallerFilePath] string here = "") => Path.Combine(Path.GetDirectoryName(here)!, "launch_scenarios.py");
}

/// <summary>
/// RunTask launches the task through the simulated agent: a correct execution role reaches RUNNING (its awslogs stream
/// holds the start line); each missing or wrong permission stops it with ECS's exact text (request ids aside).
/// </summary>
public sealed partial class LaunchScenarioTests(LaunchScenarioFixture world) : IClassFixture<LaunchScenarioFixture>
{
    private const string Account = "000000000000";
    private const string Retrieval = "ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed: ";

    private JsonNode Scenario(string name) => world.Results[name] ?? throw new InvalidOperationException($"no scenario {name}");

    private string TaskId(string name) => Scenario(name)["taskId"]!.GetValue<string>();

    private string Session(string role, string scenario) => $"arn:aws:sts::{Account}:assumed-role/{role}/{TaskId(scenario)}";

    /// <summary>The stoppedReason with each request id (a fresh GUID per call) replaced by <c>ID</c>.</summary>
    private string Reason(string name)
    {
        var task = Scenario(name);
        Assert.Equal("STOPPED", task["lastStatus"]!.GetValue<string>());
        Assert.Equal("TaskFailedToStart", task["stopCode"]!.GetValue<string>());
        return RequestId().Replace(task["stoppedReason"]!.GetValue<string>(), "RequestID: ID,");
    }

    [GeneratedRegex("RequestID: [0-9a-f-]{36},")]
    private static partial Regex RequestId();

    [Fact]
    public void A_correct_role_reaches_RUNNING_and_writes_the_start_line_to_its_stream()
    {
        var task = Scenario("good");
        Assert.Equal("RUNNING", task["lastStatus"]!.GetValue<string>());
        Assert.Null(task["stoppedReason"]);
        var line = Assert.Single(task["log"]!.AsArray());
        Assert.Equal($"Stevedore: container app of task {TaskId("good")} started (simulated; execution role arn:aws:iam::{Account}:role/exec-good)",
            line!.GetValue<string>());

        // The CLI's waiter agrees.
        world.Stevedore.Aws("ecs", "wait", "tasks-running", "--cluster", "launch", "--tasks", task["taskArn"]!.GetValue<string>()).Succeeded();
    }

    [Fact]
    public void Missing_GetAuthorizationToken_stops_in_execution_resource_retrieval()
    {
        Assert.Equal(Retrieval + "unable to retrieve ecr registry auth: service call has been retried 1 time(s): operation error ECR: GetAuthorizationToken, "
            + $"https response error StatusCode: 400, RequestID: ID, api error AccessDeniedException: User: {Session("exec-no-token", "no_token")} is not authorized "
            + "to perform: ecr:GetAuthorizationToken on resource: * because no identity-based policy allows the ecr:GetAuthorizationToken action",
            Reason("no_token"));
    }

    [Fact]
    public void Missing_GetSecretValue_and_an_explicit_deny_stop_with_the_engine_wording()
    {
        var secret = SecretArn("no_secret");
        Assert.Equal(Retrieval + $"unable to retrieve secret from asm: service call has been retried 1 time(s): failed to fetch secret {secret} from secrets manager: "
            + "operation error Secrets Manager: GetSecretValue, https response error StatusCode: 400, RequestID: ID, api error AccessDeniedException: "
            + $"User: {Session("exec-no-secret", "no_secret")} is not authorized to perform: secretsmanager:GetSecretValue on resource: {secret} "
            + "because no identity-based policy allows the secretsmanager:GetSecretValue action",
            Reason("no_secret"));
        Assert.Equal(Retrieval + $"unable to retrieve secret from asm: service call has been retried 1 time(s): failed to fetch secret {secret} from secrets manager: "
            + "operation error Secrets Manager: GetSecretValue, https response error StatusCode: 400, RequestID: ID, api error AccessDeniedException: "
            + $"User: {Session("exec-deny", "deny_secret")} is not authorized to perform: secretsmanager:GetSecretValue on resource: {secret} "
            + $"with an explicit deny in an identity-based policy: arn:aws:iam::{Account}:role/exec-deny/p",
            Reason("deny_secret"));
    }

    [Fact]
    public void Missing_GetParameters_stops_with_the_ssm_text()
    {
        Assert.Equal(Retrieval + "unable to retrieve secrets from ssm: service call has been retried 1 time(s): operation error SSM: GetParameters, "
            + $"https response error StatusCode: 400, RequestID: ID, api error AccessDeniedException: User: {Session("exec-no-ssm", "no_ssm")} is not authorized "
            + $"to perform: ssm:GetParameters on resource: arn:aws:ssm:us-east-1:{Account}:parameter/app/db because no identity-based policy allows the ssm:GetParameters action",
            Reason("no_ssm"));
    }

    [Fact]
    public void Missing_GetObject_stops_the_env_file_download()
    {
        Assert.Equal("ResourceInitializationError: failed to download env files: service call has been retried 1 time(s): operation error S3: HeadObject, "
            + "https response error StatusCode: 403, api error Forbidden: Forbidden.", Reason("no_s3"));
    }

    [Fact]
    public void Missing_CreateLogStream_stops_the_logger_setup_with_the_container_reason()
    {
        var stream = $"arn:aws:logs:us-east-1:{Account}:log-group:/ecs/web:log-stream:web/app/{TaskId("no_stream")}";
        var expected = "ResourceInitializationError: failed to validate logger args: create stream has been retried 1 times: failed to create Cloudwatch log stream: "
            + "operation error CloudWatch Logs: CreateLogStream, https response error StatusCode: 400, RequestID: ID, api error AccessDeniedException: "
            + $"User: {Session("exec-no-stream", "no_stream")} is not authorized to perform: logs:CreateLogStream on resource: {stream} "
            + "because no identity-based policy allows the logs:CreateLogStream action : exit status 1";
        Assert.Equal(expected, Reason("no_stream"));
        Assert.Equal(expected, RequestId().Replace(Scenario("no_stream")["containerReason"]!.GetValue<string>(), "RequestID: ID,"));
    }

    [Theory]
    [InlineData("wrong_trust", "exec-wrong-trust")]
    [InlineData("missing_role", "does-not-exist")]
    public void A_role_ECS_cannot_assume_stops_the_task(string scenario, string role)
    {
        Assert.Equal($"ECS was unable to assume the role 'arn:aws:iam::{Account}:role/{role}' that was provided for this task. Please verify that the role "
            + "being passed has the proper trust relationship and permissions and that your IAM user has permissions to pass this role.", Reason(scenario));
    }

    [Fact]
    public void A_missing_secret_and_a_missing_json_key_stop_as_Secrets_Manager_answers()
    {
        Assert.Equal(Retrieval + $"unable to retrieve secret from asm: service call has been retried 1 time(s): failed to fetch secret arn:aws:secretsmanager:us-east-1:{Account}:secret:app/nope-AbCdEf "
            + "from secrets manager: operation error Secrets Manager: GetSecretValue, https response error StatusCode: 400, RequestID: ID, "
            + "api error ResourceNotFoundException: Secrets Manager can't find the specified secret.", Reason("missing_secret"));
        Assert.Equal(Retrieval + "unable to retrieve secret from asm: service call has been retried 1 time(s): retrieved secret from Secrets Manager did not contain json key nokey",
            Reason("missing_key"));
    }

    [Fact]
    public void A_customer_key_without_kms_Decrypt_stops_the_secret_retrieval()
    {
        var reason = Reason("no_kms");
        Assert.StartsWith(Retrieval + "unable to retrieve secret from asm: service call has been retried 1 time(s): failed to fetch secret "
            + $"arn:aws:secretsmanager:us-east-1:{Account}:secret:app/kms-", reason);
        Assert.EndsWith(" from secrets manager: operation error Secrets Manager: GetSecretValue, https response error StatusCode: 400, RequestID: ID, "
            + "api error AccessDeniedException: Access to KMS is not allowed", reason);
    }

    [Fact]
    public void The_seeds_VPC_endpoint_conditions_allow_the_pull_from_the_right_endpoint_only()
    {
        Assert.Equal("RUNNING", Scenario("vpce_right")["lastStatus"]!.GetValue<string>());
        var image = $"{Account}.dkr.ecr.us-east-1.amazonaws.com/app:1";
        var expected = $"CannotPullContainerError: pull image manifest has been retried 1 time(s): failed to resolve ref {image}: pulling from host "
            + $"{Account}.dkr.ecr.us-east-1.amazonaws.com failed with status code [manifests 1]: 403 Forbidden";
        Assert.Equal(expected, Reason("vpce_wrong"));
        Assert.Equal(expected, Scenario("vpce_wrong")["containerReason"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_trace_endpoint_and_the_CLI_show_each_step_with_its_authorizations()
    {
        var arn = Scenario("vpce_right")["taskArn"]!.GetValue<string>();
        var vpce = world.Results["_vpce"]!.GetValue<string>();
        var vpc = world.Results["_vpc"]!.GetValue<string>();
        using var http = new HttpClient();
        var body = await http.GetStringAsync($"{world.Stevedore.EndpointUrl}/_stevedore/tasks/{Uri.EscapeDataString(arn)}/trace");
        var trace = JsonNode.Parse(body)!.AsObject();
        Assert.Equal(arn, trace["taskArn"]!.GetValue<string>());
        Assert.Equal("RUNNING", trace["outcome"]!["lastStatus"]!.GetValue<string>());
        var steps = trace["steps"]!.AsArray().Select(s => $"{s!["name"]} {s["status"]}").ToList();
        Assert.Equal(["sts:AssumeRole ok", "ecr:GetAuthorizationToken ok", "ecr:BatchGetImage ok", "ecr:GetDownloadUrlForLayer ok", "s3:GetObject skipped",
            "logs:CreateLogStream ok", "logs:PutLogEvents ok"], steps);

        var assume = trace["steps"]![0]!["authorizations"]![0]!;
        Assert.Equal("ecs-tasks.amazonaws.com", assume["principal"]!.GetValue<string>());
        Assert.Equal("Allow", assume["decision"]!.GetValue<string>());
        Assert.Equal(arn, assume["context"]!["aws:SourceArn"]!.GetValue<string>());
        Assert.Equal(Account, assume["context"]!["aws:SourceAccount"]!.GetValue<string>());
        Assert.Equal([$"arn:aws:iam::{Account}:role/exec-vpce-right (Trust) Statement[0] Allow"],
            assume["decidingStatements"]!.AsArray().Select(s => s!.GetValue<string>()));

        var pull = trace["steps"]![2]!["authorizations"]![0]!;
        Assert.Equal($"arn:aws:sts::{Account}:assumed-role/exec-vpce-right/{TaskId("vpce_right")}", pull["principal"]!.GetValue<string>());
        Assert.Equal("ecr:BatchGetImage", pull["action"]!.GetValue<string>());
        Assert.Equal($"arn:aws:ecr:us-east-1:{Account}:repository/app", pull["resource"]!.GetValue<string>());
        Assert.Equal(vpce, pull["vpcEndpointId"]!.GetValue<string>());
        Assert.Equal(vpce, pull["context"]!["aws:SourceVpce"]!.GetValue<string>());
        Assert.Equal(vpc, pull["context"]!["aws:SourceVpc"]!.GetValue<string>());
        Assert.Equal([$"arn:aws:iam::{Account}:role/exec-vpce-right/p (Identity) Statement[1] Allow"],
            pull["decidingStatements"]!.AsArray().Select(s => s!.GetValue<string>()));

        // The wrong endpoint's trace names the denial; the task id alone finds the trace too.
        var wrong = JsonNode.Parse(await http.GetStringAsync($"{world.Stevedore.EndpointUrl}/_stevedore/tasks/{TaskId("vpce_wrong")}/trace"))!;
        var denied = wrong["steps"]!.AsArray().Single(s => s!["status"]!.GetValue<string>() == "failed")!;
        Assert.Equal("ecr:BatchGetImage", denied["name"]!.GetValue<string>());
        Assert.Equal("ImplicitDeny", denied["authorizations"]![0]!["decision"]!.GetValue<string>());
        Assert.Equal("AccessDeniedException", denied["error"]!["code"]!.GetValue<string>());

        Assert.Equal(404, (int)(await http.GetAsync($"{world.Stevedore.EndpointUrl}/_stevedore/tasks/0123456789abcdef0123456789abcdef/trace")).StatusCode);

        // The CLI prints the timeline.
        var output = new StringWriter();
        var error = new StringWriter();
        Assert.Equal(0, Cli.Program.Run(["tasks", "trace", arn, "--endpoint", world.Stevedore.EndpointUrl], output, error));
        var text = output.ToString();
        Assert.Contains($"Task {arn}", text, StringComparison.Ordinal);
        Assert.Contains("outcome RUNNING", text, StringComparison.Ordinal);
        Assert.Contains($"ecr:BatchGetImage on arn:aws:ecr:us-east-1:{Account}:repository/app via {vpce}", text, StringComparison.Ordinal);
        Assert.Contains($"keys aws:SourceVpc={vpc} aws:SourceVpce={vpce}", text, StringComparison.Ordinal);
    }

    private string SecretArn(string scenario)
    {
        // The secret's ARN (with its random suffix) is in the message; take it from there.
        var reason = Scenario(scenario)["stoppedReason"]!.GetValue<string>();
        var start = reason.IndexOf("failed to fetch secret ", StringComparison.Ordinal) + "failed to fetch secret ".Length;
        var arn = reason[start..reason.IndexOf(' ', start)];
        Assert.Matches($"^arn:aws:secretsmanager:us-east-1:{Account}:secret:app/creds-[A-Za-z0-9]{{6}}$", arn);
        return arn;
    }
}
