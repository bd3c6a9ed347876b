using System.Text.Json.Nodes;
using Stevedore.Server.Tests.Infrastructure;

namespace Stevedore.Server.Tests.Iam;

public sealed class SimulatePrincipalPolicyTests(StevedoreFixture stevedore) : IClassFixture<StevedoreFixture>
{
    private const string Trust = """{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "ecs-tasks.amazonaws.com"}, "Action": "sts:AssumeRole"}]}""";

    private const string DenyObjects = """
        {
          "Version": "2012-10-17",
          "Statement": [
            {
              "Effect": "Deny",
              "Action": "s3:GetObject",
              "Resource": "*"
            }
          ]
        }
        """;

    private static JsonNode Result(JsonNode output, string action) =>
        output["EvaluationResults"]!.AsArray().Single(r => r!["EvalActionName"]!.GetValue<string>() == action)!;

    [Fact]
    public void A_missing_source_is_NoSuchEntity()
    {
        stevedore.Aws("iam", "simulate-principal-policy", "--policy-source-arn", "arn:aws:iam::000000000000:role/no-such-role",
            "--action-names", "s3:GetObject").FailedWith("NoSuchEntity");
        stevedore.Aws("iam", "simulate-principal-policy", "--policy-source-arn", "arn:aws:iam::000000000000:user/no-such-user",
            "--action-names", "s3:GetObject").FailedWith("NoSuchEntity");
    }

    [Fact]
    public void A_role_is_simulated_with_its_attached_and_inline_policies_and_the_extra_inputs()
    {
        stevedore.Aws("iam", "create-role", "--role-name", "sim-task-exec", "--assume-role-policy-document", Trust).Succeeded();
        stevedore.Aws("iam", "attach-role-policy", "--role-name", "sim-task-exec",
            "--policy-arn", "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy").Succeeded();
        stevedore.Aws("iam", "put-role-policy", "--role-name", "sim-task-exec", "--policy-name", "no-objects",
            "--policy-document", DenyObjects).Succeeded();

        var output = stevedore.Aws("iam", "simulate-principal-policy", "--policy-source-arn", "arn:aws:iam::000000000000:role/sim-task-exec",
            "--action-names", "ecr:GetAuthorizationToken", "s3:GetObject", "sqs:SendMessage").Succeeded().Json;

        var ecr = Result(output, "ecr:GetAuthorizationToken");
        Assert.Equal("allowed", ecr["EvalDecision"]!.GetValue<string>());
        var grant = Assert.Single(ecr["MatchedStatements"]!.AsArray())!;
        Assert.Equal("AmazonECSTaskExecutionRolePolicy", grant["SourcePolicyId"]!.GetValue<string>());
        Assert.Equal("IAM Policy", grant["SourcePolicyType"]!.GetValue<string>());

        var s3 = Result(output, "s3:GetObject");
        Assert.Equal("explicitDeny", s3["EvalDecision"]!.GetValue<string>());
        var deny = Assert.Single(s3["MatchedStatements"]!.AsArray())!;
        Assert.Equal("no-objects", deny["SourcePolicyId"]!.GetValue<string>());
        Assert.Equal(3, deny["StartPosition"]!["Line"]!.GetValue<int>());
        Assert.Equal(17, deny["StartPosition"]!["Column"]!.GetValue<int>());

        Assert.Equal("implicitDeny", Result(output, "sqs:SendMessage")["EvalDecision"]!.GetValue<string>());

        var extra = stevedore.Aws("iam", "simulate-principal-policy", "--policy-source-arn", "arn:aws:iam::000000000000:role/sim-task-exec",
            "--policy-input-list", """{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sqs:*", "Resource": "*"}]}""",
            "--action-names", "sqs:SendMessage").Succeeded().Json;
        var sqs = Result(extra, "sqs:SendMessage");
        Assert.Equal("allowed", sqs["EvalDecision"]!.GetValue<string>());
        Assert.Equal("PolicyInputList.1", Assert.Single(sqs["MatchedStatements"]!.AsArray())!["SourcePolicyId"]!.GetValue<string>());
    }

    [Fact]
    public void A_role_boundary_applies_as_in_enforcement()
    {
        stevedore.Aws("iam", "create-role", "--role-name", "sim-bounded", "--assume-role-policy-document", Trust,
            "--permissions-boundary", "arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly").Succeeded();
        stevedore.Aws("iam", "attach-role-policy", "--role-name", "sim-bounded",
            "--policy-arn", "arn:aws:iam::aws:policy/AdministratorAccess").Succeeded();

        var output = stevedore.Aws("iam", "simulate-principal-policy", "--policy-source-arn", "arn:aws:iam::000000000000:role/sim-bounded",
            "--action-names", "ecr:GetAuthorizationToken", "s3:GetObject").Succeeded().Json;

        var ecr = Result(output, "ecr:GetAuthorizationToken");
        Assert.Equal("allowed", ecr["EvalDecision"]!.GetValue<string>());
        Assert.True(ecr["PermissionsBoundaryDecisionDetail"]!["AllowedByPermissionsBoundary"]!.GetValue<bool>());
        var s3 = Result(output, "s3:GetObject");
        Assert.Equal("implicitDeny", s3["EvalDecision"]!.GetValue<string>());
        Assert.False(s3["PermissionsBoundaryDecisionDetail"]!["AllowedByPermissionsBoundary"]!.GetValue<bool>());
    }

    [Fact]
    public void A_role_source_with_a_resource_policy_needs_a_CallerArn()
    {
        stevedore.Aws("iam", "create-role", "--role-name", "sim-no-caller", "--assume-role-policy-document", Trust).Succeeded();

        stevedore.Aws("iam", "simulate-principal-policy", "--policy-source-arn", "arn:aws:iam::000000000000:role/sim-no-caller",
            "--resource-policy", """{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "s3:*", "Resource": "*"}]}""",
            "--action-names", "s3:GetObject").FailedWith("InvalidInput");
    }

    [Fact]
    public void A_user_source_is_the_default_caller_for_a_resource_policy()
    {
        stevedore.Aws("iam", "create-user", "--user-name", "sim-alice").Succeeded();
        stevedore.Aws("iam", "put-user-policy", "--user-name", "sim-alice", "--policy-name", "read",
            "--policy-document", """{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sqs:*", "Resource": "*"}]}""").Succeeded();

        var output = stevedore.Aws("iam", "simulate-principal-policy", "--policy-source-arn", "arn:aws:iam::000000000000:user/sim-alice",
            "--resource-policy", """{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::000000000000:user/sim-alice"}, "Action": "s3:GetObject", "Resource": "*"}]}""",
            "--action-names", "s3:GetObject", "sqs:SendMessage").Succeeded().Json;

        Assert.Equal("allowed", Result(output, "s3:GetObject")["EvalDecision"]!.GetValue<string>());
        var sqs = Result(output, "sqs:SendMessage");
        Assert.Equal("allowed", sqs["EvalDecision"]!.GetValue<string>());
        Assert.Equal("read", Assert.Single(sqs["MatchedStatements"]!.AsArray())!["SourcePolicyId"]!.GetValue<string>());
    }
}
