using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using Stevedore.Server.Tests.Infrastructure;

namespace Stevedore.Server.Tests.Advisor;

/// <summary>A server holding the world of <c>advisor_endpoint_world.py</c> (its own: <c>--from-endpoint</c> reads every definition).</summary>
public sealed class AdvisorEndpointFixture : IAsyncLifetime
{
    public StevedoreFixture Stevedore { get; } = new();

    public JsonObject World { get; private set; } = [];

    public async Task InitializeAsync()
    {
        await Stevedore.InitializeAsync();
        World = JsonNode.Parse(Stevedore.Python(File.ReadAllText(Script())).Succeeded().Stdout)!.AsObject();
    }

    public Task DisposeAsync() => Stevedore.DisposeAsync();

    private static string Script([CallerFilePath] string here = "") => Path.Combine(Path.GetDirectoryName(here)!, "advisor_endpoint_world.py");
}

/// <summary>
/// Issue 6: <c>stevedore check --role NAME --endpoint URL</c> and <c>--from-endpoint URL</c> read the role (trust policy,
/// inline and attached policies at their default version, boundary), the task definitions and the secrets' customer
/// managed keys from a running Stevedore, through its API (the CLI runs in-process, signing as test/test).
/// </summary>
public sealed class AdvisorEndpointTests(AdvisorEndpointFixture fixture) : IClassFixture<AdvisorEndpointFixture>
{
    private const string Account = "000000000000";

    private string Url => fixture.Stevedore.EndpointUrl;

    private string W(string name) => fixture.World[name]!.GetValue<string>();

    private static (int Exit, string Out, string Err) Run(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = Stevedore.Cli.Program.Run(args, output, error);
        return (exit, output.ToString(), error.ToString());
    }

    private static JsonObject Requirement(JsonNode task, string action, string? resource) =>
        task["requirements"]!.AsArray().Select(r => r!.AsObject())
            .Single(r => r["action"]!.GetValue<string>() == action && r["resource"]?.GetValue<string>() == resource);

    private static string Verdict(JsonNode task, string action, string? resource) => Requirement(task, action, resource)["verdict"]!.GetValue<string>();

    private static string AllowedBy(JsonNode task, string action, string? resource) =>
        Assert.Single(Requirement(task, action, resource)["statements"]!.AsArray())!["policy"]!.GetValue<string>();

    [Fact]
    public void From_endpoint_checks_every_active_definition_with_its_own_role()
    {
        var (exit, stdout, stderr) = Run("check", "--from-endpoint", Url, "--format", "json");
        Assert.True(exit == 1, stderr + stdout);
        var tasks = JsonNode.Parse(stdout)!["tasks"]!.AsArray();
        Assert.Equal(fixture.World["active"]!.AsArray().Select(a => a!.GetValue<string>()).Order(StringComparer.Ordinal),
            tasks.Select(t => t!["file"]!.GetValue<string>()).Order(StringComparer.Ordinal));
        Assert.DoesNotContain(tasks, t => t!["file"]!.GetValue<string>() == W("inactive"));

        var web = tasks.Single(t => t!["family"]!.GetValue<string>() == "adv-web")!;
        Assert.False(web["canStart"]!.GetValue<bool>());
        var role = W("role");
        Assert.Equal("allowed", Verdict(web, "sts:AssumeRole", role));
        Assert.Equal($"{role} (trust)", AllowedBy(web, "sts:AssumeRole", role));

        // The AWS-managed policy attached to the role grants the pull; the customer managed one (its default version, v2) the stream.
        var repository = $"arn:aws:ecr:us-east-1:{Account}:repository/adv";
        Assert.Equal("arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy", AllowedBy(web, "ecr:BatchGetImage", repository));
        var stream = web["requirements"]!.AsArray().Select(r => r!.AsObject()).Single(r => r["action"]!.GetValue<string>() == "logs:CreateLogStream");
        Assert.StartsWith($"arn:aws:logs:us-east-1:{Account}:log-group:/adv/web:log-stream:web/app/", stream["resource"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("allowed", stream["verdict"]!.GetValue<string>());
        Assert.Contains(stream["statements"]!.AsArray(), s => s!["policy"]!.GetValue<string>() == W("logsPolicy"));

        // The inline policy grants the parameters.
        Assert.Equal($"{role}/params", AllowedBy(web, "ssm:GetParameters", $"arn:aws:ssm:us-east-1:{Account}:parameter/adv/token"));
        Assert.Equal("allowed", Verdict(web, "ssm:GetParameters", $"arn:aws:ssm:us-east-1:{Account}:parameter/adv/plain"));

        // The boundary (NotAction secretsmanager:*) blocks the secret the inline policy allows.
        var secret = Requirement(web, "secretsmanager:GetSecretValue", W("secret"));
        Assert.Equal("denied", secret["verdict"]!.GetValue<string>());
        Assert.Equal("PermissionsBoundary", secret["decidedBy"]!.GetValue<string>());
        Assert.Contains(web["findings"]!.AsArray(), f => f!["code"]!.GetValue<string>() == "DeniedByBoundary");

        // The customer managed key of the secret and of /adv/token is read from the endpoint: kms:Decrypt is evaluated
        // (and not granted); /adv/plain uses the AWS managed key: not evaluated.
        var decrypts = web["requirements"]!.AsArray().Where(r => r!["action"]!.GetValue<string>() == "kms:Decrypt").ToList();
        Assert.Equal(2, decrypts.Count(r => r!["resource"]?.GetValue<string>() == W("key") && r["verdict"]!.GetValue<string>() == "denied"));
        Assert.Single(decrypts, r => r!["resource"] is null && r["verdict"]!.GetValue<string>() == "not-evaluated");

        // A role the endpoint does not hold: nothing can assume it.
        var ghost = tasks.Single(t => t!["family"]!.GetValue<string>() == "adv-ghost")!;
        Assert.False(ghost["canStart"]!.GetValue<bool>());
        Assert.Equal("denied", Verdict(ghost, "sts:AssumeRole", $"arn:aws:iam::{Account}:role/adv-ghost"));
    }

    [Fact]
    public void Role_from_endpoint_applies_to_a_task_definition_file()
    {
        var file = Path.GetTempFileName();
        try
        {
            // The ghost definition (whose own role does not exist), checked with adv-exec instead.
            var described = fixture.Stevedore.Aws("ecs", "describe-task-definition", "--task-definition", "adv-ghost").Succeeded().Stdout;
            File.WriteAllText(file, described);
            var (exit, stdout, stderr) = Run("check", file, "--role", "adv-exec", "--endpoint", Url, "--format", "json");
            Assert.True(exit == 0, stderr + stdout);
            var task = JsonNode.Parse(stdout)!["tasks"]![0]!;
            Assert.Equal(file, task["file"]!.GetValue<string>());
            Assert.Equal($"{W("role")} (trust)", AllowedBy(task, "sts:AssumeRole", $"arn:aws:iam::{Account}:role/adv-ghost"));

            // policy generate with the same inputs: nothing is missing.
            var (generateExit, policy, _) = Run("policy", "generate", file, "--role", "arn:aws:iam::000000000000:role/ecs/adv-exec", "--endpoint", Url);
            Assert.Equal(0, generateExit);
            Assert.Empty(JsonNode.Parse(policy)!["Statement"]!.AsArray());
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void Instance_role_from_endpoint_decides_awslogs_on_ec2()
    {
        var file = Path.Combine(Path.GetTempPath(), $"stevedore-ec2-{Guid.NewGuid():N}.json");
        File.WriteAllText(file, $$"""
            { "family": "adv-ec2", "requiresCompatibilities": ["EC2"], "executionRoleArn": "{{W("role")}}",
              "containerDefinitions": [ { "name": "app", "image": "{{Account}}.dkr.ecr.us-east-1.amazonaws.com/adv:1", "memory": 256,
                "logConfiguration": { "logDriver": "awslogs", "options": { "awslogs-group": "/adv/web", "awslogs-region": "us-east-1", "awslogs-stream-prefix": "web" } } } ] }
            """);
        try
        {
            var (exit, stdout, stderr) = Run("check", file, "--role", "adv-exec", "--instance-role", "adv-instance", "--instance-id", "i-0adv", "--endpoint", Url, "--format", "json");
            Assert.True(exit == 1, stderr + stdout);
            var task = JsonNode.Parse(stdout)!["tasks"]![0]!;
            Assert.Equal(W("instanceRole"), task["instanceRoleArn"]!.GetValue<string>());
            var stream = task["requirements"]!.AsArray().Single(r => r!["action"]!.GetValue<string>() == "logs:CreateLogStream")!;
            Assert.Equal("denied", stream["verdict"]!.GetValue<string>());
            Assert.Equal($"arn:aws:sts::{Account}:assumed-role/adv-instance/i-0adv", stream["principal"]!.GetValue<string>());
            var put = task["requirements"]!.AsArray().Single(r => r!["action"]!.GetValue<string>() == "logs:PutLogEvents")!;
            Assert.Equal($"{W("instanceRole")}/logs", Assert.Single(put["statements"]!.AsArray())!["policy"]!.GetValue<string>());
            Assert.Contains(task["findings"]!.AsArray(), f => f!["code"]!.GetValue<string>() == "AwslogsInstanceRoleLacksLogs");
            Assert.Equal("logs:CreateLogStream", task["instanceRoleMissingPolicy"]!["Statement"]![0]!["Action"]!.GetValue<string>());

            var (generateExit, cli, _) = Run("policy", "generate", file, "--role", "adv-exec", "--instance-role", W("instanceRole"), "--endpoint", Url, "--for", "instance-role", "--as-cli");
            Assert.Equal(0, generateExit);
            Assert.StartsWith("aws iam put-role-policy --role-name adv-instance ", cli, StringComparison.Ordinal);

            // The agent 1.15.0 pulls with the instance role: its attached AWS-managed policy (read from the endpoint) allows it.
            var (oldExit, old, _) = Run("check", file, "--role", "adv-exec", "--instance-role", "adv-instance", "--endpoint", Url, "--agent-version", "1.15.0", "--format", "json");
            Assert.Equal(1, oldExit);
            var pull = JsonNode.Parse(old)!["tasks"]![0]!["requirements"]!.AsArray().Single(r => r!["action"]!.GetValue<string>() == "ecr:BatchGetImage")!;
            Assert.Equal(("allowed", "arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly"),
                (pull["verdict"]!.GetValue<string>(), Assert.Single(pull["statements"]!.AsArray())!["policy"]!.GetValue<string>()));

            var missing = Run("check", file, "--instance-role", "nobody", "--endpoint", Url);
            Assert.Equal(2, missing.Exit);
            Assert.Equal($"error: {Url}: no role named nobody (GetRole: NoSuchEntity)\n", missing.Err.ReplaceLineEndings("\n"));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void Policy_generate_from_endpoint_prints_what_the_roles_miss()
    {
        var (exit, stdout, stderr) = Run("policy", "generate", "--from-endpoint", Url);
        Assert.True(exit == 0, stderr);
        var statements = JsonNode.Parse(stdout)!["Statement"]!.AsArray();
        Assert.Contains(statements, s => s!["Action"]!.ToJsonString().Contains("kms:Decrypt", StringComparison.Ordinal)
            && s["Resource"]!.ToJsonString().Contains(W("key"), StringComparison.Ordinal));
    }

    [Fact]
    public void A_role_the_endpoint_does_not_hold_an_unreachable_endpoint_and_conflicting_options_are_exit_2()
    {
        var missing = Run("check", "--from-endpoint", Url, "--role", "nobody");
        Assert.Equal(2, missing.Exit);
        Assert.Equal($"error: {Url}: no role named nobody (GetRole: NoSuchEntity)\n", missing.Err.ReplaceLineEndings("\n"));

        var unreachable = Run("check", "--from-endpoint", "http://127.0.0.1:9");
        Assert.Equal(2, unreachable.Exit);
        Assert.StartsWith("error: cannot reach http://127.0.0.1:9", unreachable.Err, StringComparison.Ordinal);

        var both = Run("check", "--from-endpoint", Url, "--role", "adv-exec", "--policy", "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy");
        Assert.Equal(2, both.Exit);
        Assert.Contains("--role reads the role from the endpoint", both.Err, StringComparison.Ordinal);

        var nothing = Run("check");
        Assert.Equal(2, nothing.Exit);
        Assert.Contains("--from-endpoint URL", nothing.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void A_template_importing_the_role_arn_reads_the_role_from_the_endpoint()
    {
        var file = Path.Combine(Path.GetTempPath(), $"stevedore-import-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(file, $"""
            Resources:
              Task:
                Type: AWS::ECS::TaskDefinition
                Properties:
                  ExecutionRoleArn: !ImportValue shared-exec-role
                  RequiresCompatibilities: [FARGATE]
                  NetworkMode: awsvpc
                  Cpu: "256"
                  Memory: "512"
                  ContainerDefinitions:
                    - Name: app
                      Image: {Account}.dkr.ecr.us-east-1.amazonaws.com/adv:1
                      Secrets:
                        - Name: TOKEN
                          ValueFrom: /adv/plain
            """);
        try
        {
            var without = Run("check", file, "--endpoint", Url);
            Assert.Equal(2, without.Exit);
            Assert.Contains("Fn::ImportValue \"shared-exec-role\"", without.Err, StringComparison.Ordinal);

            var (exit, stdout, stderr) = Run("check", file, "--import", $"shared-exec-role={W("role")}", "--endpoint", Url, "--format", "json");
            Assert.True(exit == 0, stderr + stdout);
            var task = JsonNode.Parse(stdout)!["tasks"]![0]!;
            Assert.Equal(W("role"), task["executionRoleArn"]!.GetValue<string>());
            Assert.Equal($"{W("role")}/params", AllowedBy(task, "ssm:GetParameters", $"arn:aws:ssm:us-east-1:{Account}:parameter/adv/plain"));
        }
        finally
        {
            File.Delete(file);
        }
    }
}
