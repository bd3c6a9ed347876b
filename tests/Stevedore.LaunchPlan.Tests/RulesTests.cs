using Stevedore.LaunchPlan.Plan;
using static Stevedore.LaunchPlan.Tests.Fixtures;

namespace Stevedore.LaunchPlan.Tests;

public class RulesTests
{
    [Fact]
    public void Agent_below_1_16_0_cannot_use_an_execution_role()
    {
        var plan = PlanOf(Definition(), Ec2("1.15.0"));
        var finding = Assert.Single(plan.Findings);
        Assert.Equal("ExecutionRoleVersion", finding.Code);
        Assert.Equal(FindingStage.Placement, finding.Stage);
        Assert.Equal("$.executionRoleArn", finding.JsonPath);
        Assert.Equal("A task execution role needs container agent 1.16.0 or later; the instance runs 1.15.0", finding.Message);
        Assert.All(plan.Calls.Where(c => c.Service == "ecr"), c => Assert.Equal(CallPrincipal.InstanceRole, c.Principal));
    }

    [Theory]
    [InlineData("""
        "environmentFiles": [{"value": "arn:aws:s3:::b/k.env", "type": "s3"}]
        """, "1.38.0", "EnvironmentFilesVersion", "$.containerDefinitions[0].environmentFiles[0].value")]
    [InlineData("""
        "secrets": [{"name": "A", "valueFrom": "arn:aws:secretsmanager:us-east-1:111122223333:secret:a-AbCdEf:k::"}]
        """, "1.36.0", "SecretsManagerJsonKeyVersion", "$.containerDefinitions[0].secrets[0].valueFrom")]
    [InlineData("""
        "secrets": [{"name": "A", "valueFrom": "arn:aws:secretsmanager:us-east-1:111122223333:secret:a-AbCdEf"}]
        """, "1.22.0", "SecretsManagerSecretsVersion", "$.containerDefinitions[0].secrets[0].valueFrom")]
    [InlineData("""
        "secrets": [{"name": "A", "valueFrom": "a"}]
        """, "1.21.0", "SsmSecretsVersion", "$.containerDefinitions[0].secrets[0].valueFrom")]
    [InlineData("""
        "repositoryCredentials": {"credentialsParameter": "hub"}
        """, "1.18.0", "PrivateRegistryAuthVersion", "$.containerDefinitions[0].repositoryCredentials.credentialsParameter")]
    [InlineData("""
        "logConfiguration": {"logDriver": "splunk", "secretOptions": [{"name": "t", "valueFrom": "t"}]}
        """, "1.26.0", "SsmLogSecretsVersion", "$.containerDefinitions[0].logConfiguration.secretOptions[0].valueFrom")]
    public void Feature_agent_minimums(string extra, string agent, string code, string path)
    {
        var plan = PlanOf(Definition(extra, image: "registry.example.com/a"), Ec2(agent));
        var finding = Assert.Single(plan.Findings, f => f.Code == code);
        Assert.Equal(path, finding.JsonPath);
        Assert.Equal(FindingSeverity.Error, finding.Severity);
    }

    [Theory]
    [InlineData("1.3.0", true)]
    [InlineData("1.4.0", false)]
    [InlineData("LATEST", false)]
    public void Fargate_platform_gates(string platform, bool gated)
    {
        var plan = PlanOf(Definition("""
            "environmentFiles": [{"value": "arn:aws:s3:::b/k.env", "type": "s3"}]
            """), Fargate(platform));
        Assert.Equal(gated, plan.Findings.Any(f => f.Code == "EnvironmentFilesVersion"));
        Assert.Equal(new Version(1, platform == "1.3.0" ? 3 : 4, 0), plan.PlatformVersion);
    }

    [Fact]
    public void Missing_capability_attribute_blocks_placement()
    {
        var context = Ec2() with { AgentAttributes = new HashSet<string> { "ecs.capability.execution-role-ecr-pull" } };
        var plan = PlanOf(Definition("""
            "secrets": [{"name": "A", "valueFrom": "a"}]
            """), context);
        var finding = Assert.Single(plan.Findings);
        Assert.Contains("ecs.capability.secrets.ssm.environment-variables", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Registration_refusals_without_execution_role_use_ecs_texts()
    {
        var json = """
            {"requiresCompatibilities": ["FARGATE"], "containerDefinitions": [{"name": "a", "image": "111122223333.dkr.ecr.us-east-1.amazonaws.com/web",
              "secrets": [{"name": "A", "valueFrom": "a"}],
              "logConfiguration": {"logDriver": "awslogs", "options": {"awslogs-group": "g", "awslogs-stream-prefix": "p"}}}]}
            """;
        var plan = PlanOf(json, Fargate());
        var registration = plan.Findings.Where(f => f.Stage == FindingStage.Registration).Select(f => f.EcsMessage!).ToArray();
        Assert.Equal(
            [
                "Fargate requires task definition to have execution role ARN to support ECR images.",
                "Fargate requires task definition to have execution role ARN to support log driver awslogs.",
                "When you are specifying container secrets, you must also specify a value for 'executionRoleArn'.",
            ], registration);
        Assert.Null(plan.Assumption);
    }

    [Fact]
    public void Ec2_without_execution_role_finds_the_agent_texts()
    {
        var json = """
            {"containerDefinitions": [{"name": "a", "image": "busybox",
              "logConfiguration": {"logDriver": "splunk", "secretOptions": [{"name": "t", "valueFrom": "t"}]},
              "environmentFiles": [{"value": "arn:aws:s3:::b/k.env", "type": "s3"}]}]}
            """;
        var plan = PlanOf(json, Ec2());
        Assert.Equal(
            ["ssm secret resource: unable to find execution role credentials", "environment file resource: unable to find execution role credentials"],
            plan.Findings.Where(f => f.Code == "ExecutionRoleMissing").Select(f => f.EcsMessage!));
    }

    [Fact]
    public void Run_task_override_role_replaces_the_definition_role()
    {
        var plan = PlanOf(Definition(), Fargate() with { ExecutionRoleArn = "arn:aws:iam::111122223333:role/path/other" });
        Assert.Equal("arn:aws:sts::111122223333:assumed-role/other/" + TaskId, plan.Assumption!.SessionArn);
        Assert.Null(plan.Assumption.JsonPath);
        Assert.All(plan.Calls.Where(c => c.Principal == CallPrincipal.ExecutionRole), c => Assert.Equal("arn:aws:iam::111122223333:role/path/other", c.PrincipalRoleArn));
    }

    [Fact]
    public void Engine_auth_is_ignored_on_fargate()
    {
        var context = Fargate() with { AgentConfiguration = new Dictionary<string, string> { ["ECS_ENGINE_AUTH_TYPE"] = "docker", ["ECS_ENGINE_AUTH_DATA"] = "{}" } };
        var finding = Assert.Single(PlanOf(Definition(), context).Findings);
        Assert.Equal("EngineAuthIgnoredOnFargate", finding.Code);
        Assert.Equal(FindingSeverity.Warning, finding.Severity);
    }

    [Fact]
    public void Fargate_launch_of_a_definition_without_fargate_compatibility()
    {
        var plan = PlanOf("""{"executionRoleArn": "arn:aws:iam::111122223333:role/r", "containerDefinitions": [{"name": "a", "image": "busybox"}]}""", Fargate());
        Assert.Equal("Task definition does not support launch_type FARGATE.", Assert.Single(plan.Findings).EcsMessage);
    }

    [Fact]
    public void Plans_are_deterministic()
    {
        var json = Definition("""
            "secrets": [{"name": "A", "valueFrom": "a"}, {"name": "B", "valueFrom": "arn:aws:secretsmanager:us-east-1:111122223333:secret:b-AbCdEf"}]
            """);
        Assert.Equal(PlanOf(json, Fargate()).Summary(), PlanOf(json, Fargate()).Summary());
    }
}
