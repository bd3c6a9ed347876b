using Stevedore.Server.Tests.Infrastructure;

namespace Stevedore.Server.Tests.Ecs;

/// <summary><c>stevedore ecs add-instance</c> registers a container instance in the documented attribute convention.</summary>
public sealed class EcsAddInstanceCliTests(StevedoreFixture stevedore) : IClassFixture<StevedoreFixture>
{
    [Fact]
    public void Add_instance_registers_agent_version_configuration_and_instance_role()
    {
        stevedore.Aws("ecs", "create-cluster", "--cluster-name", "cli-ec2").Succeeded();
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exit = Stevedore.Cli.Program.Run(
            ["ecs", "add-instance", "--cluster", "cli-ec2", "--endpoint", stevedore.EndpointUrl, "--agent-version", "1.15.0",
             "--config", "ECS_ENABLE_AWSLOGS_EXECUTIONROLE_OVERRIDE=true", "--instance-role", "arn:aws:iam::000000000000:role/ecsInstanceRole",
             "--instance-id", "i-0123456789abcdef0"],
            output, error);

        Assert.True(exit == 0, error.ToString());
        var arn = output.ToString().Trim();
        Assert.StartsWith("arn:aws:ecs:us-east-1:000000000000:container-instance/cli-ec2/", arn, StringComparison.Ordinal);
        var instance = stevedore.Aws("ecs", "describe-container-instances", "--cluster", "cli-ec2", "--container-instances", arn)
            .Succeeded().Json["containerInstances"]![0]!;
        Assert.Equal("1.15.0", instance["versionInfo"]!["agentVersion"]!.GetValue<string>());
        Assert.Equal("i-0123456789abcdef0", instance["ec2InstanceId"]!.GetValue<string>());
        var attributes = instance["attributes"]!.AsArray().ToDictionary(a => a!["name"]!.GetValue<string>(), a => a!["value"]?.GetValue<string>());
        Assert.Equal("true", attributes["stevedore.config/ECS_ENABLE_AWSLOGS_EXECUTIONROLE_OVERRIDE"]);
        Assert.Equal("arn:aws:iam::000000000000:role/ecsInstanceRole", attributes["stevedore.instance-role"]);
    }

    [Fact]
    public void Add_instance_to_a_missing_cluster_exits_1_with_ECS_error()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exit = Stevedore.Cli.Program.Run(["ecs", "add-instance", "--cluster", "no-such-cluster", "--endpoint", stevedore.EndpointUrl], output, error);

        Assert.Equal(1, exit);
        Assert.Contains("ClusterNotFoundException", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_config_without_equals_is_a_usage_error()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exit = Stevedore.Cli.Program.Run(["ecs", "add-instance", "--config", "NOVALUE", "--endpoint", stevedore.EndpointUrl], output, error);

        Assert.Equal(2, exit);
        Assert.Contains("--config takes NAME=VALUE", error.ToString(), StringComparison.Ordinal);
    }
}
