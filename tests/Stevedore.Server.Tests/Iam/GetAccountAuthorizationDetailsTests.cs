using Stevedore.Server.Tests.Infrastructure;

namespace Stevedore.Server.Tests.Iam;

public sealed class GetAccountAuthorizationDetailsTests(StevedoreFixture stevedore) : IClassFixture<StevedoreFixture>
{
    private const string Trust = """{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "ecs-tasks.amazonaws.com"}, "Action": "sts:AssumeRole"}]}""";

    [Fact]
    public void An_account_without_customer_policies_answers_empty_lists()
    {
        var output = stevedore.Aws(Credentials.OtherRoot, "iam", "get-account-authorization-details", "--filter", "LocalManagedPolicy").Succeeded().Json;

        Assert.Empty(output["RoleDetailList"]!.AsArray());
        Assert.Empty(output["UserDetailList"]!.AsArray());
        Assert.Empty(output["Policies"]!.AsArray());
    }

    [Fact]
    public void A_role_is_found_with_its_trust_policy_and_attached_policies()
    {
        stevedore.Aws("iam", "create-role", "--role-name", "ecsTaskExecutionRole", "--assume-role-policy-document", Trust,
            "--tags", "Key=team,Value=platform").Succeeded();
        stevedore.Aws("iam", "attach-role-policy", "--role-name", "ecsTaskExecutionRole",
            "--policy-arn", "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy").Succeeded();

        var output = stevedore.Aws("iam", "get-account-authorization-details", "--filter", "Role", "AWSManagedPolicy").Succeeded().Json;

        var role = output["RoleDetailList"]!.AsArray().Single(r => r!["RoleName"]!.GetValue<string>() == "ecsTaskExecutionRole")!;
        Assert.Equal("ecs-tasks.amazonaws.com",
            role["AssumeRolePolicyDocument"]!["Statement"]![0]!["Principal"]!["Service"]!.GetValue<string>());
        Assert.Equal("AmazonECSTaskExecutionRolePolicy", Assert.Single(role["AttachedManagedPolicies"]!.AsArray())!["PolicyName"]!.GetValue<string>());
        Assert.Equal("platform", Assert.Single(role["Tags"]!.AsArray())!["Value"]!.GetValue<string>());
        var policy = output["Policies"]!.AsArray().Single(p => p!["PolicyName"]!.GetValue<string>() == "AmazonECSTaskExecutionRolePolicy")!;
        Assert.Equal(1, policy["AttachmentCount"]!.GetValue<int>());
        Assert.NotEmpty(policy["PolicyVersionList"]!.AsArray());
        Assert.Empty(output["UserDetailList"]!.AsArray());
    }

    [Fact]
    public void Pages_with_MaxItems_and_Marker()
    {
        foreach (var name in new[] { "details-page-a", "details-page-b", "details-page-c" })
        {
            stevedore.Aws(Credentials.OtherRoot, "iam", "create-role", "--role-name", name, "--assume-role-policy-document", Trust).Succeeded();
        }

        var output = stevedore.Python("""
            import boto3, json
            iam = boto3.client("iam")
            first = iam.get_account_authorization_details(Filter=["Role"], MaxItems=2)
            rest = iam.get_account_authorization_details(Filter=["Role"], MaxItems=2, Marker=first["Marker"])
            print(json.dumps([[r["RoleName"] for r in first["RoleDetailList"]], first["IsTruncated"],
                              [r["RoleName"] for r in rest["RoleDetailList"]], rest["IsTruncated"]]))
            """, Credentials.OtherRoot).Succeeded().Json;

        Assert.Equal("""[["details-page-a","details-page-b"],true,["details-page-c"],false]""", output.ToJsonString());
    }
}
