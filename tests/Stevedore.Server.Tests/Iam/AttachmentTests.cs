using Stevedore.Cloud.Iam;
using Stevedore.Cloud.Iam.Model;
using Stevedore.Server.Tests.Infrastructure;

namespace Stevedore.Server.Tests.Iam;

public sealed class AttachmentTests(StevedoreFixture stevedore) : IClassFixture<StevedoreFixture>
{
    private const string Account = "000000000000";

    private const string Document = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}""";

    private const string EcsExecutionPolicy = "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy";

    private const string TrustEcsTasks =
        """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ecs-tasks.amazonaws.com"},"Action":"sts:AssumeRole"}]}""";

    private static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 13)];

    /// <summary>A role record written straight into the store (CreateRole lives on the roles branch).</summary>
    private string SeedRole(string path = "/")
    {
        var name = Unique("role");
        var role = new Role(Account, name, "AROA" + Guid.NewGuid().ToString("N")[..17].ToUpperInvariant(), path, $"arn:aws:iam::{Account}:role{path}{name}",
            DateTimeOffset.UtcNow, TrustEcsTasks, null, 3600, null, [], [], []);
        stevedore.Store.Write(tx => tx.Insert(IamStore.RoleKey(Account, name), IamStore.Write(role)));
        return name;
    }

    /// <summary>A user record written straight into the store (CreateUser lives on the users branch).</summary>
    private string SeedUser()
    {
        var name = Unique("user");
        var user = new User(Account, name, "AIDA" + Guid.NewGuid().ToString("N")[..17].ToUpperInvariant(), "/", $"arn:aws:iam::{Account}:user/{name}",
            DateTimeOffset.UtcNow, null, [], [], []);
        stevedore.Store.Write(tx => tx.Insert(IamStore.UserKey(Account, name), IamStore.Write(user)));
        return name;
    }

    private string CreatePolicy(string? name = null) =>
        stevedore.Aws("iam", "create-policy", "--policy-name", name ?? Unique("policy"), "--policy-document", Document)
            .Succeeded().Json["Policy"]!["Arn"]!.GetValue<string>();

    [Fact]
    public void The_ecs_execution_policy_attaches_to_a_role_and_counts_for_this_account_only()
    {
        var role = SeedRole("/ecs/");

        stevedore.Aws("iam", "attach-role-policy", "--role-name", role, "--policy-arn", EcsExecutionPolicy).Succeeded();
        stevedore.Aws("iam", "attach-role-policy", "--role-name", role, "--policy-arn", EcsExecutionPolicy).Succeeded();

        var attached = stevedore.Aws("iam", "list-attached-role-policies", "--role-name", role).Succeeded().Json["AttachedPolicies"]!.AsArray();
        var only = Assert.Single(attached)!;
        Assert.Equal("AmazonECSTaskExecutionRolePolicy", only["PolicyName"]!.GetValue<string>());
        Assert.Equal(EcsExecutionPolicy, only["PolicyArn"]!.GetValue<string>());

        Assert.True(stevedore.Aws("iam", "get-policy", "--policy-arn", EcsExecutionPolicy).Succeeded().Json["Policy"]!["AttachmentCount"]!.GetValue<int>() >= 1);
        Assert.Equal(0, stevedore.Aws(Credentials.OtherRoot, "iam", "get-policy", "--policy-arn", EcsExecutionPolicy)
            .Succeeded().Json["Policy"]!["AttachmentCount"]!.GetValue<int>());

        var entities = stevedore.Aws("iam", "list-entities-for-policy", "--policy-arn", EcsExecutionPolicy, "--entity-filter", "Role").Succeeded().Json;
        Assert.Contains(role, entities["PolicyRoles"]!.AsArray().Select(r => r!["RoleName"]!.GetValue<string>()));

        stevedore.Aws("iam", "detach-role-policy", "--role-name", role, "--policy-arn", EcsExecutionPolicy).Succeeded();
        Assert.Empty(stevedore.Aws("iam", "list-attached-role-policies", "--role-name", role).Succeeded().Json["AttachedPolicies"]!.AsArray());
    }

    [Fact]
    public void An_attached_customer_policy_cannot_be_deleted_until_detached()
    {
        var role = SeedRole();
        var arn = CreatePolicy();
        stevedore.Aws("iam", "attach-role-policy", "--role-name", role, "--policy-arn", arn).Succeeded();

        var policy = stevedore.Aws("iam", "get-policy", "--policy-arn", arn).Succeeded().Json["Policy"]!;
        Assert.Equal(1, policy["AttachmentCount"]!.GetValue<int>());
        var onlyAttached = stevedore.Aws("iam", "list-policies", "--scope", "Local", "--only-attached").Succeeded().Json["Policies"]!.AsArray();
        Assert.Contains(arn, onlyAttached.Select(p => p!["Arn"]!.GetValue<string>()));

        var refused = stevedore.Aws("iam", "delete-policy", "--policy-arn", arn).FailedWith("DeleteConflict");
        Assert.Contains("Cannot delete a policy attached to entities.", refused.Stderr, StringComparison.Ordinal);

        stevedore.Aws("iam", "detach-role-policy", "--role-name", role, "--policy-arn", arn).Succeeded();
        stevedore.Aws("iam", "delete-policy", "--policy-arn", arn).Succeeded();
    }

    [Fact]
    public void Attaching_needs_an_existing_role_and_an_attachable_policy()
    {
        var role = SeedRole();
        var missingRole = stevedore.Aws("iam", "attach-role-policy", "--role-name", Unique("nobody"), "--policy-arn", EcsExecutionPolicy).FailedWith("NoSuchEntity");
        Assert.Contains("cannot be found.", missingRole.Stderr, StringComparison.Ordinal);

        var missingPolicy = $"arn:aws:iam::{Account}:policy/{Unique("absent")}";
        var notAttachable = stevedore.Aws("iam", "attach-role-policy", "--role-name", role, "--policy-arn", missingPolicy).FailedWith("NoSuchEntity");
        Assert.Contains($"Policy {missingPolicy} does not exist or is not attachable.", notAttachable.Stderr, StringComparison.Ordinal);

        var invalid = stevedore.Aws("iam", "attach-role-policy", "--role-name", role, "--policy-arn", "arn:aws:iam::aws:notapolicy").FailedWith("ValidationError");
        Assert.Contains("ARN arn:aws:iam::aws:notapolicy is not valid.", invalid.Stderr, StringComparison.Ordinal);

        var notAttached = stevedore.Aws("iam", "detach-role-policy", "--role-name", role, "--policy-arn", EcsExecutionPolicy).FailedWith("NoSuchEntity");
        Assert.Contains($"Policy {EcsExecutionPolicy} was not found.", notAttached.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void A_role_holds_at_most_ten_managed_policies()
    {
        var role = SeedRole();
        var arns = Enumerable.Range(0, 11).Select(_ => CreatePolicy()).ToList();

        var result = stevedore.Python($$"""
            import boto3, json
            iam = boto3.client("iam")
            arns = {{System.Text.Json.JsonSerializer.Serialize(arns)}}
            for arn in arns[:10]:
                iam.attach_role_policy(RoleName="{{role}}", PolicyArn=arn)
            try:
                iam.attach_role_policy(RoleName="{{role}}", PolicyArn=arns[10])
                print(json.dumps({"code": None}))
            except iam.exceptions.LimitExceededException as e:
                first = iam.list_attached_role_policies(RoleName="{{role}}", MaxItems=4)
                print(json.dumps({"code": e.response["Error"]["Code"], "message": e.response["Error"]["Message"],
                                  "page": len(first["AttachedPolicies"]), "truncated": first["IsTruncated"],
                                  "all": sum(len(p["AttachedPolicies"]) for p in iam.get_paginator("list_attached_role_policies").paginate(RoleName="{{role}}"))}))
            """).Succeeded().Json;

        Assert.Equal("LimitExceeded", result["code"]!.GetValue<string>());
        Assert.Equal("Cannot exceed quota for PoliciesPerRole: 10", result["message"]!.GetValue<string>());
        Assert.Equal(4, result["page"]!.GetValue<int>());
        Assert.True(result["truncated"]!.GetValue<bool>());
        Assert.Equal(10, result["all"]!.GetValue<int>());
    }

    [Fact]
    public void Users_get_managed_policies_too()
    {
        var user = SeedUser();
        var arn = CreatePolicy();

        stevedore.Aws("iam", "attach-user-policy", "--user-name", user, "--policy-arn", arn).Succeeded();

        var attached = stevedore.Aws("iam", "list-attached-user-policies", "--user-name", user).Succeeded().Json["AttachedPolicies"]!.AsArray();
        Assert.Equal(arn, Assert.Single(attached)!["PolicyArn"]!.GetValue<string>());
        var entities = stevedore.Aws("iam", "list-entities-for-policy", "--policy-arn", arn).Succeeded().Json;
        Assert.Equal(user, Assert.Single(entities["PolicyUsers"]!.AsArray())!["UserName"]!.GetValue<string>());
        Assert.Empty(entities["PolicyRoles"]!.AsArray());

        stevedore.Aws("iam", "detach-user-policy", "--user-name", user, "--policy-arn", arn).Succeeded();
        stevedore.Aws("iam", "attach-user-policy", "--user-name", Unique("nobody"), "--policy-arn", arn).FailedWith("NoSuchEntity");
    }

    [Fact]
    public void The_seed_documents_execution_role_gets_the_ecs_policy_through_the_cli()
    {
        var role = Unique("ecsTaskExecutionRole");
        stevedore.Aws("iam", "create-role", "--role-name", role, "--assume-role-policy-document", TrustEcsTasks).Succeeded();

        stevedore.Aws("iam", "attach-role-policy", "--role-name", role, "--policy-arn", EcsExecutionPolicy).Succeeded();

        var attached = stevedore.Aws("iam", "list-attached-role-policies", "--role-name", role).Succeeded().Json["AttachedPolicies"]!.AsArray();
        Assert.Equal(EcsExecutionPolicy, Assert.Single(attached)!["PolicyArn"]!.GetValue<string>());
        stevedore.Aws("iam", "delete-role", "--role-name", role).FailedWith("DeleteConflict");
        stevedore.Aws("iam", "detach-role-policy", "--role-name", role, "--policy-arn", EcsExecutionPolicy).Succeeded();
        stevedore.Aws("iam", "delete-role", "--role-name", role).Succeeded();
    }

    [Fact]
    public void A_user_created_through_the_cli_gets_and_loses_a_managed_policy()
    {
        var user = Unique("user");
        stevedore.Aws("iam", "create-user", "--user-name", user).Succeeded();
        var arn = CreatePolicy();

        stevedore.Aws("iam", "attach-user-policy", "--user-name", user, "--policy-arn", arn).Succeeded();
        Assert.Single(stevedore.Aws("iam", "list-attached-user-policies", "--user-name", user).Succeeded().Json["AttachedPolicies"]!.AsArray());
        stevedore.Aws("iam", "delete-user", "--user-name", user).FailedWith("DeleteConflict");
        stevedore.Aws("iam", "detach-user-policy", "--user-name", user, "--policy-arn", arn).Succeeded();
        stevedore.Aws("iam", "delete-user", "--user-name", user).Succeeded();
    }
}
