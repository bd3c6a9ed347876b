using System.Text.Json;

namespace Stevedore.Advisor.Tests;

/// <summary><c>--instance-role-policy</c>, <c>--instance-role-arn</c>, <c>--instance-id</c> and <c>policy generate --for instance-role</c>.</summary>
public sealed class InstanceRoleCliTests : IDisposable
{
    private const string Ec2Web = """
        {
          "family": "ec2-web",
          "requiresCompatibilities": ["EC2"],
          "executionRoleArn": "arn:aws:iam::111122223333:role/ecsTaskExecutionRole",
          "containerDefinitions": [
            {
              "name": "app",
              "image": "111122223333.dkr.ecr.us-east-1.amazonaws.com/web:1.2",
              "memory": 256,
              "logConfiguration": { "logDriver": "awslogs", "options": { "awslogs-group": "/ecs/ec2", "awslogs-stream-prefix": "ec2" } }
            }
          ]
        }
        """;

    private readonly Cli _cli = new();

    public void Dispose() => _cli.Dispose();

    private string[] Base() => ["check", _cli.File("ec2.json", Ec2Web), "--trust-policy", _cli.File("trust.json", Samples.Trust), "--policy", Samples.ManagedArn];

    private string NoLogs() => _cli.File("instance.json", """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"logs:PutLogEvents","Resource":"*"}]}""");

    private static JsonElement Requirement(JsonElement task, string action) =>
        task.GetProperty("requirements").EnumerateArray().Single(r => r.GetProperty("action").GetString() == action);

    [Fact]
    public void Without_instance_role_input_nothing_changes()
    {
        var result = Cli.Run([.. Base(), "--format", "json"]);
        Assert.Equal(0, result.ExitCode);
        var task = result.Json.GetProperty("tasks")[0];
        Assert.Equal(JsonValueKind.Null, task.GetProperty("instanceRoleArn").ValueKind);
        Assert.Equal(JsonValueKind.Null, task.GetProperty("instanceRoleMissingPolicy").ValueKind);
        Assert.Equal("not-evaluated", Requirement(task, "logs:CreateLogStream").GetProperty("verdict").GetString());
    }

    [Fact]
    public void An_instance_role_lacking_logs_fails_the_check_with_the_pitfall_and_its_policy()
    {
        var result = Cli.Run([.. Base(), "--instance-role-policy", NoLogs(), "--instance-id", "i-0abc", "--format", "json"]);
        Assert.Equal(1, result.ExitCode);
        var task = result.Json.GetProperty("tasks")[0];
        Assert.Equal("arn:aws:iam::111122223333:role/ecsInstanceRole", task.GetProperty("instanceRoleArn").GetString());
        var stream = Requirement(task, "logs:CreateLogStream");
        Assert.Equal("denied", stream.GetProperty("verdict").GetString());
        Assert.Equal("arn:aws:sts::111122223333:assumed-role/ecsInstanceRole/i-0abc", stream.GetProperty("principal").GetString());
        Assert.Equal("allowed", Requirement(task, "logs:PutLogEvents").GetProperty("verdict").GetString());
        var pitfall = task.GetProperty("findings").EnumerateArray().Single(f => f.GetProperty("code").GetString() == TaskAdvisor.AwslogsInstanceRoleLacksLogsCode);
        Assert.Equal("error", pitfall.GetProperty("level").GetString());
        Assert.Equal("logs:CreateLogStream", pitfall.GetProperty("suggestion").GetProperty("Statement")[0].GetProperty("Action").GetString());
        Assert.True(pitfall.GetProperty("line").GetInt32() > 0);
        Assert.Equal("logs:CreateLogStream", task.GetProperty("instanceRoleMissingPolicy").GetProperty("Statement")[0].GetProperty("Action").GetString());
        Assert.Equal(0, task.GetProperty("missingPolicy").GetProperty("Statement").GetArrayLength());

        var text = Cli.Run([.. Base(), "--instance-role-policy", NoLogs()]);
        Assert.Equal(1, text.ExitCode);
        Assert.Contains("instance role arn:aws:iam::111122223333:role/ecsInstanceRole: CANNOT START", text.Out, StringComparison.Ordinal);
        Assert.Contains("Missing permissions of the container instance role arn:aws:iam::111122223333:role/ecsInstanceRole", text.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Policy_generate_for_the_instance_role_prints_its_fix()
    {
        var execution = Cli.Run(["policy", "generate", .. Base()[1..], "--instance-role-policy", NoLogs()]);
        Assert.Equal(0, execution.ExitCode);
        Assert.Equal(0, execution.Json.GetProperty("Statement").GetArrayLength());

        var instance = Cli.Run(["policy", "generate", .. Base()[1..], "--instance-role-policy", NoLogs(), "--for", "instance-role"]);
        Assert.Equal(0, instance.ExitCode);
        Assert.Equal("logs:CreateLogStream", instance.Json.GetProperty("Statement")[0].GetProperty("Action").GetString());
        var fix = _cli.File("fix.json", instance.Out);
        Assert.Equal(0, Cli.Run([.. Base(), "--instance-role-policy", NoLogs(), fix]).ExitCode);

        var asCli = Cli.Run(["policy", "generate", .. Base()[1..], "--instance-role-policy", NoLogs(), "--for", "instance-role", "--as-cli",
            "--instance-role-arn", "arn:aws:iam::111122223333:role/hosts/MyInstanceRole"]);
        Assert.StartsWith("aws iam put-role-policy --role-name MyInstanceRole --policy-name StevedoreExecutionRoleGrants --policy-document '{", asCli.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Instance_role_arn_and_managed_policies()
    {
        var json = Cli.Run([.. Base(), "--instance-role-policy", NoLogs(), "--instance-role-arn", "arn:aws:iam::111122223333:role/hosts/MyInstanceRole", "--format", "json"]).Json;
        Assert.Equal("arn:aws:sts::111122223333:assumed-role/MyInstanceRole/i-00000000000000000",
            Requirement(json.GetProperty("tasks")[0], "logs:CreateLogStream").GetProperty("principal").GetString());

        // An AWS-managed policy by ARN, as for --policy.
        Assert.Equal(0, Cli.Run([.. Base(), "--instance-role-policy", "arn:aws:iam::aws:policy/CloudWatchLogsFullAccess"]).ExitCode);

        // With the override the execution role writes the logs: the instance role's lack does not matter.
        Assert.Equal(0, Cli.Run([.. Base(), "--instance-role-policy", NoLogs(), "--agent-config", "ECS_ENABLE_AWSLOGS_EXECUTIONROLE_OVERRIDE=true"]).ExitCode);
    }

    [Fact]
    public void Bad_instance_role_input_is_exit_2()
    {
        Assert.Equal(2, Cli.Run([.. Base(), "--instance-role-policy", "arn:aws:iam::aws:policy/NoSuchPolicy"]).ExitCode);
        Assert.Equal(2, Cli.Run([.. Base(), "--instance-role-policy", Path.Combine(_cli.Dir, "missing.json")]).ExitCode);
        var both = Cli.Run([.. Base(), "--instance-role-policy", NoLogs(), "--instance-role", "ecsInstanceRole", "--endpoint", "http://127.0.0.1:1"]);
        Assert.Equal(2, both.ExitCode);
        Assert.Contains("--instance-role", both.Err, StringComparison.Ordinal);
        var generate = Cli.Run(["policy", "generate", .. Base()[1..], "--for", "instance-role"]);
        Assert.Equal(2, generate.ExitCode);
        Assert.Contains("--instance-role-policy", generate.Err, StringComparison.Ordinal);
    }
}
