using Stevedore.LaunchPlan.Context;
using Stevedore.LaunchPlan.Plan;
using static Stevedore.LaunchPlan.Tests.Fixtures;

namespace Stevedore.LaunchPlan.Tests;

public class LogsAndFilesPlanTests
{
    private const string Awslogs = """
        "logConfiguration": {"logDriver": "awslogs", "options": {"awslogs-group": "/ecs/web", "awslogs-region": "us-east-1", "awslogs-stream-prefix": "ecs"{0}}}
        """;

    private static string Logs(string extra = "") => Awslogs.Replace("{0}", extra);

    [Fact]
    public void Fargate_awslogs_creates_the_stream_after_the_pull_and_puts_events_while_running()
    {
        var plan = PlanOf(Definition(Logs()), Fargate());

        var logs = plan.Calls.Where(c => c.Service == "logs").ToArray();
        Assert.Equal(["CreateLogStream", "PutLogEvents"], logs.Select(c => c.Operation));
        Assert.Equal(PlanStage.LoggerSetup, logs[0].Stage);
        Assert.Equal($"arn:aws:logs:us-east-1:{Account}:log-group:/ecs/web:log-stream:ecs/app/{TaskId}", logs[0].Resource);
        Assert.Equal($$"""{"logGroupName":"/ecs/web","logStreamName":"ecs/app/{{TaskId}}"}""", logs[0].Request!.ToJsonString());
        Assert.Equal("$.containerDefinitions[0].logConfiguration.options['awslogs-group']", logs[0].JsonPath);
        Assert.Equal(CallPrincipal.ExecutionRole, logs[0].Principal);
        Assert.False(logs[1].StopsTaskOnFailure);
        Assert.True(plan.Calls.First(c => c.Operation == "BatchGetImage").Sequence < logs[0].Sequence);
    }

    [Theory]
    [InlineData("true")]
    [InlineData("True")]
    [InlineData("1")]
    public void Create_group_adds_the_conditional_group_and_stream_retry(string value)
    {
        var plan = PlanOf(Definition(Logs($", \"awslogs-create-group\": \"{value}\"")), Fargate());

        var setup = plan.Calls.Where(c => c.Stage == PlanStage.LoggerSetup).ToArray();
        Assert.Equal(["CreateLogStream", "CreateLogGroup", "CreateLogStream"], setup.Select(c => c.Operation));
        Assert.Equal([CallCondition.Always, CallCondition.IfLogGroupMissing, CallCondition.IfLogGroupMissing], setup.Select(c => c.Condition));
        Assert.Equal($"arn:aws:logs:us-east-1:{Account}:log-group:/ecs/web:log-stream:", setup[1].Resource);
        Assert.Equal("""{"logGroupName":"/ecs/web"}""", setup[1].Request!.ToJsonString());
        Assert.Equal("$.containerDefinitions[0].logConfiguration.options['awslogs-create-group']", setup[1].JsonPath);
    }

    [Fact]
    public void Create_group_false_adds_nothing()
    {
        var plan = PlanOf(Definition(Logs(", \"awslogs-create-group\": \"false\"")), Fargate());
        Assert.DoesNotContain(plan.Calls, c => c.Operation == "CreateLogGroup");
    }

    [Fact]
    public void Ec2_without_override_uses_the_instance_role()
    {
        var plan = PlanOf(Definition(Logs()), Ec2());

        Assert.All(plan.Calls.Where(c => c.Service == "logs"), c =>
        {
            Assert.Equal(CallPrincipal.InstanceRole, c.Principal);
            Assert.Equal(InstanceRole, c.PrincipalRoleArn);
        });
        var finding = Assert.Single(plan.Findings, f => f.Code == "AwslogsUsesInstanceRole");
        Assert.Equal(FindingSeverity.Info, finding.Severity);
    }

    [Theory]
    [InlineData("1.80.0", "true", CallPrincipal.ExecutionRole)]
    [InlineData("1.80.0", "false", CallPrincipal.InstanceRole)]
    [InlineData("1.15.0", "true", CallPrincipal.InstanceRole)]
    public void Ec2_override_uses_the_execution_role(string agent, string value, CallPrincipal expected)
    {
        var plan = PlanOf(Definition(Logs()), Ec2(agent, ("ECS_ENABLE_AWSLOGS_EXECUTIONROLE_OVERRIDE", value)));
        Assert.All(plan.Calls.Where(c => c.Service == "logs"), c => Assert.Equal(expected, c.Principal));
    }

    [Fact]
    public void Ec2_override_capability_attribute_counts_as_the_override()
    {
        var context = Ec2() with
        {
            AgentAttributes = new HashSet<string>
            {
                "ecs.capability.execution-role-awslogs", "ecs.capability.execution-role-ecr-pull", "com.amazonaws.ecs.capability.logging-driver.awslogs",
            },
        };
        var plan = PlanOf(Definition(Logs()), context);
        Assert.All(plan.Calls.Where(c => c.Service == "logs"), c => Assert.Equal(CallPrincipal.ExecutionRole, c.Principal));
        Assert.Empty(plan.Findings);
    }

    [Fact]
    public void Logs_go_through_the_logs_endpoint()
    {
        var context = Fargate() with { Network = new LaunchNetwork("vpc-1", [new VpcEndpoint("logs", "vpce-logs")]) };
        var call = PlanOf(Definition(Logs()), context).Calls.First(c => c.Service == "logs");
        Assert.Equal("vpce-logs", call.ContextKeys["aws:SourceVpce"]);
    }

    [Fact]
    public void Fargate_env_files_are_head_then_get_after_retrieval_and_before_the_pull()
    {
        var plan = PlanOf(Definition("""
            "environmentFiles": [{"value": "arn:aws:s3:::cfg-bucket/env/app.env", "type": "s3"}, {"value": "arn:aws:s3:::cfg-bucket/b.env", "type": "s3"}]
            """), Fargate());

        var phase = plan.Phases[1];
        Assert.Equal(PlanStage.EnvironmentFiles, phase.Stage);
        Assert.Equal(["HeadObject", "GetObject", "HeadObject", "GetObject"], phase.Calls.Select(c => c.Operation));
        Assert.All(phase.Calls, c => Assert.Equal("s3:GetObject", c.Action));
        Assert.Equal("arn:aws:s3:::cfg-bucket/env/app.env", phase.Calls[0].Resource);
        Assert.Equal("""{"Bucket":"cfg-bucket","Key":"env/app.env"}""", phase.Calls[1].Request!.ToJsonString());
        Assert.Equal("$.containerDefinitions[0].environmentFiles[1].value", phase.Calls[2].JsonPath);
        Assert.Equal(PlanStage.ImagePull, plan.Phases[2].Stage);
    }

    [Fact]
    public void Bad_env_file_arn_is_a_launch_finding()
    {
        var plan = PlanOf(Definition("""
            "environmentFiles": [{"value": "s3://bucket/app.env", "type": "s3"}]
            """), Ec2());
        var finding = Assert.Single(plan.Findings);
        Assert.Equal("unable to parse bucket and key from s3 ARN specified in environmentFile s3://bucket/app.env, error: invalid s3 arn: s3://bucket/app.env", finding.EcsMessage);
        Assert.Equal("$.containerDefinitions[0].environmentFiles[0].value", finding.JsonPath);
    }

    [Fact]
    public void Firelens_s3_config_is_refused_on_fargate()
    {
        var plan = PlanOf(Definition("""
            "firelensConfiguration": {"type": "fluentbit", "options": {"config-file-type": "s3", "config-file-value": "arn:aws:s3:::cfg/f.conf"}}
            """), Fargate());
        var finding = Assert.Single(plan.Findings);
        Assert.Equal("FirelensS3ConfigOnFargate", finding.Code);
        Assert.Equal("$.containerDefinitions[0].firelensConfiguration.options['config-file-type']", finding.JsonPath);
        Assert.DoesNotContain(plan.Calls, c => c.Feature == Feature.FirelensConfig);
        Assert.False(plan.CanStart);
    }

    [Fact]
    public void Firelens_file_config_makes_no_calls()
    {
        var plan = PlanOf(Definition("""
            "firelensConfiguration": {"type": "fluentbit", "options": {"config-file-type": "file", "config-file-value": "/fluent.conf"}}
            """), Ec2());
        Assert.DoesNotContain(plan.Calls, c => c.Feature == Feature.FirelensConfig);
    }
}
