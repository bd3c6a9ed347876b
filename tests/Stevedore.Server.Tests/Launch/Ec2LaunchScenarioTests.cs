using System.Text.Json.Nodes;
using Stevedore.Server.Tests.Infrastructure;

namespace Stevedore.Server.Tests.Launch;

/// <summary>A server and the EC2/EXTERNAL scenarios of <c>ec2_launch_scenarios.py</c> run once against it.</summary>
public sealed class Ec2LaunchScenarioFixture : IAsyncLifetime
{
    public StevedoreFixture Stevedore { get; } = new();

    public JsonObject Results { get; private set; } = [];

    public async Task InitializeAsync()
    {
        await Stevedore.InitializeAsync();
        Results = ScenarioScript.Run(Stevedore, "ec2_launch_scenarios.py");
    }

    public Task DisposeAsync() => Stevedore.DisposeAsync();
}

/// <summary>
/// Tasks on container instances registered with RegisterContainerInstance: awslogs with and without
/// <c>ECS_ENABLE_AWSLOGS_EXECUTIONROLE_OVERRIDE</c> (execution role vs the instance role), EXTERNAL, and agent 1.15.0.
/// </summary>
public sealed class Ec2LaunchScenarioTests(Ec2LaunchScenarioFixture world) : IClassFixture<Ec2LaunchScenarioFixture>
{
    private const string Account = "000000000000";

    private JsonNode Scenario(string name) => world.Results[name] ?? throw new InvalidOperationException($"no scenario {name}");

    private string TaskId(string name) => Scenario(name)["taskId"]!.GetValue<string>();

    private string StreamDenied(string session, string scenario, string prefix = "ec2") =>
        "CannotStartContainerError: Error response from daemon: failed to initialize logging driver: failed to create Cloudwatch log stream: "
        + $"AccessDeniedException: User: {session} is not authorized to perform: logs:CreateLogStream on resource: "
        + $"arn:aws:logs:us-east-1:{Account}:log-group:/ecs/ec2:log-stream:{prefix}/app/{TaskId(scenario)} because no identity-based policy allows the logs:CreateLogStream action";

    [Fact]
    public void With_the_override_the_execution_role_writes_the_logs()
    {
        var task = Scenario("ec2_override_good");
        ScenarioScript.Running(task);
        Assert.Equal("EC2", task["launchType"]!.GetValue<string>());
        Assert.Equal(world.Results["_instances"]!["override"]!.GetValue<string>(), task["containerInstanceArn"]!.GetValue<string>());
        // The instance role lacks logs:CreateLogStream: it was not used.
        Assert.Equal([$"Stevedore: container app of task {TaskId("ec2_override_good")} started (simulated; execution role arn:aws:iam::{Account}:role/ec2-exec-good)"],
            task["log"]!.AsArray().Select(l => l!.GetValue<string>()));
    }

    [Fact]
    public void With_the_override_an_execution_role_without_CreateLogStream_fails_the_container_start()
    {
        var session = $"arn:aws:sts::{Account}:assumed-role/ec2-exec-no-stream/{TaskId("ec2_override_no_stream")}";
        Assert.Equal(StreamDenied(session, "ec2_override_no_stream"), ScenarioScript.ContainerReason(Scenario("ec2_override_no_stream")));
    }

    [Fact]
    public void Without_the_override_the_instance_role_writes_the_logs()
    {
        // The instance role lacks logs:CreateLogStream: its session (named after the EC2 instance) is refused.
        var session = $"arn:aws:sts::{Account}:assumed-role/ec2-instance-no-logs/i-0default00000001";
        Assert.Equal(StreamDenied(session, "ec2_default_instance_no_logs"), ScenarioScript.ContainerReason(Scenario("ec2_default_instance_no_logs")));

        // The execution role lacking them does not matter then.
        ScenarioScript.Running(Scenario("ec2_default_exec_no_stream"));
    }

    [Fact]
    public void Without_a_stream_prefix_the_EC2_stream_is_named_after_the_container()
    {
        ScenarioScript.Running(Scenario("ec2_no_prefix"));
        var streams = world.Results["_streams"]!.AsArray().Select(s => s!.GetValue<string>()).ToList();
        Assert.Contains(streams, s => s.Length == 64 && s.All(Uri.IsHexDigit));
    }

    [Fact]
    public void An_EXTERNAL_instance_runs_the_task_or_fails_the_ECR_token_with_the_agents_text()
    {
        var task = Scenario("external_good");
        ScenarioScript.Running(task);
        Assert.Equal("EXTERNAL", task["launchType"]!.GetValue<string>());

        var session = $"arn:aws:sts::{Account}:assumed-role/ec2-exec-no-token/{TaskId("external_no_token")}";
        Assert.Equal("CannotPullECRContainerError: operation error ECR: GetAuthorizationToken, https response error StatusCode: 400, RequestID: ID, "
            + $"api error AccessDeniedException: User: {session} is not authorized to perform: ecr:GetAuthorizationToken on resource: * "
            + "because no identity-based policy allows the ecr:GetAuthorizationToken action", ScenarioScript.ContainerReason(Scenario("external_no_token")));
    }

    [Fact]
    public void Agent_1_15_0_cannot_take_a_task_that_pulls_from_ECR_with_its_execution_role()
    {
        // 1.16.0 introduced ecs.capability.execution-role-ecr-pull (fact sheet §5), which the task definition requires:
        // RunTask places nothing and answers the ATTRIBUTE failure.
        // https://docs.aws.amazon.com/AmazonECS/latest/userguide/api_failures_messages.html
        var failure = Assert.Single(Scenario("old_agent")["failures"]!.AsArray())!;
        Assert.Equal(world.Results["_instances"]!["old"]!.GetValue<string>(), failure["arn"]!.GetValue<string>());
        Assert.Equal("ATTRIBUTE", failure["reason"]!.GetValue<string>());
    }
}
