using Stevedore.LaunchPlan.Context;
using Stevedore.LaunchPlan.Plan;
using Stevedore.LaunchPlan.Planning;
using Stevedore.Policy.Evaluation;

namespace Stevedore.Advisor.Tests;

/// <summary>The container instance role's calls on EC2 (awslogs without the override, pulls by an old agent).</summary>
public sealed class InstanceRoleTests
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
              "logConfiguration": { "logDriver": "awslogs", "options": { "awslogs-group": "/ecs/ec2", "awslogs-region": "us-east-1", "awslogs-stream-prefix": "ec2" } }
            }
          ]
        }
        """;

    private const string Session = "arn:aws:sts::111122223333:assumed-role/ecsInstanceRole/i-0abc";

    private static TaskLaunchPlan Plan(string? agentVersion = null, bool overrideOn = false) => LaunchPlanner.Build(Ec2Web, new LaunchContext
    {
        LaunchType = LaunchType.Ec2,
        Account = Samples.Account,
        Region = "us-east-1",
        TaskId = "0123456789abcdef0123456789abcdef",
        AgentVersion = agentVersion,
        AgentConfiguration = overrideOn ? new Dictionary<string, string> { ["ECS_ENABLE_AWSLOGS_EXECUTIONROLE_OVERRIDE"] = "true" } : new Dictionary<string, string>(),
    });

    /// <summary>The instance role granting <paramref name="actions"/> on <c>*</c> (none: an unrelated grant).</summary>
    private static AdvisorOptions Instance(params string[] actions) => actions.Length == 0 ? Instance("s3:ListAllMyBuckets") : new()
    {
        InstanceId = "i-0abc",
        InstanceRole = new RoleUnderTest(null, [Samples.Identity(
            $$"""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":[{{string.Join(",", actions.Select(a => $"\"{a}\""))}}],"Resource":"*"}]}""", "instance.json")]),
    };

    [Fact]
    public void Without_the_instance_role_its_calls_are_not_evaluated()
    {
        var report = TaskAdvisor.Check(Plan(), Samples.Role(Samples.Managed()));
        var stream = report.Requirements.Single(r => r.Action == "logs:CreateLogStream");
        Assert.Equal((Verdict.NotEvaluated, CallPrincipal.InstanceRole), (stream.Verdict, stream.CallPrincipal));
        Assert.True(report.CanStart);
        Assert.Null(report.InstanceRoleMissingPolicy);
        Assert.Contains(report.Findings, f => f is { Code: "AwslogsUsesInstanceRole", Level: FindingLevel.Warning });
    }

    [Fact]
    public void An_instance_role_granting_logs_lets_the_task_start()
    {
        var report = TaskAdvisor.Check(Plan(), Samples.Role(Samples.Managed()), Instance("logs:CreateLogStream", "logs:PutLogEvents"));
        Assert.True(report.CanStart);
        foreach (var action in new[] { "logs:CreateLogStream", "logs:PutLogEvents" })
        {
            var requirement = report.Requirements.Single(r => r.Action == action);
            Assert.Equal((Verdict.Allowed, Session, "instance.json"), (requirement.Verdict, requirement.Principal, requirement.Statements.Single().PolicyId));
        }

        Assert.Equal("arn:aws:iam::111122223333:role/ecsInstanceRole", report.InstanceRoleArn);
        Assert.Empty(report.InstanceRoleMissingPolicy!["Statement"]!.AsArray());
        Assert.DoesNotContain(report.Findings, f => f.Code == TaskAdvisor.AwslogsInstanceRoleLacksLogsCode);

        // The execution role's pull is still the execution role's (agent ≥ 1.16.0).
        var pull = report.Requirements.Single(r => r.Action == "ecr:BatchGetImage");
        Assert.Equal(CallPrincipal.ExecutionRole, pull.CallPrincipal);
        Assert.StartsWith("arn:aws:sts::111122223333:assumed-role/ecsTaskExecutionRole/", pull.Principal, StringComparison.Ordinal);
    }

    [Fact]
    public void An_instance_role_lacking_CreateLogStream_stops_the_task_with_the_pitfall_and_its_policy()
    {
        var report = TaskAdvisor.Check(Plan(), Samples.Role(Samples.Managed()), Instance("logs:PutLogEvents"));
        Assert.False(report.CanStart);
        var stream = report.Requirements.Single(r => r.Action == "logs:CreateLogStream");
        Assert.Equal((Verdict.Denied, DecisionKind.ImplicitDeny, true, Session), (stream.Verdict, stream.Decision, stream.BlocksStart, stream.Principal));
        Assert.Contains($"User: {Session} is not authorized to perform: logs:CreateLogStream", stream.Message, StringComparison.Ordinal);

        var pitfall = Assert.Single(report.Findings, f => f.Code == TaskAdvisor.AwslogsInstanceRoleLacksLogsCode);
        Assert.Equal((FindingLevel.Error, FindingCategory.LaunchPlan, stream.JsonPath), (pitfall.Level, pitfall.Category, pitfall.JsonPath));
        Assert.Contains("awslogs-group", pitfall.JsonPath, StringComparison.Ordinal);
        Assert.Contains("logs:CreateLogStream", pitfall.Message, StringComparison.Ordinal);
        Assert.Contains("ECS_ENABLE_AWSLOGS_EXECUTIONROLE_OVERRIDE=true", pitfall.Message, StringComparison.Ordinal);
        Assert.Contains(report.Findings, f => f is { Code: "MissingPermission", Level: FindingLevel.Error } && f.Message.Contains("for the container instance role", StringComparison.Ordinal));

        // The instance role's policy grants the stream; the execution role's has nothing of it.
        var statement = Assert.Single(report.InstanceRoleMissingPolicy!["Statement"]!.AsArray())!;
        Assert.Equal("logs:CreateLogStream", statement["Action"]!.GetValue<string>());
        Assert.Equal("arn:aws:logs:us-east-1:111122223333:log-group:/ecs/ec2:log-stream:ec2/app/*", statement["Resource"]!.GetValue<string>());
        Assert.Equal(pitfall.Suggestion, report.InstanceRoleMissingPolicy.ToJsonString(AdvisorJson.Indented));
        Assert.DoesNotContain("logs:", report.MissingPolicy.ToJsonString(), StringComparison.Ordinal);

        // The suggested policy fixes it.
        var fixedRole = Instance("logs:PutLogEvents").InstanceRole!.WithIdentityPolicy(
            PolicyCompiler.Compile(report.InstanceRoleMissingPolicy.ToJsonString(), Policy.Document.PolicyType.Identity, "fix.json"));
        var again = TaskAdvisor.Check(Plan(), Samples.Role(Samples.Managed()), Instance() with { InstanceRole = fixedRole });
        Assert.True(again.CanStart);
    }

    [Fact]
    public void With_the_override_the_instance_role_is_not_used()
    {
        var report = TaskAdvisor.Check(Plan(overrideOn: true), Samples.Role(Samples.Managed()), Instance());
        Assert.True(report.CanStart);
        Assert.DoesNotContain(report.Requirements, r => r.CallPrincipal == CallPrincipal.InstanceRole);
        Assert.Equal(CallPrincipal.ExecutionRole, report.Requirements.Single(r => r.Action == "logs:CreateLogStream").CallPrincipal);
        Assert.Empty(report.InstanceRoleMissingPolicy!["Statement"]!.AsArray());
        Assert.DoesNotContain(report.Findings, f => f.Code == TaskAdvisor.AwslogsInstanceRoleLacksLogsCode);
    }

    [Fact]
    public void An_old_agent_pulls_with_the_instance_role()
    {
        // Agent 1.15.0: no execution-role pulls (≥ 1.16.0): the instance role pulls and needs ECR.
        var report = TaskAdvisor.Check(Plan("1.15.0"), Samples.Role(Samples.Managed()), Instance("logs:CreateLogStream", "logs:PutLogEvents"));
        var pull = report.Requirements.Single(r => r.Action == "ecr:BatchGetImage");
        Assert.Equal((CallPrincipal.InstanceRole, Verdict.Denied, true, Session), (pull.CallPrincipal, pull.Verdict, pull.BlocksStart, pull.Principal));
        Assert.False(report.CanStart);
        var actions = report.InstanceRoleMissingPolicy!["Statement"]!.AsArray().SelectMany(s => s!["Action"] is System.Text.Json.Nodes.JsonArray a
            ? a.Select(x => x!.GetValue<string>()) : [s["Action"]!.GetValue<string>()]).Order(StringComparer.Ordinal);
        Assert.Equal(["ecr:BatchGetImage", "ecr:GetAuthorizationToken", "ecr:GetDownloadUrlForLayer"], actions);
        Assert.DoesNotContain(report.Findings, f => f.Code == TaskAdvisor.AwslogsInstanceRoleLacksLogsCode);
    }
}
