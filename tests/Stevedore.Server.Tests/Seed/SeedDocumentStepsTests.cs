using Stevedore.Server.Tests.Infrastructure;

namespace Stevedore.Server.Tests.Seed;

/// <summary>
/// The seed document's own CLI steps ("Amazon ECS task execution IAM role", section on creating the role),
/// run verbatim with the real AWS CLI, then read back as AWS returns them.
/// </summary>
public sealed class SeedDocumentStepsTests(StevedoreFixture stevedore) : IClassFixture<StevedoreFixture>
{
    // Exactly the file the seed document asks for, empty Sid included.
    private const string TrustPolicy =
        """{ "Version": "2012-10-17", "Statement": [ { "Sid": "", "Effect": "Allow", "Principal": { "Service": "ecs-tasks.amazonaws.com" }, "Action": "sts:AssumeRole" } ] }""";

    private const string ManagedPolicyArn = "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy";

    [Fact]
    public void Create_the_execution_role_and_attach_the_managed_policy_as_the_seed_shows()
    {
        var directory = Directory.CreateTempSubdirectory("seed-");
        var file = Path.Combine(directory.FullName, "ecs-tasks-trust-policy.json");
        File.WriteAllText(file, TrustPolicy);

        var created = stevedore.Aws("iam", "create-role", "--role-name", "ecsTaskExecutionRole",
            "--assume-role-policy-document", $"file://{file}").Succeeded().Json["Role"]!;
        stevedore.Aws("iam", "attach-role-policy", "--role-name", "ecsTaskExecutionRole", "--policy-arn", ManagedPolicyArn).Succeeded();

        Assert.Equal("arn:aws:iam::000000000000:role/ecsTaskExecutionRole", created["Arn"]!.GetValue<string>());
        Assert.StartsWith("AROA", created["RoleId"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(21, created["RoleId"]!.GetValue<string>().Length);

        var role = stevedore.Aws("iam", "get-role", "--role-name", "ecsTaskExecutionRole").Succeeded().Json["Role"]!;
        Assert.Equal("/", role["Path"]!.GetValue<string>());
        Assert.Equal(3600, role["MaxSessionDuration"]!.GetValue<int>());
        var trust = role["AssumeRolePolicyDocument"]!;
        Assert.Equal("ecs-tasks.amazonaws.com", trust["Statement"]![0]!["Principal"]!["Service"]!.GetValue<string>());

        var attached = stevedore.Aws("iam", "list-attached-role-policies", "--role-name", "ecsTaskExecutionRole").Succeeded().Json;
        var only = Assert.Single(attached["AttachedPolicies"]!.AsArray());
        Assert.Equal("AmazonECSTaskExecutionRolePolicy", only!["PolicyName"]!.GetValue<string>());
        Assert.Equal(ManagedPolicyArn, only["PolicyArn"]!.GetValue<string>());

        var policy = stevedore.Aws("iam", "get-policy", "--policy-arn", ManagedPolicyArn).Succeeded().Json["Policy"]!;
        Assert.Equal("/service-role/", policy["Path"]!.GetValue<string>());
        var version = policy["DefaultVersionId"]!.GetValue<string>();

        var document = stevedore.Aws("iam", "get-policy-version", "--policy-arn", ManagedPolicyArn, "--version-id", version)
            .Succeeded().Json["PolicyVersion"]!["Document"]!;
        var actions = document["Statement"]![0]!["Action"]!.AsArray().Select(a => a!.GetValue<string>()).ToList();
        Assert.Equal(["ecr:GetAuthorizationToken", "ecr:BatchCheckLayerAvailability", "ecr:GetDownloadUrlForLayer", "ecr:BatchGetImage", "logs:CreateLogStream", "logs:PutLogEvents"], actions);
    }
}
